//! `EventDetail`: everything the detail pane shows about one event, derived from the analysed
//! actor in one place so the pane only renders.

use std::sync::Arc;

use reprise_chain::{interpret_event, to_hex, AnalyzedActor, EventKind, LinkStatus, ValueNode};

use crate::EventStatus;

/// Where the "state after" shown for an event comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateAfter {
    /// The result event that recorded it.
    pub source_idx: usize,
    /// Whether that is the event itself.
    pub is_own: bool,
    /// The state.
    pub state: ValueNode,
}

impl StateAfter {
    /// `state after this call` or `state as of event N (the latest result)`.
    pub fn caption(&self) -> String {
        if self.is_own {
            "state after this call".to_string()
        } else {
            format!(
                "state as of event {} (the latest result before this event)",
                self.source_idx
            )
        }
    }
}

/// The facts about one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDetail {
    /// Index in the chain.
    pub event_idx: usize,
    /// Its role.
    pub kind: EventKind,
    /// Export or host function.
    pub function: String,
    /// The stored `event_type`.
    pub event_type: String,
    /// Stored hash, full hex.
    pub hash_hex: String,
    /// Parent hash, full hex; `None` for a root.
    pub parent_hex: Option<String>,
    /// The hash recomputed from the content, when it differs from the stored one.
    pub computed_hex: Option<String>,
    /// Verification verdict.
    pub status: EventStatus,
    /// How the event links to its predecessor, in words.
    pub link_text: String,
    /// The whole decoded payload.
    pub payload: ValueNode,
    /// The named parts (params, input, output, state, response, message).
    pub parts: Vec<ValueNode>,
    /// Why the payload could not be decoded, if so.
    pub problem: Option<String>,
    /// The actor state after this event, if any result precedes it.
    pub state_after: Option<StateAfter>,
    /// The raw payload bytes.
    pub data: Arc<[u8]>,
}

impl EventDetail {
    /// The detail of event `event_idx` of `actor`, or `None` when out of range.
    pub fn of(actor: &AnalyzedActor, event_idx: usize) -> Option<Self> {
        let event = actor.chain.events.get(event_idx)?;
        let check = actor.report.checks.get(event_idx)?;
        let meaning = interpret_event(event);
        let state_after = match meaning.state_after() {
            Some(state) => Some(StateAfter {
                source_idx: event_idx,
                is_own: true,
                state: state.clone(),
            }),
            None => actor
                .summaries
                .get(event_idx)
                .and_then(|summary| summary.state_source_idx)
                .and_then(|source_idx| {
                    let source = actor.chain.events.get(source_idx)?;
                    let state = interpret_event(source).state_after()?.clone();
                    Some(StateAfter {
                        source_idx,
                        is_own: false,
                        state,
                    })
                }),
        };
        Some(Self {
            event_idx,
            kind: meaning.kind,
            function: meaning.function,
            event_type: event.event_type.clone(),
            hash_hex: to_hex(&event.hash),
            parent_hex: event.parent_hash.as_deref().map(to_hex),
            computed_hex: (!check.is_hash_ok).then(|| to_hex(&check.computed_hash)),
            status: EventStatus::of(actor, event_idx),
            link_text: link_text(check.link),
            payload: meaning.payload,
            parts: meaning.parts,
            problem: meaning.problem,
            state_after,
            data: Arc::from(event.data.as_slice()),
        })
    }
}

fn link_text(link: LinkStatus) -> String {
    match link {
        LinkStatus::Root => "root: the chain starts here".to_string(),
        LinkStatus::PartialStart => "partial start: its parent is not in the file".to_string(),
        LinkStatus::Linked => "linked to the previous event".to_string(),
        LinkStatus::ParentMismatch => "parent hash is not the previous event's hash".to_string(),
        LinkStatus::Duplicate { of_idx } => format!("repeats event {of_idx}"),
        LinkStatus::Fork { parent_idx } => {
            format!(
                "forks from event {parent_idx}, which event {} already continues",
                parent_idx + 1
            )
        }
    }
}
