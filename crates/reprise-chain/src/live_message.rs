//! `LiveMessage`: one server → client message of the `reprise serve` WebSocket feed (`/ws`,
//! documented in the README and `reprise-server`'s `protocol.rs`), parsed into core values;
//! and the `subscribe` message a client sends.
//!
//! Pure: text in, values out. An event is read with the same reader as a replay file, so every
//! payload era parses exactly as it does from a file.

use serde::Deserialize;
use serde_json::{json, Value};

use crate::actor_chain::ActorChain;
use crate::event::ChainEvent;
use crate::parse::parse_file;

/// One message from the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveMessage {
    /// An actor was seen or its metadata changed (its `events` are empty).
    Actor {
        /// The log's sequence number.
        seq: u64,
        /// The actor's metadata.
        actor: ActorChain,
    },
    /// One chain event of an actor.
    Event {
        /// The log's sequence number.
        seq: u64,
        /// Whose chain it belongs to.
        actor_id: String,
        /// The event, as Theater wrote it.
        event: ChainEvent,
    },
    /// The client read too slowly; everything up to `seq` was sent, nothing after it will be.
    Lagged {
        /// The last seq covered.
        seq: u64,
    },
    /// The server refused a message or failed to read its log.
    Error {
        /// What the server said.
        message: String,
    },
}

#[derive(Deserialize)]
struct ActorRecord {
    seq: u64,
    id: String,
    name: Option<String>,
    parent: Option<String>,
    manifest: Option<String>,
    initial_state: Option<Vec<u8>>,
    wasm_sha256: Option<String>,
}

impl LiveMessage {
    /// Parses one text message; the error says what was wrong with it.
    pub fn parse(text: &str) -> Result<Self, String> {
        let value: Value = serde_json::from_str(text).map_err(|err| format!("not JSON: {err}"))?;
        let seq_of = |value: &Value| {
            value
                .get("seq")
                .and_then(Value::as_u64)
                .ok_or_else(|| "no seq".to_string())
        };
        match value.get("type").and_then(Value::as_str) {
            Some("actor") => {
                let record: ActorRecord = serde_json::from_value(value)
                    .map_err(|err| format!("bad actor record: {err}"))?;
                Ok(Self::Actor {
                    seq: record.seq,
                    actor: ActorChain {
                        id: Some(record.id),
                        name: record.name,
                        parent: record.parent,
                        manifest: record.manifest,
                        initial_state: record.initial_state,
                        wasm_sha256: record.wasm_sha256,
                        wasm: None,
                        events: Vec::new(),
                    },
                })
            }
            Some("event") => {
                let seq = seq_of(&value)?;
                let actor_id = value
                    .get("actor_id")
                    .and_then(Value::as_str)
                    .ok_or_else(|| "event without actor_id".to_string())?
                    .to_string();
                let event = value
                    .get("event")
                    .ok_or_else(|| "event record without event".to_string())?;
                Ok(Self::Event {
                    seq,
                    actor_id,
                    event: parse_event(event)?,
                })
            }
            Some("lagged") => Ok(Self::Lagged {
                seq: seq_of(&value)?,
            }),
            Some("error") => Ok(Self::Error {
                message: value
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
            }),
            Some(other) => Err(format!("unknown message type {other:?}")),
            None => Err("message without type".to_string()),
        }
    }
}

/// The `subscribe` message: from the beginning, or from `from_seq` on (records with seq ≥ it).
pub fn subscribe_message(from_seq: Option<u64>) -> String {
    let from = match from_seq {
        Some(seq) => json!({ "seq": seq }),
        None => json!("beginning"),
    };
    json!({ "type": "subscribe", "from": from }).to_string()
}

/// Reads one `ChainEvent` JSON object with the replay-file reader (all eras).
fn parse_event(event: &Value) -> Result<ChainEvent, String> {
    let bytes = serde_json::to_vec(&[event]).map_err(|err| err.to_string())?;
    let mut file = parse_file("live event", &bytes).map_err(|err| err.to_string())?;
    file.actors
        .pop()
        .and_then(|mut actor| actor.events.pop())
        .ok_or_else(|| "empty event".to_string())
}
