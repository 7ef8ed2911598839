//! `MergedTimeline`: the events of several actors as one list in arrival order, where that
//! order is known — a live feed numbers every record with the log's global `seq`, so each
//! actor's events carry their seqs and the merge is by seq. Files carry no arrival order, so
//! they have no merged timeline.
//!
//! Pure arithmetic over seqs: no events, no payloads. Invariant: rows are in strictly
//! increasing seq order, and every (actor, event) given appears exactly once.

/// One row of the merged timeline: which actor's which event, and its seq.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergedRow {
    /// The log's sequence number: the event's place in arrival order.
    pub seq: u64,
    /// Position of the actor in the slice given to [`MergedTimeline::build`].
    pub actor_idx: usize,
    /// The event's index in that actor's chain.
    pub event_idx: usize,
}

/// Several actors' events, merged in arrival order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergedTimeline {
    rows: Vec<MergedRow>,
}

impl MergedTimeline {
    /// Merges actors whose event `i` has seq `event_seqs[actor_idx][i]`. Seqs are unique
    /// across the feed; should one repeat, the rows stay in a stable (actor, event) order.
    pub fn build(event_seqs: &[Vec<u64>]) -> Self {
        let mut rows: Vec<MergedRow> = event_seqs
            .iter()
            .enumerate()
            .flat_map(|(actor_idx, seqs)| {
                seqs.iter()
                    .enumerate()
                    .map(move |(event_idx, &seq)| MergedRow {
                        seq,
                        actor_idx,
                        event_idx,
                    })
            })
            .collect();
        // Each actor's seqs already increase, so this is a merge of sorted runs (cheap for
        // the standard library's sort).
        rows.sort_by_key(|row| (row.seq, row.actor_idx, row.event_idx));
        Self { rows }
    }

    /// Every row, in arrival order.
    pub fn rows(&self) -> &[MergedRow] {
        &self.rows
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when no actor has an event.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The row at `row_pos`.
    pub fn row(&self, row_pos: usize) -> Option<MergedRow> {
        self.rows.get(row_pos).copied()
    }

    /// The position of the row with seq `seq`, if there is one.
    pub fn pos_of_seq(&self, seq: u64) -> Option<usize> {
        self.rows.binary_search_by_key(&seq, |row| row.seq).ok()
    }
}
