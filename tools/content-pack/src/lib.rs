//! The commands of `aa-content` (the maintainers' content-pack tool), as functions the tests call.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assistant_core::content::{self, pack, ContentSet, Origin, TrustedKeys};
use minisign::{KeyPair, PublicKey, SecretKey, SecretKeyBox};
use sha2::{Digest, Sha256};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum ToolError {
    #[error(
        "{0}\n\nusage: aa-content keygen|build|sign|verify|index … (see the README, \"Publishing content packs\")"
    )]
    Usage(String),
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    #[error("the pack is refused: {0}")]
    Pack(#[from] content::PackError),
    #[error("signing key: {0}")]
    Key(String),
    #[error("{0} already exists: refusing to overwrite a key")]
    Exists(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ToolError + '_ {
    move |e| ToolError::Io(path.display().to_string(), e)
}

/// `--name value` options and the remaining positional arguments.
fn options(args: &[String]) -> Result<(BTreeMap<String, String>, Vec<String>), ToolError> {
    let mut opts = BTreeMap::new();
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(name) = a.strip_prefix("--") {
            let value = it.next().ok_or_else(|| ToolError::Usage(format!("--{name} needs a value")))?;
            opts.insert(name.to_owned(), value.clone());
        } else {
            rest.push(a.clone());
        }
    }
    Ok((opts, rest))
}

pub fn run(args: &[String]) -> Result<String, ToolError> {
    let (cmd, rest) = args.split_first().ok_or_else(|| ToolError::Usage("no command".into()))?;
    let (opts, pos) = options(rest)?;
    let need = |name: &str| opts.get(name).cloned().ok_or_else(|| ToolError::Usage(format!("--{name} is required")));
    let one = || pos.first().cloned().ok_or_else(|| ToolError::Usage("which pack?".into()));
    match cmd.as_str() {
        "keygen" => keygen(Path::new(&need("out")?)),
        "build" => {
            let source = opts.get("source").map(PathBuf::from).unwrap_or_else(default_source);
            build(&source, Path::new(&need("out")?))
        }
        "sign" => sign(Path::new(&need("key")?), Path::new(&one()?)),
        "verify" => verify(opts.get("pubkey").map(Path::new), Path::new(&one()?)),
        "index" => index(Path::new(&one()?)),
        other => Err(ToolError::Usage(format!("unknown command `{other}`"))),
    }
}

/// `src-tauri/core` of this workspace (the tool is run from the repository).
fn default_source() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src-tauri/core")
}

fn password() -> Option<String> {
    std::env::var("AA_CONTENT_KEY_PASSWORD").ok().filter(|p| !p.is_empty())
}

/// Writes `content.key` (secret: keep it off the repository) and `content.pub`.
pub fn keygen(dir: &Path) -> Result<String, ToolError> {
    fs::create_dir_all(dir).map_err(io(dir))?;
    let (sk_path, pk_path) = (dir.join("content.key"), dir.join("content.pub"));
    for p in [&sk_path, &pk_path] {
        if p.exists() {
            return Err(ToolError::Exists(p.display().to_string()));
        }
    }
    let pair = match password() {
        Some(pw) => KeyPair::generate_encrypted_keypair(Some(pw)),
        None => KeyPair::generate_unencrypted_keypair(),
    }
    .map_err(|e| ToolError::Key(e.to_string()))?;
    let sk_box = pair.sk.to_box(Some("applicant-assistant content key")).map_err(|e| ToolError::Key(e.to_string()))?;
    let pk_box = pair.pk.to_box().map_err(|e| ToolError::Key(e.to_string()))?;
    write_private(&sk_path, sk_box.to_string().as_bytes())?;
    fs::write(&pk_path, pk_box.to_string()).map_err(io(&pk_path))?;
    Ok(format!(
        "wrote {} (secret: never commit it) and {}\npublic key for content::PRODUCTION_KEYS: {}",
        sk_path.display(),
        pk_path.display(),
        pair.pk.to_base64()
    ))
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), ToolError> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path).map_err(io(path))?;
    f.write_all(bytes).map_err(io(path))
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), ToolError> {
    fs::write(path, bytes).map_err(io(path))
}

/// Every file under `source/data` and `source/guides`, as pack paths.
fn read_folders(source: &Path) -> Result<BTreeMap<String, String>, ToolError> {
    fn walk(dir: &Path, rel: &str, out: &mut BTreeMap<String, String>) -> Result<(), ToolError> {
        let mut entries: Vec<_> = fs::read_dir(dir).map_err(io(dir))?.flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let path = format!("{rel}/{name}");
            if p.is_dir() {
                walk(&p, &path, out)?;
            } else {
                out.insert(path, fs::read_to_string(&p).map_err(io(&p))?);
            }
        }
        Ok(())
    }
    let mut files = BTreeMap::new();
    for root in pack::ROOTS {
        walk(&source.join(root), root, &mut files)?;
    }
    Ok(files)
}

/// Packs the folders after running every check the app runs on a downloaded pack.
pub fn build(source: &Path, out: &Path) -> Result<String, ToolError> {
    let files = read_folders(source)?;
    let set = std::sync::Arc::new(ContentSet::from_files(files, Origin::Installed)?);
    content::validate(&set)?;
    let bytes = pack::write(&set.to_files())?;
    fs::write(out, &bytes).map_err(io(out))?;
    let m = set.manifest();
    Ok(format!(
        "{}: content pack version {} (schema {}, app ≥ {}, released {}), {} files, {} bytes",
        out.display(),
        m.version,
        m.schema,
        m.min_app,
        m.released,
        set.paths().count(),
        bytes.len()
    ))
}

fn sig_path(pack: &Path) -> PathBuf {
    let mut s = pack.as_os_str().to_owned();
    s.push(".minisig");
    PathBuf::from(s)
}

/// Signs a pack; the trusted comment names the pack's version (signed too).
pub fn sign(key: &Path, pack_path: &Path) -> Result<String, ToolError> {
    let text = fs::read_to_string(key).map_err(io(key))?;
    let sk_box = SecretKeyBox::from_string(&text).map_err(|e| ToolError::Key(e.to_string()))?;
    let sk = match password() {
        Some(pw) => SecretKey::from_box(sk_box, Some(pw)),
        None => SecretKey::from_unencrypted_box(sk_box),
    }
    .map_err(|e| ToolError::Key(format!("{e} (a password-protected key needs AA_CONTENT_KEY_PASSWORD)")))?;
    let bytes = fs::read(pack_path).map_err(io(pack_path))?;
    let set = ContentSet::from_files(pack::read(&bytes)?, Origin::Installed)?;
    let comment = format!("applicant-assistant content pack version {}", set.manifest().version);
    let sig = minisign::sign(None, &sk, &bytes[..], Some(&comment), None).map_err(|e| ToolError::Key(e.to_string()))?;
    let out = sig_path(pack_path);
    fs::write(&out, sig.to_string()).map_err(io(&out))?;
    Ok(format!("wrote {}", out.display()))
}

/// Verifies a pack as the app would: signature, readable by this version, every check.
pub fn verify(pubkey: Option<&Path>, pack_path: &Path) -> Result<String, ToolError> {
    let keys = match pubkey {
        Some(p) => {
            let text = fs::read_to_string(p).map_err(io(p))?;
            let pk = PublicKey::from_box(text.into()).map_err(|e| ToolError::Key(e.to_string()))?;
            TrustedKeys::only(&pk.to_base64())?
        }
        None => TrustedKeys::production(),
    };
    let bytes = fs::read(pack_path).map_err(io(pack_path))?;
    let sig_file = sig_path(pack_path);
    let sig = fs::read_to_string(&sig_file).map_err(io(&sig_file))?;
    content::verify(&bytes, &sig, &keys)?;
    let set = std::sync::Arc::new(ContentSet::from_files(pack::read(&bytes)?, Origin::Installed)?);
    set.manifest().readable_by(env!("CARGO_PKG_VERSION"))?;
    content::validate(&set)?;
    Ok(format!("{}: signature good, content pack version {} valid", pack_path.display(), set.manifest().version))
}

/// The mirrors' `index.json`: what the newest pack is, so apps fetch the pack only when newer.
pub fn index(pack_path: &Path) -> Result<String, ToolError> {
    let bytes = fs::read(pack_path).map_err(io(pack_path))?;
    let set = ContentSet::from_files(pack::read(&bytes)?, Origin::Installed)?;
    let m = set.manifest();
    let name = pack_path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let index = serde_json::json!({
        "version": m.version,
        "schema": m.schema,
        "min_app": m.min_app,
        "released": m.released,
        "pack": name,
        "signature": format!("{name}.minisig"),
        "size": bytes.len(),
        "sha256": Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect::<String>(),
    });
    let out = pack_path.with_file_name("index.json");
    let text = serde_json::to_string_pretty(&index).map_err(|e| ToolError::Key(e.to_string()))?;
    fs::write(&out, text).map_err(io(&out))?;
    Ok(format!("wrote {}", out.display()))
}

/// Publishing as a maintainer or a hall does it, for the content tests of the app
/// (`src-tauri/tests/content_delivery.rs`) and of the desk (`hall-desk/tests/content.rs`): one
/// helper, not a copy in each. Not part of the tool's interface.
#[doc(hidden)]
pub mod testing {
    use super::*;

    /// A throwaway key pair written into `dir`: the secret key's path and the public key the app
    /// would trust.
    pub fn keys(dir: &Path) -> Result<(PathBuf, TrustedKeys), ToolError> {
        keygen(dir)?;
        let pub_path = dir.join("content.pub");
        let text = fs::read_to_string(&pub_path).map_err(io(&pub_path))?;
        let pk = PublicKey::from_box(text.into()).map_err(|e| ToolError::Key(e.to_string()))?;
        Ok((dir.join("content.key"), TrustedKeys::only(&pk.to_base64())?))
    }

    /// The bundled content as pack `version`, changed by `edit`, written as folders under `work`,
    /// then built into `dir/content-VERSION.pack`, signed with `key` and indexed (`index.json`
    /// beside it). Returns the pack's path.
    pub fn publish(
        work: &Path,
        dir: &Path,
        key: &Path,
        version: u32,
        edit: impl FnOnce(&mut BTreeMap<String, String>),
    ) -> Result<PathBuf, ToolError> {
        let mut files = ContentSet::bundled().to_files();
        let manifest = files
            .get_mut(content::MANIFEST_PATH)
            .ok_or_else(|| ToolError::Usage(format!("the bundled content has no {}", content::MANIFEST_PATH)))?;
        *manifest = manifest
            .lines()
            .map(|l| if l.starts_with("version = ") { format!("version = {version}") } else { l.to_owned() })
            .collect::<Vec<_>>()
            .join("\n");
        edit(&mut files);
        let src = work.join(format!("src-{version}"));
        for (path, text) in &files {
            let f = src.join(path);
            if let Some(parent) = f.parent() {
                fs::create_dir_all(parent).map_err(io(parent))?;
            }
            fs::write(&f, text).map_err(io(&f))?;
        }
        fs::create_dir_all(dir).map_err(io(dir))?;
        let pack = dir.join(format!("content-{version}.pack"));
        build(&src, &pack)?;
        sign(key, &pack)?;
        index(&pack)?;
        Ok(pack)
    }
}
