//! `MessageLinks`: which `message-server-host/send` caused which `handle-send` (spec §7, step 4).
//!
//! A `theater:simple/message-server-host/send(target, bytes)` host event whose output is `ok`
//! in one chain is matched with a `theater:simple/message-server-client.handle-send(bytes)`
//! export call in the chain of actor `target`: same target, equal payload, first unmatched
//! send first. Order across senders is not recorded, so two senders of identical bytes to the
//! same target are matched in input order. A `handle-send` with no matching send (a message
//! from outside the loaded chains) has no cause, and a send to an actor not loaded has no effect.
//! Both ends are read by `theater_payload::message`.

use std::borrow::Borrow;
use std::collections::{BTreeMap, VecDeque};

use crate::actor_chain::ActorChain;
use crate::event::ChainEvent;
use crate::theater_payload::{IncomingMessage, MessageVerb, OutgoingMessage, Recipient};

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

impl MessageLinks {
    /// Matches sends and handle-sends over `chains`.
    pub fn build<C: Borrow<ActorChain>>(chains: &[C]) -> Self {
        let chains: Vec<&ActorChain> = chains.iter().map(Borrow::borrow).collect();
        // (target id, message bytes) → sends not matched yet, in order.
        let mut pending: BTreeMap<(String, Vec<u8>), VecDeque<EventRef>> = BTreeMap::new();
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

/// `(target, message bytes)` of a one-way message the host accepted.
fn sent_message(event: &ChainEvent) -> Option<(String, Vec<u8>)> {
    let message = OutgoingMessage::of_event(event)?;
    match (message.verb, message.recipient, message.accepted) {
        (MessageVerb::Send, Recipient::Actor(target), true) => Some((target, message.bytes)),
        _ => None,
    }
}

/// The bytes of a `handle-send` call.
fn handled_message(event: &ChainEvent) -> Option<Vec<u8>> {
    IncomingMessage::of_event(event)
        .filter(|message| message.verb == MessageVerb::Send)
        .map(|message| message.bytes)
}
