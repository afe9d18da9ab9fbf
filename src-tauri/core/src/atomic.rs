//! Atomic file writes: a reader sees the old file or the new one, never half of either.
//!
//! Write to a temporary file in the same directory, flush it to disk, then rename over the target.
//!
//! On Windows a rename over a file fails while another program holds that file open without
//! delete sharing (a PDF viewer showing the exported checklist, a virus scanner taking a look).
//! The rename is then tried again for up to [`IN_USE_PATIENCE`]; if the file is still held, the
//! write fails with an error that [`is_in_use`] recognises, and the old file is left as it was.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;
use std::time::Duration;

/// How long a rename waits for another program to let go of the target (Windows only).
pub const IN_USE_PATIENCE: Duration = Duration::from_millis(1500);

/// Replaces `path` with `bytes` atomically, creating parent directories as needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path.file_name().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "path has no file name"))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = dir.join(tmp_name);
    let result = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        rename_when_free(&tmp, path)?;
        // Persist the rename itself where the platform allows opening a directory.
        #[cfg(unix)]
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Whether `e` means another program holds the file (Windows: access denied, sharing or lock
/// violation). Always false elsewhere, where an open file never blocks a rename.
pub fn is_in_use(e: &io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(5 | 32 | 33))
}

fn rename_when_free(from: &Path, to: &Path) -> io::Result<()> {
    let mut waited = Duration::ZERO;
    let mut pause = Duration::from_millis(10);
    loop {
        match fs::rename(from, to) {
            Err(e) if is_in_use(&e) && waited < IN_USE_PATIENCE => {
                std::thread::sleep(pause);
                waited += pause;
                pause = (pause * 2).min(Duration::from_millis(250));
            }
            result => return result,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("aa-atomic-{}-{}", name, std::process::id()));
        let _ = fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn writes_and_replaces_leaving_no_temp_files() {
        let d = scratch("replace");
        let p = d.join("sub").join("answers.json");
        write_atomic(&p, b"first").expect("first write");
        write_atomic(&p, "第二".as_bytes()).expect("second write");
        assert_eq!(fs::read_to_string(&p).expect("read"), "第二");
        let entries: Vec<_> = fs::read_dir(p.parent().expect("parent")).expect("list").collect();
        assert_eq!(entries.len(), 1, "temporary file left behind");
        fs::remove_dir_all(&d).expect("cleanup");
    }

    #[test]
    fn failure_keeps_the_old_file() {
        let d = scratch("fail");
        let p = d.join("keep.json");
        write_atomic(&p, b"old").expect("write");
        // A directory where the file should go makes the rename fail.
        let blocked = d.join("blocked");
        fs::create_dir_all(blocked.join("x")).expect("mkdir");
        assert!(write_atomic(&blocked, b"new").is_err());
        assert_eq!(fs::read_to_string(&p).expect("read"), "old");
        let leftovers = fs::read_dir(&d)
            .expect("list")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .count();
        assert_eq!(leftovers, 0);
        fs::remove_dir_all(&d).expect("cleanup");
    }

    /// Windows: a reader that opened the file the usual way (Rust's default sharing includes
    /// delete). Windows 10 and later replace it (std renames with POSIX semantics on NTFS); Wine 8
    /// refuses as Windows did before. Either way the target is whole: the new bytes, or the old
    /// ones with the write reported as "in use", and no temporary file is left.
    #[cfg(windows)]
    #[test]
    fn a_file_another_handle_has_open_is_replaced_or_kept_whole() {
        let d = scratch("open-reader");
        let p = d.join("答案.json");
        write_atomic(&p, b"old").expect("write");
        let reader = File::open(&p).expect("open");
        match write_atomic(&p, "新的".as_bytes()) {
            Ok(()) => assert_eq!(fs::read_to_string(&p).expect("read"), "新的"),
            Err(e) => {
                assert!(is_in_use(&e), "{e:?}");
                assert_eq!(fs::read_to_string(&p).expect("read"), "old");
            }
        }
        drop(reader);
        assert_eq!(fs::read_dir(&d).expect("list").count(), 1, "temporary file left behind");
        fs::remove_dir_all(&d).expect("cleanup");
    }

    /// Windows: a program holding the file without delete sharing (as PDF viewers do) makes the
    /// write wait, then fail as "in use"; the old file stays whole and no temporary file is left.
    #[cfg(windows)]
    #[test]
    fn a_file_held_by_another_program_is_kept_and_reported_in_use() {
        use std::os::windows::fs::OpenOptionsExt;
        let d = scratch("held");
        let p = d.join("申请助手-清单.pdf");
        write_atomic(&p, b"old").expect("write");
        let held = fs::OpenOptions::new().read(true).share_mode(1 /* FILE_SHARE_READ */).open(&p).expect("hold");
        let started = std::time::Instant::now();
        let err = write_atomic(&p, b"new").expect_err("the held file cannot be replaced");
        assert!(is_in_use(&err), "{err:?}");
        assert!(started.elapsed() >= IN_USE_PATIENCE, "gave up after {:?}", started.elapsed());
        drop(held);
        assert_eq!(fs::read(&p).expect("read"), b"old");
        let names: Vec<_> = fs::read_dir(&d).expect("list").filter_map(Result::ok).map(|e| e.file_name()).collect();
        assert_eq!(names, [std::ffi::OsString::from("申请助手-清单.pdf")], "temporary file left behind");
        fs::remove_dir_all(&d).expect("cleanup");
    }

    /// Windows: a program that lets go within the patience window does not make the write fail.
    #[cfg(windows)]
    #[test]
    fn a_file_released_soon_is_replaced() {
        use std::os::windows::fs::OpenOptionsExt;
        let d = scratch("released");
        let p = d.join("票据.eml");
        write_atomic(&p, b"old").expect("write");
        let held = fs::OpenOptions::new().read(true).share_mode(1).open(&p).expect("hold");
        let releaser = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            drop(held);
        });
        write_atomic(&p, b"new").expect("replaced once released");
        releaser.join().expect("thread");
        assert_eq!(fs::read(&p).expect("read"), b"new");
        fs::remove_dir_all(&d).expect("cleanup");
    }

    #[test]
    fn nothing_is_in_use_off_windows_or_for_other_errors() {
        assert!(!is_in_use(&io::Error::from(io::ErrorKind::NotFound)));
        assert_eq!(is_in_use(&io::Error::from_raw_os_error(32)), cfg!(windows));
    }
}
