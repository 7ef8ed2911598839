//! Client → server messages of `/ws`: the one kind, `subscribe` ([`Subscription`]: where the
//! feed starts and which records it wants).
//!
//! ```json
//! {"actors":["<uuid>"],"event_types":["wasm"],"from":{"seq":7},"type":"subscribe"}
//! ```
//!
//! Written with the keys in that (alphabetical) order, `actors` and `event_types` left out
//! when they are `None`: the bytes clients have always sent. Read in any key order; an unknown
//! field, a missing `from` or an ill-typed value is a [`WireError`] whose text the server sends
//! back as its `error` message.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::wire::feed_start::FeedStart;
use crate::wire::wire_error::WireError;

/// A `subscribe` message: where to start, and the only actors and event types wanted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// Where the feed starts.
    pub from: FeedStart,
    /// Only these actors' events; `None` = every actor. Actor records always pass.
    pub actors: Option<Vec<String>>,
    /// Only events whose `event_type` is one of these exact strings; `None` = every type.
    pub event_types: Option<Vec<String>>,
}

impl Subscription {
    /// Every record from `from` on.
    pub fn all_actors(from: FeedStart) -> Self {
        Self {
            from,
            actors: None,
            event_types: None,
        }
    }

    /// Only `actors`' events (and every actor record) from `from` on.
    pub fn of_actors(from: FeedStart, actors: Vec<String>) -> Self {
        Self {
            from,
            actors: Some(actors),
            event_types: None,
        }
    }

    /// The message's JSON text.
    pub fn to_message(&self) -> String {
        let out = SubscribeOut {
            actors: self.actors.as_deref(),
            event_types: self.event_types.as_deref(),
            from: self.from.to_json(),
            message_type: "subscribe",
        };
        // Strings, numbers and a one-key object always serialize.
        serde_json::to_string(&out).unwrap_or_default()
    }
}

/// A message from the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientMessage {
    /// Start (or replace) the feed.
    Subscribe(Subscription),
}

impl ClientMessage {
    /// Reads one text message from the client; the error is the text of the `error` reply.
    pub fn parse(text: &str) -> Result<Self, WireError> {
        let value: Value = serde_json::from_str(text)
            .map_err(|err| WireError::new(format!("the message is not JSON: {err}")))?;
        let message_type = value
            .get("type")
            .ok_or_else(|| WireError::new("the message has no \"type\" field"))?
            .as_str()
            .ok_or_else(|| WireError::new("\"type\" must be a string"))?;
        if message_type != "subscribe" {
            return Err(WireError::new(format!(
                "unknown message type \"{message_type}\" (the only one is \"subscribe\")"
            )));
        }
        let json: SubscribeIn = serde_json::from_value(value)
            .map_err(|err| WireError::new(format!("invalid \"subscribe\" message: {err}")))?;
        Ok(Self::Subscribe(Subscription {
            from: FeedStart::from_json(&json.from)?,
            actors: json.actors,
            event_types: json.event_types,
        }))
    }

    /// The message's JSON text.
    pub fn to_message(&self) -> String {
        match self {
            Self::Subscribe(subscription) => subscription.to_message(),
        }
    }
}

/// The `subscribe` message from the beginning, or from `from_seq` on (records with seq ≥ it).
pub fn subscribe_message(from_seq: Option<u64>) -> String {
    let from = from_seq.map_or(FeedStart::Beginning, FeedStart::Seq);
    Subscription::all_actors(from).to_message()
}

/// The written shape; field order is the byte order.
#[derive(Serialize)]
struct SubscribeOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    actors: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    event_types: Option<&'a [String]>,
    from: Value,
    #[serde(rename = "type")]
    message_type: &'static str,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SubscribeIn {
    #[serde(rename = "type")]
    _type: String,
    from: Value,
    actors: Option<Vec<String>>,
    event_types: Option<Vec<String>>,
}
