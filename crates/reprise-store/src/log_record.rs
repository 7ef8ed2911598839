//! `LogRecord`: one line of the log, in exactly the JSON shape the WebSocket protocol sends,
//! so serving a record is sending its line.
//!
//! ```json
//! {"type":"actor","seq":1,"id":"…","name":"…","parent":null,"manifest":null,"initial_state":null,"wasm_sha256":null}
//! {"type":"event","seq":2,"actor_id":"…","event":{"hash":[…],"parent_hash":null,"event_type":"wasm","data":[…]}}
//! ```

use reprise_chain::ChainEvent;
use serde::{Deserialize, Serialize};

/// What an actor is, as far as the collector knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorInfo {
    /// Theater actor id (UUID).
    pub id: String,
    /// Name for people (the manifest's).
    pub name: Option<String>,
    /// The spawning actor's id.
    pub parent: Option<String>,
    /// Manifest path or text.
    pub manifest: Option<String>,
    /// CGRF bytes of the state given to `init`.
    pub initial_state: Option<Vec<u8>>,
    /// Lowercase hex SHA-256 of the wasm module.
    pub wasm_sha256: Option<String>,
}

/// The payload of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordBody {
    /// An actor was seen (or its metadata changed).
    Actor(ActorInfo),
    /// An event of actor `actor_id`.
    Event {
        /// The actor the event belongs to.
        actor_id: String,
        /// The event, exactly as Theater emitted it.
        event: ChainEvent,
    },
}

/// One record of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogRecord {
    /// Position in the log, from 1, strictly increasing.
    pub seq: u64,
    /// What the record says.
    pub body: RecordBody,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum RecordJson {
    Actor {
        seq: u64,
        #[serde(flatten)]
        info: ActorInfo,
    },
    Event {
        seq: u64,
        actor_id: String,
        event: TheaterEventJson,
    },
}

/// A chain event in Theater's JSON shape (no era-A fields: live capture is era C).
#[derive(Serialize, Deserialize)]
struct TheaterEventJson {
    hash: Vec<u8>,
    parent_hash: Option<Vec<u8>>,
    event_type: String,
    data: Vec<u8>,
}

impl LogRecord {
    /// The record's line, without the trailing newline.
    pub fn to_json_line(&self) -> String {
        let json = match &self.body {
            RecordBody::Actor(info) => RecordJson::Actor {
                seq: self.seq,
                info: info.clone(),
            },
            RecordBody::Event { actor_id, event } => RecordJson::Event {
                seq: self.seq,
                actor_id: actor_id.clone(),
                event: TheaterEventJson {
                    hash: event.hash.clone(),
                    parent_hash: event.parent_hash.clone(),
                    event_type: event.event_type.clone(),
                    data: event.data.clone(),
                },
            },
        };
        // Plain data always serializes.
        serde_json::to_string(&json).unwrap_or_default()
    }

    /// Parses one line; `Err` carries serde's reason.
    pub fn from_json_line(line: &str) -> Result<Self, String> {
        let json: RecordJson = serde_json::from_str(line).map_err(|err| err.to_string())?;
        Ok(match json {
            RecordJson::Actor { seq, info } => LogRecord {
                seq,
                body: RecordBody::Actor(info),
            },
            RecordJson::Event {
                seq,
                actor_id,
                event,
            } => LogRecord {
                seq,
                body: RecordBody::Event {
                    actor_id,
                    event: ChainEvent {
                        hash: event.hash,
                        parent_hash: event.parent_hash,
                        event_type: event.event_type,
                        data: event.data,
                        legacy: None,
                    },
                },
            },
        })
    }
}
