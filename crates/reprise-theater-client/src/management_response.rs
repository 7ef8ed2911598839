//! `ManagementResponse`: the subset of theater-server's responses Reprise reads (spec §5).
//! Responses it does not use are kept as [`ManagementResponse::Other`] with their variant
//! name, so a newer server's additions are skipped rather than fatal.
//!
//! ```json
//! {"ActorList":{"actors":[["<uuid>","counter"]]}}
//! {"ActorEvent":{"event":{"hash":[…],"parent_hash":null,"event_type":"wasm","data":[…]}}}
//! {"Error":{"error":"ActorNotFound"}}
//! ```
//!
//! Invariant: [`ManagementResponse::parse`] never panics; JSON that is not a response, or a
//! known variant with the wrong shape, is an error naming serde's reason.

use std::fmt;

use reprise_chain::ChainEvent;
use serde::Deserialize;
use serde_json::Value;

/// A response or pushed event from theater-server.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub enum ManagementResponse {
    /// `StartActor` succeeded.
    ActorStarted {
        /// The new actor.
        id: String,
    },
    /// `StopActor` succeeded.
    ActorStopped {
        /// The stopped actor.
        id: String,
    },
    /// The running actors: `(id, name)` pairs, in no particular order.
    ActorList {
        /// Id and manifest name of each actor.
        actors: Vec<(String, String)>,
    },
    /// `SubscribeToActor` was registered.
    Subscribed {
        /// The actor.
        id: String,
        /// The subscription (to unsubscribe with).
        subscription_id: String,
    },
    /// An event of a subscribed actor. It names no actor: the connection does.
    ActorEvent {
        /// The event, exactly as the actor's chain holds it.
        event: ChainEvent,
    },
    /// `SendActorMessage` was delivered.
    SentMessage {
        /// The actor.
        id: String,
    },
    /// A command failed.
    Error {
        /// The server's `ManagementError`, e.g. `"ActorNotFound"` or `{"RuntimeError":"…"}`.
        error: ManagementError,
    },
    /// Any other response, by its variant name; its content is not read.
    #[serde(skip)]
    Other(String),
}

/// theater-server's `ManagementError`, kept as the JSON it sent (its variants change between
/// releases); `Display` makes a sentence of it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct ManagementError(pub Value);

impl fmt::Display for ManagementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Value::String(name) => f.write_str(name),
            Value::Object(fields) if fields.len() == 1 => {
                for (name, detail) in fields {
                    match detail {
                        Value::String(text) => write!(f, "{name}: {text}")?,
                        other => write!(f, "{name}: {other}")?,
                    }
                }
                Ok(())
            }
            other => write!(f, "{other}"),
        }
    }
}

/// The variants read into typed values; any other variant becomes `Other`.
const TYPED_VARIANTS: [&str; 7] = [
    "ActorStarted",
    "ActorStopped",
    "ActorList",
    "Subscribed",
    "ActorEvent",
    "SentMessage",
    "Error",
];

impl ManagementResponse {
    /// Parses a message's JSON bytes.
    pub fn parse(message: &[u8]) -> Result<Self, String> {
        let typed_err = match serde_json::from_slice::<Self>(message) {
            Ok(response) => return Ok(response),
            Err(err) => err,
        };
        // Only on failure: is it a variant this client does not read?
        match serde_json::from_slice::<Value>(message) {
            Ok(value) => match variant_name(&value) {
                Some(name) if !TYPED_VARIANTS.contains(&name) => Ok(Self::Other(name.to_string())),
                Some(name) => Err(format!("bad {name} response: {typed_err}")),
                None => Err(format!("not a management response: {}", excerpt(&value))),
            },
            Err(_) => Err(format!("not JSON: {typed_err}")),
        }
    }

    /// The variant's name, for messages about unexpected responses.
    pub fn variant_name(&self) -> &str {
        match self {
            Self::ActorStarted { .. } => "ActorStarted",
            Self::ActorStopped { .. } => "ActorStopped",
            Self::ActorList { .. } => "ActorList",
            Self::Subscribed { .. } => "Subscribed",
            Self::ActorEvent { .. } => "ActorEvent",
            Self::SentMessage { .. } => "SentMessage",
            Self::Error { .. } => "Error",
            Self::Other(name) => name,
        }
    }
}

/// The name of an externally tagged enum value: `"Unit"` or `{"Variant":…}`.
fn variant_name(value: &Value) -> Option<&str> {
    match value {
        Value::String(name) => Some(name),
        Value::Object(fields) if fields.len() == 1 => fields.keys().next().map(String::as_str),
        _ => None,
    }
}

/// At most 80 characters of a value, for error messages.
fn excerpt(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}
