//! `WhatIfSection`: in the detail pane of a recorded host call, its output as an editable
//! value literal and a button that re-runs the actor with the edit. Text that is not a value
//! is refused with the parser's message and stays in the field, so nothing typed is lost.

use leptos::prelude::*;

use crate::browser::FileLoader;
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
    let loader = FileLoader::expect_context();
    let wasm = replay.selected_wasm();
    let is_replayable = move || wasm.with(Option::is_some);
    let text = RwSignal::new(recorded.clone());
    let recorded = StoredValue::new(recorded);
    let error = RwSignal::new(None::<String>);
    let shown_text = move || text.get();
    let error_text = move || error.get();
    let on_input = move |event| text.set(event_target_value(&event));
    let on_apply = move |_| {
        let outcome = text.with_untracked(|text| loader.what_if(event_idx, text));
        error.set(outcome.err());
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
