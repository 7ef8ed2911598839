//! `ReplayPanel`: the Replay button of the shown actor (or why it cannot be replayed), the
//! replay's status line and a jump to its divergent event; `ReplayDivergenceSection`: the
//! divergence in the detail pane of the divergent event, both events decoded side by side.

use leptos::prelude::*;
use reprise_chain::ValueNode;

use crate::browser::FileLoader;
use crate::state::{can_replay, DebuggerState, DivergenceView, ReplayState, NO_WASM_HINT};
use crate::widgets::ValueTreeView;

/// The replay bar above the timeline.
#[component]
pub fn ReplayPanel() -> impl IntoView {
    let state = DebuggerState::expect_context();
    let Some(replay) = ReplayState::use_context() else {
        return ().into_any();
    };
    let loader = FileLoader::expect_context();
    let actor = state.selected_actor();
    let run = replay.selected_run();
    let has_actor = move || actor.with(Option::is_some);
    let is_replayable =
        move || actor.with(|actor| actor.as_ref().is_some_and(|actor| can_replay(&actor.chain)));
    let is_running = move || run.with(|run| run.as_ref().is_some_and(|run| run.is_running()));
    let status_text = move || run.with(|run| run.as_ref().map(|run| run.status_text()));
    let outcome = move || run.with(|run| run.as_ref().map_or("none", |run| run.outcome()));
    let status_class = move || format!("rp-replay__status rp-replay__status--{}", outcome());
    let has_divergence =
        move || run.with(|run| run.as_ref().is_some_and(|run| run.divergence().is_some()));
    let on_replay = move |_| loader.replay_selected();
    let on_jump = move |_| replay.go_to_divergence();
    let hint = || view! { <p class="rp-replay__hint" data-testid="replay-hint">{NO_WASM_HINT}</p> };

    view! {
        <Show when=has_actor>
            <div class="rp-replay" data-testid="replay-bar">
                <Show when=is_replayable fallback=hint>
                    <button
                        class="rp-button rp-button--small"
                        data-testid="replay-run"
                        disabled=is_running
                        on:click=on_replay
                    >
                        "Replay"
                    </button>
                </Show>
                <span class=status_class data-testid="replay-status" data-outcome=outcome>
                    {status_text}
                </span>
                <Show when=has_divergence>
                    <button
                        class="rp-button rp-button--small"
                        data-testid="replay-go-to-divergence"
                        on:click=on_jump
                    >
                        "show divergent event →"
                    </button>
                </Show>
            </div>
        </Show>
    }
    .into_any()
}

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
