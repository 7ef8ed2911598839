//! The one place that defines which bytes Theater hashes.
//!
//! Theater computes `SHA-1(serde_json::to_vec(&event))` with `hash` set to an empty vector, the
//! fields in struct order, compact (spec §2). Era-A events append `timestamp` and
//! `description`. Everything in Reprise that needs an event hash calls [`compute_event_hash`];
//! nothing else may build these bytes.

use sha1::{Digest, Sha1};

use crate::event::ChainEvent;

/// Appends the canonical JSON bytes of `event` (with `"hash":[]`) to `out`.
///
/// This writes what `serde_json::to_vec` writes for Theater's struct, field by field. Byte
/// arrays go through a lookup table because they are nearly all of the bytes; strings go
/// through serde_json itself so escaping is exactly serde's. `tests::matches_serde_json`
/// checks the equivalence against serde on varied events.
pub fn write_canonical_bytes(event: &ChainEvent, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"hash\":[],\"parent_hash\":");
    match &event.parent_hash {
        None => out.extend_from_slice(b"null"),
        Some(parent) => write_byte_array(parent, out),
    }
    out.extend_from_slice(b",\"event_type\":");
    write_json_string(&event.event_type, out);
    out.extend_from_slice(b",\"data\":");
    write_byte_array(&event.data, out);
    if let Some(legacy) = &event.legacy {
        out.extend_from_slice(b",\"timestamp\":");
        out.extend_from_slice(legacy.timestamp.to_string().as_bytes());
        out.extend_from_slice(b",\"description\":");
        match &legacy.description {
            None => out.extend_from_slice(b"null"),
            Some(text) => write_json_string(text, out),
        }
    }
    out.push(b'}');
}

fn write_json_string(text: &str, out: &mut Vec<u8>) {
    // Serializing a &str into a Vec cannot fail; on the impossible error nothing is written
    // and the hash simply will not match.
    let _ = serde_json::to_writer(&mut *out, text);
}

/// `[1,2,255]` for the bytes 1, 2, 255: decimal numbers, no spaces.
fn write_byte_array(bytes: &[u8], out: &mut Vec<u8>) {
    out.reserve(bytes.len() * 4 + 2);
    out.push(b'[');
    for (idx, byte) in bytes.iter().enumerate() {
        if idx > 0 {
            out.push(b',');
        }
        let (digits, len) = &DECIMAL[usize::from(*byte)];
        out.extend_from_slice(&digits[..*len]);
    }
    out.push(b']');
}

/// The decimal text of every byte value, without leading zeros.
const DECIMAL: [([u8; 3], usize); 256] = {
    let mut table = [([0u8; 3], 0usize); 256];
    let mut value = 0;
    while value < 256 {
        let digits = [
            b'0' + (value / 100) as u8,
            b'0' + (value / 10 % 10) as u8,
            b'0' + (value % 10) as u8,
        ];
        table[value] = if value >= 100 {
            (digits, 3)
        } else if value >= 10 {
            ([digits[1], digits[2], 0], 2)
        } else {
            ([digits[2], 0, 0], 1)
        };
        value += 1;
    }
    table
};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{to_hex, LegacyFields};
    use serde::Serialize;

    /// The reference: Theater's own recipe, `serde_json::to_vec` of the struct in field order.
    #[derive(Serialize)]
    struct Reference<'a> {
        hash: [u8; 0],
        parent_hash: Option<&'a [u8]>,
        event_type: &'a str,
        data: &'a [u8],
    }

    #[derive(Serialize)]
    struct LegacyReference<'a> {
        hash: [u8; 0],
        parent_hash: Option<&'a [u8]>,
        event_type: &'a str,
        data: &'a [u8],
        timestamp: u64,
        description: Option<&'a str>,
    }

    fn reference_bytes(event: &ChainEvent) -> Vec<u8> {
        let parent_hash = event.parent_hash.as_deref();
        match &event.legacy {
            None => serde_json::to_vec(&Reference {
                hash: [],
                parent_hash,
                event_type: &event.event_type,
                data: &event.data,
            }),
            Some(legacy) => serde_json::to_vec(&LegacyReference {
                hash: [],
                parent_hash,
                event_type: &event.event_type,
                data: &event.data,
                timestamp: legacy.timestamp,
                description: legacy.description.as_deref(),
            }),
        }
        .unwrap()
    }

    #[test]
    fn matches_serde_json() {
        let all_bytes: Vec<u8> = (0..=255).collect();
        let strings = [
            "",
            "wasm",
            "a\"b\\c\n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f}é\u{2028}😀",
            "theater:simple/runtime/log",
        ];
        for (idx, text) in strings.iter().enumerate() {
            for parent_hash in [None, Some(vec![]), Some(all_bytes[..20].to_vec())] {
                for legacy in [
                    None,
                    Some(LegacyFields {
                        timestamp: u64::MAX,
                        description: Some(text.to_string()),
                    }),
                    Some(LegacyFields {
                        timestamp: 0,
                        description: None,
                    }),
                ] {
                    let event = ChainEvent {
                        hash: vec![9; 20],
                        parent_hash: parent_hash.clone(),
                        event_type: text.to_string(),
                        data: all_bytes[..(idx * 86).min(256)].to_vec(),
                        legacy,
                    };
                    assert_eq!(canonical_bytes(&event), reference_bytes(&event));
                }
            }
        }
    }

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
