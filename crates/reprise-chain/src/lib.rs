//! # reprise-chain: the pure core of Reprise
//!
//! Theater chain formats, the hash recipe, verification, payload decoding and timeline logic.
//! Bytes in, values and reports out: no browser, UI, async runtime or file-system access, so the
//! same code runs natively (CLI, tests) and in the browser's worker.
//!
//! Invariants (see ARCHITECTURE.md):
//! - parsing, verification and decoding never panic; failures are values;
//! - [`canonical`] is the only place that defines the hashed bytes.

#![warn(missing_docs)]

pub mod actor_chain;
pub mod analysis;
pub mod bundle_json;
pub mod canonical;
pub mod chain_gen;
pub mod compact_event;
pub mod decode;
pub mod event;
pub mod event_kind;
pub mod export;
pub mod incremental_verify;
pub mod intact_chain;
pub mod interpret;
pub mod merged_timeline;
pub mod message_links;
pub mod module_digest;
pub mod parse;
pub mod supervision;
pub mod theater_payload;
pub mod timeline;
pub mod value_tree;
pub mod verify;
pub mod verify_json;
pub mod wire;

pub use actor_chain::{ActorChain, InputFormat, LoadedFile};
pub use analysis::{
    analyze_actor, analyze_file, AnalyzedActor, AnalyzedFile, EventSummary, Progress,
};
pub use bundle_json::{gzip, write_bundle, write_bundle_gzip, write_chain_json};
pub use canonical::{canonical_bytes, compute_event_hash};
pub use event::{to_hex, ChainEvent, LegacyFields};
pub use event_kind::EventKind;
pub use export::{ExportFile, FixtureError, ReplayFixture};
pub use incremental_verify::IncrementalVerifier;
pub use interpret::{interpret_event, latest_state, EventMeaning};
pub use merged_timeline::{MergedRow, MergedTimeline};
pub use message_links::{EventRef, MessageLink, MessageLinks};
pub use module_digest::wasm_sha256_hex;
pub use parse::{parse_file, CaptureChains, ParseError};
pub use supervision::{ActorStatus, SupervisionNode, SupervisionTree};
pub use theater_payload::{spawned_child_id, SpawnCall};
pub use value_tree::{Shape, ValueNode};
pub use verify::{verify_chain, BreakReason, BrokenLink, EventCheck, LinkStatus, VerifyReport};
pub use wire::{subscribe_message, FeedStart};

/// The web app's name for a `/ws` server message: [`wire::ServerMessage`].
pub type LiveMessage = wire::ServerMessage;
/// The web app's name for a `subscribe` message: [`wire::Subscription`].
pub type LiveSubscription = wire::Subscription;
