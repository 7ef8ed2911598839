//! `IncrementalVerifier`: chain verification one event at a time. It is the only
//! implementation of the link rules: [`verify_chain`](crate::verify_chain) runs it over a
//! slice, and the live feed pushes events as they arrive.
//!
//! Each pushed event costs one hash and one link check against what came before; nothing is
//! rechecked. Invariant: after pushing events `e0..en` one by one, [`IncrementalVerifier::report`]
//! equals `verify_chain(&[e0..en])` (tested on the fixtures, intact and tampered).

use std::collections::HashMap;

use crate::canonical::compute_event_hash_with;
use crate::event::{short_hex, ChainEvent};
use crate::verify::{BreakReason, BrokenLink, EventCheck, LinkStatus, VerifyReport};

/// Verification state of a chain that grows at its end.
#[derive(Debug, Clone)]
pub struct IncrementalVerifier {
    report: VerifyReport,
    first_idx_by_hash: HashMap<Vec<u8>, usize>,
    last_hash: Option<Vec<u8>>,
    scratch: Vec<u8>,
}

impl Default for IncrementalVerifier {
    fn default() -> Self {
        Self {
            report: VerifyReport {
                num_events: 0,
                hashes_checked: 0,
                checks: Vec::new(),
                partial_from: None,
                first_broken: None,
            },
            first_idx_by_hash: HashMap::new(),
            last_hash: None,
            scratch: Vec::new(),
        }
    }
}

impl IncrementalVerifier {
    /// A verifier for an empty chain.
    pub fn new() -> Self {
        Self::default()
    }

    /// A verifier for an empty chain expected to grow to about `num_events` events.
    pub fn with_capacity(num_events: usize) -> Self {
        let mut verifier = Self::default();
        verifier.report.checks.reserve(num_events);
        verifier.first_idx_by_hash.reserve(num_events);
        verifier
    }

    /// The final report, without copying it.
    pub fn into_report(self) -> VerifyReport {
        self.report
    }

    /// Checks `event` as the chain's next event and returns its check.
    pub fn push(&mut self, event: &ChainEvent) -> EventCheck {
        let idx = self.report.num_events;
        let computed_hash = compute_event_hash_with(event, &mut self.scratch);
        let is_hash_ok = event.hash.as_slice() == computed_hash.as_slice();
        let link = self.link_status(event);
        self.first_idx_by_hash
            .entry(event.hash.clone())
            .or_insert(idx);
        let check = EventCheck {
            computed_hash,
            is_hash_ok,
            link,
        };
        if self.report.first_broken.is_none() {
            if let Some(reason) = check.break_reason() {
                self.report.first_broken = Some(BrokenLink {
                    index: idx,
                    reason,
                    detail: self.describe_break(event, &check, reason),
                });
            }
        }
        if idx == 0 && link == LinkStatus::PartialStart {
            self.report.partial_from = Some(0);
        }
        self.last_hash = Some(event.hash.clone());
        self.report.checks.push(check.clone());
        self.report.num_events += 1;
        self.report.hashes_checked += 1;
        check
    }

    /// The report over every event pushed so far.
    pub fn report(&self) -> &VerifyReport {
        &self.report
    }

    fn link_status(&self, event: &ChainEvent) -> LinkStatus {
        let Some(prev_hash) = &self.last_hash else {
            return match event.parent_hash {
                None => LinkStatus::Root,
                Some(_) => LinkStatus::PartialStart,
            };
        };
        if event.parent_hash.as_deref() == Some(prev_hash.as_slice()) {
            return LinkStatus::Linked;
        }
        if let Some(&of_idx) = self.first_idx_by_hash.get(&event.hash) {
            return LinkStatus::Duplicate { of_idx };
        }
        match event
            .parent_hash
            .as_ref()
            .and_then(|parent| self.first_idx_by_hash.get(parent))
        {
            Some(&parent_idx) => LinkStatus::Fork { parent_idx },
            None => LinkStatus::ParentMismatch,
        }
    }

    fn describe_break(
        &self,
        event: &ChainEvent,
        check: &EventCheck,
        reason: BreakReason,
    ) -> String {
        let hex = |bytes: &[u8]| short_hex(bytes, 12);
        match (reason, check.link) {
            (BreakReason::HashMismatch, _) => format!(
                "stored hash {} but its content hashes to {}",
                hex(&event.hash),
                hex(&check.computed_hash)
            ),
            (_, LinkStatus::Duplicate { of_idx }) => {
                format!("repeats event {of_idx} (hash {})", hex(&event.hash))
            }
            (_, LinkStatus::Fork { parent_idx }) => format!(
                "its parent is event {parent_idx}, which event {} already continues",
                parent_idx + 1
            ),
            _ => {
                let prev_hash = self.last_hash.as_deref().map(hex).unwrap_or_default();
                match &event.parent_hash {
                    Some(parent) => format!(
                        "parent_hash {} is not the previous event's hash {prev_hash}",
                        hex(parent)
                    ),
                    None => {
                        format!("parent_hash is null but the previous event's hash is {prev_hash}")
                    }
                }
            }
        }
    }
}
