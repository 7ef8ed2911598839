//! `MergedTimelineRow`: one event of the merged live timeline — its seq (arrival order), the
//! actor it belongs to, kind, function and verification status. Clicking it opens that
//! actor's event in the detail pane.

use leptos::prelude::*;

use crate::state::{DebuggerState, LiveTimelineRow};

/// The row showing `row`.
#[component]
pub fn MergedTimelineRow(row: LiveTimelineRow) -> impl IntoView {
    let state = DebuggerState::expect_context();
    let selection = state.selection();
    let target = row.selection;
    let event_idx = target.event_idx.unwrap_or_default();
    let is_selected = {
        let target = target.clone();
        Memo::new(move |_| selection.with(|selection| *selection == target))
    };
    let aria_selected = move || is_selected.get().to_string();
    let on_select = move |_| state.go_to(target.clone());
    let row_class = format!(
        "rp-timeline-row rp-timeline-row--merged rp-timeline-row--{} rp-timeline-row--{}",
        row.kind.as_str(),
        row.status.as_str()
    );
    let kind_class = format!("rp-kind-badge rp-kind-badge--{}", row.kind.as_str());
    let status_class = format!("rp-status rp-status--{}", row.status.as_str());

    view! {
        <div
            class=row_class
            class=("rp-timeline-row--selected", is_selected)
            data-testid="merged-row"
            data-seq=row.seq
            data-actor-id=row.actor_id.clone()
            data-event-index=event_idx
            data-kind=row.kind.as_str()
            data-status=row.status.as_str()
            role="option"
            aria-selected=aria_selected
            on:click=on_select
        >
            <span class="rp-timeline-row__index">{row.seq}</span>
            <span class="rp-timeline-row__actor" title=row.actor_id.clone()>
                {row.actor_label.clone()}
                <span class="rp-timeline-row__event-index">{format!(" #{event_idx}")}</span>
            </span>
            <span class="rp-timeline-row__kind">
                <span class=kind_class>{row.kind.label()}</span>
            </span>
            <span class="rp-timeline-row__function" title=row.function.clone()>
                <bdi>{row.function.clone()}</bdi>
            </span>
            <span class="rp-timeline-row__status">
                <span class=status_class>{row.status.label()}</span>
            </span>
        </div>
    }
}
