//! The maintainers' path end to end on the repository's own data folders: a new key, a pack
//! built and validated, signed, verified, indexed; a flipped byte or another key is caught.

use std::path::PathBuf;

fn run(args: &[&str]) -> Result<String, String> {
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    content_pack::run(&args).map_err(|e| e.to_string())
}

/// A fresh directory for one test, removed when the test ends, passed or failed.
fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new().prefix(&format!("aa-content-tool-{name}-")).tempdir().expect("scratch")
}

#[test]
fn build_sign_verify_index() {
    let tmp = scratch("path");
    let d = tmp.path().to_path_buf();
    let keys = d.join("keys");
    let pack = d.join("content-1.pack");
    let p = |x: &PathBuf| x.display().to_string();
    run(&["keygen", "--out", &p(&keys)]).expect("keygen");
    assert!(run(&["keygen", "--out", &p(&keys)]).expect_err("no overwrite").contains("already exists"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(keys.join("content.key")).expect("key").permissions().mode();
        assert_eq!(mode & 0o077, 0, "the secret key must be private to its owner");
    }
    let built = run(&["build", "--out", &p(&pack)]).expect("build from the repository's data folders");
    assert!(built.contains("content pack version"), "{built}");
    run(&["sign", "--key", &p(&keys.join("content.key")), &p(&pack)]).expect("sign");
    let pubkey = p(&keys.join("content.pub"));
    run(&["verify", "--pubkey", &pubkey, &p(&pack)]).expect("verify");
    // The production keys are not this test key.
    assert!(run(&["verify", &p(&pack)]).is_err());
    run(&["index", &p(&pack)]).expect("index");
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("index.json")).expect("index.json")).expect("json");
    assert_eq!(index["pack"], "content-1.pack");
    assert_eq!(index["signature"], "content-1.pack.minisig");
    assert_eq!(index["size"].as_u64(), Some(std::fs::metadata(&pack).expect("pack").len()));

    let mut bytes = std::fs::read(&pack).expect("pack");
    let i = bytes.len() / 3;
    bytes[i] ^= 0x40;
    std::fs::write(&pack, bytes).expect("tamper");
    let err = run(&["verify", "--pubkey", &pubkey, &p(&pack)]).expect_err("tampered");
    assert!(err.contains("signature"), "{err}");
}

#[test]
fn a_broken_data_folder_is_refused_before_anything_is_written() {
    let tmp = scratch("broken");
    let d = tmp.path().to_path_buf();
    let src = d.join("core");
    for (path, text) in [
        ("data/content.toml", "version = 2\nschema = 1\nmin_app = \"0.1.0\"\nreleased = \"2026-12-01\"\n"),
        ("data/topics.toml", "[[topic]\nbroken"),
        ("guides/x.toml", ""),
    ] {
        let f = src.join(path);
        std::fs::create_dir_all(f.parent().expect("parent")).expect("dir");
        std::fs::write(f, text).expect("write");
    }
    let out = d.join("p.pack");
    let err = run(&["build", "--source", &src.display().to_string(), "--out", &out.display().to_string()])
        .expect_err("invalid TOML");
    assert!(err.contains("topics.toml"), "{err}");
    assert!(!out.exists());
}

#[test]
fn usage_errors_say_what_is_missing() {
    assert!(run(&[]).expect_err("no command").contains("no command"));
    assert!(run(&["sign", "x.pack"]).expect_err("no key").contains("--key"));
    assert!(run(&["frobnicate"]).expect_err("unknown").contains("frobnicate"));
}
