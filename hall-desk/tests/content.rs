//! The desk as the hall's content-pack mirror (issue 24, issue 20's `content_mirrors`): a real
//! pack built, signed and indexed into `content_dir` with the maintainers' tool, served by the
//! real `hall-desk` binary over HTTPS and fetched the way the app's mirror client fetches it,
//! then installed by assistant-core's own store (signature, version, full validation). Every way
//! out of the folder is refused and shows nothing of what lies outside.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use assistant_core::content::{self, ContentSet, Store};
use common::*;
use content_pack::testing::{keys, publish};
use reqwest::StatusCode;
use sha2::{Digest, Sha256};

fn file_name(pack: &Path) -> String {
    pack.file_name().expect("pack name").to_string_lossy().into_owned()
}

fn header<'a>(r: &'a reqwest::Response, name: &str) -> &'a str {
    r.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

#[tokio::test]
async fn a_published_pack_is_served_over_https_and_the_app_installs_it() {
    let dir = TempDir::new("content-tls");
    let content_dir = dir.path().join("content");
    std::fs::create_dir_all(&content_dir).expect("content dir");
    let (key, trusted) = keys(&dir.path().join("keys")).expect("keys");
    let bundled = ContentSet::bundled().manifest().version;
    let pack_name = file_name(&publish(dir.path(), &content_dir, &key, bundled + 1, |_| {}).expect("publish"));
    let (cert, tls_key) = self_signed_cert(dir.path());
    let config = Desk::init(dir.path(), None, &format!("content_dir = \"{}\"", content_dir.display()));
    add_tls(&config, &cert, &tls_key);
    let desk = Desk::serve(&config);
    assert!(desk.base.starts_with("https://127.0.0.1:"), "{}", desk.base);
    // The mirror URL exactly as kiosk.toml's `content_mirrors` names it.
    let mirror = desk.url("/api/v1/content/");
    let c = tls_client(&cert);

    // index.json: the file's bytes, JSON, revalidated every time, dated.
    let r = c.get(format!("{mirror}index.json")).send().await.expect("index");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(&r, "content-type"), "application/json");
    assert_eq!(header(&r, "cache-control"), "no-cache");
    assert_eq!(header(&r, "x-content-type-options"), "nosniff");
    assert!(r.headers().contains_key("strict-transport-security"));
    let last_modified = header(&r, "last-modified").to_owned();
    assert!(last_modified.ends_with(" GMT"), "{last_modified:?}");
    let index_bytes = r.bytes().await.expect("body");
    assert_eq!(index_bytes.as_ref(), std::fs::read(content_dir.join("index.json")).expect("index").as_slice());
    let index: serde_json::Value = serde_json::from_slice(&index_bytes).expect("json");
    assert_eq!(index["pack"], pack_name.as_str());
    assert_eq!(index["version"], bundled + 1);

    // The pack and its signature, under the names the index gives (plain names: the app's rule).
    let (pack_file, sig_file) =
        (index["pack"].as_str().expect("pack").to_owned(), index["signature"].as_str().expect("sig").to_owned());
    assert!(content::mirror_file_name(&pack_file) && content::mirror_file_name(&sig_file));
    let r = c.get(format!("{mirror}{pack_file}")).send().await.expect("pack");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(&r, "content-type"), "application/octet-stream", "never gzip: nothing unpacks it early");
    assert!(!r.headers().contains_key("content-encoding"));
    assert_eq!(header(&r, "cache-control"), "public, max-age=3600");
    let on_disk = std::fs::read(content_dir.join(&pack_file)).expect("pack");
    assert_eq!(header(&r, "content-length"), on_disk.len().to_string());
    let pack = r.bytes().await.expect("pack body");
    assert_eq!(pack.as_ref(), on_disk.as_slice());
    assert_eq!(index["sha256"], api_hex(&Sha256::digest(&pack)));
    let r = c.get(format!("{mirror}{sig_file}")).send().await.expect("sig");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(&r, "content-type"), "text/plain; charset=utf-8");
    let sig = r.text().await.expect("sig text");
    assert_eq!(sig, std::fs::read_to_string(content_dir.join(&sig_file)).expect("sig"));

    // What the app does with them (src-tauri/src/content.rs `check_mirror`): assistant-core's
    // store verifies the signature, the version and the whole content, and installs it.
    let store = Store::new(dir.path().join("app-content"), trusted, env!("CARGO_PKG_VERSION"));
    let done = store.install(&pack, &sig, ContentSet::bundled().manifest()).expect("the app accepts the desk's pack");
    assert_eq!(done.set.manifest().version, bundled + 1);

    // HEAD: the headers without the body; a conditional GET: 304; a range: 206.
    let r = c.head(format!("{mirror}{pack_file}")).send().await.expect("head");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(&r, "content-length"), on_disk.len().to_string());
    assert!(r.bytes().await.expect("head body").is_empty());
    let r = c
        .get(format!("{mirror}index.json"))
        .header("If-Modified-Since", &last_modified)
        .send()
        .await
        .expect("conditional");
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
    let r = c.get(format!("{mirror}{pack_file}")).header("Range", "bytes=0-9").send().await.expect("range");
    assert_eq!(r.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(r.bytes().await.expect("range body").as_ref(), &on_disk[..10]);
    // Read-only: no other method.
    for method in [reqwest::Method::PUT, reqwest::Method::POST, reqwest::Method::DELETE] {
        let r = c.request(method.clone(), format!("{mirror}index.json")).body("{}").send().await.expect("write");
        assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED, "{method}");
    }
    assert_eq!(std::fs::read(content_dir.join("index.json")).expect("index"), index_bytes.as_ref());

    // A newer pack published into the same folder is what the next check sees.
    let newer = file_name(&publish(dir.path(), &content_dir, &key, bundled + 2, |_| {}).expect("publish"));
    let r = c.get(format!("{mirror}index.json")).send().await.expect("index");
    let index: serde_json::Value = r.json().await.expect("json");
    assert_eq!(index["pack"], newer.as_str());
}

fn api_hex(bytes: &[u8]) -> String {
    hall_desk::api::hex(bytes)
}

/// One raw HTTP/1.1 request, so that the path reaches the desk exactly as written (a client
/// library would normalise `..` away).
fn raw_get(addr: &str, target: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
    write!(s, "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").expect("write");
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, text)
}

/// VmHWM (peak resident memory) of a process, in KiB.
fn peak_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

#[tokio::test]
async fn nothing_outside_the_content_folder_is_served_and_large_files_stream() {
    let dir = TempDir::new("content-escape");
    let (content_dir, outside) = (dir.path().join("content"), dir.path().join("outside"));
    std::fs::create_dir_all(content_dir.join("sub")).expect("content dir");
    std::fs::create_dir_all(&outside).expect("outside");
    std::fs::write(content_dir.join("index.json"), "{\"pack\":\"content-1.pack\"}").expect("index");
    std::fs::write(content_dir.join(".hidden"), "SECRET-DOTFILE").expect("dotfile");
    std::fs::write(content_dir.join("sub").join("inner.json"), "SECRET-SUBDIR").expect("inner");
    std::fs::write(outside.join("secret.json"), "SECRET-OUTSIDE").expect("secret");
    std::os::unix::fs::symlink(outside.join("secret.json"), content_dir.join("escape.json")).expect("symlink");
    std::os::unix::fs::symlink("../outside", content_dir.join("out")).expect("dir symlink");
    std::os::unix::fs::symlink("index.json", content_dir.join("alias.json")).expect("inner symlink");
    let fifo = std::process::Command::new("mkfifo").arg(content_dir.join("fifo.pack")).status().expect("mkfifo");
    assert!(fifo.success());
    let config = Desk::init(dir.path(), None, &format!("content_dir = \"{}\"", content_dir.display()));
    let desk = Desk::serve(&config);
    let addr = desk.base.strip_prefix("http://").expect("plain loopback desk").to_owned();

    let secrets = ["SECRET-DOTFILE", "SECRET-SUBDIR", "SECRET-OUTSIDE", "root:x:0", "[desk]", "listen ="];
    let refused = [
        // (request target, status, error code)
        ("/api/v1/content/../outside/secret.json", 400, "bad_content_name"),
        ("/api/v1/content/../hall-desk.toml", 400, "bad_content_name"),
        ("/api/v1/content/%2e%2e%2foutside%2fsecret.json", 400, "bad_content_name"),
        ("/api/v1/content/%2E%2E/hall-desk.toml", 400, "bad_content_name"),
        ("/api/v1/content/..%5coutside%5csecret.json", 400, "bad_content_name"),
        ("/api/v1/content/..%2f..%2f..%2f..%2fetc%2fpasswd", 400, "bad_content_name"),
        ("/api/v1/content//etc/passwd", 400, "bad_content_name"),
        ("/api/v1/content/%2fetc%2fpasswd", 400, "bad_content_name"),
        ("/api/v1/content/sub/inner.json", 400, "bad_content_name"),
        ("/api/v1/content/out/secret.json", 400, "bad_content_name"),
        ("/api/v1/content/.hidden", 400, "bad_content_name"),
        ("/api/v1/content/%2ehidden", 400, "bad_content_name"),
        ("/api/v1/content/escape.json", 404, "no_content_file"),
        ("/api/v1/content/out", 404, "no_content_file"),
        ("/api/v1/content/sub", 404, "no_content_file"),
        ("/api/v1/content/fifo.pack", 404, "no_content_file"),
        ("/api/v1/content/content-9.pack", 404, "no_content_file"),
    ];
    for (target, status, code) in refused {
        let (got, text) = raw_get(&addr, target);
        assert_eq!(got, status, "{target}: {text}");
        assert!(text.contains(&format!("\"error\":\"{code}\"")), "{target}: {text}");
        for secret in secrets {
            assert!(!text.contains(secret), "{target} leaked {secret}");
        }
    }
    // A backslash is not even a valid request target: the HTTP layer refuses it.
    let (got, text) = raw_get(&addr, "/api/v1/content/..\\outside\\secret.json");
    assert_eq!(got, 400, "{text}");
    assert!(!text.contains("SECRET-OUTSIDE"));
    // A symlink that stays inside the folder is fine.
    let (got, text) = raw_get(&addr, "/api/v1/content/alias.json");
    assert_eq!(got, 200, "{text}");
    assert!(text.contains("content-1.pack"));

    // A file far larger than any request body the desk accepts streams through without the
    // desk holding it in memory.
    const BIG: usize = 96 * 1024 * 1024;
    let block: Vec<u8> = (0..1024 * 1024).map(|i: usize| (i.wrapping_mul(31) % 251) as u8).collect();
    {
        let mut f = std::fs::File::create(content_dir.join("big.pack")).expect("big");
        for i in 0..BIG / block.len() {
            let mut b = block.clone();
            b[0] = i as u8;
            f.write_all(&b).expect("write");
        }
    }
    let expected = Sha256::digest(std::fs::read(content_dir.join("big.pack")).expect("big"));
    let before = peak_kib(desk.child.id());
    let mut r = client().get(desk.url("/api/v1/content/big.pack")).send().await.expect("big");
    assert_eq!(r.status(), StatusCode::OK);
    let (mut hasher, mut len) = (Sha256::new(), 0usize);
    while let Some(chunk) = r.chunk().await.expect("chunk") {
        hasher.update(&chunk);
        len += chunk.len();
    }
    assert_eq!(len, BIG);
    assert_eq!(hasher.finalize(), expected);
    let grew = peak_kib(desk.child.id()).saturating_sub(before);
    assert!(grew < 32 * 1024, "serving {BIG} bytes raised the desk's peak memory by {grew} KiB");
}

#[test]
fn init_sets_up_the_mirror_and_a_missing_folder_stops_the_desk() {
    let dir = TempDir::new("content-init");
    let content_dir = dir.path().join("srv").join("content");
    let config = dir.path().join("hall-desk.toml");
    let out = std::process::Command::new(BIN)
        .args(["init", "--config"])
        .arg(&config)
        .args(["--listen", "127.0.0.1:0", "--database"])
        .arg(format!("sqlite://{}", dir.path().join("desk.db").display()))
        .arg("--content-dir")
        .arg(&content_dir)
        .output()
        .expect("init");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(content_dir.is_dir(), "init creates the folder");
    let text = std::fs::read_to_string(&config).expect("config");
    assert!(text.contains(&format!("content_dir = \"{}\"", content_dir.display())), "{text}");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("content_mirrors = [\"http://127.0.0.1:0/api/v1/content/\"]"), "{said}");
    assert!(said.contains("https://"), "it says kiosks need an https mirror: {said}");

    // The folder gone: serve refuses to start and names it.
    std::fs::remove_dir_all(&content_dir).expect("remove");
    let out = std::process::Command::new(BIN).args(["serve", "--config"]).arg(&config).output().expect("serve");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("content_dir") && err.contains(&content_dir.display().to_string()), "{err}");
}
