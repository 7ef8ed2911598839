//! The spec's vector chains (`fixtures/vectors/`, shared with the spec's own fixtures): the
//! synthetic ten-event era-C2 chain, its expected table and the canonical bytes of its root.

use reprise_chain::ChainEvent;

use crate::fixture_files::{fixture_bytes, fixture_events};

/// `fixtures/`-relative path of the ten-event chain.
pub const TEN_EVENTS: &str = "vectors/c2-ten-events.chain.json";
/// `fixtures/`-relative path of its expected hashes and display texts.
pub const TEN_EVENTS_TABLE: &str = "vectors/c2-ten-events.table.json";
/// `fixtures/`-relative path of the canonical (hashed) bytes of its root event.
pub const ROOT_EVENT_CANONICAL: &str = "vectors/c2-root-event.canonical.json";

/// The ten-event chain's file bytes.
pub fn ten_events_bytes() -> Vec<u8> {
    fixture_bytes(TEN_EVENTS)
}

/// The ten-event chain's events.
pub fn ten_events() -> Vec<ChainEvent> {
    fixture_events(TEN_EVENTS)
}
