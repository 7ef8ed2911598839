//! # reprise-store: the durable log of live capture
//!
//! One append-only file of JSON lines, one record per line, each with a sequence number `seq`
//! that never repeats and never goes back. Recorders append batches and fsync each batch
//! before acknowledging it; servers read from any `seq`. The log is the source of truth: live
//! broadcasts are only a shortcut, and a subscriber that must see everything reads the log.
//!
//! Invariants:
//! - a record is durable once [`DurableLog::append_batch`] returns `Ok`;
//! - after a crash, reopening keeps every complete line and cuts a torn last line;
//! - an event already in the log (same actor, same hash) is never written twice.
//!
//! A line's format ([`LogRecord`]) is defined once, in `reprise_chain::wire`, with the `/ws`
//! messages it is sent as; it is re-exported here for the log's users.

mod capture_modules;
mod durable_log;

pub use capture_modules::{module_path, MODULES_DIR_NAME};
pub use durable_log::{DurableLog, RecoveryReport, StoreError, LOG_FILE_NAME};
pub use reprise_chain::wire::{ActorInfo, LogRecord, RecordBody};
