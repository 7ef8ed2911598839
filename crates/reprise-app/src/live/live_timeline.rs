//! `LiveTimeline`: a live feed's actors merged into one timeline in arrival order (the log's
//! seq), each row naming its actor and event kind and pointing at that actor's event in the
//! session. The order is the core's [`MergedTimeline`]; this adds what a row shows.
//!
//! Invariant: rows point at the session's actors by key (`Selection`), found through the
//! feed's file in [`ActorEntry`]; before the session shows the feed, the timeline is empty.

use std::sync::Arc;

use reprise_chain::{AnalyzedActor, EventKind, MergedTimeline};

use crate::{ActorEntry, ActorKey, EventStatus, Selection};

/// One row of the merged timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveTimelineRow {
    /// Arrival order: the log's seq.
    pub seq: u64,
    /// The actor's event in the session.
    pub selection: Selection,
    /// The actor's id.
    pub actor_id: String,
    /// The actor's label in the actor tree.
    pub actor_label: String,
    /// What the event is.
    pub kind: EventKind,
    /// The function called or the event type.
    pub function: String,
    /// Its verification status.
    pub status: EventStatus,
}

/// A live feed's events across its actors, in arrival order.
#[derive(Debug, Clone, Default)]
pub struct LiveTimeline {
    merged: MergedTimeline,
    event_seqs: Vec<Vec<u64>>,
    actors: Vec<Arc<AnalyzedActor>>,
    labels: Vec<String>,
    /// The session's key of each actor, in the order of `actors`.
    keys: Vec<ActorKey>,
}

impl PartialEq for LiveTimeline {
    fn eq(&self, other: &Self) -> bool {
        // Actors are shared, never copied: the same feed state is the same pointers.
        self.merged == other.merged
            && self.labels == other.labels
            && self.keys == other.keys
            && self.actors.len() == other.actors.len()
            && self
                .actors
                .iter()
                .zip(&other.actors)
                .all(|(a, b)| Arc::ptr_eq(a, b))
    }
}

impl LiveTimeline {
    /// The timeline of a feed's `actors` (with their `event_seqs`, in the same order), shown in
    /// the session as the live feed `feed_url` (`entries` are the session's actors).
    pub fn build(
        event_seqs: Vec<Vec<u64>>,
        actors: Vec<Arc<AnalyzedActor>>,
        entries: &[ActorEntry],
        feed_url: &str,
    ) -> Self {
        let feed_entries: Vec<&ActorEntry> = entries
            .iter()
            .filter(|entry| entry.file_path == feed_url)
            .collect();
        if feed_entries.is_empty() {
            return Self::default();
        }
        // The session may still hold the previous batch's actors: only those it shows count.
        let num_shown = feed_entries.len().min(actors.len());
        let event_seqs: Vec<Vec<u64>> = event_seqs
            .into_iter()
            .zip(&actors)
            .take(num_shown)
            .map(|(seqs, actor)| seqs.into_iter().take(actor.summaries.len()).collect())
            .collect();
        Self {
            merged: MergedTimeline::build(&event_seqs),
            event_seqs,
            labels: feed_entries
                .iter()
                .take(num_shown)
                .map(|entry| entry.label.clone())
                .collect(),
            keys: feed_entries
                .iter()
                .take(num_shown)
                .map(|entry| entry.key.clone())
                .collect(),
            actors: actors.into_iter().take(num_shown).collect(),
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.merged.len()
    }

    /// True when the feed has no event yet.
    pub fn is_empty(&self) -> bool {
        self.merged.is_empty()
    }

    /// The seq of row `row_pos`.
    pub fn seq_at(&self, row_pos: usize) -> Option<u64> {
        self.merged.row(row_pos).map(|row| row.seq)
    }

    /// The row with seq `seq`.
    pub fn row_of_seq(&self, seq: u64) -> Option<LiveTimelineRow> {
        let row = self.merged.row(self.merged.pos_of_seq(seq)?)?;
        let actor = self.actors.get(row.actor_idx)?;
        let summary = actor.summaries.get(row.event_idx)?;
        let key = self.keys.get(row.actor_idx)?;
        Some(LiveTimelineRow {
            seq: row.seq,
            selection: Selection::event(key.clone(), row.event_idx),
            actor_id: actor.chain.id.clone().unwrap_or_default(),
            actor_label: self.labels.get(row.actor_idx).cloned().unwrap_or_default(),
            kind: summary.kind,
            function: summary.function.clone(),
            status: EventStatus::of(actor, row.event_idx),
        })
    }

    /// The row position of `selection`, when it is one of the feed's events.
    pub fn pos_of(&self, selection: &Selection) -> Option<usize> {
        let key = selection.actor.as_ref()?;
        let actor_idx = self.keys.iter().position(|candidate| candidate == key)?;
        let seq = *self.event_seqs.get(actor_idx)?.get(selection.event_idx?)?;
        self.merged.pos_of_seq(seq)
    }
}
