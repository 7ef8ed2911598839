//! `MessageLinks`: which `message-server-host/send` caused which `handle-send` (spec §7, step 4).
//!
//! A `theater:simple/message-server-host/send(target, bytes)` host event whose output is `ok`
//! in one chain is matched with a `theater:simple/message-server-client.handle-send(bytes)`
//! export call in the chain of actor `target`: same target, equal payload, first unmatched
//! send first. Order across senders is not recorded, so two senders of identical bytes to the
//! same target are matched in input order. A `handle-send` with no matching send (a message
//! from outside the loaded chains) has no cause, and a send to an actor not loaded has no effect.

use std::borrow::Borrow;
use std::collections::{BTreeMap, VecDeque};

use crate::actor_chain::ActorChain;
use crate::event::ChainEvent;
use crate::event_kind::EventKind;
use crate::interpret::interpret_event;
use crate::supervision::{contains_bytes, string_value};
use crate::value_tree::ValueNode;

/// One event of one chain: `(chain index in the input slice, event index)`.
pub type EventRef = (usize, usize);

/// One delivered message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageLink {
    /// The `send` host event.
    pub send: EventRef,
    /// The `handle-send` export call it caused.
    pub handle: EventRef,
}

/// Every message matched across the loaded chains.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MessageLinks {
    /// The links, in sender order.
    pub links: Vec<MessageLink>,
}

const SEND_TYPE: &str = "theater:simple/message-server-host/send";
const HANDLE_SEND: &str = "theater:simple/message-server-client.handle-send";

impl MessageLinks {
    /// Matches sends and handle-sends over `chains`.
    pub fn build<C: Borrow<ActorChain>>(chains: &[C]) -> Self {
        let chains: Vec<&ActorChain> = chains.iter().map(Borrow::borrow).collect();
        // (target id, payload key) → sends not matched yet, in order.
        let mut pending: BTreeMap<(String, String), VecDeque<EventRef>> = BTreeMap::new();
        for (chain_idx, chain) in chains.iter().enumerate() {
            for (event_idx, event) in chain.events.iter().enumerate() {
                if let Some(key) = sent_message(event) {
                    pending
                        .entry(key)
                        .or_default()
                        .push_back((chain_idx, event_idx));
                }
            }
        }
        let mut links = Vec::new();
        for (chain_idx, chain) in chains.iter().enumerate() {
            let Some(actor_id) = &chain.id else {
                continue;
            };
            for (event_idx, event) in chain.events.iter().enumerate() {
                let Some(payload) = handled_message(event) else {
                    continue;
                };
                let key = (actor_id.clone(), payload);
                if let Some(send) = pending.get_mut(&key).and_then(VecDeque::pop_front) {
                    links.push(MessageLink {
                        send,
                        handle: (chain_idx, event_idx),
                    });
                }
            }
        }
        links.sort_by_key(|link| link.send);
        Self { links }
    }

    /// The `handle-send` that `send` caused.
    pub fn effect_of(&self, send: EventRef) -> Option<EventRef> {
        self.links
            .iter()
            .find(|link| link.send == send)
            .map(|link| link.handle)
    }

    /// The `send` that caused `handle`.
    pub fn cause_of(&self, handle: EventRef) -> Option<EventRef> {
        self.links
            .iter()
            .find(|link| link.handle == handle)
            .map(|link| link.send)
    }
}

/// `(target, payload key)` of a successful send.
fn sent_message(event: &ChainEvent) -> Option<(String, String)> {
    if event.event_type != SEND_TYPE {
        return None;
    }
    let meaning = interpret_event(event);
    meaning.part("output")?.child("ok")?;
    let input = meaning.part("input")?;
    let target = input.children.first().and_then(string_value)?;
    let payload = input.children.get(1)?;
    Some((target, payload_key(payload)))
}

/// The payload key of a `handle-send` call.
fn handled_message(event: &ChainEvent) -> Option<String> {
    if event.event_type != "wasm" || !contains_bytes(&event.data, b"handle-send") {
        return None;
    }
    let meaning = interpret_event(event);
    if meaning.kind != EventKind::ExportCall || meaning.function != HANDLE_SEND {
        return None;
    }
    let params = meaning.part("params")?;
    Some(payload_key(params.children.first()?))
}

/// The decoded payload without its key (`1` in a send's input, `0` in handle-send's params).
fn payload_key(node: &ValueNode) -> String {
    let unkeyed = ValueNode {
        key: None,
        ..node.clone()
    };
    serde_json::to_string(&unkeyed).unwrap_or_default()
}
