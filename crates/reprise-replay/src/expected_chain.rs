//! The chain a replay is measured against: the recorded events, each decoded once, with a flag
//! saying whether it hashes to its own stored hash.
//!
//! A what-if builds a second `ExpectedChain` from the first with one host output replaced and
//! the hashes from there on recomputed ([`ExpectedChain::with_host_output`]).
//!
//! Invariant: `decoded[i]` and `is_stored_hash_ok[i]` always describe `events[i]`.

use packr_abi::Value;
use reprise_chain::{compute_event_hash, ChainEvent};

use crate::payload::{host_function_payload, SHUTDOWN_EVENT_TYPE};
use crate::recorded::{classify_event, RecordedEvent};

/// Recorded events, decoded for replay.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExpectedChain {
    /// The events, as recorded (or as edited by a what-if).
    pub events: Vec<ChainEvent>,
    /// Each event decoded.
    pub decoded: Vec<RecordedEvent>,
    /// Whether each event hashes to its own stored hash.
    pub is_stored_hash_ok: Vec<bool>,
}

impl ExpectedChain {
    /// Decodes every event of `events`.
    pub fn new(events: Vec<ChainEvent>) -> Self {
        let decoded = events.iter().map(classify_event).collect();
        let is_stored_hash_ok = events
            .iter()
            .map(|event| compute_event_hash(event).as_slice() == event.hash.as_slice())
            .collect();
        Self {
            events,
            decoded,
            is_stored_hash_ok,
        }
    }

    /// Number of events.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether there are no events.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// The first recorded host call at or after `from` for `interface`/`function` (Theater's
    /// `find_next_host_call` scan) and its output.
    pub fn find_host_call(
        &self,
        from: usize,
        interface: &str,
        function: &str,
    ) -> Option<(usize, &Value)> {
        self.decoded
            .iter()
            .enumerate()
            .skip(from)
            .find_map(|(idx, event)| match event {
                RecordedEvent::HostCall {
                    interface: recorded_interface,
                    function: recorded_function,
                    output,
                    ..
                } if recorded_interface == interface && recorded_function == function => {
                    Some((idx, output))
                }
                _ => None,
            })
    }

    /// This chain with the output of host call `event_idx` replaced by `output`, as if it had
    /// been recorded that way: the event is re-encoded, and it and every later event are
    /// re-hashed and re-linked. A later event that did not hash to its stored hash before still
    /// does not (so tampering stays visible). `None` if `event_idx` is not a host call.
    pub fn with_host_output(&self, event_idx: usize, output: Value) -> Option<Self> {
        let RecordedEvent::HostCall {
            interface,
            function,
            input,
            ..
        } = self.decoded.get(event_idx)?
        else {
            return None;
        };
        let payload = host_function_payload(interface, function, input.clone(), output);
        let data = packr_abi::encode(&payload).ok()?;
        let mut events = self.events.clone();
        events[event_idx].data = data;
        for idx in event_idx..events.len() {
            if idx > 0 {
                events[idx].parent_hash = Some(events[idx - 1].hash.clone());
            }
            if idx == event_idx || self.is_stored_hash_ok[idx] {
                events[idx].hash = compute_event_hash(&events[idx]).to_vec();
            }
        }
        Some(Self::new(events))
    }

    /// Whether the event at `idx` starts a step (an export call or the shutdown pseudo-event).
    pub fn is_step_start(&self, idx: usize) -> bool {
        matches!(
            self.decoded.get(idx),
            Some(RecordedEvent::ExportCall { .. } | RecordedEvent::Shutdown)
        ) || self
            .events
            .get(idx)
            .is_some_and(|event| event.event_type == SHUTDOWN_EVENT_TYPE)
    }
}
