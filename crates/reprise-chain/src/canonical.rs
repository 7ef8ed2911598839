//! The one place that defines which bytes Theater hashes.
//!
//! Theater computes `SHA-1(serde_json::to_vec(&event))` with `hash` set to an empty vector, the
//! fields in struct order, compact (spec §2). Era-A events append `timestamp` and
//! `description`. Everything in Reprise that needs an event hash calls [`compute_event_hash`];
//! nothing else may build these bytes.

use serde::Serialize;
use sha1::{Digest, Sha1};

use crate::event::ChainEvent;

/// The hashed form of an era B/C event: four fields, `hash` empty.
#[derive(Serialize)]
struct HashedEvent<'a> {
    hash: [u8; 0],
    parent_hash: Option<&'a [u8]>,
    event_type: &'a str,
    data: &'a [u8],
}

/// The hashed form of an era-A event: six fields, `hash` empty.
#[derive(Serialize)]
struct HashedLegacyEvent<'a> {
    hash: [u8; 0],
    parent_hash: Option<&'a [u8]>,
    event_type: &'a str,
    data: &'a [u8],
    timestamp: u64,
    description: Option<&'a str>,
}

/// Appends the canonical JSON bytes of `event` (with `"hash":[]`) to `out`.
pub fn write_canonical_bytes(event: &ChainEvent, out: &mut Vec<u8>) {
    // Writing into a Vec cannot fail and these structs have no fallible Serialize impls,
    // so the only possible error is unreachable; it is still handled without a panic.
    let result = match &event.legacy {
        None => serde_json::to_writer(out, &hashed(event)),
        Some(legacy) => serde_json::to_writer(
            out,
            &HashedLegacyEvent {
                hash: [],
                parent_hash: event.parent_hash.as_deref(),
                event_type: &event.event_type,
                data: &event.data,
                timestamp: legacy.timestamp,
                description: legacy.description.as_deref(),
            },
        ),
    };
    debug_assert!(result.is_ok(), "serializing into a Vec never fails");
}

/// The canonical bytes of `event`, as a new vector.
pub fn canonical_bytes(event: &ChainEvent) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + event.data.len() * 4);
    write_canonical_bytes(event, &mut out);
    out
}

/// Recomputes the 20-byte SHA-1 Theater would store for `event`.
///
/// `scratch` is reused between calls so verifying a long chain allocates once.
pub fn compute_event_hash_with(event: &ChainEvent, scratch: &mut Vec<u8>) -> [u8; 20] {
    scratch.clear();
    write_canonical_bytes(event, scratch);
    Sha1::digest(scratch.as_slice()).into()
}

/// Recomputes the 20-byte SHA-1 Theater would store for `event`.
pub fn compute_event_hash(event: &ChainEvent) -> [u8; 20] {
    compute_event_hash_with(event, &mut Vec::new())
}

fn hashed(event: &ChainEvent) -> HashedEvent<'_> {
    HashedEvent {
        hash: [],
        parent_hash: event.parent_hash.as_deref(),
        event_type: &event.event_type,
        data: &event.data,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{to_hex, LegacyFields};

    #[test]
    fn escapes_strings_like_serde_json() {
        let event = ChainEvent {
            hash: vec![1, 2],
            parent_hash: Some(vec![255]),
            event_type: "a\"b\\c\n\u{1}é\u{2028}".into(),
            data: vec![],
            legacy: None,
        };
        let text = String::from_utf8(canonical_bytes(&event)).unwrap();
        assert_eq!(
            text,
            "{\"hash\":[],\"parent_hash\":[255],\"event_type\":\"a\\\"b\\\\c\\n\\u0001é\u{2028}\",\"data\":[]}"
        );
    }

    #[test]
    fn legacy_fields_follow_data_in_struct_order() {
        let event = ChainEvent {
            hash: vec![],
            parent_hash: None,
            event_type: "wasm".into(),
            data: vec![123, 125],
            legacy: Some(LegacyFields {
                timestamp: 1_718_000_000_123,
                description: None,
            }),
        };
        let text = String::from_utf8(canonical_bytes(&event)).unwrap();
        assert_eq!(
            text,
            "{\"hash\":[],\"parent_hash\":null,\"event_type\":\"wasm\",\"data\":[123,125],\"timestamp\":1718000000123,\"description\":null}"
        );
        assert_eq!(to_hex(&compute_event_hash(&event)).len(), 40);
    }
}
