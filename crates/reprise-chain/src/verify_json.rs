//! The machine-readable verification report: the schema of `reprise verify --json`, also used
//! as the expected output of the fixture tests, so the two cannot drift apart.
//!
//! ```json
//! {"files":[{"path","format","actors":[{"id","events","hashes_checked","verified",
//!   "partial_from","first_broken":{"index","reason"}|null}]}]}
//! ```
//! A file that cannot be parsed has `"error"` (the `ParseError` text) and no `actors`.

use serde::{Deserialize, Serialize};

use crate::actor_chain::{ActorChain, InputFormat};
use crate::parse::ParseError;
use crate::verify::VerifyReport;

/// The whole `--json` document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyJson {
    /// One entry per input file, in argument order.
    pub files: Vec<FileJson>,
}

/// One input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileJson {
    /// The path as given.
    pub path: String,
    /// `chain-json` or `bundle`; absent when the file could not be parsed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub format: Option<String>,
    /// The actors; absent when the file could not be parsed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub actors: Option<Vec<ActorJson>>,
    /// Why the file could not be parsed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<String>,
}

/// One actor's verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorJson {
    /// Actor id from the bundle or a `<uuid>.chain.json` name, else `null`.
    pub id: Option<String>,
    /// Number of events.
    pub events: usize,
    /// Number of events whose hash was recomputed.
    pub hashes_checked: usize,
    /// True when every hash and link holds (partial chains count from their first event).
    pub verified: bool,
    /// Index from which a partial chain is verified, else `null`.
    pub partial_from: Option<usize>,
    /// The first broken event, else `null`.
    pub first_broken: Option<BrokenJson>,
}

/// Where and why a chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrokenJson {
    /// Event index (0-based).
    pub index: usize,
    /// `hash_mismatch`, `parent_mismatch`, `duplicate` or `fork`.
    pub reason: String,
}

impl ActorJson {
    /// The verdict on `chain` given its report.
    pub fn new(chain: &ActorChain, report: &VerifyReport) -> Self {
        Self {
            id: chain.id.clone(),
            events: report.num_events,
            hashes_checked: report.hashes_checked,
            verified: report.is_verified(),
            partial_from: report.partial_from,
            first_broken: report.first_broken.as_ref().map(|broken| BrokenJson {
                index: broken.index,
                reason: broken.reason.as_str().to_string(),
            }),
        }
    }
}

impl FileJson {
    /// A parsed file's entry.
    pub fn parsed(path: &str, format: InputFormat, actors: Vec<ActorJson>) -> Self {
        Self {
            path: path.to_string(),
            format: Some(format.as_str().to_string()),
            actors: Some(actors),
            error: None,
        }
    }

    /// An unparseable file's entry.
    pub fn failed(path: &str, error: &ParseError) -> Self {
        Self {
            path: path.to_string(),
            format: None,
            actors: None,
            error: Some(error.to_string()),
        }
    }
}
