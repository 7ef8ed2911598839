//! The chain event as Theater writes it, plus the hex helpers every view of a hash uses.
//!
//! Invariant: a `ChainEvent` holds exactly what the input said, byte for byte; nothing here
//! normalises or repairs. Hash bytes may have any length, because bad input is data.

use serde::{Deserialize, Serialize};

/// One event of an actor's hash chain (Theater's `ChainEvent`, all eras).
///
/// Era B/C events have four fields. Era A (Theater 0.2.x) events also carry `timestamp`
/// and `description`, which take part in the hash; they live in [`LegacyFields`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainEvent {
    /// The stored SHA-1 of this event (20 bytes when well-formed).
    pub hash: Vec<u8>,
    /// The previous event's hash, `None` for an actor's first event.
    pub parent_hash: Option<Vec<u8>>,
    /// `wasm`, `shutdown`, or `<interface>/<function>` for host calls.
    pub event_type: String,
    /// The payload: CGRF v2 bytes (era C) or UTF-8 JSON (eras A and B).
    pub data: Vec<u8>,
    /// Present only on era-A events.
    pub legacy: Option<LegacyFields>,
}

/// The two era-A fields that follow `data` in the hashed JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegacyFields {
    /// Usually milliseconds since the epoch (Theater's doc comment says seconds).
    pub timestamp: u64,
    /// Free-form text, or `None` (serialized as `null`).
    pub description: Option<String>,
}

/// Lowercase hex of any byte slice (`7df1d45f…`).
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

/// The first `num_chars` hex digits of a hash, as shown in timelines.
pub fn short_hex(bytes: &[u8], num_chars: usize) -> String {
    let mut hex = to_hex(bytes);
    hex.truncate(num_chars);
    hex
}

/// Parses lowercase or uppercase hex into bytes; `None` on odd length or a non-hex digit.
pub fn from_hex(text: &str) -> Option<Vec<u8>> {
    let text = text.trim();
    if !text.len().is_multiple_of(2) {
        return None;
    }
    let digit = |c: u8| -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    };
    text.as_bytes()
        .chunks(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips() {
        let bytes = vec![0x7d, 0xf1, 0x00, 0xff];
        assert_eq!(to_hex(&bytes), "7df100ff");
        assert_eq!(from_hex("7DF100ff"), Some(bytes));
        assert_eq!(from_hex("7df"), None);
        assert_eq!(from_hex("zz"), None);
        assert_eq!(short_hex(&[0xab, 0xcd, 0xef], 4), "abcd");
    }
}
