//! Real parts for the desk's tests: the built `hall-desk` binary started as its own process on
//! loopback, a real PostgreSQL server started from Debian's package in a temporary directory,
//! certificates made by `openssl`, and drafts that pass assistant-core's checks.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_hall-desk");
pub const PASSWORD: &str = "前台-correct-horse-7";

/// A private temporary directory, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "hall-desk-test-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

fn wait_for_port(port: u16, what: &str) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(60), "{what} did not open port {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A PostgreSQL server of Debian's `postgresql` package, in its own directory, on a free port.
pub struct Postgres {
    /// `postgres` itself, or `runuser` as root (the server is then its child).
    pub child: Child,
    pub url: String,
    _dir: TempDir,
}

fn pg_bin(name: &str) -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is not installed: run `bash scripts/setup.sh --test` (Debian package postgresql)")
        .flatten()
        .map(|e| e.path().join("bin").join(name))
        .filter(|p| p.exists())
        .collect();
    versions.sort();
    versions.pop().unwrap_or_else(|| panic!("no {name} under /usr/lib/postgresql/*/bin"))
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Uid:")).map(|l| l.split_whitespace().nth(1) == Some("0")))
        .unwrap_or(false)
}

/// `postgres` refuses to run as root: as root, the server runs as Debian's `postgres` user.
fn as_pg_user(program: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

impl Postgres {
    pub fn start() -> Postgres {
        let dir = TempDir::new("pg");
        let data = dir.path().join("data");
        if is_root() {
            let status =
                Command::new("chown").args(["-R", "postgres:postgres"]).arg(dir.path()).status().expect("chown");
            assert!(status.success(), "chown of the PostgreSQL directory failed");
        }
        let out = as_pg_user(&pg_bin("initdb"))
            .arg("-D")
            .arg(&data)
            .args(["-A", "trust", "-U", "desk", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
            .output()
            .expect("initdb");
        assert!(out.status.success(), "initdb failed: {}", String::from_utf8_lossy(&out.stderr));
        let port = free_port();
        let child = as_pg_user(&pg_bin("postgres"))
            .arg("-D")
            .arg(&data)
            .args(["-p", &port.to_string(), "-c", "listen_addresses=127.0.0.1", "-c"])
            .arg(format!("unix_socket_directories={}", dir.path().display()))
            .args(["-c", "max_connections=200"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("postgres");
        wait_for_port(port, "PostgreSQL");
        // The server accepts connections a moment before it accepts logins.
        let createdb = pg_bin("createdb");
        let start = Instant::now();
        loop {
            let ok = Command::new(&createdb)
                .args(["-h", "127.0.0.1", "-p", &port.to_string(), "-U", "desk", "desk"])
                .output()
                .is_ok_and(|o| o.status.success());
            if ok {
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(30), "createdb never succeeded");
            std::thread::sleep(Duration::from_millis(100));
        }
        Postgres { child, url: format!("postgres://desk@127.0.0.1:{port}/desk"), _dir: dir }
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        // SIGTERM: a smart shutdown, then the directory goes.
        let _ = Command::new("kill").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
    }
}

/// A running `hall-desk serve`.
pub struct Desk {
    pub child: Child,
    pub base: String,
    pub config: PathBuf,
}

impl Desk {
    /// `hall-desk init` with `database` (a fresh SQLite file in `dir` when `None`) and a staff
    /// login `wang`, then `serve` on a free loopback port.
    pub fn init(dir: &Path, database: Option<&str>, extra: &str) -> PathBuf {
        let config = dir.join("hall-desk.toml");
        let port = free_port();
        let db = database.map_or_else(|| format!("sqlite://{}", dir.join("desk.db").display()), str::to_owned);
        let out = Command::new(BIN)
            .args(["init", "--config"])
            .arg(&config)
            .args(["--listen", &format!("127.0.0.1:{port}"), "--database", &db])
            .output()
            .expect("init");
        assert!(out.status.success(), "init failed: {}", String::from_utf8_lossy(&out.stderr));
        if !extra.is_empty() {
            let text = std::fs::read_to_string(&config).expect("config");
            std::fs::write(&config, format!("{text}{extra}\n")).expect("config");
        }
        add_staff(&config, "wang", PASSWORD);
        config
    }

    pub fn serve(config: &Path) -> Desk {
        let mut child = Command::new(BIN)
            .args(["serve", "--config"])
            .arg(config)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("listening line");
        let base = line
            .trim()
            .strip_prefix("hall-desk: listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line}"))
            .to_owned();
        Desk { child, base, config: config.to_owned() }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// SIGKILL: no shutdown of any kind.
    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        self.kill9();
    }
}

pub fn add_staff(config: &Path, name: &str, password: &str) {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .args(["staff", "--config"])
        .arg(config)
        .args(["add", name])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("staff add");
    child.stdin.take().expect("stdin").write_all(format!("{password}\n").as_bytes()).expect("password");
    let out = child.wait_with_output().expect("staff add");
    assert!(out.status.success(), "staff add failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// A resident ID number with the right GB 11643 check digit.
pub fn id_number(seq: u32) -> String {
    let body = format!("11010519900307{:03}", seq % 1000);
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.bytes().zip(weights).map(|(b, w)| u32::from(b - b'0') * w).sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

/// The same number with another check digit.
pub fn wrong_check_digit(id: &str) -> String {
    let last = id.chars().last().unwrap_or('0');
    let other = if last == '1' { '2' } else { '1' };
    format!("{}{other}", &id[..id.len() - 1])
}

/// The body the kiosk's outbox posts (`src-tauri/src/intake.rs`), with a draft as the kiosk's
/// `CleanDraft` serialises it.
pub fn envelope(id: &str, name: &str, id_number: &str, mobile: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "kind": "nmpa_feedback",
        "created_at": "2026-06-01T08:00:00Z",
        "draft": {
            "consultant": name,
            "consultant_type": "个人",
            "id_type": "居民身份证",
            "id_kind": "resident_id",
            "id_number": id_number,
            "mobile": mobile,
            "email": "wang@example.com",
            "category": "其他问题",
            "business_system": "网上办事大厅",
            "title": "执业药师注册账号已存在",
            "description": "注册时提示证件号码已被使用。\n请帮忙核实。",
            "description_length": 24
        }
    })
}

/// An outbox-style id: `<13-digit ms>-<counter>-<16 hex>`.
pub fn draft_id(n: u64) -> String {
    format!("{:013}-{:06}-{:016x}", 1_780_000_000_000u64 + n, n % 1_000_000, n.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// A certificate for 127.0.0.1 made by openssl (`cert.pem`, `key.pem` in `dir`).
pub fn self_signed_cert(dir: &Path) -> (PathBuf, PathBuf) {
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let status = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2"])
        .args(["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"])
        .args(["-addext", "basicConstraints=critical,CA:FALSE", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stderr(Stdio::null())
        .status()
        .expect("openssl");
    assert!(status.success(), "openssl could not make a certificate");
    (cert, key)
}

/// Adds `tls_cert`/`tls_key` to a config written by [`Desk::init`].
pub fn add_tls(config: &Path, cert: &Path, key: &Path) {
    let text = std::fs::read_to_string(config).expect("config");
    std::fs::write(config, format!("{text}tls_cert = \"{}\"\ntls_key = \"{}\"\n", cert.display(), key.display()))
        .expect("config");
}

/// A client that trusts only `cert` (as a kiosk trusts the desk's certificate).
pub fn tls_client(cert: &Path) -> reqwest::Client {
    tls_provider();
    let root = reqwest::Certificate::from_pem(&std::fs::read(cert).expect("cert")).expect("pem");
    reqwest::Client::builder()
        .add_root_certificate(root)
        .use_rustls_tls()
        .https_only(true)
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client")
}

/// reqwest is built with rustls but no crypto provider of its own: the desk's (ring) serves.
pub fn tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

pub fn client() -> reqwest::Client {
    tls_provider();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client")
}

pub async fn post_draft(c: &reqwest::Client, desk: &str, body: &serde_json::Value) -> reqwest::Response {
    let id = body["id"].as_str().unwrap_or_default().to_owned();
    c.post(format!("{desk}/api/v1/drafts"))
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", id)
        .header("X-Kiosk-Id", "test-kiosk-1")
        .body(body.to_string())
        .send()
        .await
        .expect("post")
}
