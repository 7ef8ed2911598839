//! `LiveActor`: one actor of a live feed — its analysed chain, the verifier that checks each
//! new event against the one before, the log `seq` of every event (arrival order, for the
//! merged timeline), and where its back-fill from the log stands.
//!
//! Invariant: `event_seqs[i]` is the seq of `actor.chain.events[i]`, and seqs strictly increase
//! along the chain (the log appends an actor's events in chain order).

use std::sync::Arc;

use reprise_chain::{
    analyze_actor, ActorChain, AnalyzedActor, ChainEvent, IncrementalVerifier, LinkStatus,
};

use crate::live::live_backfill::BackfillState;

/// One actor of the feed.
#[derive(Debug, Clone)]
pub(crate) struct LiveActor {
    pub(crate) actor: Arc<AnalyzedActor>,
    verifier: IncrementalVerifier,
    pub(crate) event_seqs: Vec<u64>,
    metadata_seq: Option<u64>,
    pub(crate) backfill: BackfillState,
}

impl LiveActor {
    /// An actor known only by its id, with no event yet.
    pub(crate) fn new(actor_id: String) -> Self {
        let chain = ActorChain {
            id: Some(actor_id),
            ..ActorChain::default()
        };
        Self {
            actor: Arc::new(analyze_actor(0, chain, &mut |_| {})),
            verifier: IncrementalVerifier::new(),
            event_seqs: Vec::new(),
            metadata_seq: None,
            backfill: BackfillState::default(),
        }
    }

    /// The actor's id.
    pub(crate) fn id(&self) -> &str {
        self.actor.chain.id.as_deref().unwrap_or_default()
    }

    /// Takes `metadata` (an `actor` record) unless a later record was applied already: a
    /// back-fill reads the log from its beginning, after the main feed may have seen newer ones.
    pub(crate) fn apply_metadata(&mut self, seq: u64, metadata: ActorChain) {
        if self.metadata_seq.is_some_and(|applied| applied >= seq) {
            return;
        }
        self.metadata_seq = Some(seq);
        let actor = Arc::make_mut(&mut self.actor);
        actor.chain = ActorChain {
            events: std::mem::take(&mut actor.chain.events),
            ..metadata
        };
    }

    /// Appends `event` (log seq `seq`), verifying it against the event before.
    pub(crate) fn push_event(&mut self, seq: u64, event: ChainEvent) {
        let check = self.verifier.push(&event);
        let one_event = ActorChain {
            events: vec![event],
            ..ActorChain::default()
        };
        let mut analyzed = analyze_actor(0, one_event, &mut |_| {});
        let (Some(mut summary), Some(event)) =
            (analyzed.summaries.pop(), analyzed.chain.events.pop())
        else {
            return;
        };
        let actor = Arc::make_mut(&mut self.actor);
        let event_idx = actor.chain.events.len();
        // The one-event analysis numbers its own state source 0; map it onto the chain.
        summary.state_source_idx = match summary.state_source_idx {
            Some(_) => Some(event_idx),
            None => actor
                .summaries
                .last()
                .and_then(|previous| previous.state_source_idx),
        };
        actor.chain.events.push(event);
        actor.summaries.push(summary);
        self.event_seqs.push(seq);
        let report = self.verifier.report();
        actor.report.num_events = report.num_events;
        actor.report.hashes_checked = report.hashes_checked;
        actor.report.partial_from = report.partial_from;
        actor.report.first_broken = report.first_broken.clone();
        actor.report.checks.push(check);
    }

    /// Rebuilds the chain from `earlier` events (from the log) and the events already here,
    /// in seq order, each seq once, verified again from the start.
    pub(crate) fn rebuild_with(&mut self, earlier: Vec<(u64, ChainEvent)>) {
        let present = {
            let actor = Arc::make_mut(&mut self.actor);
            actor.summaries.clear();
            actor.report.checks.clear();
            let events = std::mem::take(&mut actor.chain.events);
            std::mem::take(&mut self.event_seqs).into_iter().zip(events)
        };
        let mut all: Vec<(u64, ChainEvent)> = earlier.into_iter().chain(present).collect();
        // Stable, so for a seq seen twice the log's copy (first) is kept; both are the record.
        all.sort_by_key(|(seq, _)| *seq);
        all.dedup_by_key(|(seq, _)| *seq);
        self.verifier = IncrementalVerifier::with_capacity(all.len());
        for (seq, event) in all {
            self.push_event(seq, event);
        }
    }

    /// The seqs of events whose parent had not been seen (a parent mismatch, or a first
    /// event with a parent).
    pub(crate) fn gap_seqs(&self) -> impl Iterator<Item = u64> + '_ {
        self.actor
            .report
            .checks
            .iter()
            .zip(&self.event_seqs)
            .filter(|(check, _)| {
                matches!(
                    check.link,
                    LinkStatus::ParentMismatch | LinkStatus::PartialStart
                )
            })
            .map(|(_, seq)| *seq)
    }

    /// Whether the chain's first event has a parent that is not in it.
    pub(crate) fn starts_mid_way(&self) -> bool {
        self.actor
            .report
            .checks
            .first()
            .is_some_and(|check| check.link == LinkStatus::PartialStart)
    }
}
