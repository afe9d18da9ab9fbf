//! Just enough ZIP to tell an OFD package: the names in the central directory. OFD (GB/T 33190)
//! is a ZIP whose root holds `OFD.xml`; nothing is decompressed, so no ZIP library is needed.

/// Local file header signature `PK\x03\x04`, and the one an empty archive starts with.
pub(super) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(usize::from(u16::from_le_bytes([s[0], s[1]])))
}

fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    let s = b.get(at..at.checked_add(4)?)?;
    usize::try_from(u32::from_le_bytes([s[0], s[1], s[2], s[3]])).ok()
}

/// The entry names of a ZIP archive, from its central directory; `None` when the directory is
/// missing or runs past the end of the file (a cut-off download).
pub(super) fn entry_names(bytes: &[u8]) -> Option<Vec<String>> {
    // The end-of-central-directory record is 22 bytes plus a comment of at most 65535.
    let earliest = bytes.len().saturating_sub(22 + 65535);
    let eocd = (earliest..=bytes.len().checked_sub(22)?).rev().find(|&i| bytes.get(i..i + 4) == Some(b"PK\x05\x06"))?;
    let count = u16_at(bytes, eocd + 10)?;
    let mut at = u32_at(bytes, eocd + 16)?;
    let mut names = Vec::with_capacity(count);
    for _ in 0..count {
        if bytes.get(at..at.checked_add(4)?)? != b"PK\x01\x02" {
            return None;
        }
        let name_len = u16_at(bytes, at + 28)?;
        let extra_len = u16_at(bytes, at + 30)?;
        let comment_len = u16_at(bytes, at + 32)?;
        let name = bytes.get(at + 46..at + 46 + name_len)?;
        names.push(String::from_utf8_lossy(name).into_owned());
        at = at + 46 + name_len + extra_len + comment_len;
    }
    Some(names)
}
