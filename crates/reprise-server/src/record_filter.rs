//! `RecordFilter`: which records one subscription's feed sends — a `subscribe` message's
//! filters (`reprise_chain::wire::Subscription`) as hash sets, so a long filter list costs
//! one lookup per record.
//!
//! Invariant (the protocol's): actor records always pass, so a client can always build the
//! actor tree; an event passes when both filters (each `None` = all) admit it.

use std::collections::HashSet;

use reprise_chain::wire::{LogRecord, RecordBody, Subscription};

/// The filters of one subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordFilter {
    actors: Option<HashSet<String>>,
    event_types: Option<HashSet<String>>,
}

impl RecordFilter {
    /// The filters `subscription` asks for.
    pub fn new(subscription: &Subscription) -> Self {
        let as_set = |names: &Option<Vec<String>>| {
            names
                .as_ref()
                .map(|names| names.iter().cloned().collect::<HashSet<_>>())
        };
        Self {
            actors: as_set(&subscription.actors),
            event_types: as_set(&subscription.event_types),
        }
    }

    /// Whether `record` goes to this subscriber.
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

#[cfg(test)]
mod tests {
    use reprise_chain::wire::{ActorInfo, ClientMessage, FeedStart};
    use reprise_chain::ChainEvent;

    use super::*;

    fn filter(text: &str) -> RecordFilter {
        match ClientMessage::parse(text) {
            Ok(ClientMessage::Subscribe(subscription)) => RecordFilter::new(&subscription),
            Err(err) => panic!("{text}: {err}"),
        }
    }

    fn event(actor_id: &str, event_type: &str) -> LogRecord {
        LogRecord {
            seq: 2,
            body: RecordBody::Event {
                actor_id: actor_id.to_string(),
                event: ChainEvent {
                    hash: vec![1],
                    parent_hash: None,
                    event_type: event_type.to_string(),
                    data: vec![],
                    legacy: None,
                },
            },
        }
    }

    #[test]
    fn events_pass_both_filters_and_actor_records_always() {
        let actor = LogRecord {
            seq: 1,
            body: RecordBody::Actor(ActorInfo {
                id: "b".to_string(),
                name: None,
                parent: None,
                manifest: None,
                initial_state: None,
                wasm_sha256: None,
            }),
        };
        let both =
            filter(r#"{"type":"subscribe","from":"tail","actors":["a"],"event_types":["wasm"]}"#);
        assert!(both.admits(&actor));
        assert!(both.admits(&event("a", "wasm")));
        assert!(!both.admits(&event("b", "wasm")));
        assert!(!both.admits(&event("a", "shutdown")));
        let all = RecordFilter::new(&Subscription::all_actors(FeedStart::Beginning));
        assert!(all.admits(&event("b", "shutdown")));
        let null = filter(r#"{"type":"subscribe","from":"tail","actors":null}"#);
        assert!(null.admits(&event("z", "wasm")));
    }
}
