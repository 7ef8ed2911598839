//! The messages between the main thread and the analysis worker.
//!
//! Requests are plain JS objects so bytes can be transferred without a copy: an analysis is
//! `{ jobId, path, bytes }`, a replay command `{ kind: "replay", jobId, command }` where
//! `jobId` names the replay session (one per actor) and `command` is a `Uint8Array` holding a
//! [`ReplayCommand`] encoded with [`ReplayCommand::encode`]. Replies are one [`WorkerReply`]
//! encoded with `postcard` into a `Uint8Array` whose buffer is transferred back.
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
    /// `Uint8Array`: a [`super::ReplayCommand`], encoded (its buffer transferred).
    pub const COMMAND: &str = "command";
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
    /// Where replay session `job_id` stands: sent after every command, and after every slice
    /// of a long run.
    ReplayUpdate {
        /// Which session.
        job_id: JobId,
        /// Its position and report (boxed: far larger than the other replies).
        update: Box<ReplayUpdate>,
    },
    /// Replay session `job_id` could not start (no wasm, bad module, engine error); there is
    /// no session.
    ReplayFailed {
        /// Which session.
        job_id: JobId,
        /// What went wrong, for people.
        message: String,
    },
    /// A command to replay session `job_id` was refused (an edit that is not a value, an
    /// event that is not a host call, an engine error while stepping); the session stays
    /// where it was.
    ReplayRefused {
        /// Which session.
        job_id: JobId,
        /// Why, for people.
        message: String,
    },
}

/// What the page asks of a replay session (one per actor, named by the request's `jobId`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReplayCommand {
    /// Creates the session for `chain` (whose `wasm` is the module chosen) at the start,
    /// replacing any session of that id.
    Start {
        /// The actor's chain, with the module to run.
        chain: ActorChain,
    },
    /// Replays to the end of the recording (or the first divergence), in slices.
    RunToEnd,
    /// Replays one export call.
    Step,
    /// Undoes the last export call.
    StepBack,
    /// Replays until event `event_idx` has been reproduced, going back if it is behind.
    RunTo {
        /// The target event.
        event_idx: usize,
    },
    /// Replaces the recorded output of host call `event_idx` by the value literal `output`,
    /// and replays from the export call that made it to the end, in slices.
    WhatIf {
        /// The host-function event edited.
        event_idx: usize,
        /// The new output, in packr-abi's value syntax.
        output: String,
    },
    /// Stops a running slice loop where it is.
    Cancel,
    /// Drops the session (its actor's chain changed, or a new session replaced it).
    Close,
}

impl ReplayCommand {
    /// The wire bytes.
    pub fn encode(&self) -> Result<Vec<u8>, postcard::Error> {
        postcard::to_allocvec(self)
    }

    /// Reads wire bytes written by [`ReplayCommand::encode`].
    pub fn decode(bytes: &[u8]) -> Result<Self, postcard::Error> {
        postcard::from_bytes(bytes)
    }
}

/// Where a replay session stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplayUpdate {
    /// The report as of now; `report.regenerated` is the replay position (events replayed).
    pub report: ReplayReport,
    /// Export calls (and shutdown events) replayed so far.
    pub num_steps: usize,
    /// Whether a slice loop is still running (more updates follow).
    pub is_running: bool,
    /// Whether this update answers a cancel that stopped a running loop.
    pub was_cancelled: bool,
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
            | Self::ReplayUpdate { job_id, .. }
            | Self::ReplayFailed { job_id, .. }
            | Self::ReplayRefused { job_id, .. } => *job_id,
        }
    }
}
