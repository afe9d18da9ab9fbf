//! Ticks: which checklist items the applicant has done, saved by the shell (atomically, with
//! `crate::atomic::write_atomic`) so they survive restarts.
//!
//! Reading is tolerant: ids the current checklist no longer has (the applicant changed an answer,
//! or the guide data changed) are dropped and reported, and an unreadable file gives empty ticks
//! plus an error value, never a failure that would block the checklist.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::Checklist;

/// Version of the saved [`Ticks`] format.
pub const TICKS_VERSION: u32 = 1;

/// The ticked item ids of one flow's checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Ticks {
    pub version: u32,
    pub flow_id: String,
    pub ticked: BTreeSet<String>,
}

/// What went wrong with saved ticks.
#[derive(Debug, Clone, Error, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum TicksError {
    #[error("saved ticks cannot be read: {0}")]
    Corrupt(String),
    #[error("saved ticks use format version {0}")]
    UnsupportedVersion(u32),
    #[error("saved ticks belong to flow `{0}`")]
    OtherFlow(String),
    #[error("the checklist has no item `{0}`")]
    UnknownItem(String),
}

/// The result of reading saved ticks: always usable ticks, plus what was dropped and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct TicksLoad {
    pub ticks: Ticks,
    /// Saved ids the checklist no longer has.
    pub dropped: Vec<String>,
    /// Set when the saved file could not be used at all (the ticks are then empty).
    pub error: Option<TicksError>,
}

impl Ticks {
    /// No ticks yet for `flow_id`.
    pub fn new(flow_id: &str) -> Ticks {
        Ticks { version: TICKS_VERSION, flow_id: flow_id.to_owned(), ticked: BTreeSet::new() }
    }

    /// Reads saved ticks for `checklist`, dropping ids it does not have.
    pub fn from_json(bytes: &[u8], checklist: &Checklist) -> TicksLoad {
        let empty =
            |error| TicksLoad { ticks: Ticks::new(&checklist.flow_id), dropped: Vec::new(), error: Some(error) };
        let saved: Ticks = match serde_json::from_slice(bytes) {
            Ok(t) => t,
            Err(e) => return empty(TicksError::Corrupt(e.to_string())),
        };
        if saved.version != TICKS_VERSION {
            return empty(TicksError::UnsupportedVersion(saved.version));
        }
        if saved.flow_id != checklist.flow_id {
            return empty(TicksError::OtherFlow(saved.flow_id));
        }
        let known: BTreeSet<&str> = checklist.item_ids().collect();
        let (kept, dropped): (BTreeSet<String>, BTreeSet<String>) =
            saved.ticked.into_iter().partition(|id| known.contains(id.as_str()));
        TicksLoad {
            ticks: Ticks { ticked: kept, ..Ticks::new(&checklist.flow_id) },
            dropped: dropped.into_iter().collect(),
            error: None,
        }
    }

    /// The JSON the shell writes atomically.
    pub fn to_json(&self) -> Vec<u8> {
        // Strings and a set of strings always serialise.
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }

    /// Ticks or unticks item `id` of `checklist`.
    pub fn set(&mut self, checklist: &Checklist, id: &str, ticked: bool) -> Result<(), TicksError> {
        if checklist.flow_id != self.flow_id {
            return Err(TicksError::OtherFlow(checklist.flow_id.clone()));
        }
        if !checklist.item_ids().any(|i| i == id) {
            return Err(TicksError::UnknownItem(id.to_owned()));
        }
        if ticked {
            self.ticked.insert(id.to_owned());
        } else {
            self.ticked.remove(id);
        }
        Ok(())
    }

    pub fn is_ticked(&self, id: &str) -> bool {
        self.ticked.contains(id)
    }
}
