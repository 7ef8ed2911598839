//! `TimelineRow`: one event in the timeline — index, kind, function, short hash, verification
//! status, its replay mark (`data-replay`), whether the replay cursor is at it
//! (`data-replay-position`) and a one-line payload preview.

use std::sync::Arc;

use leptos::prelude::*;
use reprise_chain::AnalyzedActor;

use crate::state::{DebuggerState, EventStatus, ReplayState};

/// Hex digits of the hash shown in a row.
const SHORT_HASH_CHARS: usize = 8;

/// The row of event `event_idx` of `actor`.
#[component]
pub fn TimelineRow(
    /// The shown actor.
    actor: Arc<AnalyzedActor>,
    /// Which event.
    event_idx: usize,
) -> impl IntoView {
    let state = DebuggerState::expect_context();
    let summary = actor
        .summaries
        .get(event_idx)
        .cloned()
        .unwrap_or_else(placeholder_summary);
    let status = EventStatus::of(&actor, event_idx);
    let selection = state.selection();
    let is_selected = move || selection.get().event_idx == Some(event_idx);
    let aria_selected = move || is_selected().to_string();
    let on_select = move |_| state.select_event(event_idx);
    let replay = ReplayState::use_context();
    let replay_mark = move || replay.and_then(|replay| replay.row_mark(event_idx));
    let replay_position = move || {
        replay
            .is_some_and(|replay| replay.is_position(event_idx))
            .then_some("current")
    };
    let row_class = format!(
        "rp-timeline-row rp-timeline-row--{} rp-timeline-row--{}",
        summary.kind.as_str(),
        status.as_str()
    );
    let kind_class = format!("rp-kind-badge rp-kind-badge--{}", summary.kind.as_str());
    let status_class = format!("rp-status rp-status--{}", status.as_str());
    let short_hash: String = summary.hash_hex.chars().take(SHORT_HASH_CHARS).collect();

    view! {
        <div
            class=row_class
            class=("rp-timeline-row--selected", is_selected)
            data-testid="timeline-row"
            data-index=event_idx
            data-status=status.as_str()
            data-kind=summary.kind.as_str()
            data-replay=replay_mark
            data-replay-position=replay_position
            role="option"
            aria-selected=aria_selected
            on:click=on_select
        >
            <span class="rp-timeline-row__index">{event_idx}</span>
            <span class="rp-timeline-row__kind">
                <span class=kind_class>{summary.kind.label()}</span>
            </span>
            // The column is right-to-left so long names lose their start; <bdi> keeps the
            // name itself in order.
            <span class="rp-timeline-row__function" title=summary.function.clone()>
                <bdi>{summary.function.clone()}</bdi>
            </span>
            <span class="rp-timeline-row__hash" title=summary.hash_hex.clone()>{short_hash}</span>
            <span class="rp-timeline-row__status">
                <span class=status_class>{status.label()}</span>
            </span>
            <span class="rp-timeline-row__preview">{summary.preview.clone()}</span>
        </div>
    }
}

/// Shown only if the summaries and the chain disagree in length, which the core never does.
fn placeholder_summary() -> reprise_chain::EventSummary {
    reprise_chain::EventSummary {
        kind: reprise_chain::EventKind::Unknown,
        function: String::new(),
        event_type: String::new(),
        hash_hex: String::new(),
        preview: String::new(),
        search_text: String::new(),
        state_source_idx: None,
    }
}
