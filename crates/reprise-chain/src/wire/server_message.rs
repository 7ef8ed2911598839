//! Server → client messages of `/ws`: a log record (`actor` or `event`, sent as exactly its
//! line in the log), `lagged` and `error`.
//!
//! ```json
//! {"type":"lagged","seq":41}
//! {"message":"…","type":"error"}
//! ```
//!
//! `error`'s keys come in that order: the bytes the server has always sent. Reading takes any
//! key order, ignores unknown fields (a newer server may add some) and never panics.

use serde::{Deserialize, Serialize};
use serde_json::error::Category;

use crate::wire::log_record::{ActorRecordIn, EventRecordIn, LogRecord};
use crate::wire::wire_error::WireError;

/// One message from the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerMessage {
    /// A record of the log: an actor was seen or changed, or one of its events.
    Record(LogRecord),
    /// The client read too slowly: every record up to and including `seq` that passes its
    /// filters was sent, nothing after it will be; resubscribe from `seq + 1`.
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

impl ServerMessage {
    /// Reads one text message; the error says what was wrong with it.
    pub fn parse(text: &str) -> Result<Self, WireError> {
        match serde_json::from_str::<ServerIn>(text) {
            Ok(ServerIn::Actor(record)) => Ok(Self::Record(record.into())),
            Ok(ServerIn::Event(record)) => Ok(Self::Record(record.into())),
            Ok(ServerIn::Lagged { seq }) => Ok(Self::Lagged { seq }),
            Ok(ServerIn::Error { message }) => Ok(Self::Error { message }),
            Err(err) => Err(WireError::new(match err.classify() {
                Category::Syntax | Category::Eof | Category::Io => format!("not JSON: {err}"),
                Category::Data => format!("not a server message: {err}"),
            })),
        }
    }

    /// The message's JSON text.
    pub fn to_message(&self) -> String {
        match self {
            Self::Record(record) => record.to_json_line(),
            Self::Lagged { seq } => lagged_message(*seq),
            Self::Error { message } => error_message(message),
        }
    }
}

/// The `lagged` message's text.
pub fn lagged_message(seq: u64) -> String {
    let out = LaggedOut {
        message_type: "lagged",
        seq,
    };
    // A string and a number always serialize.
    serde_json::to_string(&out).unwrap_or_default()
}

/// The `error` message's text.
pub fn error_message(message: &str) -> String {
    let out = ErrorOut {
        message,
        message_type: "error",
    };
    // Two strings always serialize.
    serde_json::to_string(&out).unwrap_or_default()
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum ServerIn {
    Actor(ActorRecordIn),
    Event(EventRecordIn),
    Lagged { seq: u64 },
    Error { message: String },
}

/// The written shapes; field order is the byte order.
#[derive(Serialize)]
struct LaggedOut {
    #[serde(rename = "type")]
    message_type: &'static str,
    seq: u64,
}

#[derive(Serialize)]
struct ErrorOut<'a> {
    message: &'a str,
    #[serde(rename = "type")]
    message_type: &'static str,
}
