//! Atomic file writes: a reader sees the old file or the new one, never half of either.
//!
//! Write to a temporary file in the same directory, flush it to disk, then rename over the target.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

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
        fs::rename(&tmp, path)?;
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
}
