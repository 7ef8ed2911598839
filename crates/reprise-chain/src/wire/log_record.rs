//! `LogRecord`: one line of a capture's log (`events.log.jsonl`), which is also exactly the
//! `/ws` message that sends it — an `actor` record or an `event` record, numbered by `seq`.
//!
//! ```json
//! {"type":"actor","seq":1,"id":"…","name":"…","parent":null,"manifest":null,"initial_state":null,"wasm_sha256":null}
//! {"type":"event","seq":2,"actor_id":"…","event":{"hash":[…],"parent_hash":null,"event_type":"wasm","data":[…]}}
//! ```
//!
//! Invariants: `to_json_line` then `from_json_line` gives back the same record, and the bytes
//! written never change (the golden lines in `tests/wire_golden/` hold them); reading never
//! panics, a bad line is a [`WireError`] saying why.

use serde::{Deserialize, Serialize};

use crate::actor_chain::ActorChain;
use crate::event::ChainEvent;
use crate::parse::RawEvent;
use crate::wire::event_json::EventJson;
use crate::wire::wire_error::WireError;

/// What an actor is, as far as the recorder knows: the fields of an `actor` record.
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

impl ActorInfo {
    /// The actor as a chain with no events yet (and no module bytes: a record names its
    /// module by `wasm_sha256` only).
    pub fn to_actor_chain(&self) -> ActorChain {
        let mut chain = ActorChain::default();
        self.apply_to(&mut chain);
        chain
    }

    /// Writes this record's metadata over `chain`'s: a later `actor` record for the same id
    /// replaces the earlier one, field by field, events untouched.
    pub fn apply_to(&self, chain: &mut ActorChain) {
        chain.id = Some(self.id.clone());
        chain.name = self.name.clone();
        chain.parent = self.parent.clone();
        chain.manifest = self.manifest.clone();
        chain.initial_state = self.initial_state.clone();
        chain.wasm_sha256 = self.wasm_sha256.clone();
    }
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

impl RecordBody {
    /// What a log holds for one whole chain: the actor's record (its metadata, under `id`),
    /// then each of its events in order. The inverse of reading a log back into chains.
    pub fn of_chain(id: String, chain: ActorChain) -> Vec<Self> {
        let mut bodies = Vec::with_capacity(chain.events.len() + 1);
        bodies.push(Self::Actor(ActorInfo {
            id: id.clone(),
            name: chain.name,
            parent: chain.parent,
            manifest: chain.manifest,
            initial_state: chain.initial_state,
            wasm_sha256: chain.wasm_sha256,
        }));
        bodies.extend(chain.events.into_iter().map(|event| Self::Event {
            actor_id: id.clone(),
            event,
        }));
        bodies
    }

    /// The actor the record is about.
    pub fn actor_id(&self) -> &str {
        match self {
            Self::Actor(info) => &info.id,
            Self::Event { actor_id, .. } => actor_id,
        }
    }
}

/// One record of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogRecord {
    /// Position in the log, from 1, strictly increasing.
    pub seq: u64,
    /// What the record says.
    pub body: RecordBody,
}

/// A record as written: `"type"` first, then the fields in their documented order.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum RecordOut<'a> {
    Actor {
        seq: u64,
        #[serde(flatten)]
        info: &'a ActorInfo,
    },
    Event {
        seq: u64,
        actor_id: &'a str,
        event: EventJson<'a>,
    },
}

/// The fields of an `actor` record after `"type"` (shared with the server-message reader).
#[derive(Deserialize)]
pub(crate) struct ActorRecordIn {
    seq: u64,
    #[serde(flatten)]
    info: ActorInfo,
}

/// The fields of an `event` record after `"type"` (shared with the server-message reader).
#[derive(Deserialize)]
pub(crate) struct EventRecordIn {
    seq: u64,
    actor_id: String,
    event: RawEvent,
}

impl From<ActorRecordIn> for LogRecord {
    fn from(record: ActorRecordIn) -> Self {
        Self {
            seq: record.seq,
            body: RecordBody::Actor(record.info),
        }
    }
}

impl From<EventRecordIn> for LogRecord {
    fn from(record: EventRecordIn) -> Self {
        Self {
            seq: record.seq,
            body: RecordBody::Event {
                actor_id: record.actor_id,
                event: ChainEvent::from(record.event),
            },
        }
    }
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum RecordIn {
    Actor(ActorRecordIn),
    Event(EventRecordIn),
}

impl LogRecord {
    /// The record's line (and `/ws` message), without the trailing newline.
    pub fn to_json_line(&self) -> String {
        let out = match &self.body {
            RecordBody::Actor(info) => RecordOut::Actor {
                seq: self.seq,
                info,
            },
            RecordBody::Event { actor_id, event } => RecordOut::Event {
                seq: self.seq,
                actor_id,
                event: EventJson(event),
            },
        };
        // Strings, numbers and byte lists always serialize; there is no map with non-string keys.
        serde_json::to_string(&out).unwrap_or_default()
    }

    /// Reads one line (without its newline); the error is serde's reason with its column.
    pub fn from_json_line(line: &str) -> Result<Self, WireError> {
        parse_record(line).map_err(|err| WireError::new(err.to_string()))
    }
}

/// Reads one record, keeping serde's error (with its position) for callers that report it.
pub(crate) fn parse_record(line: &str) -> Result<LogRecord, serde_json::Error> {
    Ok(match serde_json::from_str::<RecordIn>(line)? {
        RecordIn::Actor(record) => record.into(),
        RecordIn::Event(record) => record.into(),
    })
}
