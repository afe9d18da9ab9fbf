//! The index as plain data, and the index of the bundled content built ahead of time.
//!
//! Building the index means parsing and checking every guide (about half of the cost) and
//! tokenising and weighting every text: some 15 ms, more than the whole first search may take
//! (5 ms). For the content compiled into the app that work is done once, by
//! `UPDATE_SEARCH_INDEX=1 cargo test -p assistant-core bundled_index`, and its result is stored
//! in `bundled_index.rkyv` next to this file; the first search only reads it back (rkyv checks the
//! layout of every byte it reads) and builds the automata. A test fails when the stored index
//! differs from a fresh build, and the app builds at run time whenever the stored one was made
//! from other files than the ones compiled in (`content::BUNDLED_SEARCH_INPUTS`), so a stale file
//! costs speed, never a wrong answer. Installed content packs are always indexed at run time.

use rkyv::rancor;
use rkyv::util::Align;
#[cfg(test)]
use rkyv::util::AlignedVec;

/// One flow: its id, its portal (index into `Portal::ALL`) and titles per language (index into
/// `Lang::ALL`).
#[derive(Debug, Clone, PartialEq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub(super) struct StoredFlow {
    pub id: String,
    pub portal: u8,
    pub titles: Vec<(u8, String)>,
}

/// One declared message: its flow, node, the text as declared, and its comparable form with
/// and without cue words.
#[derive(Debug, Clone, PartialEq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub(super) struct StoredEntry {
    pub flow: u32,
    pub node_id: Option<String>,
    pub message: String,
    pub chars: String,
    pub bare: String,
}

/// A text in zh-CN, zh-TW and en.
pub(super) type StoredText = (String, String, String);

/// One retrieval document.
#[derive(Debug, Clone, PartialEq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub(super) struct StoredDoc {
    pub flow: u32,
    pub node_id: Option<String>,
    pub texts: Vec<StoredText>,
    pub weight: f32,
}

/// One token: its idf, the flows that have it (bit set), its postings (document, weight).
#[derive(Debug, Clone, PartialEq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub(super) struct StoredToken {
    pub id: u32,
    pub idf: f32,
    pub flows: u64,
    pub postings: Vec<(u32, f32)>,
}

/// Everything the index holds but its automata (built from the patterns when loaded).
#[derive(Debug, Clone, PartialEq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub(super) struct Stored {
    /// `content::BUNDLED_SEARCH_INPUTS` of the files this was built from.
    pub inputs: u64,
    pub flows: Vec<StoredFlow>,
    pub entries: Vec<StoredEntry>,
    pub docs: Vec<StoredDoc>,
    /// Sorted by token id.
    pub tokens: Vec<StoredToken>,
    pub idf_unknown: f32,
    pub cue_patterns: Vec<String>,
    /// Per cue pattern: (0, index into `Portal::ALL`) for a portal, (1, its index) for a
    /// look-alike site.
    pub cues: Vec<(u8, u32)>,
    pub name_patterns: Vec<String>,
    pub elsewhere_names: Vec<StoredText>,
    pub synonym_patterns: Vec<String>,
    pub synonym_expansions: Vec<Vec<u32>>,
    pub role_patterns: Vec<String>,
    /// Per role pattern: the flows (bit set) listed for that kind of applicant.
    pub role_flows: Vec<u64>,
    /// Keywords (squeezed) that one guide alone lists, and for each that guide's index.
    pub own_word_patterns: Vec<String>,
    pub own_word_flows: Vec<u32>,
}

/// The stored index of the bundled content (16-byte aligned, as rkyv reads it in place).
static BUNDLED: &Align<[u8; include_bytes!("bundled_index.rkyv").len()]> =
    &Align(*include_bytes!("bundled_index.rkyv"));

/// Where `UPDATE_SEARCH_INDEX=1` writes the stored index (tests only).
#[cfg(test)]
pub(super) const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/message_search/bundled_index.rkyv");

/// The stored index of the bundled content, when it was built from the files compiled in and
/// reads back whole.
pub(super) fn bundled() -> Option<Stored> {
    built_from(&BUNDLED.0, crate::content::BUNDLED_SEARCH_INPUTS)
}

/// The stored index in `bytes` when it was built from the files with fingerprint `inputs`.
fn built_from(bytes: &[u8], inputs: u64) -> Option<Stored> {
    from_bytes(bytes).filter(|s| s.inputs == inputs)
}

/// Reads a stored index back; `None` for bytes that are not one (checked, never trusted).
pub(super) fn from_bytes(bytes: &[u8]) -> Option<Stored> {
    rkyv::from_bytes::<Stored, rancor::Error>(bytes).ok()
}

/// The bytes of a stored index (the same for the same index: every list is in a fixed order).
#[cfg(test)]
pub(super) fn to_bytes(stored: &Stored) -> AlignedVec {
    rkyv::to_bytes::<rancor::Error>(stored).unwrap_or_default()
}

/// The stored index file as it is on disk now, aligned for reading (tests only).
#[cfg(test)]
pub(super) fn read_file() -> AlignedVec {
    let mut bytes = AlignedVec::new();
    bytes.extend_from_slice(&std::fs::read(PATH).unwrap_or_default());
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Stored {
        Stored {
            inputs: 7,
            flows: vec![StoredFlow { id: "f".into(), portal: 1, titles: vec![(0, "标题".into())] }],
            entries: vec![StoredEntry {
                flow: 0,
                node_id: None,
                message: "该用户已注册".into(),
                chars: "该用户已注册".into(),
                bare: "该用户已注册".into(),
            }],
            docs: vec![StoredDoc { flow: 0, node_id: Some("n".into()), texts: Vec::new(), weight: 0.5 }],
            tokens: vec![StoredToken { id: 3, idf: 1.5, flows: 1, postings: vec![(0, 0.25)] }],
            idf_unknown: 2.0,
            cue_patterns: vec!["人事考试网".into()],
            cues: vec![(0, 1)],
            name_patterns: Vec::new(),
            elsewhere_names: Vec::new(),
            synonym_patterns: Vec::new(),
            synonym_expansions: vec![vec![1, 2]],
            role_patterns: vec!["执业药师".into()],
            role_flows: vec![1],
            own_word_patterns: vec!["加注".into()],
            own_word_flows: vec![0],
        }
    }

    #[test]
    fn a_stored_index_reads_back_as_written_and_only_for_its_own_files() {
        let bytes = rkyv::to_bytes::<rancor::Error>(&small()).expect("serialise");
        assert_eq!(from_bytes(&bytes), Some(small()));
        assert_eq!(built_from(&bytes, 7), Some(small()));
        assert_eq!(built_from(&bytes, 8), None, "built from other files: not used");
    }

    #[test]
    fn bytes_that_are_no_stored_index_are_refused_not_trusted() {
        let bytes = rkyv::to_bytes::<rancor::Error>(&small()).expect("serialise");
        assert_eq!(from_bytes(&[]), None);
        let mut aligned = AlignedVec::<16>::new();
        aligned.extend_from_slice(&bytes[..bytes.len() / 2]);
        assert_eq!(from_bytes(&aligned), None, "truncated");
        let mut aligned = AlignedVec::<16>::new();
        aligned.extend_from_slice(&vec![0xff; bytes.len()]);
        assert_eq!(from_bytes(&aligned), None, "garbage");
    }
}
