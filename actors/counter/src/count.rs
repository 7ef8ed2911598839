//! The counter's state text: a JSON object `{"n":<integer>}`, kept as bytes in the actor's
//! `option<list<u8>>` state.
//!
//! Written and read by hand (the actor is `no_std`); anything that is not exactly this shape
//! reads as "no count".

use alloc::format;
use alloc::string::String;

/// The state text for count `n`.
pub fn count_json(n: i64) -> String {
    format!("{{\"n\":{n}}}")
}

/// The count held by a state text, if it has the `{"n":<integer>}` shape.
pub fn parse_count(text: &str) -> Option<i64> {
    let digits = text.trim().strip_prefix("{\"n\":")?.strip_suffix('}')?;
    digits.trim().parse().ok()
}
