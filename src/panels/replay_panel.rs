//! `ReplayPanel`: the replay bar of the shown actor — play, step, step back, run to the
//! selected event and cancel; the module used (and whether its SHA-256 is the recorded one),
//! with a picker to replay with another `.wasm`; the status line (including fetching a live
//! server's module first), the replay position and a jump to the divergent event. It renders
//! `ReplayState` and calls the bridge; nothing is decided here.

use leptos::ev::Event;
use leptos::prelude::*;

use crate::browser::file_source::files_from_input_event;
use crate::browser::module_fetch::replay_control;
use crate::browser::WorkerBridge;
use crate::state::{DebuggerState, ReplayState, NO_WASM_HINT};
use reprise_app::worker_protocol::ReplayCommand;

/// The replay bar above the timeline.
#[component]
pub fn ReplayPanel() -> impl IntoView {
    let state = DebuggerState::expect_context();
    let Some(replay) = ReplayState::use_context() else {
        return ().into_any();
    };
    let bridge = WorkerBridge::expect_context();
    let actor = state.selected_actor();
    let selection = state.selection();
    let run = replay.selected_run();
    let offer = replay.selected_offer();
    let status_line = replay.status_line();
    let is_fetching_module = replay.is_fetching_module();

    let has_actor = move || actor.with(Option::is_some);
    let is_replayable = move || offer.with(Option::is_some);
    let is_running = move || {
        is_fetching_module.get() || run.with(|run| run.as_ref().is_some_and(|run| run.is_running()))
    };
    let is_not_running = move || !is_running();
    let selected_event = move || selection.get().event_idx;
    let cannot_run_to = move || is_running() || selected_event().is_none();
    let status_text = move || status_line.with(|line| line.as_ref().map(|(text, _)| text.clone()));
    let outcome =
        move || status_line.with(|line| line.as_ref().map_or("none", |(_, outcome)| *outcome));
    let status_class = move || format!("rp-replay__status rp-replay__status--{}", outcome());
    let position_text = move || run.with(|run| run.as_ref().and_then(|run| run.position_text()));
    let position = move || run.with(|run| run.as_ref().map(|run| run.position()));
    let refusal = move || run.with(|run| run.as_ref().and_then(|run| run.refusal.clone()));
    let has_divergence =
        move || run.with(|run| run.as_ref().is_some_and(|run| run.divergence().is_some()));
    let wasm_text = move || offer.with(|offer| offer.as_ref().map(|offer| offer.describe()));
    let wasm_source =
        move || offer.with(|offer| offer.as_ref().map(|offer| offer.source().label()));
    let is_wasm_mismatch =
        move || offer.with(|offer| offer.as_ref().is_some_and(|offer| offer.is_mismatch()));
    let mismatch_attr = move || is_wasm_mismatch().to_string();
    let wasm_class = move || {
        let modifier = if is_wasm_mismatch() { "mismatch" } else { "ok" };
        format!("rp-replay__wasm rp-replay__wasm--{modifier}")
    };

    let control = move |command| replay_control(bridge, replay, command);
    let on_play = move |_| control(ReplayCommand::RunToEnd);
    let on_step = move |_| control(ReplayCommand::Step);
    let on_step_back = move |_| control(ReplayCommand::StepBack);
    let on_run_to = move |_| {
        if let Some(event_idx) = selection.get_untracked().event_idx {
            control(ReplayCommand::RunTo { event_idx });
        }
    };
    let on_cancel = move |_| control(ReplayCommand::Cancel);
    let on_jump = move |_| replay.go_to_divergence();
    let on_pick_wasm = move |event: Event| bridge.open_files(files_from_input_event(&event));
    let hint = || view! { <p class="rp-replay__hint" data-testid="replay-hint">{NO_WASM_HINT}</p> };

    view! {
        <Show when=has_actor>
            <div class="rp-replay" data-testid="replay-bar">
                <Show when=is_replayable fallback=hint>
                    <div class="rp-replay__controls" role="toolbar" aria-label="replay">
                        <button
                            class="rp-button rp-button--small"
                            data-testid="replay-run"
                            title="replay to the end (or the first divergence)"
                            disabled=is_running
                            on:click=on_play
                        >
                            "▶ Replay"
                        </button>
                        <button
                            class="rp-button rp-button--small"
                            data-testid="replay-step-back"
                            title="undo the last export call"
                            disabled=is_running
                            on:click=on_step_back
                        >
                            "◀ Step back"
                        </button>
                        <button
                            class="rp-button rp-button--small"
                            data-testid="replay-step"
                            title="replay one export call"
                            disabled=is_running
                            on:click=on_step
                        >
                            "Step ▶"
                        </button>
                        <button
                            class="rp-button rp-button--small"
                            data-testid="replay-run-to"
                            title="replay until the selected event is reproduced"
                            disabled=cannot_run_to
                            on:click=on_run_to
                        >
                            "Run to selected"
                        </button>
                        <button
                            class="rp-button rp-button--small"
                            data-testid="replay-cancel"
                            disabled=is_not_running
                            on:click=on_cancel
                        >
                            "Cancel"
                        </button>
                    </div>
                </Show>
                <span
                    class=wasm_class
                    data-testid="replay-wasm"
                    data-source=wasm_source
                    data-mismatch=mismatch_attr
                >
                    {wasm_text}
                </span>
                <label class="rp-button rp-button--small" data-testid="replay-wasm-pick">
                    "Use .wasm…"
                    <input
                        class="rp-visually-hidden"
                        type="file"
                        accept=".wasm,application/wasm"
                        data-testid="replay-wasm-input"
                        on:change=on_pick_wasm
                    />
                </label>
                <span class=status_class data-testid="replay-status" data-outcome=outcome>
                    {status_text}
                </span>
                <span
                    class="rp-replay__position"
                    data-testid="replay-position"
                    data-position=position
                >
                    {position_text}
                </span>
                <span class="rp-replay__refusal" data-testid="replay-refusal" role="status">
                    {refusal}
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
