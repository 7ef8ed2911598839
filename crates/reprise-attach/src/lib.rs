//! # reprise-attach: record a running theater-server
//!
//! `reprise record`'s logic, as a library: attach to a running theater-server over
//! `reprise-theater-client` (its management protocol, spec §5) and hand every event of the
//! chosen actors to a capture's batching writer (`reprise_store::BatchWriter`). The CLI is
//! glue: it opens the capture, serves it, prints the notices.
//!
//! One TCP connection per actor ([`actor_feed`]), because `ActorEvent` names no actor; a
//! control connection polls `ListActors` ([`recorder`]); which actors are recorded is decided
//! without I/O ([`ActorSelection`]: `--all`, one actor and the children its recorded spawns
//! name), and so is what each event says about the recording ([`ChainWatch`]: partial chain,
//! gap, spawn, end). Subscribing to a running actor misses its earlier events, so
//! `--start MANIFEST` ([`StartManifest`]) has the server start the actor on the recorder's
//! own connection, subscribed from its very first event: the one way to record a complete
//! chain from a theater-server.
//!
//! Invariants: nothing is printed (every message is an [`AttachNotice`]); a bad or closed
//! connection is reported with the actor and the reason and the rest of the recording goes
//! on; every event received before the stop is handed to the writer.

mod actor_feed;
mod actor_selection;
mod attach_notice;
mod attachment;
mod chain_watch;
mod record_queue;
mod recorder;
mod start_manifest;
#[cfg(test)]
mod test_fixtures;

pub use actor_selection::{ActorSelection, SelectionStep};
pub use attach_notice::{AttachNotice, NoticeSink};
pub use attachment::{AttachError, AttachRequest, Attachment, RecordInputs, RecordingReport};
pub use chain_watch::{ChainFinding, ChainWatch};
pub use record_queue::RecordQueue;
pub use recorder::RecordingEnd;
pub use start_manifest::StartManifest;
