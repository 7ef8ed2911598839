//! Streaming deserialization of a JSON array of `ChainEvent`s.
//!
//! Events are read one at a time from the deserializer, never as one big string, and the index
//! of the event being read is kept in a shared cursor so that an error names it.

use std::cell::Cell;
use std::fmt;

use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::event::{ChainEvent, LegacyFields};

/// Where parsing currently is; read after a failure to say which actor and event failed.
#[derive(Default)]
pub struct ParseCursor {
    /// Index of the actor being read (bundles only).
    pub actor_idx: Cell<Option<usize>>,
    /// Index of the event being read.
    pub event_idx: Cell<Option<usize>>,
}

/// One event as it appears in JSON, in any era (also how a capture log's events are read).
#[derive(Deserialize)]
pub(crate) struct RawEvent {
    hash: Vec<u8>,
    parent_hash: Option<Vec<u8>>,
    event_type: String,
    data: Vec<u8>,
    // Era A only; both take part in the hash when present.
    timestamp: Option<u64>,
    #[serde(default)]
    description: Option<String>,
}

impl From<RawEvent> for ChainEvent {
    fn from(raw: RawEvent) -> Self {
        ChainEvent {
            hash: raw.hash,
            parent_hash: raw.parent_hash,
            event_type: raw.event_type,
            data: raw.data,
            legacy: raw.timestamp.map(|timestamp| LegacyFields {
                timestamp,
                description: raw.description,
            }),
        }
    }
}

/// A seed that reads a JSON array of events, updating `cursor` as it goes.
pub struct EventListSeed<'c> {
    /// The shared position.
    pub cursor: &'c ParseCursor,
}

impl<'de> DeserializeSeed<'de> for EventListSeed<'_> {
    type Value = Vec<ChainEvent>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EventListSeed<'_> {
    type Value = Vec<ChainEvent>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON array of chain events")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut events = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
        loop {
            self.cursor.event_idx.set(Some(events.len()));
            match seq.next_element::<RawEvent>()? {
                Some(raw) => events.push(ChainEvent::from(raw)),
                None => break,
            }
        }
        self.cursor.event_idx.set(None);
        Ok(events)
    }
}
