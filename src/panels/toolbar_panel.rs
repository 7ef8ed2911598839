//! `ToolbarPanel`: the top bar — product name, the file picker, the demo note and load progress.

use leptos::ev::Event;
use leptos::prelude::*;

use crate::browser::file_source::files_from_input_event;
use crate::browser::WorkerBridge;
use crate::panels::LoadProgressPanel;
use crate::state::DebuggerState;

/// The top bar.
#[component]
pub fn ToolbarPanel() -> impl IntoView {
    let state = DebuggerState::expect_context();
    let bridge = WorkerBridge::expect_context();
    let on_pick = move |event: Event| bridge.open_files(files_from_input_event(&event));
    let is_demo = move || state.is_demo();

    view! {
        <header class="rp-toolbar">
            <div class="rp-toolbar__brand">
                <span class="rp-toolbar__name">"Reprise"</span>
                <span class="rp-toolbar__tagline">"Theater chain debugger"</span>
            </div>
            <label class="rp-button rp-button--primary rp-toolbar__open" data-testid="open-files">
                "Open files…"
                <input
                    class="rp-visually-hidden"
                    type="file"
                    multiple
                    accept=".json,.jsonl,.gz,application/json,application/gzip"
                    data-testid="file-input"
                    on:change=on_pick
                />
            </label>
            <span class="rp-toolbar__hint">"or drop chain files anywhere"</span>
            <Show when=is_demo>
                <p class="rp-toolbar__demo-note" data-testid="demo-note">
                    "Demo session: a built-in ten-event chain. Open or drop a file to replace it."
                </p>
            </Show>
            <LoadProgressPanel />
        </header>
    }
}
