//! `ReplayDivergenceSection`: the divergence in the detail pane of the divergent event, both
//! events decoded side by side.

use leptos::prelude::*;
use reprise_chain::ValueNode;

use crate::state::{DivergenceView, ReplayState};
use crate::widgets::ValueTreeView;

/// The divergence found by replay, shown in the detail pane of event `event_idx`.
#[component]
pub fn ReplayDivergenceSection(
    /// The event the detail pane shows.
    event_idx: usize,
) -> impl IntoView {
    let Some(replay) = ReplayState::use_context() else {
        return ().into_any();
    };
    let run = replay.selected_run();
    let view_of = move || run.with(|run| run.as_ref().and_then(|run| run.divergence_at(event_idx)));
    let body = move || view_of().map(|divergence| view! { <DivergenceBody divergence /> });
    body.into_any()
}

#[component]
fn DivergenceBody(divergence: DivergenceView) -> impl IntoView {
    let side = |payload: Option<ValueNode>, caption: &'static str, testid: &'static str| {
        let tree = payload.map(|node| view! { <ValueTreeView node /> });
        view! {
            <div class="rp-replay-divergence__side" data-testid=testid>
                <h4 class="rp-replay-divergence__caption">{caption}</h4>
                {tree}
            </div>
        }
    };
    let expected = side(divergence.expected_payload, "recorded", "replay-expected");
    let actual = side(divergence.actual_payload, "replayed", "replay-actual");

    view! {
        <details class="rp-detail__section rp-replay-divergence" data-testid="replay-divergence" open>
            <summary>"replay divergence"</summary>
            <dl class="rp-detail__fields">
                <dt>"field"</dt>
                <dd data-testid="replay-divergence-field">{divergence.field}</dd>
                <dt>"detail"</dt>
                <dd>{divergence.detail}</dd>
                <dt>"expected hash"</dt>
                <dd class="rp-detail__hash">{divergence.expected_hash}</dd>
                <dt>"actual hash"</dt>
                <dd class="rp-detail__hash">{divergence.actual_hash}</dd>
            </dl>
            <div class="rp-replay-divergence__sides">{expected} {actual}</div>
        </details>
    }
}
