//! Kiosk mode (service halls): how it is switched on, where its configuration lives on each OS,
//! the admin PIN, and the wipe between applicants. The rules themselves are in
//! `assistant_core::kiosk`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use assistant_core::kiosk::{KioskConfig, PinState};

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
/// `Ok(None)` = normal desktop mode. An unreadable, invalid or unsafely owned file is an error: a
/// hall machine must never fall back to the desktop app silently, nor run on a file that another
/// account could have written.
pub fn load(args: &Args) -> Result<Option<KioskConfig>, String> {
    load_from(args, &system_config_path())
}

fn load_from(args: &Args, system: &Path) -> Result<Option<KioskConfig>, String> {
    let (path, trial) = match &args.config {
        // On a hall machine the system file decides; a command line cannot replace it.
        Some(p) if system.exists() => {
            return Err(format!(
                "--kiosk-config {} is refused: this machine has a kiosk configuration at {}",
                p.display(),
                system.display()
            ))
        }
        Some(p) => (p.clone(), true),
        None => (system.to_path_buf(), false),
    };
    if !args.kiosk && !path.exists() {
        return Ok(None);
    }
    check_owner(&path, trial).map_err(|e| format!("kiosk configuration {}: {e}", path.display()))?;
    let text = std::fs::read_to_string(&path).map_err(|e| format!("kiosk configuration {}: {e}", path.display()))?;
    KioskConfig::parse(&text).map(Some).map_err(|e| format!("kiosk configuration {}: {e}", path.display()))
}

/// The configuration must be owned by root (a trial file given with `--kiosk-config` may also be
/// the invoking user's own) and neither it nor its folder writable by group or others.
#[cfg(unix)]
fn check_owner(path: &Path, trial: bool) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    let me = rustix::process::geteuid().as_raw();
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    let owner_ok = meta.uid() == 0 || (trial && meta.uid() == me);
    if !owner_ok {
        return Err(format!(
            "must be owned by root (it belongs to uid {}): run `sudo chown root:root` on it",
            meta.uid()
        ));
    }
    if meta.mode() & 0o022 != 0 {
        return Err("must not be writable by group or others: run `sudo chmod 644` on it".to_owned());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let d = std::fs::metadata(dir).map_err(|e| e.to_string())?;
        let sticky = d.mode() & 0o1000 != 0;
        if d.mode() & 0o022 != 0 && !sticky {
            return Err(format!("its folder {} must not be writable by group or others", dir.display()));
        }
    }
    Ok(())
}

/// Windows: the file's ACL cannot be read without unsafe Win32 calls (this crate forbids unsafe
/// code); `%ProgramData%` subfolders made by the installer are admin-only. Documented in the README.
#[cfg(not(unix))]
fn check_owner(_path: &Path, _trial: bool) -> Result<(), String> {
    Ok(())
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
/// wrong-PIN limiter (kept on disk, so a restart does not forget it).
pub struct Kiosk {
    pub config: KioskConfig,
    pub session_dir: PathBuf,
    /// `kiosk-pin.json` in the app's data dir.
    pin_file: PathBuf,
    limiter: Mutex<()>,
    /// When the last applicant's session was wiped: the heartbeat reports it to the hall desk.
    last_session_end: Mutex<Option<chrono::DateTime<chrono::Utc>>>,
}

#[derive(Debug, Clone, serde::Serialize, specta::Type, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum PinError {
    #[error("wrong PIN")]
    Wrong { wait_seconds: u32 },
    #[error("too many wrong PINs")]
    LockedOut { wait_seconds: u32 },
}

/// The marker in the app's data dir that names the current session dir, so the next start finds
/// what a crash left (never by a name pattern in a shared folder).
const SESSION_MARKER: &str = "kiosk-session.json";
const SESSION_PREFIX: &str = "aa-kiosk-";

impl Kiosk {
    /// Starts a kiosk: removes the session a crash or power cut left (found through the marker
    /// in `app_data_dir`), then makes a fresh private session dir (unpredictable name, 0700, owned
    /// by this user) under the runtime dir where there is one, and records it in the marker.
    pub fn start(config: KioskConfig, app_data_dir: &Path) -> std::io::Result<Kiosk> {
        std::fs::create_dir_all(app_data_dir)?;
        let marker = app_data_dir.join(SESSION_MARKER);
        remove_marked_session(&marker);
        let session_dir = make_session_dir(&session_base())?;
        let record = serde_json::json!({ "session_dir": session_dir });
        assistant_core::atomic::write_atomic(&marker, record.to_string().as_bytes())?;
        Ok(Kiosk {
            config,
            session_dir,
            pin_file: app_data_dir.join("kiosk-pin.json"),
            limiter: Mutex::new(()),
            last_session_end: Mutex::new(None),
        })
    }

    /// Notes that an applicant's session was wiped just now.
    pub fn session_ended(&self) {
        *self.last_session_end.lock().unwrap_or_else(|p| p.into_inner()) = Some(chrono::Utc::now());
    }

    pub fn last_session_end(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        *self.last_session_end.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The kiosk's name for the hall desk: `kiosk_id` from kiosk.toml, else the host name.
    pub fn id(&self) -> String {
        self.config.kiosk_id.clone().unwrap_or_else(host_name)
    }

    /// Ends the kiosk: the session dir and its marker go.
    pub fn finish(&self) {
        let _ = std::fs::remove_dir_all(&self.session_dir);
        if let Some(dir) = self.pin_file.parent() {
            let _ = std::fs::remove_file(dir.join(SESSION_MARKER));
        }
    }

    /// Checks an admin PIN under the rate limit, which is read from and saved to disk.
    pub fn check_pin(&self, pin: &str) -> Result<(), PinError> {
        let _guard = self.limiter.lock().unwrap_or_else(|p| p.into_inner());
        let mut state = std::fs::read(&self.pin_file).map(|b| PinState::from_json(&b)).unwrap_or_default();
        let now = chrono::Utc::now();
        let wait = state.wait_at(now);
        if !wait.is_zero() {
            return Err(PinError::LockedOut { wait_seconds: wait.as_secs().max(1) as u32 });
        }
        let ok = verify_pin(&self.config.admin_pin_hash, pin);
        state.record(ok, now);
        if let Err(e) = assistant_core::atomic::write_atomic(&self.pin_file, &state.to_json()) {
            eprintln!("kiosk: could not save the PIN limiter: {e}");
        }
        if ok {
            Ok(())
        } else {
            Err(PinError::Wrong { wait_seconds: state.lockout().as_secs() as u32 })
        }
    }
}

/// Where session dirs go: the per-user runtime dir (`$XDG_RUNTIME_DIR`, private to the user and
/// emptied at logout) when it is usable, else the system temp dir.
fn session_base() -> PathBuf {
    #[cfg(unix)]
    if let Some(run) = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from) {
        use std::os::unix::fs::MetadataExt;
        let me = rustix::process::geteuid().as_raw();
        if std::fs::metadata(&run).is_ok_and(|m| m.is_dir() && m.uid() == me && m.mode() & 0o077 == 0) {
            return run;
        }
    }
    std::env::temp_dir()
}

/// The machine's name, cut down to what the desk accepts as a kiosk id (no program is started).
fn host_name() -> String {
    let raw = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_default();
    let name: String =
        raw.trim().chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')).take(64).collect();
    if name.is_empty() {
        "kiosk".to_owned()
    } else {
        name
    }
}

/// A new dir with an unpredictable name, created atomically (0700 on Unix), checked to be a real
/// dir owned by this user: a name someone planted in a shared folder is never used.
fn make_session_dir(base: &Path) -> std::io::Result<PathBuf> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(SESSION_PREFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    let dir = builder.tempdir_in(base)?.keep();
    let meta = std::fs::symlink_metadata(&dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let me = rustix::process::geteuid().as_raw();
        if !meta.is_dir() || meta.uid() != me || meta.mode() & 0o077 != 0 {
            return Err(std::io::Error::other("the session directory is not private to this user"));
        }
    }
    #[cfg(not(unix))]
    if !meta.is_dir() {
        return Err(std::io::Error::other("the session directory is not a directory"));
    }
    Ok(dir)
}

/// Removes the session dir the marker names, if it is still there and really one of ours.
fn remove_marked_session(marker: &Path) {
    let Ok(bytes) = std::fs::read(marker) else { return };
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) else { return };
    let Some(dir) = value.get("session_dir").and_then(|v| v.as_str()).map(PathBuf::from) else { return };
    let ours = dir.file_name().is_some_and(|n| n.to_string_lossy().starts_with(SESSION_PREFIX))
        && std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir());
    if ours {
        if let Err(e) = std::fs::remove_dir_all(&dir) {
            eprintln!("kiosk: could not remove the interrupted session {}: {e}", dir.display());
        }
    }
    let _ = std::fs::remove_file(marker);
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
        let data = scratch("pin");
        let kiosk = Kiosk::start(cfg.clone(), &data).expect("kiosk");
        for _ in 0..2 {
            assert!(matches!(kiosk.check_pin("0000"), Err(PinError::Wrong { wait_seconds: 0 })));
        }
        assert!(matches!(kiosk.check_pin("0000"), Err(PinError::Wrong { wait_seconds: 30 })));
        // Locked: even the right PIN must wait.
        assert!(matches!(kiosk.check_pin("2468"), Err(PinError::LockedOut { .. })));
        // A restart (a crash an applicant provoked) does not forget it.
        kiosk.finish();
        let again = Kiosk::start(cfg, &data).expect("kiosk");
        assert!(matches!(again.check_pin("2468"), Err(PinError::LockedOut { wait_seconds: 1..=30 })));
        again.finish();
        let _ = std::fs::remove_dir_all(&data);
    }

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("aa-kiosk-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("dir");
        d
    }

    fn config_file(dir: &Path, mode: u32) -> PathBuf {
        let hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";
        let p = dir.join("kiosk.toml");
        std::fs::write(&p, format!("hall_name = \"x\"\nadmin_pin_hash = \"{hash}\"")).expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).expect("chmod");
        }
        let _ = mode;
        p
    }

    #[test]
    fn a_command_line_config_is_refused_where_a_system_file_exists() {
        let d = scratch("system");
        let system = config_file(&d, 0o644);
        let trial = Args { kiosk: true, config: Some("/tmp/mine.toml".into()), hash_pin: false };
        let err = load_from(&trial, &system).expect_err("refused");
        assert!(
            err.contains("--kiosk-config /tmp/mine.toml is refused") && err.contains(&system.display().to_string())
        );
        assert!(load_from(&Args::default(), &system).is_ok_and(|c| c.is_some()), "the system file is used");
        let _ = std::fs::remove_dir_all(&d);
    }

    #[cfg(unix)]
    #[test]
    fn a_config_others_can_write_is_refused() {
        let d = scratch("owner");
        let system = config_file(&d, 0o666);
        let err = load_from(&Args::default(), &system).expect_err("refused");
        assert!(err.contains("must not be writable by group or others"), "{err}");
        let ok = config_file(&d, 0o644);
        // Owned by root, or (a trial file only) by the user running the app.
        let me = rustix::process::geteuid().as_raw();
        let as_system = load_from(&Args::default(), &ok);
        assert_eq!(as_system.is_ok(), me == 0, "{as_system:?}");
        let trial = Args { kiosk: true, config: Some(ok.clone()), hash_pin: false };
        assert!(load_from(&trial, Path::new("/nonexistent/kiosk.toml")).is_ok_and(|c| c.is_some()));
        let _ = std::fs::remove_dir_all(&d);
    }

    #[cfg(unix)]
    #[test]
    fn the_session_dir_is_private_unpredictable_and_found_again_through_the_marker() {
        use std::os::unix::fs::PermissionsExt;
        let data = scratch("session");
        let hash = hash_pin("2468").expect("hash");
        let cfg = KioskConfig::parse(&format!("hall_name = \"x\"\nadmin_pin_hash = \"{hash}\"")).expect("config");
        let first = Kiosk::start(cfg.clone(), &data).expect("kiosk");
        let dir = first.session_dir.clone();
        let mode = std::fs::metadata(&dir).expect("dir").permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        assert!(!dir.to_string_lossy().contains(&std::process::id().to_string()), "not named by the pid");
        std::fs::write(dir.join("cookie"), "11010519491231002X").expect("file");
        // A crash: no finish(). The next start removes it through the marker.
        let second = Kiosk::start(cfg, &data).expect("kiosk");
        assert!(!dir.exists(), "the interrupted session is gone");
        assert_ne!(second.session_dir, dir, "a new name each time");
        // A planted dir with the old naming scheme in the shared temp dir is never used or removed.
        let planted = std::env::temp_dir().join(format!("applicant-assistant-kiosk-{}", std::process::id()));
        std::fs::create_dir_all(&planted).expect("dir");
        assert_ne!(second.session_dir, planted);
        second.finish();
        assert!(!second.session_dir.exists());
        assert!(planted.exists(), "not ours: left alone");
        let _ = std::fs::remove_dir_all(&planted);
        let _ = std::fs::remove_dir_all(&data);
    }

    #[test]
    fn missing_config_without_flag_is_desktop_mode_but_with_flag_an_error() {
        let missing = Args { kiosk: false, config: Some("/nonexistent/kiosk.toml".into()), hash_pin: false };
        assert_eq!(load(&missing), Ok(None));
        let asked = Args { kiosk: true, ..missing };
        assert!(load(&asked).is_err_and(|e| e.contains("/nonexistent/kiosk.toml")));
    }
}

/// The command that prints what it reads on standard input on the hall's printer: CUPS `lp`
/// (Linux and macOS), to the configured printer or the system default. `None` on Windows, which
/// has no CUPS: there the page prints itself through WebView2, which [`KIOSK_BROWSER_ARGS`] makes
/// print to the Windows default printer without a dialog.
pub fn print_command(printer: Option<&str>) -> Option<(String, Vec<std::ffi::OsString>)> {
    if cfg!(windows) {
        return None;
    }
    let mut args: Vec<std::ffi::OsString> = Vec::new();
    if let Some(p) = printer.map(str::trim).filter(|p| !p.is_empty()) {
        args.push("-d".into());
        args.push(p.into());
    }
    Some(("lp".to_owned(), args))
}

/// Prints a document made in memory (a checklist or date list PDF, a made photo) on the hall's
/// printer. The bytes go to the print command's standard input, so what the applicant made never
/// touches the kiosk's disk. `Ok(false)` when there is no print system (Windows, or no `lp`): the
/// page then prints itself.
pub fn print(printer: Option<&str>, bytes: &[u8]) -> std::io::Result<bool> {
    match print_command(printer) {
        Some((program, args)) => print_through(&program, &args, bytes),
        None => Ok(false),
    }
}

fn print_through(program: &str, args: &[std::ffi::OsString], bytes: &[u8]) -> std::io::Result<bool> {
    use std::io::Write;
    let child = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn();
    let Ok(mut child) = child else { return Ok(false) };
    // The pipe closes when the closure drops it, so the command sees the end of the document.
    let written = child.stdin.take().map(|mut stdin| stdin.write_all(bytes));
    let status = child.wait()?;
    match (written, status.success()) {
        (Some(Ok(())), true) => Ok(true),
        _ => Err(std::io::Error::other(format!("{program} exited with {status}"))),
    }
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

    #[cfg(not(windows))]
    #[test]
    fn prints_to_the_configured_printer_or_the_default() {
        let (program, args) = print_command(Some("Hall-Printer-2")).expect("lp");
        assert_eq!(program, "lp");
        assert_eq!(args, ["-d", "Hall-Printer-2"].map(std::ffi::OsString::from));
        assert_eq!(print_command(Some("  ")).map(|c| c.1.len()), Some(0));
        assert_eq!(print_command(None).map(|c| c.1.len()), Some(0));
    }

    /// The document reaches the print command whole, on its standard input; a refusing printer
    /// is an error to show; a machine without the command falls back to the page's own print.
    #[cfg(unix)]
    #[test]
    fn a_document_is_printed_from_memory() {
        let dir = std::env::temp_dir().join(format!("aa-print-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let got = dir.join("printed");
        let document: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let sh = |script: &str| ["-c".into(), script.into()];
        let args: [std::ffi::OsString; 2] = sh(&format!("cat > '{}'", got.display()));
        assert_eq!(print_through("sh", &args, &document).expect("printed"), true);
        assert_eq!(std::fs::read(&got).expect("read"), document);
        assert!(print_through("sh", &sh("cat > /dev/null; exit 1"), &document)
            .is_err_and(|e| e.to_string().contains("exit")));
        assert_eq!(print_through("/nonexistent/lp", &[], &document).expect("no print system"), false);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Windows has no `lp`: the kiosk prints through WebView2 with `--kiosk-printing` instead.
    #[cfg(windows)]
    #[test]
    fn windows_prints_through_the_webview_without_a_dialog() {
        assert_eq!(print_command(Some("Hall-Printer-2")), None);
        assert_eq!(print(Some("Hall-Printer-2"), b"%PDF").expect("no print system"), false);
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
