//! Reading a file someone else named (a path from the page, a dropped file, a file on a USB
//! stick): only a regular file, never a device, FIFO, socket or directory, never through a symlink
//! that leaves the directory it must stay in, and with a hard cap counted while reading
//! (`metadata().len()` is 0 for `/dev/zero`, which then reads for ever).

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Serialize;
use thiserror::Error;

use crate::lang::Text;

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LocalFileError {
    #[error("no such file")]
    NotFound,
    /// A device, FIFO, socket, directory or symlink where a file was expected.
    #[error("not a regular file")]
    NotAFile,
    #[error("the file is larger than {max_mb} MB")]
    TooLarge { max_mb: u32 },
    /// The file's real place is outside the directory it must be in.
    #[error("outside the allowed folder")]
    OutsideFolder,
    #[error("the file cannot be read")]
    Unreadable,
}

impl LocalFileError {
    pub fn message(&self) -> Text {
        match self {
            LocalFileError::NotFound => Text::new(
                "找不到这个文件。请确认它还在原处，然后重新选择。",
                "找不到這個檔案。請確認它還在原處，然後重新選擇。",
                "That file is not there any more. Check where it is, then choose it again.",
            ),
            LocalFileError::NotAFile | LocalFileError::OutsideFolder => Text::new(
                "这不是一个普通文件，不能使用。请选择证书或照片文件本身。",
                "這不是一個普通檔案，不能使用。請選擇證書或照片檔案本身。",
                "That is not an ordinary file and cannot be used. Choose the certificate or photo file itself.",
            ),
            LocalFileError::TooLarge { max_mb } => Text {
                zh_cn: format!("文件太大：最多 {max_mb} MB。请选择正确的文件。"),
                zh_tw: format!("檔案太大：最多 {max_mb} MB。請選擇正確的檔案。"),
                en: format!("The file is too large: at most {max_mb} MB. Choose the right file."),
            },
            LocalFileError::Unreadable => Text::new(
                "这个文件读不出来。请换一个文件再试。",
                "這個檔案讀不出來。請換一個檔案再試。",
                "That file cannot be read. Try another file.",
            ),
        }
    }
}

fn mb(bytes: u64) -> u32 {
    u32::try_from(bytes / (1024 * 1024)).unwrap_or(u32::MAX)
}

/// Opens `path` for reading without following a final symlink and without blocking on a FIFO.
#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    use rustix::fs::{Mode, OFlags};
    let fd =
        rustix::fs::open(path, OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC, Mode::empty())?;
    Ok(File::from(fd))
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// Reads the regular file at `path`, at most `max_bytes`. When `within` is given, the file's
/// real location (all symlinks in its folders resolved) must be inside that folder.
pub fn read_regular(path: &Path, max_bytes: u64, within: Option<&Path>) -> Result<Vec<u8>, LocalFileError> {
    let lstat = std::fs::symlink_metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => LocalFileError::NotFound,
        _ => LocalFileError::Unreadable,
    })?;
    if !lstat.file_type().is_file() {
        return Err(LocalFileError::NotAFile);
    }
    if let Some(root) = within {
        let real = std::fs::canonicalize(path).map_err(|_| LocalFileError::Unreadable)?;
        let root = std::fs::canonicalize(root).map_err(|_| LocalFileError::OutsideFolder)?;
        if !real.starts_with(&root) {
            return Err(LocalFileError::OutsideFolder);
        }
    }
    let file = open_no_follow(path).map_err(|_| LocalFileError::NotAFile)?;
    // What was opened, not what the name pointed at a moment ago.
    let meta = file.metadata().map_err(|_| LocalFileError::Unreadable)?;
    if !meta.is_file() {
        return Err(LocalFileError::NotAFile);
    }
    if meta.len() > max_bytes {
        return Err(LocalFileError::TooLarge { max_mb: mb(max_bytes) });
    }
    let mut bytes = Vec::new();
    file.take(max_bytes.saturating_add(1)).read_to_end(&mut bytes).map_err(|_| LocalFileError::Unreadable)?;
    if bytes.len() as u64 > max_bytes {
        return Err(LocalFileError::TooLarge { max_mb: mb(max_bytes) });
    }
    Ok(bytes)
}

/// What the applicant may pick on removable media.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    /// A certificate: PDF or OFD.
    Document,
    /// A photo: JPEG, PNG or WebP.
    Photo,
}

impl MediaKind {
    fn of(name: &str) -> Option<MediaKind> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "pdf" | "ofd" => Some(MediaKind::Document),
            "jpg" | "jpeg" | "png" | "webp" => Some(MediaKind::Photo),
            _ => None,
        }
    }
}

/// One file found on removable media.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaFile {
    pub path: PathBuf,
    /// Path below the medium's folder, for display (`证书/张三.pdf`).
    pub shown: String,
    /// The medium's folder name (the stick's label).
    pub medium: String,
    pub kind: MediaKind,
    pub size: u64,
}

/// Folders deep and files listed at most: a stick full of photos must not hold up the page.
pub const MEDIA_MAX_DEPTH: usize = 4;
pub const MEDIA_MAX_FILES: usize = 200;

/// Lists the certificates and photos on the media mounted under `root` (each child of `root` is
/// one medium): regular files only, no hidden ones, symlinks never followed, at most `max_bytes`
/// each, [`MEDIA_MAX_DEPTH`] folders deep and [`MEDIA_MAX_FILES`] in all. Sorted for display.
pub fn list_media(root: &Path, max_bytes: u64) -> Vec<MediaFile> {
    let mut out = Vec::new();
    let Ok(media) = std::fs::read_dir(root) else { return out };
    let mut media: Vec<_> = media.flatten().collect();
    media.sort_by_key(|e| e.file_name());
    for medium in media {
        let Ok(ft) = medium.file_type() else { continue };
        if !ft.is_dir() {
            continue;
        }
        let label = medium.file_name().to_string_lossy().into_owned();
        walk(&medium.path(), &medium.path(), &label, 0, max_bytes, &mut out);
        if out.len() >= MEDIA_MAX_FILES {
            break;
        }
    }
    out.truncate(MEDIA_MAX_FILES);
    out
}

fn walk(base: &Path, dir: &Path, label: &str, depth: usize, max_bytes: u64, out: &mut Vec<MediaFile>) {
    let Ok(items) = std::fs::read_dir(dir) else { return };
    let mut items: Vec<_> = items.flatten().collect();
    items.sort_by_key(|e| e.file_name());
    for item in items {
        if out.len() >= MEDIA_MAX_FILES {
            return;
        }
        let name = item.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        // `file_type` does not follow symlinks: a link is neither a file nor a folder here.
        let Ok(ft) = item.file_type() else { continue };
        if ft.is_dir() && depth + 1 < MEDIA_MAX_DEPTH {
            walk(base, &item.path(), label, depth + 1, max_bytes, out);
        } else if ft.is_file() {
            let Some(kind) = MediaKind::of(&name) else { continue };
            let Ok(meta) = item.metadata() else { continue };
            if meta.len() == 0 || meta.len() > max_bytes {
                continue;
            }
            let path = item.path();
            let shown = path.strip_prefix(base).unwrap_or(&path).to_string_lossy().into_owned();
            out.push(MediaFile { path, shown, medium: label.to_owned(), kind, size: meta.len() });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("aa-local-file-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("dir");
        d
    }

    #[test]
    fn devices_fifos_and_folders_are_refused_and_the_cap_counts_while_reading() {
        assert_eq!(read_regular(Path::new("/nonexistent/x.pdf"), 10, None), Err(LocalFileError::NotFound));
        #[cfg(unix)]
        {
            // metadata().len() is 0 for /dev/zero: only a regular-file check stops it.
            assert_eq!(read_regular(Path::new("/dev/zero"), 1024, None), Err(LocalFileError::NotAFile));
            assert_eq!(read_regular(Path::new("/dev/null"), 1024, None), Err(LocalFileError::NotAFile));
            assert_eq!(read_regular(Path::new("/tmp"), 1024, None), Err(LocalFileError::NotAFile));
        }
        let d = scratch("cap");
        let f = d.join("a.pdf");
        std::fs::write(&f, vec![b'x'; 2048]).expect("write");
        assert_eq!(read_regular(&f, 2048, None).map(|b| b.len()), Ok(2048));
        assert!(matches!(read_regular(&f, 2047, None), Err(LocalFileError::TooLarge { .. })));
        #[cfg(unix)]
        {
            let link = d.join("link.pdf");
            std::os::unix::fs::symlink("/etc/hostname", &link).expect("symlink");
            assert_eq!(read_regular(&link, 4096, None), Err(LocalFileError::NotAFile), "a symlink is not followed");
            let fifo = d.join("fifo.pdf");
            if std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()) {
                assert_eq!(read_regular(&fifo, 4096, None), Err(LocalFileError::NotAFile), "and never blocks");
            }
            // A folder symlinked from inside the allowed one to outside it.
            let inside = d.join("stick");
            std::fs::create_dir_all(&inside).expect("dir");
            let outside = scratch("outside");
            std::fs::write(outside.join("secret.pdf"), b"%PDF").expect("write");
            std::os::unix::fs::symlink(&outside, inside.join("away")).expect("symlink");
            assert_eq!(
                read_regular(&inside.join("away").join("secret.pdf"), 4096, Some(&inside)),
                Err(LocalFileError::OutsideFolder)
            );
            let _ = std::fs::remove_dir_all(&outside);
        }
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn media_lists_only_certificates_and_photos_that_are_plain_files() {
        let root = scratch("media");
        let stick = root.join("KINGSTON");
        std::fs::create_dir_all(stick.join("证书")).expect("dir");
        std::fs::write(stick.join("证书").join("张三.pdf"), b"%PDF-1.7").expect("write");
        std::fs::write(stick.join("photo.JPG"), b"\xff\xd8\xff").expect("write");
        std::fs::write(stick.join("notes.txt"), b"x").expect("write");
        std::fs::write(stick.join(".hidden.pdf"), b"%PDF").expect("write");
        std::fs::write(stick.join("empty.pdf"), b"").expect("write");
        std::fs::write(stick.join("big.pdf"), vec![0u8; 200]).expect("write");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/passwd", stick.join("passwd.pdf")).expect("symlink");
            std::os::unix::fs::symlink("/", stick.join("rootdir")).expect("symlink");
        }
        let files = list_media(&root, 100);
        let shown: Vec<(&str, MediaKind)> = files.iter().map(|f| (f.shown.as_str(), f.kind)).collect();
        // Shown with the system's own separator (证书\张三.pdf on Windows).
        let in_folder = format!("证书{}张三.pdf", std::path::MAIN_SEPARATOR);
        assert_eq!(shown, vec![("photo.JPG", MediaKind::Photo), (in_folder.as_str(), MediaKind::Document)]);
        assert!(files.iter().all(|f| f.medium == "KINGSTON"));
        assert!(list_media(Path::new("/nonexistent"), 100).is_empty());
        let _ = std::fs::remove_dir_all(&root);
    }
}
