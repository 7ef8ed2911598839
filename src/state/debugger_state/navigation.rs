//! What changes `DebuggerState` when the user moves around: the actor and event selected,
//! keyboard navigation, the detail pane's focus, and the timeline filter.

use leptos::prelude::*;
use reprise_chain::timeline::{NavKey, TimelineFilter};
use reprise_chain::EventKind;

use crate::state::{ActorKey, DebuggerState, Selection, SelectionCause};

impl DebuggerState {
    /// Shows the actor named `key`. Its event types differ, so the type filter is cleared.
    pub fn select_actor(&self, key: ActorKey) {
        if self
            .selection
            .with_untracked(|selection| selection.actor.as_ref() == Some(&key))
        {
            return;
        }
        self.filter.update(|filter| filter.event_type = None);
        self.set_selection(Selection::actor(key));
    }

    /// Shows `selection` (another actor's event, e.g. the other end of a message).
    pub fn go_to(&self, selection: Selection) {
        if self
            .selection
            .with_untracked(|shown| shown.actor != selection.actor)
        {
            self.filter.update(|filter| filter.event_type = None);
        }
        self.set_selection(selection);
    }

    /// Selects event `event_idx` of the shown actor.
    pub fn select_event(&self, event_idx: usize) {
        self.set_event_by(event_idx, SelectionCause::User);
    }

    /// Selects event `event_idx` of the shown actor, for `cause`.
    pub(super) fn set_event_by(&self, event_idx: usize, cause: SelectionCause) {
        self.selection_cause.set_value(cause);
        self.selection
            .update(|selection| selection.event_idx = Some(event_idx));
    }

    /// Selects the first event that breaks the shown actor's chain, if any.
    pub fn select_first_broken(&self) {
        let first_broken = self.selected_actor.with_untracked(|actor| {
            actor
                .as_ref()
                .and_then(|actor| actor.report.first_broken.as_ref())
                .map(|broken| broken.index)
        });
        if let Some(event_idx) = first_broken {
            self.select_event(event_idx);
        }
    }

    /// Moves the selection as keyboard key `key` asks; `page_rows` rows make a page.
    pub fn navigate(&self, key: NavKey, page_rows: usize) {
        let selected = self.selection.get_untracked().event_idx;
        let target = self
            .rows
            .with_untracked(|rows| rows.navigate(selected, key, page_rows));
        if let Some(event_idx) = target {
            self.set_event_by(event_idx, SelectionCause::Keyboard);
        }
    }

    /// Asks the detail pane to take the keyboard focus.
    pub fn request_detail_focus(&self) {
        self.detail_focus_requests.update(|count| *count += 1);
    }

    /// Shows or hides events of `kind` (with no kind chosen, all kinds show).
    pub fn set_kind_shown(&self, kind: EventKind, is_shown: bool) {
        self.filter.update(|filter| {
            filter.kinds.retain(|other| *other != kind);
            if is_shown {
                filter.kinds.push(kind);
                filter.kinds.sort_unstable();
            }
        });
    }

    /// Shows only events of this `event_type`, or all with `None`.
    pub fn set_event_type(&self, event_type: Option<String>) {
        self.filter.update(|filter| filter.event_type = event_type);
    }

    /// Shows only events whose text contains `query`.
    pub fn set_query(&self, query: String) {
        self.filter.update(|filter| filter.query = query);
    }

    /// Shows events as `filter` says (a link's filter).
    pub fn set_filter(&self, filter: TimelineFilter) {
        self.filter.set(filter);
    }

    /// Shows only events that break the chain.
    pub fn set_problems_only(&self, is_problems_only: bool) {
        self.filter
            .update(|filter| filter.is_problems_only = is_problems_only);
    }
}
