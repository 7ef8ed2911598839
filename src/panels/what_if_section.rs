//! `WhatIfSection`: in the detail pane of a recorded host call, its output as an editable
//! value literal and a button that re-runs the actor with the edit. Text that is not a value
//! is refused with the parser's message and stays in the field, so nothing typed is lost.

use leptos::prelude::*;

use crate::browser::module_fetch::replay_control;
use crate::browser::WorkerBridge;
use crate::state::ReplayState;

/// The what-if editor of host call `event_idx` (nothing for other events, or without wasm).
#[component]
pub fn WhatIfSection(
    /// The event the detail pane shows.
    event_idx: usize,
) -> impl IntoView {
    let Some(replay) = ReplayState::use_context() else {
        return ().into_any();
    };
    let Some(recorded) = replay.host_output_literal(event_idx) else {
        return ().into_any();
    };
    let bridge = WorkerBridge::expect_context();
    // A module at hand or one the live server has (fetched when the edit is applied).
    let offer = replay.selected_offer();
    let is_replayable = move || offer.with(Option::is_some);
    let text = RwSignal::new(recorded.clone());
    let recorded = StoredValue::new(recorded);
    let error = RwSignal::new(None::<String>);
    let shown_text = move || text.get();
    let error_text = move || error.get();
    let on_input = move |event| text.set(event_target_value(&event));
    let on_apply =
        move |_| match text.with_untracked(|text| replay.what_if_command(event_idx, text)) {
            Ok(command) => {
                error.set(None);
                replay_control(bridge, replay, command);
            }
            Err(message) => error.set(Some(message)),
        };
    let on_reset = move |_| {
        text.set(recorded.get_value());
        error.set(None);
    };

    view! {
        <Show when=is_replayable>
            <details class="rp-detail__section rp-what-if" data-testid="what-if" open>
                <summary>"what-if: replay with another output"</summary>
                <textarea
                    class="rp-what-if__output"
                    data-testid="what-if-output"
                    spellcheck="false"
                    rows="3"
                    prop:value=shown_text
                    on:input=on_input
                ></textarea>
                <div class="rp-what-if__actions">
                    <button
                        class="rp-button rp-button--small"
                        data-testid="what-if-apply"
                        on:click=on_apply
                    >
                        "Re-run with this output"
                    </button>
                    <button
                        class="rp-button rp-button--small"
                        data-testid="what-if-reset"
                        on:click=on_reset
                    >
                        "Recorded value"
                    </button>
                </div>
                <p class="rp-what-if__error" data-testid="what-if-error" role="alert">
                    {error_text}
                </p>
            </details>
        </Show>
    }
    .into_any()
}
