//! A chain event inside a record: `ChainEvent`'s JSON exactly as Theater's `serde_json` writes
//! it (`hash`, `parent_hash`, `event_type`, `data`, byte fields as number arrays), read with
//! the replay-file reader so every payload era parses as it does from a file.
//!
//! Invariant: writing then reading gives back the same `ChainEvent`, era-A `timestamp` and
//! `description` included (they take part in the hash, so dropping them would break the chain).

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::event::ChainEvent;

/// Serializes a borrowed event in Theater's field order.
pub(crate) struct EventJson<'a>(pub &'a ChainEvent);

impl Serialize for EventJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let event = self.0;
        let num_fields = if event.legacy.is_some() { 6 } else { 4 };
        let mut out = serializer.serialize_struct("ChainEvent", num_fields)?;
        out.serialize_field("hash", &event.hash)?;
        out.serialize_field("parent_hash", &event.parent_hash)?;
        out.serialize_field("event_type", &event.event_type)?;
        out.serialize_field("data", &event.data)?;
        if let Some(legacy) = &event.legacy {
            out.serialize_field("timestamp", &legacy.timestamp)?;
            out.serialize_field("description", &legacy.description)?;
        }
        out.end()
    }
}
