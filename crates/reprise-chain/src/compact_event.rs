//! The fast path of verification: an event written in serde_json's compact form already holds
//! its canonical bytes, apart from the hash field.
//!
//! Theater writes `{"hash":[h…],"parent_hash":…,"event_type":"…","data":[…]}`; the hashed
//! bytes are `{"hash":[],` followed by everything after the stored hash's `],` (spec §2). So an
//! event in exactly that form can be hashed straight from the input, with no parse and no
//! re-serialisation. [`scan_compact_event`] finds such an event's parts; [`hash_compact_event`]
//! checks its data list and hashes it.
//!
//! Invariant: an event is accepted only when its bytes are exactly what
//! [`crate::canonical::write_canonical_bytes`] would write for the event serde would parse from
//! them: keys in Theater's order and nothing else (era-A fields are not accepted), no
//! whitespace, numbers 0–255 without leading zeros, a 20-byte hash and parent, an event type
//! that is valid UTF-8 escaped exactly as serde_json escapes. Anything else is
//! [`CompactScan::NotCompact`], and the caller must use the exact path, so a result never
//! differs from parse-and-verify.
//!
//! Every function is `#[inline]` so that it is compiled in the crate that calls it, at that
//! crate's optimisation level: the CLI's release build optimises for speed, the web app's for
//! size.

use std::ops::Range;

use sha1::{Digest, Sha1};

/// The canonical bytes start with this, then the event's text after its stored hash.
const CANONICAL_PREFIX: &[u8] = b"{\"hash\":[],";

/// Where one compact event's parts are, as offsets into the scanned buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompactEvent {
    /// The stored hash.
    pub hash: [u8; 20],
    /// The stored parent hash (`None` for `null`).
    pub parent_hash: Option<[u8; 20]>,
    /// From `"parent_hash"` to the closing `}`: the canonical bytes after [`CANONICAL_PREFIX`].
    pub canonical_tail: Range<usize>,
    /// The data list's text, between its brackets (not yet checked: see
    /// [`hash_compact_event`]).
    pub data_list: Range<usize>,
}

/// What [`scan_compact_event`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompactScan {
    /// A compact event; it ends just before `end`.
    Event {
        /// The event's parts.
        event: CompactEvent,
        /// Offset just after the event's closing `}`.
        end: usize,
    },
    /// The buffer ends inside the event: scan again with more bytes.
    NeedMore,
    /// Not an event in the exact compact form (or not an event at all).
    NotCompact,
}

/// Reads the compact event that starts at `buf[start]` (its `{`).
#[inline]
pub fn scan_compact_event(buf: &[u8], start: usize) -> CompactScan {
    let mut cursor = Cursor { buf, pos: start };
    match cursor.event() {
        Ok(scan) => scan,
        Err(Stop::NeedMore) => CompactScan::NeedMore,
        Err(Stop::NotCompact) => CompactScan::NotCompact,
    }
}

/// Checks `event`'s data list and hashes its canonical bytes. `None` when the data list is not
/// canonical (the event must then take the exact path).
#[inline]
pub fn hash_compact_event(buf: &[u8], event: &CompactEvent) -> Option<[u8; 20]> {
    if !is_canonical_byte_list(buf.get(event.data_list.clone())?) {
        return None;
    }
    let mut hasher = Sha1::new();
    hasher.update(CANONICAL_PREFIX);
    hasher.update(buf.get(event.canonical_tail.clone())?);
    Some(hasher.finalize().into())
}

/// Whether `text` is what serde_json writes for a list of bytes, without its brackets:
/// numbers 0–255 in plain decimal, separated by single commas.
///
/// A plain loop, token by token: a bit-mask version (64 bytes at a time) measured slower in
/// the CLI's release build, 1.03–1.33 s of CPU against 0.75–0.97 s on a 337 MB chain.
#[inline]
pub fn is_canonical_byte_list(text: &[u8]) -> bool {
    let len = text.len();
    if len == 0 {
        return true;
    }
    let mut pos = 0;
    loop {
        let first = text[pos];
        if !first.is_ascii_digit() {
            return false;
        }
        pos += 1;
        if first != b'0' {
            let mut value = u16::from(first - b'0');
            let mut num_digits = 1;
            while pos < len && text[pos].is_ascii_digit() && num_digits < 3 {
                value = value * 10 + u16::from(text[pos] - b'0');
                pos += 1;
                num_digits += 1;
            }
            if value > 255 {
                return false;
            }
        }
        if pos == len {
            return true;
        }
        // After a number only a comma may follow (a fourth digit or a digit after `0` is not
        // canonical), and a comma must be followed by another number.
        if text[pos] != b',' || pos + 1 == len {
            return false;
        }
        pos += 1;
    }
}

enum Stop {
    NeedMore,
    NotCompact,
}

struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    #[inline]
    fn event(&mut self) -> Result<CompactScan, Stop> {
        self.expect(b"{\"hash\":")?;
        let hash = self.hash_list()?;
        self.expect(b",")?;
        let tail_start = self.pos;
        self.expect(b"\"parent_hash\":")?;
        let parent_hash = if self.peek()? == b'n' {
            self.expect(b"null")?;
            None
        } else {
            Some(self.hash_list()?)
        };
        self.expect(b",\"event_type\":\"")?;
        self.serde_string_body()?;
        self.expect(b",\"data\":[")?;
        let data_start = self.pos;
        let rest = &self.buf[self.pos..];
        let Some(len) = memchr::memchr(b']', rest) else {
            return Err(Stop::NeedMore);
        };
        let data_end = self.pos + len;
        self.pos = data_end + 1;
        self.expect(b"}")?;
        Ok(CompactScan::Event {
            event: CompactEvent {
                hash,
                parent_hash,
                canonical_tail: tail_start..self.pos,
                data_list: data_start..data_end,
            },
            end: self.pos,
        })
    }

    #[inline]
    fn peek(&self) -> Result<u8, Stop> {
        self.buf.get(self.pos).copied().ok_or(Stop::NeedMore)
    }

    /// Consumes `expected`, or says whether the bytes differ or run out first.
    #[inline]
    fn expect(&mut self, expected: &[u8]) -> Result<(), Stop> {
        let available = &self.buf[self.pos.min(self.buf.len())..];
        let num_common = available.len().min(expected.len());
        if available[..num_common] != expected[..num_common] {
            return Err(Stop::NotCompact);
        }
        if num_common < expected.len() {
            return Err(Stop::NeedMore);
        }
        self.pos += expected.len();
        Ok(())
    }

    /// `[b0,…,b19]`: exactly 20 canonical bytes.
    #[inline]
    fn hash_list(&mut self) -> Result<[u8; 20], Stop> {
        self.expect(b"[")?;
        let mut hash = [0u8; 20];
        for (idx, slot) in hash.iter_mut().enumerate() {
            if idx > 0 {
                self.expect(b",")?;
            }
            *slot = self.canonical_byte()?;
        }
        self.expect(b"]")?;
        Ok(hash)
    }

    #[inline]
    fn canonical_byte(&mut self) -> Result<u8, Stop> {
        let first = self.peek()?;
        if !first.is_ascii_digit() {
            return Err(Stop::NotCompact);
        }
        self.pos += 1;
        if first == b'0' {
            return Ok(0);
        }
        let mut value = u16::from(first - b'0');
        for _ in 0..2 {
            let next = self.peek()?;
            if !next.is_ascii_digit() {
                break;
            }
            value = value * 10 + u16::from(next - b'0');
            self.pos += 1;
        }
        if self.peek()?.is_ascii_digit() {
            return Err(Stop::NotCompact);
        }
        u8::try_from(value).map_err(|_| Stop::NotCompact)
    }

    /// A string's body up to and including its closing quote, accepted only when it is valid
    /// UTF-8 escaped exactly as serde_json escapes (so its bytes are canonical as they stand).
    #[inline]
    fn serde_string_body(&mut self) -> Result<(), Stop> {
        let start = self.pos;
        loop {
            let byte = self.peek()?;
            match byte {
                b'"' => break,
                b'\\' => {
                    let escape = *self.buf.get(self.pos + 1).ok_or(Stop::NeedMore)?;
                    match escape {
                        b'"' | b'\\' | b'b' | b'f' | b'n' | b'r' | b't' => self.pos += 2,
                        b'u' => {
                            let digits = self
                                .buf
                                .get(self.pos + 2..self.pos + 6)
                                .ok_or(Stop::NeedMore)?;
                            if !is_serde_control_escape(digits) {
                                return Err(Stop::NotCompact);
                            }
                            self.pos += 6;
                        }
                        _ => return Err(Stop::NotCompact),
                    }
                }
                0..=0x1f => return Err(Stop::NotCompact),
                _ => self.pos += 1,
            }
        }
        if std::str::from_utf8(&self.buf[start..self.pos]).is_err() {
            return Err(Stop::NotCompact);
        }
        self.pos += 1;
        Ok(())
    }
}

/// serde_json writes `\u00xx` (lowercase hex) only for control characters that have no short
/// escape; any other `\u` escape is valid JSON but not canonical.
#[inline]
fn is_serde_control_escape(digits: &[u8]) -> bool {
    let [b'0', b'0', high, low] = digits else {
        return false;
    };
    let hex = |digit: u8| match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        _ => None,
    };
    let (Some(high), Some(low)) = (hex(*high), hex(*low)) else {
        return false;
    };
    let code = high * 16 + low;
    code < 0x20 && !matches!(code, 0x08 | 0x09 | 0x0a | 0x0c | 0x0d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canonical::compute_event_hash;
    use crate::event::ChainEvent;
    use crate::write_chain_json;

    fn event(event_type: &str, data: Vec<u8>, parent: Option<Vec<u8>>) -> ChainEvent {
        let mut event = ChainEvent {
            hash: Vec::new(),
            parent_hash: parent,
            event_type: event_type.into(),
            data,
            legacy: None,
        };
        event.hash = compute_event_hash(&event).to_vec();
        event
    }

    /// The event's JSON as Theater writes it (one element of a compact array).
    fn compact_text(event: &ChainEvent) -> Vec<u8> {
        let array = write_chain_json(std::slice::from_ref(event));
        array[1..array.len() - 1].to_vec()
    }

    #[test]
    fn hashes_compact_events_like_the_canonical_writer() {
        let all_bytes: Vec<u8> = (0..=255).collect();
        for event_type in [
            "wasm",
            "a\"b\\c\n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f}é\u{2028}😀",
            "",
        ] {
            for parent in [None, Some(vec![7; 20])] {
                let event = event(event_type, all_bytes.clone(), parent.clone());
                let text = compact_text(&event);
                let CompactScan::Event { event: found, end } = scan_compact_event(&text, 0) else {
                    panic!("{event_type:?} not accepted");
                };
                assert_eq!(end, text.len());
                assert_eq!(found.hash.to_vec(), event.hash);
                assert_eq!(found.parent_hash.map(|hash| hash.to_vec()), parent);
                assert_eq!(
                    hash_compact_event(&text, &found).unwrap().to_vec(),
                    event.hash
                );
                for cut in 0..text.len() {
                    assert_eq!(scan_compact_event(&text[..cut], 0), CompactScan::NeedMore);
                }
            }
        }
    }

    #[test]
    fn refuses_every_form_that_is_not_canonical() {
        let base = String::from_utf8(compact_text(&event("wasm", vec![1, 20], None))).unwrap();
        let variants = [
            base.replace("\"wasm\"", "\"w\\u0061sm\""),
            base.replace("\"wasm\"", "\"wa\\/sm\""),
            base.replace("{\"hash\"", "{ \"hash\""),
            base.replace("\"parent_hash\":null", "\"parent_hash\":[1,2]"),
            base.replace("[1,20]", "[1,020]"),
            base.replace("\"event_type\"", "\"event_typ\""),
        ];
        for variant in &variants {
            // The data list is checked when hashing, the rest when scanning.
            let is_refused = match scan_compact_event(variant.as_bytes(), 0) {
                CompactScan::Event { event, .. } => {
                    hash_compact_event(variant.as_bytes(), &event).is_none()
                }
                CompactScan::NotCompact => true,
                CompactScan::NeedMore => false,
            };
            assert!(is_refused, "{variant}");
        }
        let control = base.replace("\"wasm\"", "\"\\u001F\"");
        assert_eq!(
            scan_compact_event(control.as_bytes(), 0),
            CompactScan::NotCompact
        );
    }

    /// The rule said another way (split at commas): the reference for the loop.
    fn is_canonical_byte_list_plain(text: &[u8]) -> bool {
        if text.is_empty() {
            return true;
        }
        text.split(|byte| *byte == b',').all(|token| {
            (1..=3).contains(&token.len())
                && token.iter().all(u8::is_ascii_digit)
                && (token.len() == 1 || token[0] != b'0')
                && std::str::from_utf8(token)
                    .ok()
                    .and_then(|text| text.parse::<u16>().ok())
                    .is_some_and(|value| value <= 255)
        })
    }

    #[test]
    fn list_check_agrees_with_the_rule_said_another_way() {
        let alphabet = b"0123456789,,,0255x\xc3";
        let mut state = 0x1234_5678_9abc_def0_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..200_000 {
            let len = (next() % 140) as usize;
            let text: Vec<u8> = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            assert_eq!(
                is_canonical_byte_list(&text),
                is_canonical_byte_list_plain(&text),
                "{:?}",
                String::from_utf8_lossy(&text)
            );
        }
        // Valid lists of every length around the block size, and one bad byte anywhere.
        for num_bytes in 0..70 {
            let values: Vec<u8> = (0..num_bytes).map(|idx| (idx * 37 % 256) as u8).collect();
            let text = values
                .iter()
                .map(u8::to_string)
                .collect::<Vec<_>>()
                .join(",");
            assert!(is_canonical_byte_list(text.as_bytes()), "{text}");
            for pos in 0..text.len() {
                for bad in [b' ', b'a', b'-', 0xc3] {
                    let mut damaged = text.clone().into_bytes();
                    damaged[pos] = bad;
                    assert!(!is_canonical_byte_list(&damaged), "{pos} in {text}");
                }
            }
        }
    }

    #[test]
    fn byte_lists_are_checked_strictly() {
        for good in ["", "0", "255", "1,22,255,0"] {
            assert!(is_canonical_byte_list(good.as_bytes()), "{good}");
        }
        for bad in [
            "256", "01", "1,", ",1", "1,,2", "1000", " 1", "-1", "1.0", "1e2", "00",
        ] {
            assert!(!is_canonical_byte_list(bad.as_bytes()), "{bad}");
        }
    }
}
