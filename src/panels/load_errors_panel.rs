//! `LoadErrorsPanel`: files and URLs that could not be opened, each dismissable. What is already
//! open stays open.

use leptos::prelude::*;

use crate::state::{DebuggerState, LoadError};

/// The list of load errors; empty when there are none.
#[component]
pub fn LoadErrorsPanel() -> impl IntoView {
    let state = DebuggerState::expect_context();
    let errors = state.load_errors();
    let has_errors = move || !errors.with(Vec::is_empty);
    let render_error = move |error: LoadError| {
        let on_dismiss = move |_| state.dismiss_error(error.error_id);
        view! {
            <li class="rp-load-errors__item" data-testid="load-error" role="alert">
                <span class="rp-load-errors__message">{error.message}</span>
                <button
                    class="rp-button rp-button--quiet"
                    data-testid="dismiss-error"
                    aria-label="Dismiss"
                    on:click=on_dismiss
                >
                    "×"
                </button>
            </li>
        }
    };

    let error_list = move || errors.get();

    view! {
        <Show when=has_errors>
            <ul class="rp-load-errors" data-testid="load-errors">
                <For each=error_list key=|error| error.error_id children=render_error />
            </ul>
        </Show>
    }
}
