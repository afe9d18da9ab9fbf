//! Content packs (issue 20): everything that is portal knowledge rather than program — guides,
//! portal messages and lookup keywords, holiday years, dated notices, checklist materials, form
//! labels and fill maps, the portals' hosts, photo specs — is one set of text files under
//! `data/` and `guides/`. The set compiled into the app is the bundled pack; a newer signed
//! pack can be installed into the app's data directory and replaces it without a reinstall.
//!
//! Loaders read files through [`active`] and keep what they parse in a [`Cached`], which is
//! rebuilt when another pack becomes active (a kiosk between two applicants, or a desktop
//! when the applicant accepts the update).

mod error;
mod manifest;
pub mod pack;
mod signature;
mod store;
mod validate;

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLock};

pub use error::{ContentPart, PackError};
pub use manifest::{Manifest, MANIFEST_PATH, SCHEMA_VERSION};
pub use signature::{verify, TrustedKeys, PRODUCTION_KEYS};
pub use store::{Activated, InstallStep, LoadOutcome, Rollback, Store};
pub use validate::validate;

include!(concat!(env!("OUT_DIR"), "/bundled_content.rs"));

/// A file a mirror holds (`index.json`, a pack, its `.minisig`): one plain name, never a path.
/// The app joins only such names to a mirror's URL, and the hall desk serves only such names,
/// so neither an index nor a request can reach outside the mirror's folder.
pub fn mirror_file_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Where the active content came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Compiled into the app.
    Bundled,
    /// A signed pack installed after the app.
    Installed,
}

/// One complete set of content files with its manifest.
#[derive(Debug)]
pub struct ContentSet {
    manifest: Manifest,
    files: BTreeMap<String, Cow<'static, str>>,
    origin: Origin,
}

impl ContentSet {
    /// The content compiled into the app.
    pub fn bundled() -> Arc<ContentSet> {
        static CELL: OnceLock<Arc<ContentSet>> = OnceLock::new();
        CELL.get_or_init(|| {
            let files: BTreeMap<String, Cow<'static, str>> =
                BUNDLED.iter().map(|(p, t)| ((*p).to_owned(), Cow::Borrowed(*t))).collect();
            // The bundled manifest is checked by a test; a broken one still leaves a usable app.
            let manifest = files.get(MANIFEST_PATH).and_then(|m| Manifest::parse(m).ok()).unwrap_or_else(|| Manifest {
                version: 0,
                schema: SCHEMA_VERSION,
                min_app: "0.0.0".into(),
                released: chrono::NaiveDate::MIN,
                changes: Vec::new(),
            });
            Arc::new(ContentSet { manifest, files, origin: Origin::Bundled })
        })
        .clone()
    }

    /// A set read from a pack: its manifest must parse. Nothing else is checked here; see
    /// [`validate`].
    pub fn from_files(files: BTreeMap<String, String>, origin: Origin) -> Result<ContentSet, PackError> {
        let manifest = Manifest::parse(files.get(MANIFEST_PATH).ok_or(PackError::NoManifest)?)?;
        Ok(ContentSet { manifest, files: files.into_iter().map(|(p, t)| (p, Cow::Owned(t))).collect(), origin })
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// The text of one file, e.g. `guides/nmpa.toml`.
    pub fn text(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(|t| t.as_ref())
    }

    /// Every file path, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// The files under a folder (`guides/`), sorted by path.
    pub fn files_under<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.files.iter().filter(move |(p, _)| p.starts_with(dir)).map(|(p, t)| (p.as_str(), t.as_ref()))
    }

    /// All files, for writing a pack.
    pub fn to_files(&self) -> BTreeMap<String, String> {
        self.files.iter().map(|(p, t)| (p.clone(), t.to_string())).collect()
    }
}

/// The active set and its generation (bumped at every switch, so caches know to rebuild).
static ACTIVE: RwLock<Option<(u64, Arc<ContentSet>)>> = RwLock::new(None);

/// Generations for switches and for candidates under validation: never reused, so a cache
/// never mistakes one set for another.
static GENERATIONS: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// The candidate set [`validate`] is checking on this thread, with its generation.
    static CANDIDATE: RefCell<Option<(u64, Arc<ContentSet>)>> = const { RefCell::new(None) };
}

/// Which set loaders read on this thread: the candidate under validation, else the active one.
enum Current {
    Active(u64, Arc<ContentSet>),
    Candidate(u64, Arc<ContentSet>),
}

fn current() -> Current {
    if let Some((generation, set)) = CANDIDATE.with(|c| c.borrow().clone()) {
        return Current::Candidate(generation, set);
    }
    if let Ok(guard) = ACTIVE.read() {
        if let Some((generation, set)) = guard.as_ref() {
            return Current::Active(*generation, set.clone());
        }
    }
    Current::Active(0, ContentSet::bundled())
}

/// The content in use now (on a thread validating a candidate pack: that candidate).
pub fn active() -> Arc<ContentSet> {
    match current() {
        Current::Active(_, set) | Current::Candidate(_, set) => set,
    }
}

/// Makes `set` the content in use. Loaders rebuild their caches on their next use.
pub fn activate(set: Arc<ContentSet>) {
    if let Ok(mut guard) = ACTIVE.write() {
        *guard = Some((GENERATIONS.fetch_add(1, Ordering::Relaxed), set));
    }
}

/// Runs `check` with `set` read by every loader on this thread, as if it were active, and
/// without touching what other threads use. A pack's checks then see the pack's own data
/// wherever one file refers to another (a guide's sources, hosts, photo presets, topics).
pub(crate) fn with_candidate<R>(set: Arc<ContentSet>, check: impl FnOnce() -> R) -> R {
    struct Restore(Option<(u64, Arc<ContentSet>)>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            CANDIDATE.with(|c| *c.borrow_mut() = previous);
        }
    }
    let generation = GENERATIONS.fetch_add(1, Ordering::Relaxed);
    let _restore = Restore(CANDIDATE.with(|c| c.borrow_mut().replace((generation, set))));
    check()
}

type Slot<T> = RwLock<Option<(u64, Arc<T>)>>;

/// What a loader parsed from the active content, rebuilt when the content changes.
pub struct Cached<T> {
    active: Slot<T>,
    /// The value for a candidate under validation, kept apart so checking a pack never evicts
    /// what the app is using.
    candidate: Slot<T>,
    /// Held while a value for the active content is built: a caller that comes during the build
    /// (a search while the start-up build runs in the background) waits for it rather than
    /// building the same thing a second time.
    building: Mutex<()>,
}

fn lookup<T>(slot: &Slot<T>, generation: u64) -> Option<Arc<T>> {
    let slot = slot.read().ok()?;
    let (g, value) = slot.as_ref()?;
    (*g == generation).then(|| value.clone())
}

impl<T> Cached<T> {
    pub const fn new() -> Cached<T> {
        Cached { active: RwLock::new(None), candidate: RwLock::new(None), building: Mutex::new(()) }
    }

    /// The value for the active content, built with `build` on first use after a switch, once
    /// however many threads ask for it at the same time.
    pub fn get(&self, build: impl FnOnce(&ContentSet) -> T) -> Arc<T> {
        match current() {
            Current::Active(generation, set) => {
                if let Some(value) = lookup(&self.active, generation) {
                    return value;
                }
                // A build that panicked leaves nothing behind but the poison: the next caller builds.
                let _building = self.building.lock().unwrap_or_else(PoisonError::into_inner);
                if let Some(value) = lookup(&self.active, generation) {
                    return value;
                }
                let value = Arc::new(build(&set));
                if let Ok(mut slot) = self.active.write() {
                    // A build for content that was switched away meanwhile never replaces a newer one.
                    if slot.as_ref().is_none_or(|(g, _)| *g <= generation) {
                        *slot = Some((generation, value.clone()));
                    }
                }
                value
            }
            // Candidates are checked one per thread, each under its own generation: no waiting
            // for another thread's check, and the latest build is kept (the thread that made it
            // reads it next), as a rule of "newest wins" would leave an older check uncached.
            Current::Candidate(generation, set) => {
                if let Some(value) = lookup(&self.candidate, generation) {
                    return value;
                }
                let value = Arc::new(build(&set));
                if let Ok(mut slot) = self.candidate.write() {
                    *slot = Some((generation, value.clone()));
                }
                value
            }
        }
    }
}

impl<T> Default for Cached<T> {
    fn default() -> Self {
        Cached::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_pack_has_a_valid_manifest_and_every_content_file() {
        let set = ContentSet::bundled();
        let src = set.text(MANIFEST_PATH).expect("bundled manifest");
        let m = Manifest::parse(src).expect("bundled manifest parses");
        assert!(m.version >= 1);
        assert_eq!(m.schema, SCHEMA_VERSION);
        m.readable_by(env!("CARGO_PKG_VERSION")).expect("the app reads its own content");
        for path in ["data/topics.toml", "data/portals.toml", "guides/nmpa.toml", "data/holiday-cn/2026.json"] {
            assert!(set.text(path).is_some(), "{path} missing from the bundled pack");
        }
        assert!(set.paths().all(pack::valid_path), "a bundled path would be refused in a pack");
    }

    #[test]
    fn threads_that_ask_during_a_build_wait_for_it_instead_of_building_again() {
        use std::sync::atomic::AtomicUsize;
        use std::sync::Barrier;
        static CELL: Cached<usize> = Cached::new();
        static BUILDS: AtomicUsize = AtomicUsize::new(0);
        let start = Arc::new(Barrier::new(4));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let start = start.clone();
                std::thread::spawn(move || {
                    start.wait();
                    *CELL.get(|_| {
                        std::thread::sleep(std::time::Duration::from_millis(100));
                        BUILDS.fetch_add(1, Ordering::SeqCst) + 7
                    })
                })
            })
            .collect();
        let values: Vec<usize> = threads.into_iter().map(|t| t.join().expect("no panic")).collect();
        assert_eq!(BUILDS.load(Ordering::SeqCst), 1, "one build for four callers");
        assert_eq!(values, [7, 7, 7, 7]);
    }

    #[test]
    fn the_bundled_pack_round_trips_through_a_pack_file() {
        let set = ContentSet::bundled();
        let bytes = pack::write(&set.to_files()).expect("write");
        let back = ContentSet::from_files(pack::read(&bytes).expect("read"), Origin::Installed).expect("set");
        assert_eq!(back.to_files(), set.to_files());
        assert_eq!(back.manifest(), set.manifest());
    }
}
