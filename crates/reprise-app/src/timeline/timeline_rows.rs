//! `TimelineRows`: the events of the selected actor that pass the filter, in chain order, and
//! keyboard navigation over them.

use reprise_chain::timeline::{next_row_pos, NavKey, TimelineFilter};
use reprise_chain::AnalyzedActor;

use crate::EventStatus;

/// Event indices shown by the timeline, ascending. Row `pos` shows event `event_indices[pos]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimelineRows {
    event_indices: Vec<usize>,
    num_events: usize,
}

impl TimelineRows {
    /// The rows of `actor` that pass `filter` (uses the precomputed search text).
    pub fn compute(actor: &AnalyzedActor, filter: &TimelineFilter) -> Self {
        let event_indices = if filter.is_empty() {
            (0..actor.summaries.len()).collect()
        } else {
            filter.apply(&actor.summaries, |event_idx| {
                EventStatus::of(actor, event_idx).is_problem()
            })
        };
        Self {
            event_indices,
            num_events: actor.summaries.len(),
        }
    }

    /// Number of rows shown.
    pub fn len(&self) -> usize {
        self.event_indices.len()
    }

    /// True when no row passes.
    pub fn is_empty(&self) -> bool {
        self.event_indices.is_empty()
    }

    /// Number of events before filtering.
    pub fn num_events(&self) -> usize {
        self.num_events
    }

    /// `N of M events`.
    pub fn count_text(&self) -> String {
        format!("{} of {} events", self.len(), self.num_events)
    }

    /// The event shown in row `pos`.
    pub fn event_at(&self, pos: usize) -> Option<usize> {
        self.event_indices.get(pos).copied()
    }

    /// The row showing `event_idx`, if it passes the filter.
    pub fn pos_of(&self, event_idx: usize) -> Option<usize> {
        self.event_indices.binary_search(&event_idx).ok()
    }

    /// The event to select after pressing `key` with `selected` selected and `page_rows` rows
    /// per page. A selected event that is filtered out counts as no selection.
    pub fn navigate(
        &self,
        selected: Option<usize>,
        key: NavKey,
        page_rows: usize,
    ) -> Option<usize> {
        let current_pos = selected.and_then(|event_idx| self.pos_of(event_idx));
        next_row_pos(current_pos, self.len(), page_rows, key).and_then(|pos| self.event_at(pos))
    }
}
