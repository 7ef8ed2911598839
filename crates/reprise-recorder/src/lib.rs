//! # reprise-recorder: record an embedded Theater runtime, lossless, from its first event
//!
//! A program that hosts Theater 0.3.29 itself (builds a [`theater::theater_runtime::TheaterRuntime`]
//! and runs it) records every actor of that runtime into a Reprise *capture directory* with
//! one call, made before the runtime runs:
//!
//! ```no_run
//! # async fn host(mut runtime: theater::theater_runtime::TheaterRuntime) -> Result<(), reprise_recorder::RecorderError> {
//! let recorder = reprise_recorder::Recorder::attach(&mut runtime, "capture")?;
//! let runtime_task = tokio::spawn(async move { runtime.run().await });
//! // … spawn actors, send them messages, stop the runtime (`ShutdownRuntime`) …
//! # let _ = runtime_task.await;
//! let report = recorder.finish().await?;
//! println!("{} actors, {} events", report.num_actors, report.num_events);
//! # Ok(()) }
//! ```
//!
//! The capture directory holds the durable log `events.log.jsonl` (one JSON record per line,
//! appended in fsynced batches by reprise-store's `BatchWriter`: each actor's record, then its
//! events in arrival order) and each module once, as `modules/<sha256>.wasm`. The records go
//! through a `reprise_store::CaptureSink`: the file log by default, any other with
//! [`RecorderOptions::sink`]. `reprise verify`, `inspect`, `replay` and `serve`
//! read it; see `examples/embed.rs` for a complete host.
//!
//! What else is here: [`TheaterHost`], a runtime with every handler Theater's own CLI
//! registers (what `reprise run` and the example use), [`ActorSource`] (a manifest and its
//! module, read as `theater spawn` reads them) and [`run`], the whole of `reprise run`.
//!
//! Invariants:
//! - the recorder subscribes before the runtime starts, so no actor's first event is missed;
//! - events are recorded exactly as Theater broadcast them (hash, parent hash, type, data), in
//!   arrival order; nothing is dropped, reordered or re-encoded: a disk that falls behind
//!   pauses the actors (Theater awaits a full subscription) rather than losing events;
//! - an actor's record precedes its events in the log, and names its module only once the
//!   module file is durable.

mod capture_recorder;
mod capture_task;
mod durable_progress;
mod handlers;
mod recorder;
mod recorder_error;
mod recorder_notice;
mod theater_host;

pub mod actor_source;
pub mod run;
pub mod spawn_record;

pub use actor_source::ActorSource;
pub use capture_task::ActorEvent;
pub use handlers::register_theater_handlers;
pub use recorder::{
    subscribe_to_every_event, CaptureReport, Recorder, RecorderOptions, SUBSCRIPTION_CAPACITY,
};
pub use recorder_error::RecorderError;
pub use recorder_notice::RecorderNotice;
pub use spawn_record::SpawnRecord;
pub use theater_host::{StartMode, TheaterHost};
