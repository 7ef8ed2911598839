//! Messages between actors, read from both ends (spec §3.4, §3.5, §7 step 4): the sender's
//! `theater:simple/message-server-host` host call (to whom, which bytes, whether the host
//! accepted it) and the receiver's `theater:simple/message-server-client` export call (which
//! bytes, under which request or channel id).
//!
//! Shapes, as Theater 0.3.29 records them:
//!
//! | verb | sender's host call (input) | receiver's export call (params) |
//! |---|---|---|
//! | [`MessageVerb::Send`] | `send(actor-id, msg: list<u8>)` | `handle-send(list<u8>)` |
//! | [`MessageVerb::Request`] | `request(actor-id, msg)` → `result<list<u8>, string>` | `handle-request(request-id, list<u8>)` |
//! | [`MessageVerb::ChannelOpen`] | `open-channel(actor-id, initial-msg)` → `result<string, string>` | `handle-channel-open(channel-id, list<u8>)` |
//! | [`MessageVerb::ChannelMessage`] | `send-on-channel(channel-id, msg)` | `handle-channel-message(channel-id, list<u8>)` |
//!
//! Request and channel ids are made on the receiving side, so the two ends match only by the
//! recipient and the bytes. `handle-channel-close(channel-id)` carries no message and is not
//! read here.
//!
//! Invariant: reading never fails; another event, another era or another shape is `None`.

use crate::event::ChainEvent;
use crate::theater_payload::call_payload::{
    bytes_of, contains_bytes, decode_era_c, export_call, host_call, ok_of, string_of, tuple_items,
};

/// The sender's interface; its host events are `<this>/<function>`.
const HOST_INTERFACE: &str = "theater:simple/message-server-host";
/// The receiver's interface; its exports are `<this>.<function>`.
const CLIENT_INTERFACE: &str = "theater:simple/message-server-client";
/// What every receiving export's name contains: events without it are not decoded.
const HANDLER_MARK: &[u8] = b"message-server-client.handle-";

/// What kind of message, the same on both ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MessageVerb {
    /// A one-way message.
    Send,
    /// A message that waits for a response.
    Request,
    /// A channel opened with an initial message.
    ChannelOpen,
    /// A message on an open channel.
    ChannelMessage,
}

impl MessageVerb {
    /// Every verb.
    pub const ALL: [MessageVerb; 4] = [
        Self::Send,
        Self::Request,
        Self::ChannelOpen,
        Self::ChannelMessage,
    ];

    /// The sender's host function (`send`).
    pub fn host_function(self) -> &'static str {
        match self {
            Self::Send => "send",
            Self::Request => "request",
            Self::ChannelOpen => "open-channel",
            Self::ChannelMessage => "send-on-channel",
        }
    }

    /// The receiver's export (`handle-send`).
    pub fn handler_function(self) -> &'static str {
        match self {
            Self::Send => "handle-send",
            Self::Request => "handle-request",
            Self::ChannelOpen => "handle-channel-open",
            Self::ChannelMessage => "handle-channel-message",
        }
    }

    /// The sender's `event_type`: `theater:simple/message-server-host/send`.
    pub fn host_event_type(self) -> String {
        format!("{HOST_INTERFACE}/{}", self.host_function())
    }

    /// The receiver's full export name: `theater:simple/message-server-client.handle-send`.
    pub fn handler_export(self) -> String {
        format!("{CLIENT_INTERFACE}.{}", self.handler_function())
    }

    fn of_host_event_type(event_type: &str) -> Option<Self> {
        let function = event_type.strip_prefix(HOST_INTERFACE)?.strip_prefix('/')?;
        Self::ALL
            .into_iter()
            .find(|verb| verb.host_function() == function)
    }

    fn of_handler_export(export: &str) -> Option<Self> {
        let function = export.strip_prefix(CLIENT_INTERFACE)?.strip_prefix('.')?;
        Self::ALL
            .into_iter()
            .find(|verb| verb.handler_function() == function)
    }
}

/// Who a message was sent to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Recipient {
    /// An actor, by id (`send`, `request`, `open-channel`).
    Actor(String),
    /// An open channel, by id (`send-on-channel`).
    Channel(String),
}

/// A message as its sender's chain records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMessage {
    /// What kind of message.
    pub verb: MessageVerb,
    /// To whom (first input item).
    pub recipient: Recipient,
    /// The message (second input item).
    pub bytes: Vec<u8>,
    /// Whether the host answered `ok`: a refused message reached no one.
    pub accepted: bool,
}

impl OutgoingMessage {
    /// Reads a host event given as its `event_type` and `data`; `None` for any other event.
    pub fn read(event_type: &str, data: &[u8]) -> Option<Self> {
        let verb = MessageVerb::of_host_event_type(event_type)?;
        let payload = decode_era_c(data)?;
        let call = host_call(&payload)?;
        let [to, message] = tuple_items(call.input)? else {
            return None;
        };
        let to = string_of(to)?.to_string();
        let recipient = match verb {
            MessageVerb::ChannelMessage => Recipient::Channel(to),
            _ => Recipient::Actor(to),
        };
        Some(Self {
            verb,
            recipient,
            bytes: bytes_of(message)?,
            accepted: ok_of(call.output).is_some(),
        })
    }

    /// Reads one chain event; see [`OutgoingMessage::read`].
    pub fn of_event(event: &ChainEvent) -> Option<Self> {
        Self::read(&event.event_type, &event.data)
    }
}

/// A message as its receiver's chain records it: the call of its handler export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingMessage {
    /// What kind of message.
    pub verb: MessageVerb,
    /// The request id (`handle-request`) or channel id (channel handlers), made by the
    /// receiving side; `None` for `handle-send`.
    pub exchange_id: Option<String>,
    /// The message (the last param).
    pub bytes: Vec<u8>,
}

impl IncomingMessage {
    /// Reads a `wasm` event given as its `event_type` and `data`; `None` for any other event.
    pub fn read(event_type: &str, data: &[u8]) -> Option<Self> {
        if event_type != "wasm" || !contains_bytes(data, HANDLER_MARK) {
            return None;
        }
        let payload = decode_era_c(data)?;
        let call = export_call(&payload)?;
        let verb = MessageVerb::of_handler_export(call.function)?;
        let params = tuple_items(call.params)?;
        let (exchange_id, message) = match (verb, params) {
            (MessageVerb::Send, [message]) => (None, message),
            (MessageVerb::Send, _) => return None,
            (_, [id, message]) => (Some(string_of(id)?.to_string()), message),
            _ => return None,
        };
        Some(Self {
            verb,
            exchange_id,
            bytes: bytes_of(message)?,
        })
    }

    /// Reads one chain event; see [`IncomingMessage::read`].
    pub fn of_event(event: &ChainEvent) -> Option<Self> {
        Self::read(&event.event_type, &event.data)
    }
}
