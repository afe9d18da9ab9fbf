//! Installed content packs on disk, in the app's data directory:
//!
//! ```text
//! content/state.json            {"active": 7, "last_good": 6}
//! content/packs/7.pack          the signed pack as downloaded
//! content/packs/7.pack.minisig  its signature
//! ```
//!
//! Installing writes the pack files first (each atomically) and flips `state.json` last, in one
//! atomic rename: a crash at any point leaves the old pack or the new one, never a mixture. At
//! every start each pack's signature, manifest and schema are checked again; the full validation
//! (every guide, source and cross-reference parsed) runs again only when this app version has not
//! validated that pack yet (`state.json` records who did), so an app update re-checks the packs
//! it inherits and an ordinary start does not pay for it before the first screen. A pack that
//! fails is rolled back to the last known good pack, then to the bundled content, and the reason
//! is kept for the about panel.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{pack, signature, validate, ContentSet, Manifest, Origin, PackError, TrustedKeys};
use crate::atomic::write_atomic;

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct State {
    active: Option<u32>,
    last_good: Option<u32>,
    /// Pack version → the app version that last validated it fully (absent in older files).
    #[serde(default)]
    validated: BTreeMap<u32, String>,
}

impl State {
    /// Only the packs still named; the others' files are gone.
    fn pruned(mut self) -> State {
        let keep = [self.active, self.last_good];
        self.validated.retain(|v, _| keep.contains(&Some(*v)));
        self
    }
}

/// A pack that could not be used at start, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rollback {
    pub version: u32,
    pub error: PackError,
}

/// What [`Store::load`] found.
#[derive(Debug)]
pub struct LoadOutcome {
    pub set: Arc<ContentSet>,
    /// Set when an installed pack failed to load and an older one (or the bundled) is used.
    pub rollback: Option<Rollback>,
}

/// A pack just installed (on disk; the caller decides when it becomes the content in use).
#[derive(Debug)]
pub struct Activated {
    pub set: Arc<ContentSet>,
}

/// The steps of an install, for crash tests: a test can stop the process at each one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstallStep {
    Verified,
    SignatureWritten,
    PackWritten,
    StateWritten,
    Pruned,
}

pub struct Store {
    dir: PathBuf,
    keys: TrustedKeys,
    app_version: String,
}

impl Store {
    /// The store under `dir` (the app's `content/` directory), trusting `keys`.
    pub fn new(dir: impl Into<PathBuf>, keys: TrustedKeys, app_version: &str) -> Store {
        Store { dir: dir.into(), keys, app_version: app_version.to_owned() }
    }

    fn state_path(&self) -> PathBuf {
        self.dir.join("state.json")
    }

    fn pack_path(&self, version: u32) -> PathBuf {
        self.dir.join("packs").join(format!("{version}.pack"))
    }

    fn sig_path(&self, version: u32) -> PathBuf {
        self.dir.join("packs").join(format!("{version}.pack.minisig"))
    }

    fn read_state(&self) -> State {
        // A missing or damaged state file means "no installed pack": the bundled content is a
        // safe answer, and the next install writes a fresh state.
        fs::read(self.state_path()).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
    }

    fn write_state(&self, state: &State) -> Result<(), PackError> {
        let bytes = serde_json::to_vec_pretty(state).map_err(|e| PackError::Io(e.to_string()))?;
        write_atomic(&self.state_path(), &bytes).map_err(|e| PackError::Io(e.to_string()))
    }

    /// Checks a pack's bytes and signature and returns its content; with `full`, also every
    /// file's contents ([`validate`]).
    fn check(&self, bytes: &[u8], sig: &str, full: bool) -> Result<Arc<ContentSet>, PackError> {
        signature::verify(bytes, sig, &self.keys)?;
        let set = Arc::new(ContentSet::from_files(pack::read(bytes)?, Origin::Installed)?);
        set.manifest().readable_by(&self.app_version)?;
        if full {
            validate(&set)?;
        }
        Ok(set)
    }

    fn load_installed(&self, version: u32, full: bool) -> Result<Arc<ContentSet>, PackError> {
        let bytes = read_capped(&self.pack_path(version), pack::MAX_PACK_BYTES as u64)?;
        let sig = String::from_utf8(read_capped(&self.sig_path(version), 64 * 1024)?)
            .map_err(|_| PackError::BadSignatureFile)?;
        let set = self.check(&bytes, &sig, full)?;
        if set.manifest().version != version {
            return Err(PackError::BadManifest(format!(
                "the file for version {version} holds version {}",
                set.manifest().version
            )));
        }
        Ok(set)
    }

    /// The content to use at start: the active pack if it still verifies, else the last good
    /// one, else the bundled content. Packs older than the bundled content (the app itself was
    /// updated with newer content) are dropped.
    pub fn load(&self) -> LoadOutcome {
        let bundled = ContentSet::bundled();
        let state = self.read_state();
        let mut rollback = None;
        let mut candidates: Vec<u32> = [state.active, state.last_good].into_iter().flatten().collect();
        candidates.dedup();
        for version in candidates {
            if version <= bundled.manifest().version {
                continue;
            }
            let validated_here = state.validated.get(&version) == Some(&self.app_version);
            match self.load_installed(version, !validated_here) {
                Ok(set) => {
                    let mut validated = state.validated.clone();
                    validated.insert(version, self.app_version.clone());
                    let now =
                        State { active: Some(version), last_good: state.last_good.filter(|v| *v < version), validated }
                            .pruned();
                    if now != state {
                        let _ = self.write_state(&now);
                    }
                    return LoadOutcome { set, rollback };
                }
                Err(error) => {
                    rollback.get_or_insert(Rollback { version, error });
                    let _ = fs::remove_file(self.pack_path(version));
                    let _ = fs::remove_file(self.sig_path(version));
                }
            }
        }
        if state != State::default() {
            let _ = self.write_state(&State::default());
        }
        LoadOutcome { set: bundled, rollback }
    }

    /// Verifies and installs a downloaded pack newer than `active` (the manifest in use).
    pub fn install(&self, bytes: &[u8], sig: &str, active: &Manifest) -> Result<Activated, PackError> {
        self.install_with(bytes, sig, active, &mut |_| {})
    }

    /// [`Store::install`] reporting each step (crash tests stop the process there).
    pub fn install_with(
        &self,
        bytes: &[u8],
        sig: &str,
        active: &Manifest,
        on_step: &mut dyn FnMut(InstallStep),
    ) -> Result<Activated, PackError> {
        let set = self.check(bytes, sig, true)?;
        let version = set.manifest().version;
        if version <= active.version {
            return Err(PackError::NotNewer { pack: version, active: active.version });
        }
        on_step(InstallStep::Verified);
        let io = |e: std::io::Error| PackError::Io(e.to_string());
        write_atomic(&self.sig_path(version), sig.as_bytes()).map_err(io)?;
        on_step(InstallStep::SignatureWritten);
        write_atomic(&self.pack_path(version), bytes).map_err(io)?;
        on_step(InstallStep::PackWritten);
        let old = self.read_state();
        let last_good = old.active.filter(|v| *v != version).or(old.last_good);
        let mut validated = old.validated;
        validated.insert(version, self.app_version.clone());
        self.write_state(&State { active: Some(version), last_good, validated }.pruned())?;
        on_step(InstallStep::StateWritten);
        self.prune(&[Some(version), last_good].into_iter().flatten().collect());
        on_step(InstallStep::Pruned);
        Ok(Activated { set })
    }

    /// Removes pack files not named in `keep` (left by an interrupted install or an old pack).
    fn prune(&self, keep: &BTreeSet<u32>) {
        let Ok(entries) = fs::read_dir(self.dir.join("packs")) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let version = name.split('.').next().and_then(|v| v.parse::<u32>().ok());
            let ours = name.ends_with(".pack") || name.ends_with(".pack.minisig");
            let stray_temp = name.starts_with('.') && name.ends_with(".tmp");
            if (ours && !version.is_some_and(|v| keep.contains(&v))) || stray_temp {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// Reads a regular file of at most `limit` bytes (never a device or a huge file).
fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, PackError> {
    let meta = fs::symlink_metadata(path).map_err(|e| PackError::Io(e.to_string()))?;
    if !meta.is_file() {
        return Err(PackError::NotAFile(path.display().to_string()));
    }
    let mut buf = Vec::new();
    fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut buf))
        .map_err(|e| PackError::Io(e.to_string()))?;
    if buf.len() as u64 > limit {
        return Err(PackError::TooLarge { bytes: buf.len() as u64, limit });
    }
    Ok(buf)
}
