//! File names the app makes from text it does not control (a checklist's title, a mail's subject,
//! the name a website suggests for a download): one set of rules, valid on Windows, macOS and
//! Linux alike, so that a name that works on the developer's Linux machine works on the
//! applicant's Windows PC too.
//!
//! Windows is the strictest: it refuses `\ / : * ? " < > |` and control characters, silently drops
//! trailing dots and spaces (so the file written is not the file asked for), and reserves the
//! device names `CON`, `PRN`, `AUX`, `NUL`, `COM1`–`COM9`, `LPT1`–`LPT9`, with any extension.
//! Linux file systems allow 255 *bytes* per name, which is only 85 Chinese characters in UTF-8.

use std::path::{Path, PathBuf};

/// At most this many UTF-8 bytes per name (ext4's limit is 255; the rest leaves room for " (2)").
pub const MAX_NAME_BYTES: usize = 200;

/// `raw` turned into a file name that every supported system accepts, keeping Chinese and other
/// non-ASCII characters as they are. Characters no system accepts become `_`; leading dots (hidden
/// files on Unix) and trailing dots and spaces go; a Windows device name gets a `_` in front; an
/// over-long name is shortened before its extension. `fallback` is used when nothing is left.
pub fn safe_file_name(raw: &str, fallback: &str) -> String {
    let replaced: String =
        raw.chars()
            .map(|c| {
                if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                    '_'
                } else {
                    c
                }
            })
            .collect();
    let trimmed = replaced.trim().trim_start_matches('.').trim_end_matches(['.', ' ']).trim();
    if trimmed.is_empty() || trimmed.chars().all(|c| c == '_') {
        return fallback.to_owned();
    }
    let name = shorten(trimmed, MAX_NAME_BYTES);
    if is_windows_device_name(&name) {
        format!("_{name}")
    } else {
        name
    }
}

/// The name of a download: the name the site suggested, else the last part of the address
/// (percent-decoded, so `%E8%AF%81%E4%B9%A6.pdf` becomes `证书.pdf`), made safe.
pub fn download_name(suggested: &str, url_last_segment: &str, fallback: &str) -> String {
    let raw = if suggested.trim().is_empty() { percent_decode(url_last_segment) } else { suggested.to_owned() };
    safe_file_name(&raw, fallback)
}

/// `dir/name`, or `dir/stem (2).ext`, `(3)` … : the first that does not exist yet, so nothing the
/// applicant already has is replaced.
pub fn free_path(dir: &Path, name: &str) -> PathBuf {
    let (stem, ext) = split_extension(name);
    (1..1000)
        .map(|n| if n == 1 { dir.join(name) } else { dir.join(format!("{stem} ({n}){ext}")) })
        .find(|p| !p.exists())
        .unwrap_or_else(|| dir.join(format!("{stem} ({}){ext}", std::process::id())))
}

/// `("report", ".pdf")` from `report.pdf`; a leading dot is not an extension.
fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 && name.len() - i <= 10 => (&name[..i], &name[i..]),
        _ => (name, ""),
    }
}

/// Shortens `name` to at most `max` UTF-8 bytes on a character boundary, keeping its extension.
fn shorten(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_owned();
    }
    let (stem, ext) = split_extension(name);
    let budget = max.saturating_sub(ext.len());
    let mut cut = budget.min(stem.len());
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{ext}", stem[..cut].trim_end_matches(['.', ' ']))
}

/// Windows' reserved device names, with or without an extension (`NUL.txt` is the device too).
fn is_windows_device_name(name: &str) -> bool {
    let base = name.split('.').next().unwrap_or(name).trim_end().to_ascii_uppercase();
    matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((base.starts_with("COM") || base.starts_with("LPT"))
            && base.len() == 4
            && base.as_bytes()[3].is_ascii_digit()
            && base.as_bytes()[3] != b'0')
}

/// `%XX` escapes decoded as UTF-8; anything malformed is kept as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_windows_refuses_are_replaced_and_chinese_kept() {
        assert_eq!(safe_file_name("申请助手-执业药师注册:清单?.pdf", "x"), "申请助手-执业药师注册_清单_.pdf");
        assert_eq!(safe_file_name("a/b\\c*d\"e<f>g|h\u{7}i", "x"), "a_b_c_d_e_f_g_h_i");
        assert_eq!(safe_file_name("（李华）申请修改手机（邮箱）信息", "x"), "（李华）申请修改手机（邮箱）信息");
    }

    #[test]
    fn dots_spaces_and_empty_names() {
        assert_eq!(safe_file_name("  ..隐藏.pdf. . ", "x"), "隐藏.pdf");
        assert_eq!(safe_file_name("...", "mail"), "mail");
        assert_eq!(safe_file_name("???", "download.bin"), "download.bin");
        assert_eq!(safe_file_name("", "mail"), "mail");
    }

    #[test]
    fn windows_device_names_are_not_devices() {
        for name in ["CON", "con.pdf", "Nul.txt", "COM1", "lpt9.eml", "AUX"] {
            assert_eq!(safe_file_name(name, "x"), format!("_{name}"), "{name}");
        }
        for name in ["CONSOLE.pdf", "COM0", "COM10", "LPT", "证书CON.pdf"] {
            assert_eq!(safe_file_name(name, "x"), name, "{name}");
        }
    }

    #[test]
    fn long_chinese_names_fit_linux_and_keep_their_extension() {
        let long = format!("{}.pdf", "执业药师注册".repeat(40));
        let name = safe_file_name(&long, "x");
        assert!(name.len() <= MAX_NAME_BYTES, "{} bytes", name.len());
        assert!(name.ends_with("册.pdf") || name.ends_with(".pdf"));
        assert!(name.starts_with("执业药师注册"));
    }

    #[test]
    fn downloads_take_the_suggested_name_or_the_decoded_address() {
        assert_eq!(download_name("电子证书.pdf", "ignored.pdf", "d.bin"), "电子证书.pdf");
        assert_eq!(download_name("", "%E7%94%B5%E5%AD%90%E8%AF%81%E4%B9%A6.pdf", "d.bin"), "电子证书.pdf");
        assert_eq!(download_name("", "a%2Fb%3F.pdf", "d.bin"), "a_b_.pdf");
        assert_eq!(download_name("", "100%.pdf", "d.bin"), "100%.pdf");
        assert_eq!(download_name("", "%FF%FE.pdf", "d.bin"), "%FF%FE.pdf");
        assert_eq!(download_name(" ", "", "d.bin"), "d.bin");
    }

    #[test]
    fn free_path_never_replaces_an_existing_file() {
        let dir = std::env::temp_dir().join(format!("aa-free-path-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        assert_eq!(free_path(&dir, "清单.pdf"), dir.join("清单.pdf"));
        std::fs::write(dir.join("清单.pdf"), b"1").expect("write");
        assert_eq!(free_path(&dir, "清单.pdf"), dir.join("清单 (2).pdf"));
        std::fs::write(dir.join("清单 (2).pdf"), b"2").expect("write");
        assert_eq!(free_path(&dir, "清单.pdf"), dir.join("清单 (3).pdf"));
        assert_eq!(free_path(&dir, "mail"), dir.join("mail"));
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }
}
