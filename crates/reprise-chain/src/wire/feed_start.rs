//! `FeedStart`: where a `/ws` subscription starts reading the log — its first record, the
//! first record with at least a given seq, or only records appended from now on — as the
//! `subscribe` message's `from` value and as a URL's `?from=` text.
//!
//! Invariant: `from_json(to_json(x)) == x`; reading never panics, a bad value says what is
//! accepted.

use serde_json::{json, Value};

use crate::wire::wire_error::WireError;

/// Where a subscription starts reading the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedStart {
    /// The first record of the log (`"beginning"`).
    Beginning,
    /// The first record whose seq is this or more (`{"seq":N}`).
    Seq(u64),
    /// Only records appended after the server handled the subscription (`"tail"`).
    Tail,
}

impl FeedStart {
    /// Reads `beginning`, `tail` or a seq (a number from 1), as given in a URL.
    pub fn parse(text: &str) -> Result<Self, WireError> {
        match text.trim() {
            "beginning" => Ok(Self::Beginning),
            "tail" => Ok(Self::Tail),
            number => match number.parse::<u64>() {
                Ok(seq) if seq >= 1 => Ok(Self::Seq(seq)),
                _ => Err(WireError::new(format!(
                    "{number:?} is not `beginning`, `tail` or a seq (a number from 1)"
                ))),
            },
        }
    }

    /// The `from` value of a `subscribe` message.
    pub fn to_json(self) -> Value {
        match self {
            Self::Beginning => json!("beginning"),
            Self::Seq(seq) => json!({ "seq": seq }),
            Self::Tail => json!("tail"),
        }
    }

    /// Reads a `subscribe` message's `from` value. `{"seq":0}` is accepted (it reads as the
    /// beginning: no record has seq 0).
    pub fn from_json(from: &Value) -> Result<Self, WireError> {
        let expected = "\"from\" must be \"beginning\", \"tail\" or {\"seq\": N}";
        match from {
            Value::String(name) if name == "beginning" => Ok(Self::Beginning),
            Value::String(name) if name == "tail" => Ok(Self::Tail),
            Value::Object(fields) if fields.len() == 1 => fields
                .get("seq")
                .and_then(Value::as_u64)
                .map(Self::Seq)
                .ok_or_else(|| WireError::new(format!("{expected} with N a whole number ≥ 0"))),
            other => Err(WireError::new(format!("{expected}, not {other}"))),
        }
    }
}
