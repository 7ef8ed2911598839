//! `CaptureChains`: the actors' chains a capture log's records describe, built record by
//! record — one chain per actor id, in the order the ids first appear.
//!
//! Invariants: an `actor` record sets its chain's metadata and a later one for the same id
//! replaces it (events untouched); events are appended in record (seq) order; an event of an
//! actor no `actor` record named yet gets a chain with only its id.

use std::collections::HashMap;

use crate::actor_chain::ActorChain;
use crate::wire::{LogRecord, RecordBody};

/// Chains being assembled from log records.
#[derive(Debug, Default)]
pub struct CaptureChains {
    chains: Vec<ActorChain>,
    pos_by_id: HashMap<String, usize>,
}

impl CaptureChains {
    /// No records yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the next record (records must come in seq order).
    pub fn push(&mut self, record: LogRecord) {
        match record.body {
            RecordBody::Actor(info) => {
                let pos = self.pos_of(&info.id);
                info.apply_to(&mut self.chains[pos]);
            }
            RecordBody::Event { actor_id, event } => {
                let pos = self.pos_of(&actor_id);
                self.chains[pos].events.push(event);
            }
        }
    }

    /// The chains, in the order their actors first appeared.
    pub fn into_chains(self) -> Vec<ActorChain> {
        self.chains
    }

    fn pos_of(&mut self, actor_id: &str) -> usize {
        if let Some(&pos) = self.pos_by_id.get(actor_id) {
            return pos;
        }
        self.chains.push(ActorChain {
            id: Some(actor_id.to_string()),
            ..ActorChain::default()
        });
        self.pos_by_id
            .insert(actor_id.to_string(), self.chains.len() - 1);
        self.chains.len() - 1
    }
}
