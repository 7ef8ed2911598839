//! Timeline arithmetic and filtering, kept out of the UI so it can be tested natively:
//! which rows of a fixed-height virtual list are visible, which events pass the filter, and
//! where keyboard navigation moves the selection.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::analysis::EventSummary;
use crate::event_kind::EventKind;

/// The rows of a fixed-row-height list that intersect the viewport, plus `overscan_rows`
/// on each side, clamped to `0..num_rows`.
pub fn visible_row_range(
    scroll_top_px: f64,
    viewport_height_px: f64,
    row_height_px: f64,
    num_rows: usize,
    overscan_rows: usize,
) -> Range<usize> {
    // Written so that a NaN row height also yields no rows.
    if num_rows == 0 || row_height_px.is_nan() || row_height_px <= 0.0 {
        return 0..0;
    }
    let scroll_top_px = if scroll_top_px.is_finite() {
        scroll_top_px.max(0.0)
    } else {
        0.0
    };
    let viewport_height_px = if viewport_height_px.is_finite() {
        viewport_height_px.max(0.0)
    } else {
        0.0
    };
    // Float-to-int `as` saturates, so huge values clamp instead of wrapping.
    let first_visible = (scroll_top_px / row_height_px).floor() as usize;
    let end_visible = ((scroll_top_px + viewport_height_px) / row_height_px).ceil() as usize;
    let first = first_visible.saturating_sub(overscan_rows).min(num_rows);
    let end = end_visible
        .saturating_add(overscan_rows)
        .min(num_rows)
        .max(first);
    first..end
}

/// The scroll offset that brings row `row_pos` fully into view, or `None` if it already is.
pub fn scroll_to_reveal(
    row_pos: usize,
    scroll_top_px: f64,
    viewport_height_px: f64,
    row_height_px: f64,
) -> Option<f64> {
    let row_top_px = row_pos as f64 * row_height_px;
    let row_bottom_px = row_top_px + row_height_px;
    if row_top_px < scroll_top_px {
        Some(row_top_px)
    } else if row_bottom_px > scroll_top_px + viewport_height_px {
        Some((row_bottom_px - viewport_height_px).max(0.0))
    } else {
        None
    }
}

/// What the user asked the timeline to show.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineFilter {
    /// Kinds to show; empty means all.
    pub kinds: Vec<EventKind>,
    /// Exact event type to show (`wasm`, `theater:simple/runtime/log`, …); `None` means all.
    pub event_type: Option<String>,
    /// Case-insensitive text that must occur in the function, type, hash or decoded payload.
    pub query: String,
    /// Show only events whose hash or link is broken.
    pub is_problems_only: bool,
}

impl TimelineFilter {
    /// True when nothing is filtered.
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
            && self.event_type.is_none()
            && self.query.trim().is_empty()
            && !self.is_problems_only
    }

    /// Whether `summary` passes (`is_problem`: the event's hash or link is broken).
    pub fn matches(&self, summary: &EventSummary, is_problem: bool) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&summary.kind))
            && self
                .event_type
                .as_ref()
                .is_none_or(|wanted| *wanted == summary.event_type)
            && (!self.is_problems_only || is_problem)
            && self.matches_query(summary)
    }

    fn matches_query(&self, summary: &EventSummary) -> bool {
        let query = self.query.trim();
        query.is_empty() || summary.search_text.contains(&query.to_lowercase())
    }

    /// Indices of the events that pass, in order. `is_problem(idx)` tells broken events.
    pub fn apply(
        &self,
        summaries: &[EventSummary],
        is_problem: impl Fn(usize) -> bool,
    ) -> Vec<usize> {
        summaries
            .iter()
            .enumerate()
            .filter(|(idx, summary)| self.matches(summary, is_problem(*idx)))
            .map(|(idx, _)| idx)
            .collect()
    }
}

/// The distinct event types, sorted, for the type filter.
pub fn distinct_event_types(summaries: &[EventSummary]) -> Vec<String> {
    let mut types: Vec<String> = summaries
        .iter()
        .map(|summary| summary.event_type.clone())
        .collect();
    types.sort_unstable();
    types.dedup();
    types
}

/// A key that moves the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NavKey {
    /// ↑ or k.
    Up,
    /// ↓ or j.
    Down,
    /// PageUp.
    PageUp,
    /// PageDown.
    PageDown,
    /// Home.
    Home,
    /// End.
    End,
}

impl NavKey {
    /// The navigation meaning of a `KeyboardEvent.key` value.
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "ArrowUp" | "k" => Some(Self::Up),
            "ArrowDown" | "j" => Some(Self::Down),
            "PageUp" => Some(Self::PageUp),
            "PageDown" => Some(Self::PageDown),
            "Home" => Some(Self::Home),
            "End" => Some(Self::End),
            _ => None,
        }
    }
}

/// The new position (in the filtered row list) after pressing `key`, or `None` if there are
/// no rows. With nothing selected, any key selects the first row (End the last).
pub fn next_row_pos(
    current_pos: Option<usize>,
    num_rows: usize,
    page_rows: usize,
    key: NavKey,
) -> Option<usize> {
    let last = num_rows.checked_sub(1)?;
    let page_rows = page_rows.max(1);
    let Some(current) = current_pos.map(|pos| pos.min(last)) else {
        return Some(if key == NavKey::End { last } else { 0 });
    };
    Some(match key {
        NavKey::Up => current.saturating_sub(1),
        NavKey::Down => (current + 1).min(last),
        NavKey::PageUp => current.saturating_sub(page_rows),
        NavKey::PageDown => (current + page_rows).min(last),
        NavKey::Home => 0,
        NavKey::End => last,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_rows_cover_the_viewport_plus_overscan() {
        assert_eq!(visible_row_range(0.0, 100.0, 20.0, 1000, 0), 0..5);
        assert_eq!(visible_row_range(0.0, 100.0, 20.0, 1000, 3), 0..8);
        assert_eq!(visible_row_range(210.0, 100.0, 20.0, 1000, 2), 8..18);
        assert_eq!(visible_row_range(19_990.0, 100.0, 20.0, 1000, 2), 997..1000);
    }

    #[test]
    fn visible_rows_survive_degenerate_input() {
        assert_eq!(visible_row_range(0.0, 100.0, 20.0, 0, 2), 0..0);
        assert_eq!(visible_row_range(-50.0, 100.0, 20.0, 10, 0), 0..5);
        assert_eq!(
            visible_row_range(f64::NAN, f64::INFINITY, 20.0, 10, 0),
            0..0
        );
        assert_eq!(visible_row_range(1e300, 100.0, 20.0, 10, 0), 10..10);
        assert_eq!(visible_row_range(0.0, 100.0, 0.0, 10, 0), 0..0);
    }

    #[test]
    fn reveal_scrolls_only_when_the_row_is_out_of_view() {
        assert_eq!(scroll_to_reveal(5, 0.0, 100.0, 20.0), Some(20.0));
        assert_eq!(scroll_to_reveal(2, 0.0, 100.0, 20.0), None);
        assert_eq!(scroll_to_reveal(1, 60.0, 100.0, 20.0), Some(20.0));
    }

    #[test]
    fn keyboard_navigation_clamps_at_both_ends() {
        assert_eq!(next_row_pos(None, 10, 5, NavKey::Down), Some(0));
        assert_eq!(next_row_pos(None, 10, 5, NavKey::End), Some(9));
        assert_eq!(next_row_pos(Some(0), 10, 5, NavKey::Up), Some(0));
        assert_eq!(next_row_pos(Some(9), 10, 5, NavKey::Down), Some(9));
        assert_eq!(next_row_pos(Some(3), 10, 5, NavKey::PageDown), Some(8));
        assert_eq!(next_row_pos(Some(3), 10, 5, NavKey::Home), Some(0));
        assert_eq!(next_row_pos(Some(42), 10, 5, NavKey::Up), Some(8));
        assert_eq!(next_row_pos(Some(0), 0, 5, NavKey::Down), None);
        assert_eq!(NavKey::from_key("j"), Some(NavKey::Down));
        assert_eq!(NavKey::from_key("x"), None);
    }
}
