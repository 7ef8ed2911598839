//! The messages between the main thread and the analysis worker.
//!
//! Requests are plain JS objects so bytes can be transferred without a copy: an analysis is
//! `{ jobId, path, bytes }`, a replay `{ kind: "replay", jobId, chain }` where `chain` is a
//! `Uint8Array` holding the actor's `ActorChain` encoded with [`encode_chain`]. Replies are one
//! [`WorkerReply`] encoded with `postcard` into a `Uint8Array` whose buffer is transferred back.
//! Invariant: this module is plain data, shared by both sides, and touches no web API.

use reprise_chain::{ActorChain, AnalyzedFile, Progress};
use reprise_replay::ReplayReport;
use serde::{Deserialize, Serialize};

/// Names of the request object's fields.
pub mod request_field {
    /// `number`: the job this request starts (an analysis or a replay run).
    pub const JOB_ID: &str = "jobId";
    /// `string`: the file's name or URL, used in every message about it.
    pub const PATH: &str = "path";
    /// `ArrayBuffer`: the file's bytes (transferred).
    pub const BYTES: &str = "bytes";
    /// `string`: [`super::REPLAY_KIND`] for a replay; absent for an analysis.
    pub const KIND: &str = "kind";
    /// `Uint8Array`: the actor's chain, [`super::encode_chain`]d (its buffer transferred).
    pub const CHAIN: &str = "chain";
}

/// The [`request_field::KIND`] of a replay request.
pub const REPLAY_KIND: &str = "replay";

/// Identifies one file being analysed, or one replay run.
pub type JobId = u32;

/// Everything the worker says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkerReply {
    /// The worker has started and accepts requests.
    Ready,
    /// The analysis of `job_id` has got this far.
    Progress {
        /// Which job.
        job_id: JobId,
        /// How far.
        progress: Progress,
    },
    /// The job finished and produced this file.
    Analyzed {
        /// Which job.
        job_id: JobId,
        /// The result.
        file: AnalyzedFile,
    },
    /// The job failed; `message` is for people (a `ParseError` formatted with `Display`).
    Failed {
        /// Which job.
        job_id: JobId,
        /// What went wrong.
        message: String,
    },
    /// The replay run `job_id` finished (verified or diverged).
    Replayed {
        /// Which run.
        job_id: JobId,
        /// What the replay found.
        report: ReplayReport,
    },
    /// The replay run `job_id` could not run (no wasm, bad module, engine error).
    ReplayFailed {
        /// Which run.
        job_id: JobId,
        /// What went wrong, for people.
        message: String,
    },
}

impl WorkerReply {
    /// The wire bytes.
    pub fn encode(&self) -> Result<Vec<u8>, postcard::Error> {
        postcard::to_allocvec(self)
    }

    /// Reads wire bytes written by [`WorkerReply::encode`].
    pub fn decode(bytes: &[u8]) -> Result<Self, postcard::Error> {
        postcard::from_bytes(bytes)
    }

    /// The job or run this reply is about (`0` for `Ready`).
    pub fn job_id(&self) -> JobId {
        match self {
            Self::Ready => 0,
            Self::Progress { job_id, .. }
            | Self::Analyzed { job_id, .. }
            | Self::Failed { job_id, .. }
            | Self::Replayed { job_id, .. }
            | Self::ReplayFailed { job_id, .. } => *job_id,
        }
    }
}

/// The wire bytes of a replay request's chain.
pub fn encode_chain(chain: &ActorChain) -> Result<Vec<u8>, postcard::Error> {
    postcard::to_allocvec(chain)
}

/// Reads a chain written by [`encode_chain`].
pub fn decode_chain(bytes: &[u8]) -> Result<ActorChain, postcard::Error> {
    postcard::from_bytes(bytes)
}
