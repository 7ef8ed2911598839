//! The WebSocket protocol spoken at `/ws`, and the parsing and building of its messages.
//!
//! Every message is one JSON object in one WebSocket **text** message; the `"type"` field says
//! what it is. Records are numbered by the durable log's `seq` (from 1, strictly increasing,
//! never reused), so a client that remembers the last `seq` it saw can always continue
//! exactly where it stopped.
//!
//! ## Client → server
//!
//! ```json
//! {"type":"subscribe","from":"beginning","actors":["<uuid>",…],"event_types":["wasm",…]}
//! ```
//!
//! - `from` (required) says where the feed starts:
//!   - `"beginning"`: the first record of the log;
//!   - `{"seq":N}`: the first record whose seq is **N or more** (so to continue after seq N,
//!     send `{"seq":N+1}`);
//!   - `"tail"`: only records appended after the server handled this message.
//! - `actors` (optional, `null` = all): only events of these actor ids are sent.
//! - `event_types` (optional, `null` = all): only events whose `event_type` is one of these
//!   exact strings (`"wasm"`, `"shutdown"`, `"theater:simple/runtime/log"`, …) are sent.
//! - The filters are applied by the server. **Actor records always pass them**, so the client
//!   can always build the actor tree.
//! - After the backlog (what the log already holds from `from` on), the same feed continues
//!   live, with no gap and no duplicate.
//! - A new `subscribe` replaces the previous one: the old feed stops (a few of its messages
//!   that were already on their way may still arrive) and the new one starts at its `from`.
//! - Anything else (invalid JSON, a binary message, an unknown `type`, an unknown or ill-typed
//!   field) is answered with an `error` message; the connection and the current subscription
//!   stay as they were.
//!
//! Before the first `subscribe` the server sends nothing.
//!
//! ## Server → client
//!
//! Each record of the log is sent as exactly its line in the log:
//!
//! ```json
//! {"type":"actor","seq":1,"id":"<uuid>","name":"counter"|null,"parent":"<uuid>"|null,"manifest":"…"|null,"initial_state":[…]|null,"wasm_sha256":"<hex>"|null}
//! {"type":"event","seq":2,"actor_id":"<uuid>","event":{"hash":[…],"parent_hash":[…]|null,"event_type":"wasm","data":[…]}}
//! ```
//!
//! - `actor`: an actor was seen, or its metadata changed; a later record for the same `id`
//!   replaces the earlier one. `initial_state` is CGRF bytes as a number array.
//! - `event`: one chain event of actor `actor_id`. `event` is the `ChainEvent` JSON exactly as
//!   Theater writes it (byte fields as number arrays), so it can be re-verified and replayed.
//!
//! Within one subscription, seqs strictly increase, and every record of the log from `from`
//! on that passes the filters is sent exactly once.
//!
//! ```json
//! {"type":"lagged","seq":N}
//! ```
//!
//! The client did not read fast enough: the server's queue for it filled up, so it stopped
//! that client's feed (a slow client never slows down the writer or other clients). Every
//! record up to and including seq `N` that passes the filters has been sent; nothing after
//! it will be. To continue with nothing missing, send the same subscription with
//! `"from":{"seq":N+1}`: the server then reads the rest from the log and goes live again.
//!
//! ```json
//! {"type":"error","message":"…"}
//! ```
//!
//! A message the server could not accept, or a failure reading the log (which ends the
//! feed; subscribe again to retry).
//!
//! ## Security
//!
//! The server binds to loopback unless told otherwise. A WebSocket upgrade that carries an
//! `Origin` header other than the server's own origin (`http://` + the `Host` header) is
//! refused with 403, and so is one whose `Host` is not a loopback name while the server
//! listens on loopback (a DNS-rebinding page). The server never connects anywhere a client
//! names.

use std::collections::HashSet;

use reprise_store::{LogRecord, RecordBody};
use serde::Deserialize;
use serde_json::{json, Value};

/// Where a subscription starts, as the client asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartPoint {
    /// The first record of the log.
    Beginning,
    /// The first record with at least this seq.
    Seq(u64),
    /// The first record appended after the subscription was handled.
    Tail,
}

/// A client's `subscribe` message: where to start and which records to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// Where the feed starts.
    pub from: StartPoint,
    /// Only events of these actors; `None` for all.
    pub actors: Option<HashSet<String>>,
    /// Only events of these types; `None` for all.
    pub event_types: Option<HashSet<String>>,
}

impl Subscription {
    /// Whether `record` goes to this subscriber: actor records always do, events when they
    /// pass both filters.
    pub fn admits(&self, record: &LogRecord) -> bool {
        match &record.body {
            RecordBody::Actor(_) => true,
            RecordBody::Event { actor_id, event } => {
                self.actors
                    .as_ref()
                    .is_none_or(|ids| ids.contains(actor_id))
                    && self
                        .event_types
                        .as_ref()
                        .is_none_or(|types| types.contains(&event.event_type))
            }
        }
    }
}

/// A message from the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientMessage {
    /// Start (or replace) the feed.
    Subscribe(Subscription),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SubscribeJson {
    #[serde(rename = "type")]
    _type: String,
    from: Value,
    actors: Option<Vec<String>>,
    event_types: Option<Vec<String>>,
}

/// Parses one text message from the client; `Err` is the text of the `error` reply.
pub fn parse_client_message(text: &str) -> Result<ClientMessage, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|err| format!("the message is not JSON: {err}"))?;
    let message_type = value
        .get("type")
        .ok_or("the message has no \"type\" field")?
        .as_str()
        .ok_or("\"type\" must be a string")?;
    if message_type != "subscribe" {
        return Err(format!(
            "unknown message type \"{message_type}\" (the only one is \"subscribe\")"
        ));
    }
    let json: SubscribeJson = serde_json::from_value(value)
        .map_err(|err| format!("invalid \"subscribe\" message: {err}"))?;
    Ok(ClientMessage::Subscribe(Subscription {
        from: parse_start_point(&json.from)?,
        actors: json.actors.map(|ids| ids.into_iter().collect()),
        event_types: json.event_types.map(|types| types.into_iter().collect()),
    }))
}

fn parse_start_point(from: &Value) -> Result<StartPoint, String> {
    let expected = "\"from\" must be \"beginning\", \"tail\" or {\"seq\": N}";
    match from {
        Value::String(name) if name == "beginning" => Ok(StartPoint::Beginning),
        Value::String(name) if name == "tail" => Ok(StartPoint::Tail),
        Value::Object(fields) if fields.len() == 1 => fields
            .get("seq")
            .and_then(Value::as_u64)
            .map(StartPoint::Seq)
            .ok_or_else(|| format!("{expected} with N a whole number ≥ 0")),
        other => Err(format!("{expected}, not {other}")),
    }
}

/// The `lagged` message: every matching record up to `last_seq` was sent, none after.
pub fn lagged_message(last_seq: u64) -> String {
    format!(r#"{{"type":"lagged","seq":{last_seq}}}"#)
}

/// The `error` message.
pub fn error_message(message: &str) -> String {
    json!({"type": "error", "message": message}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subscription(text: &str) -> Subscription {
        match parse_client_message(text) {
            Ok(ClientMessage::Subscribe(subscription)) => subscription,
            Err(err) => panic!("{text}: {err}"),
        }
    }

    #[test]
    fn start_points_and_filters_parse() {
        let sub = subscription(r#"{"type":"subscribe","from":"beginning"}"#);
        assert_eq!(sub.from, StartPoint::Beginning);
        assert_eq!((sub.actors, sub.event_types), (None, None));
        let sub = subscription(
            r#"{"type":"subscribe","from":{"seq":7},"actors":["a"],"event_types":["wasm"]}"#,
        );
        assert_eq!(sub.from, StartPoint::Seq(7));
        assert_eq!(sub.actors, Some(HashSet::from(["a".to_string()])));
        assert_eq!(sub.event_types, Some(HashSet::from(["wasm".to_string()])));
        let sub = subscription(r#"{"type":"subscribe","from":"tail","actors":null}"#);
        assert_eq!((sub.from, sub.actors), (StartPoint::Tail, None));
    }

    #[test]
    fn bad_messages_are_explained() {
        let cases = [
            ("not json", "not JSON"),
            (r#"{"from":"tail"}"#, "no \"type\""),
            (
                r#"{"type":"unsubscribe"}"#,
                "unknown message type \"unsubscribe\"",
            ),
            (r#"{"type":"subscribe"}"#, "missing field `from`"),
            (r#"{"type":"subscribe","from":"end"}"#, "\"from\" must be"),
            (r#"{"type":"subscribe","from":{"seq":-1}}"#, "whole number"),
            (
                r#"{"type":"subscribe","from":"tail","actor":["a"]}"#,
                "unknown field `actor`",
            ),
        ];
        for (text, expected) in cases {
            let err = parse_client_message(text).unwrap_err();
            assert!(err.contains(expected), "{text}: {err}");
        }
    }

    #[test]
    fn server_messages_have_the_documented_shape() {
        assert_eq!(lagged_message(41), r#"{"type":"lagged","seq":41}"#);
        let error: Value = serde_json::from_str(&error_message("no \"x\"")).unwrap();
        assert_eq!(error, json!({"type": "error", "message": "no \"x\""}));
    }
}
