//! Kiosk mode (service halls): how it is switched on, where its configuration lives on each OS,
//! the admin PIN, and the wipe between applicants. The rules themselves are in
//! `assistant_core::kiosk`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use assistant_core::kiosk::{KioskConfig, PinLimiter};

/// Where an administrator puts the kiosk configuration. Its presence turns kiosk mode on.
pub fn system_config_path() -> PathBuf {
    #[cfg(target_os = "linux")]
    let p = PathBuf::from("/etc/applicant-assistant/kiosk.toml");
    #[cfg(target_os = "macos")]
    let p = PathBuf::from("/Library/Application Support/org.applicant-assistant.app/kiosk.toml");
    #[cfg(windows)]
    let p = PathBuf::from(std::env::var_os("ProgramData").unwrap_or_else(|| "C:\\ProgramData".into()))
        .join("Applicant Assistant")
        .join("kiosk.toml");
    #[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
    let p = PathBuf::from("/etc/applicant-assistant/kiosk.toml");
    p
}

/// What the command line asks for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Args {
    pub kiosk: bool,
    pub config: Option<PathBuf>,
    pub hash_pin: bool,
}

pub fn parse_args(args: impl IntoIterator<Item = String>) -> Args {
    let mut out = Args::default();
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--kiosk" => out.kiosk = true,
            "--kiosk-config" => {
                out.kiosk = true;
                out.config = it.next().map(PathBuf::from);
            }
            "--hash-pin" => out.hash_pin = true,
            _ => {}
        }
    }
    out
}

/// Loads the kiosk configuration when kiosk mode is asked for (flag) or installed (system file).
/// `Ok(None)` = normal desktop mode. An unreadable or invalid file is an error: a hall machine
/// must never fall back to the desktop app silently.
pub fn load(args: &Args) -> Result<Option<KioskConfig>, String> {
    let path = args.config.clone().unwrap_or_else(system_config_path);
    if !args.kiosk && !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("kiosk configuration {}: {e}", path.display()))?;
    KioskConfig::parse(&text).map(Some).map_err(|e| format!("kiosk configuration {}: {e}", path.display()))
}

/// An argon2id PHC string for a PIN, for the configuration file (`--hash-pin`).
pub fn hash_pin(pin: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(pin.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
}

pub fn verify_pin(phc: &str, pin: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| Argon2::default().verify_password(pin.as_bytes(), &h).is_ok())
}

/// The running kiosk: its configuration, the current applicant's scratch directory, and the
/// wrong-PIN limiter.
pub struct Kiosk {
    pub config: KioskConfig,
    pub session_dir: PathBuf,
    limiter: Mutex<(PinLimiter, Option<Instant>)>,
}

#[derive(Debug, Clone, serde::Serialize, specta::Type, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum PinError {
    #[error("wrong PIN")]
    Wrong { wait_seconds: u32 },
    #[error("too many wrong PINs")]
    LockedOut { wait_seconds: u32 },
}

impl Kiosk {
    pub fn new(config: KioskConfig) -> Kiosk {
        let session_dir = std::env::temp_dir().join(format!("{SESSION_PREFIX}{}", std::process::id()));
        // A kiosk that crashed or lost power never ran its end-of-session wipe: whatever an
        // earlier run left is removed before the next applicant starts (one kiosk per machine).
        remove_stale_sessions(&std::env::temp_dir());
        let _ = std::fs::remove_dir_all(&session_dir);
        Kiosk { config, session_dir, limiter: Mutex::new((PinLimiter::default(), None)) }
    }

    /// Checks an admin PIN under the rate limit.
    pub fn check_pin(&self, pin: &str) -> Result<(), PinError> {
        let mut guard = self.limiter.lock().unwrap_or_else(|p| p.into_inner());
        let (limiter, last_failure) = &mut *guard;
        let wait = limiter.lockout();
        if let Some(at) = last_failure {
            let elapsed = at.elapsed();
            if elapsed < wait {
                return Err(PinError::LockedOut { wait_seconds: (wait - elapsed).as_secs().max(1) as u32 });
            }
        }
        let ok = verify_pin(&self.config.admin_pin_hash, pin);
        limiter.record(ok);
        if ok {
            *last_failure = None;
            Ok(())
        } else {
            *last_failure = Some(Instant::now());
            Err(PinError::Wrong { wait_seconds: limiter.lockout().as_secs() as u32 })
        }
    }
}

const SESSION_PREFIX: &str = "applicant-assistant-kiosk-";

/// Removes the session dirs of earlier kiosk runs under `tmp`.
fn remove_stale_sessions(tmp: &Path) {
    let Ok(entries) = std::fs::read_dir(tmp) else { return };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(SESSION_PREFIX) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Deletes everything under `dir` (the applicant's scratch files) and leaves it empty.
/// Each entry is removed on its own, so one that cannot go yet never shields the others: WebKit
/// may still be writing into the dir (a removal that finds a dir "not empty" is tried again, a few
/// times, 50 ms apart), and on Windows WebView2 keeps files of its data dir open while it runs
/// (their contents were cleared through the WebView; the rest goes when the app exits or, after a
/// crash, at the next start). Returns the last error when something could not be removed.
pub fn wipe_dir(dir: &Path) -> std::io::Result<()> {
    let mut last_error = None;
    for attempt in 0..=5 {
        last_error = None;
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
            Err(e) => {
                last_error = Some(e);
                break;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let removed = if entry.file_type().is_ok_and(|t| t.is_dir()) {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            match removed {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => last_error = Some(e),
                _ => {}
            }
        }
        match &last_error {
            Some(e) if attempt < 5 => {
                eprintln!("kiosk: clearing the session directory again ({e})");
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            _ => break,
        }
    }
    std::fs::create_dir_all(dir)?;
    last_error.map_or(Ok(()), Err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn args_turn_kiosk_on() {
        let a = parse_args(["app".into(), "--kiosk-config".into(), "/tmp/k.toml".into()]);
        assert_eq!(a, Args { kiosk: true, config: Some("/tmp/k.toml".into()), hash_pin: false });
        assert_eq!(parse_args(["app".to_owned()]), Args::default());
        assert!(parse_args(["app".into(), "--hash-pin".into()]).hash_pin);
    }

    #[test]
    fn pin_hash_round_trip_and_rate_limit() {
        let hash = hash_pin("2468").expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_pin(&hash, "2468"));
        assert!(!verify_pin(&hash, "2469"));
        assert!(!verify_pin("not a hash", "2468"));

        let cfg = KioskConfig::parse(&format!("hall_name = \"测试\"\nadmin_pin_hash = \"{hash}\"")).expect("config");
        let kiosk = Kiosk::new(cfg);
        for _ in 0..2 {
            assert!(matches!(kiosk.check_pin("0000"), Err(PinError::Wrong { wait_seconds: 0 })));
        }
        assert!(matches!(kiosk.check_pin("0000"), Err(PinError::Wrong { wait_seconds: 30 })));
        // Locked: even the right PIN must wait.
        assert!(matches!(kiosk.check_pin("2468"), Err(PinError::LockedOut { .. })));
    }

    #[test]
    fn missing_config_without_flag_is_desktop_mode_but_with_flag_an_error() {
        let missing = Args { kiosk: false, config: Some("/nonexistent/kiosk.toml".into()), hash_pin: false };
        assert_eq!(load(&missing), Ok(None));
        let asked = Args { kiosk: true, ..missing };
        assert!(load(&asked).is_err_and(|e| e.contains("/nonexistent/kiosk.toml")));
    }
}

/// The command that prints a PDF on the hall's printer: CUPS `lp` (Linux and macOS), to the
/// configured printer or the system default. `--` keeps a file name from being read as an option.
/// `None` on Windows, which has no CUPS: there the page prints itself through WebView2, which
/// [`KIOSK_BROWSER_ARGS`] makes print to the Windows default printer without a dialog.
pub fn print_command(printer: Option<&str>, file: &Path) -> Option<(String, Vec<std::ffi::OsString>)> {
    if cfg!(windows) {
        return None;
    }
    let mut args: Vec<std::ffi::OsString> = Vec::new();
    if let Some(p) = printer.map(str::trim).filter(|p| !p.is_empty()) {
        args.push("-d".into());
        args.push(p.into());
    }
    args.push("--".into());
    args.push(file.as_os_str().to_owned());
    Some(("lp".to_owned(), args))
}

/// WebView2 switches for every kiosk window (Windows only; other systems ignore them): wry's own
/// defaults, plus Chromium's `--kiosk-printing`, with which `window.print()` goes straight to the
/// Windows default printer with no dialog. A Windows hall makes its printer the default printer of
/// the kiosk's user account. All kiosk windows share one WebView2 data dir, so all get the same
/// switches (WebView2 refuses a second environment with other ones).
pub const KIOSK_BROWSER_ARGS: &str = "--disable-features=msWebOOUI,msPdfOOUI,msSmartScreenProtection --kiosk-printing";

#[cfg(test)]
mod print_tests {
    use super::*;

    #[test]
    fn wipe_leaves_the_session_dir_empty() {
        let dir = std::env::temp_dir().join(format!("aa-wipe-test-{}", std::process::id())).join("会话");
        std::fs::create_dir_all(dir.join("exports")).expect("dir");
        std::fs::write(dir.join("exports").join("申请助手-清单.pdf"), b"%PDF").expect("file");
        std::fs::write(dir.join("accounts.json"), b"{}").expect("file");
        wipe_dir(&dir).expect("wipe");
        assert!(dir.is_dir(), "the dir stays for the next applicant");
        assert_eq!(std::fs::read_dir(&dir).expect("list").count(), 0);
        let _ = std::fs::remove_dir_all(dir.parent().expect("parent"));
    }

    /// Windows: a file WebView2 holds open in its data dir does not keep the applicant's own
    /// files from being wiped; the wipe still says it was incomplete.
    #[cfg(windows)]
    #[test]
    fn a_held_webview_file_does_not_shield_the_applicants_files() {
        use std::os::windows::fs::OpenOptionsExt;
        let dir = std::env::temp_dir().join(format!("aa-wipe-held-{}", std::process::id())).join("会话");
        std::fs::create_dir_all(dir.join("webview").join("EBWebView")).expect("dir");
        std::fs::create_dir_all(dir.join("mail")).expect("dir");
        let held_path = dir.join("webview").join("EBWebView").join("lockfile");
        std::fs::write(&held_path, b"").expect("file");
        std::fs::write(dir.join("mail").join("（李华）申请修改手机（邮箱）信息.eml"), b"11010519491231002X")
            .expect("file");
        std::fs::write(dir.join("zz-photo.jpg"), b"jpeg").expect("file");
        let held = std::fs::OpenOptions::new().read(true).share_mode(0).open(&held_path).expect("hold");
        assert!(wipe_dir(&dir).is_err(), "the held file is reported");
        let left: Vec<_> =
            std::fs::read_dir(&dir).expect("list").filter_map(Result::ok).map(|e| e.file_name()).collect();
        assert_eq!(left, [std::ffi::OsString::from("webview")], "only WebView2's held dir may remain");
        drop(held);
        wipe_dir(&dir).expect("wiped once released");
        assert_eq!(std::fs::read_dir(&dir).expect("list").count(), 0);
        let _ = std::fs::remove_dir_all(dir.parent().expect("parent"));
    }

    #[test]
    fn sessions_left_by_a_crash_are_removed() {
        let tmp = std::env::temp_dir().join(format!("aa-stale-test-{}", std::process::id()));
        let old = tmp.join(format!("{SESSION_PREFIX}999999"));
        std::fs::create_dir_all(old.join("webview")).expect("dir");
        std::fs::write(old.join("webview").join("cookie"), "11010519491231002X").expect("file");
        std::fs::create_dir_all(tmp.join("other-app")).expect("dir");
        remove_stale_sessions(&tmp);
        assert!(!old.exists(), "the crashed session is gone");
        assert!(tmp.join("other-app").exists(), "nothing else is touched");
        let _ = std::fs::remove_dir_all(&tmp);
    }

    #[cfg(not(windows))]
    #[test]
    fn prints_to_the_configured_printer_or_the_default() {
        let file = Path::new("/tmp/s/-清单.pdf");
        let (program, args) = print_command(Some("Hall-Printer-2"), file).expect("lp");
        assert_eq!(program, "lp");
        assert_eq!(args, ["-d", "Hall-Printer-2", "--", "/tmp/s/-清单.pdf"].map(std::ffi::OsString::from));
        let (_, args) = print_command(Some("  "), file).expect("lp");
        assert_eq!(args, ["--", "/tmp/s/-清单.pdf"].map(std::ffi::OsString::from));
        assert_eq!(print_command(None, file).map(|c| c.1.len()), Some(2));
    }

    /// Windows has no `lp`: the kiosk prints through WebView2 with `--kiosk-printing` instead.
    #[cfg(windows)]
    #[test]
    fn windows_prints_through_the_webview_without_a_dialog() {
        assert_eq!(print_command(Some("Hall-Printer-2"), Path::new(r"C:\s\清单.pdf")), None);
        assert!(KIOSK_BROWSER_ARGS.split(' ').any(|a| a == "--kiosk-printing"));
        assert!(KIOSK_BROWSER_ARGS.contains("msSmartScreenProtection"), "wry's defaults are kept");
    }

    /// Windows: the kiosk configuration lives under %ProgramData% (wherever that is).
    #[cfg(windows)]
    #[test]
    fn windows_config_path_is_under_program_data() {
        let program_data = std::env::var_os("ProgramData").expect("Windows sets %ProgramData%");
        let want = std::path::PathBuf::from(program_data).join("Applicant Assistant").join("kiosk.toml");
        assert_eq!(system_config_path(), want);
        assert!(system_config_path().is_absolute());
    }
}
