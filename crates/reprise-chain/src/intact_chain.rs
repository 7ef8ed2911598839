//! Verification in constant memory, for chains that turn out intact: [`IntactChainCheck`]
//! follows one actor's chain event by event keeping only the last hash, and
//! [`verify_event_array_stream`] runs it over a JSON array read from any `io::Read`.
//!
//! Invariant: when these say a chain is intact, the [`VerifyReport`] they give equals
//! [`crate::verify_chain`]'s for the same events (apart from the per-event `checks`, left
//! empty). When the chain is broken, or the input does not parse, they give `None` and keep
//! no detail: naming the first break (duplicate or fork of which earlier event) needs every
//! earlier hash, so the caller then takes the exact path, which also words every error.

use std::fmt;
use std::io;

use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use serde::Deserializer;

use crate::canonical::compute_event_hash_with;
use crate::event::ChainEvent;
use crate::parse::RawEvent;
use crate::verify::VerifyReport;

/// One actor's chain so far, while every hash and link holds.
#[derive(Debug, Clone, Default)]
pub struct IntactChainCheck {
    num_events: usize,
    starts_mid_way: bool,
    last_hash: Option<[u8; 20]>,
    is_broken: bool,
}

impl IntactChainCheck {
    /// No events yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The next event: its stored hash, stored parent, and whether its stored hash equals the
    /// hash of its content. A stored hash that is not 20 bytes is never correct.
    pub fn push(&mut self, hash: &[u8], parent_hash: Option<&[u8]>, is_hash_ok: bool) {
        let Ok(hash) = <[u8; 20]>::try_from(hash) else {
            self.is_broken = true;
            return;
        };
        if !is_hash_ok {
            self.is_broken = true;
        }
        match &self.last_hash {
            // The first event: a `null` parent is a root, any other a partial start.
            None if self.num_events == 0 => self.starts_mid_way = parent_hash.is_some(),
            last => {
                if parent_hash != last.as_ref().map(<[u8; 20]>::as_slice) {
                    self.is_broken = true;
                }
            }
        }
        self.last_hash = Some(hash);
        self.num_events += 1;
    }

    /// Whether a hash or link failed so far.
    pub fn is_broken(&self) -> bool {
        self.is_broken
    }

    /// The report of an intact chain, or `None` when it is broken.
    pub fn into_report(self) -> Option<VerifyReport> {
        (!self.is_broken).then(|| VerifyReport {
            num_events: self.num_events,
            hashes_checked: self.num_events,
            checks: Vec::new(),
            partial_from: self.starts_mid_way.then_some(0),
            first_broken: None,
        })
    }
}

/// Reads a JSON array of events from `reader` one event at a time (any whitespace, any valid
/// escaping: each event is hashed through the canonical writer) and reports it if intact.
/// `None` when it does not parse, has trailing text, or is broken.
pub fn verify_event_array_stream<R: io::Read>(reader: R) -> Option<VerifyReport> {
    let mut deserializer = serde_json::Deserializer::from_reader(reader);
    let check = ArrayCheck.deserialize(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    check.into_report()
}

struct ArrayCheck;

impl<'de> DeserializeSeed<'de> for ArrayCheck {
    type Value = IntactChainCheck;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ArrayCheck {
    type Value = IntactChainCheck;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON array of chain events")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut check = IntactChainCheck::new();
        let mut scratch = Vec::new();
        while let Some(raw) = seq.next_element::<RawEvent>()? {
            let event = ChainEvent::from(raw);
            let computed = compute_event_hash_with(&event, &mut scratch);
            check.push(
                &event.hash,
                event.parent_hash.as_deref(),
                event.hash == computed,
            );
        }
        Ok(check)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse_file, verify_chain};

    const TEN: &[u8] = include_bytes!("../../../fixtures/vectors/c2-ten-events.chain.json");

    fn ten_events() -> Vec<ChainEvent> {
        parse_file("ten", TEN).unwrap().actors.remove(0).events
    }

    fn check_of(events: &[ChainEvent]) -> Option<VerifyReport> {
        let mut check = IntactChainCheck::new();
        for event in events {
            let computed = crate::compute_event_hash(event);
            check.push(
                &event.hash,
                event.parent_hash.as_deref(),
                event.hash == computed,
            );
        }
        check.into_report()
    }

    #[test]
    fn intact_chains_report_as_verify_chain_does() {
        let events = ten_events();
        for start in [0, 3] {
            let expected = VerifyReport {
                checks: Vec::new(),
                ..verify_chain(&events[start..])
            };
            assert_eq!(check_of(&events[start..]), Some(expected.clone()));
            assert_eq!(
                verify_event_array_stream(crate::write_chain_json(&events[start..]).as_slice()),
                Some(expected)
            );
        }
        assert_eq!(check_of(&[]).unwrap().num_events, 0);
    }

    #[test]
    fn broken_chains_and_bad_input_give_none() {
        let events = ten_events();
        let mut dropped = events.clone();
        dropped.remove(4);
        let mut flipped = events.clone();
        flipped[3].data[0] ^= 1;
        let mut duplicated = events.clone();
        duplicated.insert(3, events[2].clone());
        for broken in [&dropped, &flipped, &duplicated] {
            assert!(!verify_chain(broken).is_verified());
            assert_eq!(check_of(broken), None);
        }
        assert_eq!(verify_event_array_stream(&TEN[..TEN.len() - 2]), None);
        assert_eq!(verify_event_array_stream(&b"[] x"[..]), None);
        assert_eq!(verify_event_array_stream(&b"{}"[..]), None);
    }
}
