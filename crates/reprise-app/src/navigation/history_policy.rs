//! `HistoryPolicy`: whether a change of the view becomes a new browser history entry (so Back
//! returns to the view before it) or only rewrites the current entry.
//!
//! The rules, in order:
//! 1. a fragment equal to the one last written (or popped) is not written again;
//! 2. the first write of a page rewrites the entry the page was opened with;
//! 3. a change that keeps the selection (filters, panels, chain claims, replay position) or
//!    that the user did not make (a load resolving the selection, a live feed following its
//!    tail, Back/Forward themselves) rewrites the current entry;
//! 4. a keyboard move to another event of the same actor within [`BURST_WINDOW_MS`] of the
//!    previous keyboard move rewrites the entry that burst started, so holding ↓ or paging
//!    through a timeline makes one entry (the position the burst ended at), not one per row;
//! 5. every other selection change (a click, another actor, a message jump, the first key of a
//!    burst) pushes a new entry.
//!
//! Invariant: pure — the caller passes the clock; the browser side carries the verdict out.

use crate::session::Selection;

/// Selection changes closer together than this (ms) on the same actor are one history entry.
pub const BURST_WINDOW_MS: f64 = 500.0;

/// How a view change is written to the browser's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryWrite {
    /// A new entry (`history.pushState`).
    Push,
    /// Rewrite the current entry (`history.replaceState`).
    Replace,
    /// The URL already says this; write nothing.
    Skip,
}

/// Who changed the selection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SelectionCause {
    /// A click or a jump: a step the user may want to go back from.
    #[default]
    User,
    /// A key moving through the timeline (arrows, j/k, PageUp/PageDown, Home/End); keys
    /// pressed in a burst are one step.
    Keyboard,
    /// The app: a link's selection resolved after loading, a live feed following its tail,
    /// Back/Forward restoring an entry.
    Automatic,
}

/// What was last written to (or read from) the history.
#[derive(Debug, Clone, PartialEq)]
struct Written {
    fragment: String,
    selection: Selection,
    /// When the last keyboard move was written (ms, the caller's clock), while the moves
    /// since are one burst; `None` after any other selection change.
    burst_at_ms: Option<f64>,
}

/// Decides push or replace for each view change; one per page.
#[derive(Debug, Clone, Default)]
pub struct HistoryPolicy {
    last: Option<Written>,
}

impl HistoryPolicy {
    /// A policy for a page that wrote nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// How to write `fragment`, the view whose selection is `selection`, changed by `cause` at
    /// `now_ms`; records it as written unless the verdict is [`HistoryWrite::Skip`].
    pub fn write(
        &mut self,
        fragment: &str,
        selection: &Selection,
        cause: SelectionCause,
        now_ms: f64,
    ) -> HistoryWrite {
        let Some(last) = &self.last else {
            self.last = Some(Written {
                fragment: fragment.to_string(),
                selection: selection.clone(),
                burst_at_ms: None,
            });
            return HistoryWrite::Replace;
        };
        if last.fragment == fragment {
            return HistoryWrite::Skip;
        }
        let is_same_selection = last.selection == *selection;
        let is_burst = cause == SelectionCause::Keyboard
            && last.selection.actor == selection.actor
            && last
                .burst_at_ms
                .is_some_and(|at_ms| now_ms - at_ms < BURST_WINDOW_MS);
        let verdict = if is_same_selection || cause == SelectionCause::Automatic || is_burst {
            HistoryWrite::Replace
        } else {
            HistoryWrite::Push
        };
        let burst_at_ms = match cause {
            _ if is_same_selection => last.burst_at_ms,
            SelectionCause::Keyboard => Some(now_ms),
            SelectionCause::User | SelectionCause::Automatic => None,
        };
        self.last = Some(Written {
            fragment: fragment.to_string(),
            selection: selection.clone(),
            burst_at_ms,
        });
        verdict
    }

    /// The browser moved to another entry (Back/Forward) whose fragment is `fragment` and
    /// selection `selection`: that is now what the URL says, and no burst continues across it.
    pub fn popped(&mut self, fragment: &str, selection: &Selection) {
        self.last = Some(Written {
            fragment: fragment.to_string(),
            selection: selection.clone(),
            burst_at_ms: None,
        });
    }
}
