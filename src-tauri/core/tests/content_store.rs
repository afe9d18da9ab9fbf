//! Content packs on disk (issue 20): signed packs made by the test with a throwaway key, every
//! kind of refusal leaving the installed content untouched, rollback of a pack that no longer
//! loads, and the process killed at every step of an install (several times each): the next
//! start sees the old pack or the new one, never a mixture.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use assistant_core::content::{self, pack, ContentPart, ContentSet, InstallStep, PackError, Store, TrustedKeys};
use minisign::KeyPair;

struct Signer {
    pair: KeyPair,
}

impl Signer {
    fn new() -> Signer {
        Signer { pair: KeyPair::generate_unencrypted_keypair().expect("test key") }
    }

    fn public(&self) -> String {
        self.pair.pk.to_base64()
    }

    fn keys(&self) -> TrustedKeys {
        TrustedKeys::only(&self.public()).expect("test key decodes")
    }

    fn sign(&self, bytes: &[u8]) -> String {
        minisign::sign(None, &self.pair.sk, bytes, Some("test pack"), None).expect("sign").to_string()
    }
}

/// The bundled files with the manifest's version set, after `edit`.
fn files(version: u32, edit: impl FnOnce(&mut BTreeMap<String, String>)) -> BTreeMap<String, String> {
    let mut files = ContentSet::bundled().to_files();
    let manifest = files.get_mut(content::MANIFEST_PATH).expect("manifest");
    let mut lines: Vec<String> = manifest.lines().map(str::to_owned).collect();
    for l in &mut lines {
        if l.starts_with("version = ") {
            *l = format!("version = {version}");
        }
    }
    *manifest = lines.join("\n") + "\n";
    edit(&mut files);
    files
}

fn pack_bytes(files: &BTreeMap<String, String>) -> Vec<u8> {
    pack::write(files).expect("pack")
}

/// A fresh directory for one test, removed when the test ends, passed or failed.
fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new().prefix(&format!("aa-content-{name}-")).tempdir().expect("scratch")
}

const APP: &str = env!("CARGO_PKG_VERSION");
const MARK: &str = "测试内容包标记";

/// A pack whose topics file carries a visible marker, so tests can tell which content loaded.
fn marked(version: u32) -> BTreeMap<String, String> {
    files(version, |f| {
        let topics = f.get_mut("data/topics.toml").expect("topics");
        topics.push_str(&format!("\n# {MARK} {version}\n"));
    })
}

/// A fact node that nothing leads to, for the first flow of `guides/jszg.toml`.
const ORPHAN_NODE: &str = r#"
[[flow.node]]
id = "f_orphan"
kind = "fact"
next = "a_reset"
source = { ref = "jszg_faq", section = "账号注册问题" }
text.zh-CN = "没有任何一步通向这里。"
text.zh-TW = "沒有任何一步通向這裡。"
text.en = "No step leads here."
"#;

fn marker_of(set: &ContentSet) -> Option<u32> {
    let topics = set.text("data/topics.toml")?;
    topics.lines().find_map(|l| l.strip_prefix(&format!("# {MARK} ")).and_then(|v| v.trim().parse().ok()))
}

fn bundled_manifest() -> content::Manifest {
    ContentSet::bundled().manifest().clone()
}

fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.display().to_string(), std::fs::read(&p).unwrap_or_default()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_good_pack_installs_and_is_loaded_at_the_next_start() {
    let s = Signer::new();
    let tmp = scratch("good");
    let dir = tmp.path().to_path_buf();
    let store = Store::new(&dir, s.keys(), APP);
    let bytes = pack_bytes(&marked(5));
    let done = store.install(&bytes, &s.sign(&bytes), &bundled_manifest()).expect("install");
    assert_eq!(done.set.manifest().version, 5);
    let loaded = Store::new(&dir, s.keys(), APP).load();
    assert!(loaded.rollback.is_none());
    assert_eq!(loaded.set.manifest().version, 5);
    assert_eq!(marker_of(&loaded.set), Some(5));
}

#[test]
fn every_bad_pack_is_refused_with_its_own_reason_and_nothing_changes() {
    let s = Signer::new();
    let tmp = scratch("refusals");
    let dir = tmp.path().to_path_buf();
    let store = Store::new(&dir, s.keys(), APP);
    let good = pack_bytes(&marked(3));
    store.install(&good, &s.sign(&good), &bundled_manifest()).expect("first pack");
    let before = listing(&dir);
    let active = store.load().set.manifest().clone();

    // One byte changed after signing.
    let mut tampered = pack_bytes(&marked(4));
    let sig = s.sign(&tampered);
    let mid = tampered.len() / 2;
    tampered[mid] ^= 0x01;
    assert_eq!(store.install(&tampered, &sig, &active).err(), Some(PackError::SignatureMismatch));

    // Signed by someone else.
    let other = Signer::new();
    let newer = pack_bytes(&marked(4));
    assert_eq!(store.install(&newer, &other.sign(&newer), &active).err(), Some(PackError::UnknownKey));

    // Older than (or as old as) the active pack.
    let older = pack_bytes(&marked(2));
    assert_eq!(store.install(&older, &s.sign(&older), &active).err(), Some(PackError::NotNewer { pack: 2, active: 3 }));

    // Made for a newer schema.
    let future = pack_bytes(&files(4, |f| {
        let m = f.get_mut(content::MANIFEST_PATH).expect("manifest");
        *m = m.replace("schema = 1", "schema = 2");
    }));
    assert_eq!(
        store.install(&future, &s.sign(&future), &active).err(),
        Some(PackError::Schema { pack: 2, app: content::SCHEMA_VERSION })
    );

    // Needs a newer app.
    let needs = pack_bytes(&files(4, |f| {
        let m = f.get_mut(content::MANIFEST_PATH).expect("manifest");
        *m = m.replace("min_app = \"0.1.0\"", "min_app = \"99.0.0\"");
    }));
    assert!(matches!(store.install(&needs, &s.sign(&needs), &active), Err(PackError::AppTooOld { .. })));

    // A file that is not valid TOML.
    let broken = pack_bytes(&files(4, |f| {
        f.insert("data/topics.toml".into(), "[[topic]\nid = ".into());
    }));
    assert!(matches!(
        store.install(&broken, &s.sign(&broken), &active),
        Err(PackError::Invalid { part: ContentPart::Syntax, .. })
    ));

    // A guide with a node no path reaches: the guide validator's own refusal.
    let orphan = pack_bytes(&files(4, |f| {
        let jszg = f.get_mut("guides/jszg.toml").expect("jszg guide");
        let second_flow = jszg.match_indices("\n[[flow]]\n").nth(1).map(|(i, _)| i).expect("two flows");
        jszg.insert_str(second_flow, ORPHAN_NODE);
    }));
    let e = store.install(&orphan, &s.sign(&orphan), &active).expect_err("an unreachable node is refused");
    let PackError::Invalid { part, detail } = &e else { panic!("refused for another reason: {e:?}") };
    assert_eq!(*part, ContentPart::Guides, "{detail}");
    assert!(detail.contains("node `f_orphan` cannot be reached from the start"), "{detail}");
    assert!(e.message().zh_cn.contains("走不到的步骤"), "{}", e.message().zh_cn);

    // Each other family is refused by its own check, named in the message.
    let refused = |edit: &dyn Fn(&mut BTreeMap<String, String>)| {
        let b = pack_bytes(&files(4, edit));
        match store.install(&b, &s.sign(&b), &active) {
            Err(PackError::Invalid { part, .. }) => part,
            other => panic!("expected a refusal, got {other:?}"),
        }
    };
    let replace = |f: &mut BTreeMap<String, String>, path: &str, from: &str, to: &str| {
        let t = f.get_mut(path).expect(path);
        assert!(t.contains(from), "{path} lacks {from}");
        *t = t.replacen(from, to, 1);
    };
    assert_eq!(
        refused(&|f| replace(f, "data/sources.toml", "[[source]]\nid = \"", "[[source]]\nid = \"Bad Id ")),
        ContentPart::Sources
    );
    assert_eq!(refused(&|f| replace(f, "data/forms/nmpa_login.toml", "https://", "http://")), ContentPart::Forms);
    assert_eq!(
        refused(&|f| {
            f.insert("data/search/keywords.toml".into(), "[[synonyms]]\ngroup = [\"only one\"]\n".into());
        }),
        ContentPart::SearchKeywords
    );
    assert_eq!(refused(&|f| replace(f, "data/photo/presets.toml", "width = 295\n", "")), ContentPart::PhotoPresets);
    // A guide citing a source the pack does not declare.
    assert_eq!(
        refused(&|f| replace(f, "guides/jszg.toml", "ref = \"jszg_faq\"", "ref = \"not_declared\"")),
        ContentPart::Guides
    );

    assert_eq!(listing(&dir), before, "a refused pack must leave the installed content untouched");
    assert_eq!(marker_of(&store.load().set), Some(3));
    // Each refusal has its own message for the applicant.
    let messages: std::collections::BTreeSet<String> = [
        PackError::SignatureMismatch,
        PackError::UnknownKey,
        PackError::NotNewer { pack: 2, active: 3 },
        PackError::Schema { pack: 2, app: 1 },
        PackError::AppTooOld { need: "99.0.0".into(), have: APP.into() },
        PackError::Invalid { part: ContentPart::Topics, detail: String::new() },
        PackError::Invalid { part: ContentPart::Guides, detail: String::new() },
        PackError::Invalid { part: ContentPart::Forms, detail: String::new() },
        PackError::Invalid { part: ContentPart::SearchKeywords, detail: String::new() },
        PackError::Invalid { part: ContentPart::PhotoPresets, detail: String::new() },
        PackError::Invalid { part: ContentPart::Sources, detail: String::new() },
        PackError::Archive(String::new()),
    ]
    .iter()
    .map(|e| e.message().zh_cn)
    .collect();
    assert_eq!(messages.len(), 12, "refusals must not share a message");
}

#[test]
fn a_pack_that_no_longer_verifies_is_rolled_back_to_the_last_good_then_the_bundled() {
    let s = Signer::new();
    let tmp = scratch("rollback");
    let dir = tmp.path().to_path_buf();
    let store = Store::new(&dir, s.keys(), APP);
    for v in [6, 7] {
        let b = pack_bytes(&marked(v));
        let active = store.load().set.manifest().clone();
        store.install(&b, &s.sign(&b), &active).expect("install");
    }
    assert_eq!(marker_of(&store.load().set), Some(7));

    // The active pack is damaged on disk (a bad sector, a tool that "cleaned" it).
    let p7 = dir.join("packs").join("7.pack");
    let mut bytes = std::fs::read(&p7).expect("pack on disk");
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&p7, bytes).expect("damage");
    let out = store.load();
    assert_eq!(marker_of(&out.set), Some(6), "rolled back to the last good pack");
    let rb = out.rollback.expect("the rollback is reported");
    assert_eq!(rb.version, 7);
    // The next start is quiet: the broken pack is gone and 6 is active.
    let again = store.load();
    assert!(again.rollback.is_none());
    assert_eq!(marker_of(&again.set), Some(6));

    // Now 6 breaks too (its signature file vanished): the bundled content is used.
    std::fs::remove_file(dir.join("packs").join("6.pack.minisig")).expect("remove sig");
    let out = store.load();
    assert_eq!(out.set.origin(), content::Origin::Bundled);
    assert_eq!(out.rollback.map(|r| r.version), Some(6));
}

#[test]
fn a_pack_is_validated_in_full_once_per_app_version_and_its_signature_at_every_start() {
    let s = Signer::new();
    let tmp = scratch("validated-once");
    let dir = tmp.path().to_path_buf();
    let v = bundled_manifest().version + 1;
    let store = Store::new(&dir, s.keys(), APP);
    let b = pack_bytes(&marked(v));
    store.install(&b, &s.sign(&b), &bundled_manifest()).expect("install");
    let state = std::fs::read_to_string(dir.join("state.json")).expect("state");
    assert!(state.contains(&format!("\"{v}\": \"{APP}\"")), "the install records who validated it: {state}");

    // A correctly signed pack whose guides do not validate, recorded as validated by this app
    // version (as a pack of an older, laxer app would be after that app's starts): this app
    // version trusts its own record and loads it without parsing every guide again...
    let bad = pack_bytes(&files(v, |f| {
        let jszg = f.get_mut("guides/jszg.toml").expect("jszg guide");
        let second_flow = jszg.match_indices("\n[[flow]]\n").nth(1).map(|(i, _)| i).expect("two flows");
        jszg.insert_str(second_flow, ORPHAN_NODE);
    }));
    std::fs::write(dir.join("packs").join(format!("{v}.pack")), &bad).expect("pack");
    std::fs::write(dir.join("packs").join(format!("{v}.pack.minisig")), s.sign(&bad)).expect("sig");
    let out = store.load();
    assert_eq!(out.set.origin(), content::Origin::Installed);
    assert!(out.rollback.is_none());

    // ...but an updated app validates what it inherits, and rolls the pack back.
    let updated = Store::new(&dir, s.keys(), "99.0.0");
    let out = updated.load();
    assert_eq!(out.set.origin(), content::Origin::Bundled);
    let rb = out.rollback.expect("the updated app refuses the pack");
    assert!(matches!(rb.error, PackError::Invalid { part: ContentPart::Guides, .. }), "{:?}", rb.error);

    // A good pack validated by the older app: the updated app validates it once and records it.
    let b = pack_bytes(&marked(v + 1));
    store.install(&b, &s.sign(&b), &bundled_manifest()).expect("install");
    assert_eq!(marker_of(&updated.load().set), Some(v + 1));
    let state = std::fs::read_to_string(dir.join("state.json")).expect("state");
    assert!(state.contains(&format!("\"{}\": \"99.0.0\"", v + 1)), "{state}");

    // Changed bytes never pass on the strength of that record: the signature is checked each time.
    let p = dir.join("packs").join(format!("{}.pack", v + 1));
    let mut bytes = std::fs::read(&p).expect("pack");
    let last = bytes.len() - 1;
    bytes[last] ^= 0x55;
    std::fs::write(&p, bytes).expect("tamper");
    let out = updated.load();
    assert_eq!(out.set.origin(), content::Origin::Bundled);
    assert_eq!(out.rollback.map(|r| r.version), Some(v + 1));
}

#[test]
fn a_pack_older_than_the_bundled_content_is_ignored() {
    // An app update shipped content newer than the installed pack: the bundled one wins.
    let s = Signer::new();
    let tmp = scratch("older-than-bundled");
    let dir = tmp.path().to_path_buf();
    std::fs::create_dir_all(dir.join("packs")).expect("dir");
    let bundled = bundled_manifest().version;
    let b = pack_bytes(&marked(bundled));
    std::fs::write(dir.join("packs").join(format!("{bundled}.pack")), &b).expect("pack");
    std::fs::write(dir.join("packs").join(format!("{bundled}.pack.minisig")), s.sign(&b)).expect("sig");
    std::fs::write(dir.join("state.json"), format!("{{\"active\":{bundled},\"last_good\":null}}")).expect("state");
    let out = Store::new(&dir, s.keys(), APP).load();
    assert_eq!(out.set.origin(), content::Origin::Bundled);
    assert!(out.rollback.is_none());
}

#[test]
fn damaged_state_files_fall_back_to_the_bundled_content() {
    let s = Signer::new();
    for junk in [&b""[..], b"{", b"\xff\xfe", b"{\"active\": 4294967295}", b"[]"] {
        let tmp = scratch("state-junk");
        let dir = tmp.path().to_path_buf();
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join("state.json"), junk).expect("state");
        let out = Store::new(&dir, s.keys(), APP).load();
        assert_eq!(out.set.origin(), content::Origin::Bundled);
    }
}

const STEPS: [InstallStep; 5] = [
    InstallStep::Verified,
    InstallStep::SignatureWritten,
    InstallStep::PackWritten,
    InstallStep::StateWritten,
    InstallStep::Pruned,
];

/// Child half of the crash test: installs pack 9 over pack 8 and aborts at step `AA_CRASH_STEP`.
#[test]
fn crash_child() {
    let (Ok(dir), Ok(step), Ok(key)) =
        (std::env::var("AA_CRASH_DIR"), std::env::var("AA_CRASH_STEP"), std::env::var("AA_CRASH_KEY"))
    else {
        return; // only meaningful when the crash test starts it
    };
    let step: usize = step.parse().expect("step");
    let pack = std::fs::read(Path::new(&dir).join("incoming.pack")).expect("incoming");
    let sig = std::fs::read_to_string(Path::new(&dir).join("incoming.pack.minisig")).expect("sig");
    let store = Store::new(Path::new(&dir).join("content"), TrustedKeys::only(&key).expect("key"), APP);
    let active = store.load().set.manifest().clone();
    let _ = store.install_with(&pack, &sig, &active, &mut |s| {
        if STEPS.iter().position(|x| *x == s) == Some(step) {
            std::process::abort();
        }
    });
    // Past the last step without a crash: also fine, exit normally.
}

#[test]
fn killed_at_every_step_of_an_install_the_next_start_has_the_old_or_the_new_pack() {
    let s = Signer::new();
    let exe = std::env::current_exe().expect("test binary");
    for round in 0..3 {
        for step in 0..=STEPS.len() {
            let tmp = scratch(&format!("crash-{round}-{step}"));
            let dir = tmp.path().to_path_buf();
            let store = Store::new(dir.join("content"), s.keys(), APP);
            let old = pack_bytes(&marked(8));
            store.install(&old, &s.sign(&old), &bundled_manifest()).expect("old pack");
            let new = pack_bytes(&marked(9));
            std::fs::write(dir.join("incoming.pack"), &new).expect("incoming");
            std::fs::write(dir.join("incoming.pack.minisig"), s.sign(&new)).expect("sig");
            let status = Command::new(&exe)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
                .env("AA_CRASH_DIR", &dir)
                .env("AA_CRASH_STEP", step.to_string())
                .env("AA_CRASH_KEY", s.public())
                .status()
                .expect("child");
            if step < STEPS.len() {
                assert!(!status.success(), "the child should have died at step {step}");
            }
            let out = store.load();
            let seen = marker_of(&out.set);
            assert!(out.rollback.is_none(), "round {round} step {step}: {:?}", out.rollback);
            // Steps before the state flip keep 8; from the flip on, 9. Never anything else.
            let want = if step < 3 { 8 } else { 9 };
            assert_eq!(seen, Some(want), "round {round}, killed after step {step}");
            assert_eq!(out.set.manifest().version, want);
            // The files behind the active set are exactly one pack's files.
            let expected = if want == 8 { marked(8) } else { marked(9) };
            assert_eq!(out.set.to_files(), expected, "a mixture of packs after a crash at step {step}");
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}
