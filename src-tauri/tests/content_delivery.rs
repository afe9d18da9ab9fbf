//! Content-pack delivery over real HTTPS on 127.0.0.1 (issue 20): a local file server with a
//! certificate from a test-only CA, packs built, signed and indexed with the maintainers' own
//! tool (`content_pack`) and a throwaway key. A good pack is found, verified, installed and put
//! into use (a 2027 holiday year in it, clearly test data, is then counted); a tampered pack, a
//! mirror that is down and one that is slow change nothing.
//!
//! Unix only: the file server is Debian's python3 and the CA is made by openssl through bash,
//! which a Windows test binary under Wine cannot start.
#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use applicant_assistant_lib::content::Content;
use assistant_core::catalog::Portal;
use assistant_core::content::{self, pack, ContentSet};
use chrono::NaiveDate;
use content_pack::testing::{keys, publish};
use tauri::Url;

const SUPPORT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support");

/// The content in use is process-wide: tests that switch it take turns.
static TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A fresh directory for one test, removed when the test ends, passed or failed.
fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new().prefix(&format!("aa-delivery-{name}-")).tempdir().expect("scratch")
}

struct Server {
    child: Child,
    url: Url,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(dir: &Path, ca: &Path, delay: f64) -> Server {
    let mut child = Command::new("python3")
        .arg(Path::new(SUPPORT).join("https_files.py"))
        .args(["--dir", &dir.display().to_string()])
        .args(["--cert", &ca.join("server.pem").display().to_string()])
        .args(["--key", &ca.join("server.key").display().to_string()])
        .args(["--delay", &delay.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 https_files.py");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("port");
    let port: u16 = line.trim().parse().expect("the server prints its port");
    Server { child, url: Url::parse(&format!("https://127.0.0.1:{port}/")).expect("url") }
}

fn make_ca(dir: &Path) -> PathBuf {
    let ca = dir.join("ca");
    let ok = Command::new("bash").arg(Path::new(SUPPORT).join("test_ca.sh")).arg(&ca).status().expect("openssl");
    assert!(ok.success(), "test CA");
    ca
}

fn client(ca: &Path, timeout: Duration) -> reqwest::Client {
    let pem = std::fs::read(ca.join("ca.pem")).expect("ca.pem");
    reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).expect("pem"))
        .https_only(true)
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(3))
        .build()
        .expect("client")
}

/// Test data, not a real notice: 2027-02-08 as a day off, 2027-02-06 (a Saturday) worked.
const TEST_2027: &str = r#"{
  "year": 2027,
  "papers": ["https://example.invalid/TEST-DATA-not-a-real-notice"],
  "days": [
    {"name": "测试假日（测试数据）", "date": "2027-02-08", "isOffDay": true},
    {"name": "测试假日（测试数据）", "date": "2027-02-06", "isOffDay": false}
  ]
}
"#;

#[tokio::test]
async fn a_good_pack_over_https_is_verified_installed_and_put_into_use() {
    let _turn = TURN.lock().await;
    let tmp = scratch("good");
    let work = tmp.path().to_path_buf();
    let ca = make_ca(&work);
    let (key, trusted) = keys(&work.join("keys")).expect("keys");
    let mirror_dir = work.join("mirror");
    let bundled = ContentSet::bundled().manifest().version;
    publish(&work, &mirror_dir, &key, bundled + 1, |f| {
        let portals = f.get_mut("data/portals.toml").expect("portals");
        *portals =
            portals.replacen("国家药品监督管理局政务服务门户", "国家药品监督管理局政务服务门户（测试内容包）", 1);
        f.insert("data/holiday-cn/2027.json".into(), TEST_2027.into());
    })
    .expect("publish");
    let server = serve(&mirror_dir, &ca, 0.0);
    let c = Content::with_keys(work.join("content"), vec![server.url.clone()], trusted.clone());
    let before = assistant_core::workdays::has_data(2027);
    assert!(!before, "the bundled data has no 2027 notice");

    assert_eq!(c.check_once(&client(&ca, Duration::from_secs(10))).await, Ok(true));
    let pending = c.pending().expect("a pack is waiting");
    assert_eq!(pending.manifest().version, bundled + 1);
    // Waiting is not in use: nothing changed yet.
    assert_eq!(content::active().manifest().version, bundled);
    assert!(c.apply_pending());
    assert_eq!(content::active().manifest().version, bundled + 1);
    let nmpa = assistant_core::portals::view(Portal::Nmpa, assistant_core::lang::Lang::ZhCn).expect("nmpa");
    assert!(nmpa.name.contains("测试内容包"), "{}", nmpa.name);
    // The 2027 test year is now counted.
    assert!(assistant_core::workdays::has_data(2027));
    let d = |m, day| NaiveDate::from_ymd_opt(2027, m, day).expect("date");
    assert!(!assistant_core::workdays::is_working_day(d(2, 8)));
    assert!(assistant_core::workdays::is_working_day(d(2, 6)));
    // Asked again: up to date.
    assert_eq!(c.check_once(&client(&ca, Duration::from_secs(10))).await, Ok(false));

    // The next start finds the installed pack on disk.
    let again = Content::with_keys(work.join("content"), vec![], trusted);
    assert_eq!(content::active().manifest().version, bundled + 1);
    assert!(again.rollback().is_none());
}

#[tokio::test]
async fn a_tampered_pack_a_dead_mirror_and_a_slow_one_change_nothing() {
    let _turn = TURN.lock().await;
    let tmp = scratch("bad");
    let work = tmp.path().to_path_buf();
    let ca = make_ca(&work);
    let (key, trusted) = keys(&work.join("keys")).expect("keys");
    let mirror_dir = work.join("mirror");
    let bundled = ContentSet::bundled().manifest().version;
    let pack_path = publish(&work, &mirror_dir, &key, bundled + 5, |_| {}).expect("publish");
    let mut bytes = std::fs::read(&pack_path).expect("pack");
    let i = bytes.len() / 2;
    bytes[i] ^= 0x01;
    std::fs::write(&pack_path, bytes).expect("tamper");
    let store_dir = work.join("content");

    let server = serve(&mirror_dir, &ca, 0.0);
    let c = Content::with_keys(store_dir.clone(), vec![server.url.clone()], trusted.clone());
    let r = c.check_once(&client(&ca, Duration::from_secs(10))).await;
    assert!(r.is_err(), "{r:?}");
    assert_eq!(c.last_refusal(), Some(content::PackError::SignatureMismatch));
    assert!(c.pending().is_none());
    assert!(!store_dir.join("packs").exists() || std::fs::read_dir(store_dir.join("packs")).expect("dir").count() == 0);
    drop(server);

    // Nothing listens: refused at once.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = l.local_addr().expect("addr").port();
        drop(l);
        Url::parse(&format!("https://127.0.0.1:{port}/")).expect("url")
    };
    let c = Content::with_keys(store_dir.clone(), vec![dead], trusted.clone());
    let t = Instant::now();
    assert!(c.check_once(&client(&ca, Duration::from_secs(10))).await.is_err());
    assert!(t.elapsed() < Duration::from_secs(5), "a dead mirror took {:?}", t.elapsed());
    assert!(c.pending().is_none());

    // A mirror that answers too slowly: the timeout ends it, nothing changes.
    let slow = serve(&mirror_dir, &ca, 30.0);
    let c = Content::with_keys(store_dir.clone(), vec![slow.url.clone()], trusted);
    let t = Instant::now();
    assert!(c.check_once(&client(&ca, Duration::from_secs(2))).await.is_err());
    assert!(t.elapsed() < Duration::from_secs(10), "a slow mirror took {:?}", t.elapsed());
    assert!(c.pending().is_none());
    assert!(c.last_refusal().is_none(), "a timeout is not a refusal");
}

#[test]
fn a_published_pack_is_refused_from_a_mirror_file_name_that_leaves_it() {
    // The index names the pack; a name with a path is refused before any request (unit-tested in
    // content.rs); here the tool's own index uses plain names.
    let tmp = scratch("index");
    let work = tmp.path().to_path_buf();
    let (key, _) = keys(&work.join("keys")).expect("keys");
    publish(&work, &work.join("m"), &key, 99, |_| {}).expect("publish");
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(work.join("m").join("index.json")).expect("index")).expect("json");
    assert_eq!(index["pack"], "content-99.pack");
    assert!(pack::valid_path("data/content.toml"));
}
