//! The pack file: a gzip-compressed tar of text files under `data/` and `guides/`, the same
//! paths as the bundled content. Written deterministically (sorted, no times or owners), read
//! with hard limits while reading, so a hostile or broken download cannot exhaust memory or
//! write anywhere.

use std::collections::BTreeMap;
use std::io::Read;

use super::PackError;

/// Largest pack file accepted (compressed). Today's content is ~0.1 MB compressed.
pub const MAX_PACK_BYTES: usize = 8 * 1024 * 1024;
/// Largest total of the unpacked files.
pub const MAX_UNPACKED_BYTES: u64 = 32 * 1024 * 1024;
/// Largest single file.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
pub const MAX_FILES: usize = 2000;
/// The folders a pack may contain.
pub const ROOTS: [&str; 2] = ["data", "guides"];

/// A path inside a pack: relative, `/`-separated, under one of [`ROOTS`], plain names only.
pub fn valid_path(path: &str) -> bool {
    let mut parts = path.split('/');
    let root_ok = parts.next().is_some_and(|r| ROOTS.contains(&r));
    let rest: Vec<&str> = parts.collect();
    root_ok
        && !rest.is_empty()
        && rest.iter().all(|p| {
            !p.is_empty()
                && *p != "."
                && *p != ".."
                && !p.starts_with('.')
                && p.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        })
}

/// Builds a pack from `(path, text)` pairs. Deterministic: the same files give the same bytes.
pub fn write(files: &BTreeMap<String, String>) -> Result<Vec<u8>, PackError> {
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let mut tar = tar::Builder::new(gz);
    tar.mode(tar::HeaderMode::Deterministic);
    for (path, text) in files {
        if !valid_path(path) {
            return Err(PackError::BadPath(path.clone()));
        }
        let mut header = tar::Header::new_ustar();
        header.set_size(text.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_mtime(0);
        tar.append_data(&mut header, path, text.as_bytes()).map_err(|e| PackError::Archive(e.to_string()))?;
    }
    let gz = tar.into_inner().map_err(|e| PackError::Archive(e.to_string()))?;
    gz.finish().map_err(|e| PackError::Archive(e.to_string()))
}

/// Reads a pack's files. Refuses links, devices, odd paths, duplicates, non-UTF-8 text and
/// anything over the limits, counting bytes as they are decompressed.
pub fn read(bytes: &[u8]) -> Result<BTreeMap<String, String>, PackError> {
    if bytes.len() > MAX_PACK_BYTES {
        return Err(PackError::TooLarge { bytes: bytes.len() as u64, limit: MAX_PACK_BYTES as u64 });
    }
    let gz = flate2::read::GzDecoder::new(bytes);
    // The whole archive stream is capped, so a gzip bomb stops at the limit (+ tar headers).
    let capped = gz.take(MAX_UNPACKED_BYTES + (MAX_FILES as u64 + 2) * 1024);
    let mut archive = tar::Archive::new(capped);
    let mut files = BTreeMap::new();
    let mut total: u64 = 0;
    let entries = archive.entries().map_err(|e| PackError::Archive(e.to_string()))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| PackError::Archive(e.to_string()))?;
        let kind = entry.header().entry_type();
        let path = entry.path().map_err(|e| PackError::Archive(e.to_string()))?.to_string_lossy().into_owned();
        if kind.is_dir() {
            continue;
        }
        if !kind.is_file() {
            return Err(PackError::NotAFile(path));
        }
        if !valid_path(&path) {
            return Err(PackError::BadPath(path));
        }
        let size = entry.header().size().map_err(|e| PackError::Archive(e.to_string()))?;
        if size > MAX_FILE_BYTES {
            return Err(PackError::TooLarge { bytes: size, limit: MAX_FILE_BYTES });
        }
        total += size;
        if total > MAX_UNPACKED_BYTES {
            return Err(PackError::TooLarge { bytes: total, limit: MAX_UNPACKED_BYTES });
        }
        if files.len() >= MAX_FILES {
            return Err(PackError::TooManyFiles(MAX_FILES));
        }
        let mut buf = Vec::with_capacity(size as usize);
        (&mut entry).take(MAX_FILE_BYTES + 1).read_to_end(&mut buf).map_err(|e| PackError::Archive(e.to_string()))?;
        if buf.len() as u64 != size {
            return Err(PackError::Archive(format!("{path}: the archive is cut short")));
        }
        let text = String::from_utf8(buf).map_err(|_| PackError::NotText(path.clone()))?;
        if files.insert(path.clone(), text).is_some() {
            return Err(PackError::Duplicate(path));
        }
    }
    if files.is_empty() {
        return Err(PackError::Archive("the pack holds no files".into()));
    }
    // Read to the end so gzip checks its length and CRC: tar stops at its end marker, and a
    // pack cut inside the gzip trailer would otherwise pass.
    std::io::copy(&mut archive.into_inner(), &mut std::io::sink()).map_err(|e| PackError::Archive(e.to_string()))?;
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> BTreeMap<String, String> {
        BTreeMap::from([
            ("data/content.toml".to_owned(), "version = 2\n".to_owned()),
            ("guides/nmpa.toml".to_owned(), "# 指南\n".to_owned()),
        ])
    }

    #[test]
    fn round_trips_and_is_deterministic() {
        let a = write(&sample()).expect("write");
        let b = write(&sample()).expect("write again");
        assert_eq!(a, b, "the same files must give the same pack bytes");
        assert_eq!(read(&a).expect("read"), sample());
    }

    #[test]
    fn paths_stay_inside_the_content_folders() {
        for good in ["data/topics.toml", "guides/jszg.toml", "data/holiday-cn/2027.json", "data/holiday-cn/LICENSE"] {
            assert!(valid_path(good), "{good}");
        }
        for bad in [
            "/etc/passwd",
            "../data/x",
            "data/../../x",
            "data/./x",
            "data",
            "data/",
            "src/lib.rs",
            "data/.hidden",
            "data//x",
            "data\\x",
            "data/指南.toml",
        ] {
            assert!(!valid_path(bad), "{bad}");
        }
    }

    /// A tar with one entry written by hand (the builder refuses bad paths itself).
    fn raw_tar(path: &str, kind: tar::EntryType, body: &[u8]) -> Vec<u8> {
        let mut header = tar::Header::new_gnu();
        header.set_size(body.len() as u64);
        header.set_entry_type(kind);
        header.set_mode(0o644);
        {
            let name = &mut header.as_old_mut().name;
            name[..path.len()].copy_from_slice(path.as_bytes());
        }
        header.set_cksum();
        let mut tar_bytes = header.as_bytes().to_vec();
        tar_bytes.extend_from_slice(body);
        tar_bytes.resize(tar_bytes.len().div_ceil(512) * 512 + 1024, 0);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, &tar_bytes).expect("gzip");
        gz.finish().expect("gzip")
    }

    #[test]
    fn hostile_entries_are_refused() {
        assert_eq!(read(&raw_tar("../evil", tar::EntryType::Regular, b"x")), Err(PackError::BadPath("../evil".into())));
        assert_eq!(
            read(&raw_tar("data/link", tar::EntryType::Symlink, b"")),
            Err(PackError::NotAFile("data/link".into()))
        );
        assert_eq!(read(&raw_tar("data/dev", tar::EntryType::Char, b"")), Err(PackError::NotAFile("data/dev".into())));
        assert_eq!(
            read(&raw_tar("data/bin.toml", tar::EntryType::Regular, &[0xff, 0xfe, 0x00])),
            Err(PackError::NotText("data/bin.toml".into()))
        );
    }

    #[test]
    fn garbage_and_bombs_are_refused_without_panicking() {
        assert!(matches!(read(b"not a pack at all"), Err(PackError::Archive(_))));
        assert!(matches!(read(&[]), Err(PackError::Archive(_))));
        // 40 MB of zeros in one file: stops at the file limit, never allocates it.
        let zeros = vec![0u8; 40 * 1024 * 1024];
        let bomb = raw_tar("data/zeros.toml", tar::EntryType::Regular, &zeros);
        assert!(bomb.len() < MAX_PACK_BYTES, "the bomb must be small compressed ({} bytes)", bomb.len());
        assert!(matches!(read(&bomb), Err(PackError::TooLarge { .. })));
        let big = vec![b'x'; MAX_PACK_BYTES + 1];
        assert!(matches!(read(&big), Err(PackError::TooLarge { .. })));
    }

    #[test]
    fn a_cut_short_pack_is_refused() {
        let full = write(&sample()).expect("write");
        for cut in [10, full.len() / 2, full.len() - 9] {
            assert!(read(&full[..cut]).is_err(), "cut at {cut} of {}", full.len());
        }
    }
}
