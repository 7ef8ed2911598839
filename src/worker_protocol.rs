//! The messages between the main thread and the analysis worker.
//!
//! Requests are plain JS objects (`{ jobId, path, bytes }`) so the file's `ArrayBuffer` can be
//! transferred without a copy. Replies are one [`WorkerReply`] encoded with `postcard` into a
//! `Uint8Array` whose buffer is transferred back. Invariant: this module is plain data, shared
//! by both sides, and touches no web API.

use reprise_chain::{AnalyzedFile, Progress};
use serde::{Deserialize, Serialize};

/// Names of the request object's fields.
pub mod request_field {
    /// `number`: the job this request starts.
    pub const JOB_ID: &str = "jobId";
    /// `string`: the file's name or URL, used in every message about it.
    pub const PATH: &str = "path";
    /// `ArrayBuffer`: the file's bytes (transferred).
    pub const BYTES: &str = "bytes";
}

/// Identifies one file being analysed.
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
}
