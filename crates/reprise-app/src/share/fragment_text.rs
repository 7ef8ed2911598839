//! The text rules of a link's fragment: how a value is percent-escaped so no `&`, `=`, `,` or
//! `#` inside it can split the fragment, and how numbers are read (ASCII digits only, bounded).
//!
//! Invariant: `unescape_value(&escape_value(text)) == Some(text)` for every string; reading
//! never panics and never allocates more than the input's length.

/// The largest number a link carries (event index, step, count, seq): `u32::MAX`, so a link
/// reads the same on a 32-bit page (wasm32) as on a 64-bit CLI.
pub const MAX_LINK_NUMBER: u64 = u32::MAX as u64;

/// `text` with every byte outside unreserved characters (and `:`, `/`, `@`, `~`) as `%XX`:
/// the one escaping rule of links, used for actor keys too
/// ([`crate::session::ActorKey::to_fragment_value`]).
pub fn escape_value(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for byte in text.bytes() {
        let is_plain = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~' | b':' | b'/' | b'@');
        if is_plain {
            escaped.push(char::from(byte));
        } else {
            escaped.push_str(&format!("%{byte:02X}"));
        }
    }
    escaped
}

/// Reads a value written by [`escape_value`] (any `%XX` escapes, either case); `None` for a
/// broken escape or bytes that are not UTF-8.
pub fn unescape_value(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut unescaped = Vec::with_capacity(bytes.len());
    let mut pos = 0;
    while let Some(&byte) = bytes.get(pos) {
        if byte == b'%' {
            let high = bytes.get(pos + 1).copied().and_then(hex_digit)?;
            let low = bytes.get(pos + 2).copied().and_then(hex_digit)?;
            unescaped.push(high * 16 + low);
            pos += 3;
        } else {
            unescaped.push(byte);
            pos += 1;
        }
    }
    String::from_utf8(unescaped).ok()
}

fn hex_digit(byte: u8) -> Option<u8> {
    char::from(byte)
        .to_digit(16)
        .and_then(|digit| u8::try_from(digit).ok())
}

/// A number written as ASCII digits (no sign, no spaces), at most [`MAX_LINK_NUMBER`].
pub fn parse_number(text: &str) -> Option<u64> {
    // Ten digits hold u32::MAX; a longer run is refused before parsing so a megabyte of
    // digits costs nothing.
    if text.is_empty() || text.len() > 10 || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse::<u64>()
        .ok()
        .filter(|number| *number <= MAX_LINK_NUMBER)
}

/// [`parse_number`] as an index or count.
pub fn parse_index(text: &str) -> Option<usize> {
    parse_number(text).and_then(|number| usize::try_from(number).ok())
}
