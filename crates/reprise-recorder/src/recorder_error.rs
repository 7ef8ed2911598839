//! `RecorderError`: why attaching a recorder or finishing a capture failed.

use std::path::PathBuf;

use reprise_store::{StoreError, WriterError};

/// Why a [`crate::Recorder`] could not attach or could not complete its capture.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RecorderError {
    /// [`crate::Recorder::attach`] was called outside a tokio runtime.
    #[error("the recorder must be attached inside a tokio runtime")]
    NoTokioRuntime,
    /// The tokio runtime is single-threaded: the recorder's fsyncs would stall the actors.
    #[error("the recorder needs a multi-threaded tokio runtime (it writes and fsyncs on it)")]
    CurrentThreadRuntime,
    /// The capture directory's log cannot be opened (or created).
    #[error("cannot open the capture log in {dir}: {source}")]
    OpenLog {
        /// The capture directory.
        dir: PathBuf,
        /// What the store said.
        #[source]
        source: StoreError,
    },
    /// The capture's batching writer could not start, or its sink refused a batch: the
    /// capture stopped there. Records up to the last durable batch are kept.
    #[error("cannot write the capture: {0}")]
    Write(#[source] WriterError),
    /// The capture task ended without its report (it panicked or was cancelled).
    #[error("the capture task failed: {0}")]
    TaskFailed(String),
}
