//! One reading of what Theater's event payloads say about other actors: spawns and resumes
//! ([`spawn`]), messages from both ends ([`message`]) and a child's end as its parent is told
//! ([`child_notice`]). The supervision tree, message links, replay's module source and both
//! recorders read these events here, so they cannot disagree on a shape.
//!
//! Every reader takes an event's `event_type` and `data` (`read`), or a [`crate::ChainEvent`]
//! (`of_event`), so code holding Theater's own event type can use it too. Values are packr
//! `Value`s (`packr-abi` 0.11.1, the one Theater 0.3.29 links).
//!
//! Invariants: only era-C (CGRF) payloads are read, as Theater 0.3.11+ records them (older
//! eras never name children or message targets in a readable way); reading never fails or
//! panics — an event that is not the one asked for, or whose shape differs, is `None`; events
//! that cannot match (wrong `event_type`, or a `wasm` event without the export's name in its
//! bytes) are not decoded at all.

mod call_payload;
pub mod child_notice;
pub mod message;
pub mod spawn;

pub use child_notice::{ChildEnding, ChildNotice};
pub use message::{IncomingMessage, MessageVerb, OutgoingMessage, Recipient};
pub use spawn::{spawn_with_module, spawned_child_id, SpawnCall, SpawnKind};
