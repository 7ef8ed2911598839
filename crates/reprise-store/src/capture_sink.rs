//! `CaptureSink`: the narrow seam every capture writes through. A sink appends a batch of
//! records durably and says which seqs they got; that is all a recorder needs of it. The file
//! log ([`crate::DurableLog`]) is the embedded default; the server's live log wraps it (durable
//! first, broadcast after); a distributed log (a JetStream stream) plugs in here later, which
//! is why nothing in the trait names a file.
//!
//! Invariants every implementation keeps:
//! - `append` returns `Ok` only once every record of the batch is durable (a crash after it
//!   returns loses none of them);
//! - seqs are given in append order, never reused, never going back;
//! - an event already kept (same actor, same hash) is not kept twice, so re-sending after an
//!   uncertain failure is safe.

use std::fmt;
use std::ops::Range;

use reprise_chain::wire::RecordBody;

use crate::durable_log::{DurableLog, StoreError};

/// Why a sink could not keep a batch. Nothing of a failed batch may be assumed durable.
#[derive(Debug)]
pub struct SinkError {
    /// Where the sink writes (a file, a stream), for people.
    pub sink: String,
    /// What was being done.
    pub action: &'static str,
    /// The underlying failure.
    pub source: Box<dyn std::error::Error + Send + Sync>,
}

impl fmt::Display for SinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: cannot {}: {}", self.sink, self.action, self.source)
    }
}

impl std::error::Error for SinkError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

impl From<StoreError> for SinkError {
    fn from(err: StoreError) -> Self {
        Self {
            sink: err.path.display().to_string(),
            action: err.action,
            source: Box::new(err.source),
        }
    }
}

/// Somewhere a capture's records are kept durably.
pub trait CaptureSink: Send + 'static {
    /// Appends `bodies` as one batch, durably, and returns the seqs the records written got
    /// (`first..next`, empty when every record was already kept). Blocking.
    fn append(&mut self, bodies: Vec<RecordBody>) -> Result<Range<u64>, SinkError>;

    /// The seq of the last durable record, 0 when there is none.
    fn durable_seq(&self) -> u64;
}

impl CaptureSink for DurableLog {
    fn append(&mut self, bodies: Vec<RecordBody>) -> Result<Range<u64>, SinkError> {
        let records = self.append_batch(bodies)?;
        let next_seq = self.next_seq();
        let first_seq = records.first().map_or(next_seq, |record| record.seq);
        Ok(first_seq..next_seq)
    }

    fn durable_seq(&self) -> u64 {
        self.next_seq().saturating_sub(1)
    }
}
