//! # reprise-store: where a capture is kept
//!
//! One append-only file of JSON lines, one record per line, each with a sequence number `seq`
//! that never repeats and never goes back ([`DurableLog`]). Recorders write through one
//! narrow seam ([`CaptureSink`]: append a batch durably, get its seqs), of which the file log
//! is the embedded default, via one batching writer ([`BatchWriter`]: a bounded queue, one
//! fsync per batch, one set of limits). Their wasm modules are kept beside the log by SHA-256
//! ([`ModuleStore`]). Servers read the log from any `seq`. The log is the source of truth:
//! live broadcasts are only a shortcut, and a subscriber that must see everything reads it.
//!
//! Invariants:
//! - a record is durable once [`CaptureSink::append`] (for the file log,
//!   [`DurableLog::append_batch`]) returns `Ok`, and only then is it reported written;
//! - after a crash, reopening keeps every complete line and cuts a torn last line;
//! - an event already in the log (same actor, same hash) is never written twice;
//! - a module is durable before any record names it, and is loaded only if it still hashes
//!   to its name.
//!
//! A line's format ([`LogRecord`]) is defined once, in `reprise_chain::wire`, with the `/ws`
//! messages it is sent as; it is re-exported here for the log's users. The modules' digest is
//! the core's one `wasm_sha256_hex`, re-exported too.

mod batch_writer;
mod capture_sink;
mod durable_log;
mod module_store;

pub use batch_writer::{
    approx_record_bytes, BatchLimits, BatchWriter, DurableBatch, RecordSender, TrySendFailure,
    WriterError, WriterEvent, WriterHandle, WriterReport, WriterStopped,
};
pub use capture_sink::{CaptureSink, SinkError};
pub use durable_log::{DurableLog, RecoveryReport, StoreError, LOG_FILE_NAME};
pub use module_store::{module_path, ModuleLoadError, ModuleStore, MODULES_DIR_NAME};
pub use reprise_chain::wasm_sha256_hex;
pub use reprise_chain::wire::{ActorInfo, LogRecord, RecordBody};
