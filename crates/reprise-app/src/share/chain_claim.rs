//! `ChainClaim`: what a link says about one chain it refers to — the actor's stable key, its
//! event count and its head hash in full lowercase hex — so the recipient can check the chain
//! they loaded is the one the sender saw. Fragment form: `chain=<actor>,<events>,<head>`.
//!
//! Invariants: a [`HeadHash`] is exactly 40 lowercase hex digits (a SHA-1); a claim has a head
//! exactly when it counts at least one event (an empty chain has none: `chain=<actor>,0,`).

use std::fmt;

use reprise_chain::{to_hex, ChainEvent};

use crate::session::ActorKey;
use crate::share::fragment_text::parse_index;
use crate::share::link_error::{LinkError, LinkErrorReason};

/// Hex digits of a SHA-1.
pub const HEAD_HASH_HEX_LEN: usize = 40;

/// A chain's head hash: 40 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HeadHash(String);

impl HeadHash {
    /// Reads a head hash; `Err` says what is wrong (length, case, digits).
    pub fn parse(text: &str) -> Result<Self, &'static str> {
        if text.len() != HEAD_HASH_HEX_LEN {
            return Err(if text.len() < HEAD_HASH_HEX_LEN {
                "is too short"
            } else {
                "is too long"
            });
        }
        if text.bytes().any(|byte| byte.is_ascii_uppercase()) {
            return Err("has uppercase letters");
        }
        if !text
            .bytes()
            .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte))
        {
            return Err("has characters that are not hex digits");
        }
        Ok(Self(text.to_string()))
    }

    /// The stored hash of `event`, when it is a 20-byte SHA-1.
    pub fn of_event(event: &ChainEvent) -> Option<Self> {
        (event.hash.len() * 2 == HEAD_HASH_HEX_LEN).then(|| Self(to_hex(&event.hash)))
    }

    /// The hash as lowercase hex.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for HeadHash {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// What a link claims about one chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainClaim {
    /// The actor, by its stable key in the sender's session.
    pub actor: ActorKey,
    /// Events in the chain the sender saw.
    pub num_events: usize,
    /// Its last event's hash; `None` exactly when `num_events` is 0.
    pub head: Option<HeadHash>,
}

impl ChainClaim {
    /// The claim for `events` as actor `actor`; `None` when the last event's stored hash is
    /// not a 20-byte SHA-1 (a damaged chain: there is no head to claim).
    pub fn of_chain(actor: ActorKey, events: &[ChainEvent]) -> Option<Self> {
        let head = match events.last() {
            Some(last) => Some(HeadHash::of_event(last)?),
            None => None,
        };
        Some(Self {
            actor,
            num_events: events.len(),
            head,
        })
    }

    /// The fragment value: `<escaped actor>,<events>,<head>`.
    pub fn to_fragment_value(&self) -> String {
        let head = self.head.as_ref().map_or("", HeadHash::as_str);
        format!(
            "{},{},{head}",
            self.actor.to_fragment_value(),
            self.num_events
        )
    }

    /// Reads a `chain=` value written by [`ChainClaim::to_fragment_value`].
    pub fn from_fragment_value(value: &str) -> Result<Self, LinkError> {
        let bad_claim = |detail| LinkError::at("chain", LinkErrorReason::BadChainClaim { detail });
        let mut parts = value.split(',');
        let (Some(actor), Some(count), Some(head), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad_claim("not three comma-separated parts"));
        };
        let actor = ActorKey::from_fragment_value(actor)
            .ok_or_else(|| LinkError::at("chain", LinkErrorReason::BadEscape))?;
        let num_events =
            parse_index(count).ok_or_else(|| LinkError::at("chain", LinkErrorReason::BadNumber))?;
        let head = if head.is_empty() {
            None
        } else {
            let parsed = HeadHash::parse(head).map_err(|detail| {
                LinkError::at("chain", LinkErrorReason::BadHeadHash { detail })
            })?;
            Some(parsed)
        };
        if (num_events == 0) != head.is_none() {
            return Err(bad_claim(
                "a head hash is given exactly when the chain has events",
            ));
        }
        Ok(Self {
            actor,
            num_events,
            head,
        })
    }
}
