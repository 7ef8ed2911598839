//! `ToolbarPanel`: the top bar — product name, the file picker, "Copy link" (also the `l` key)
//! with its notice, the demo note and load progress.

use leptos::ev::Event;
use leptos::prelude::*;

use crate::browser::file_source::files_from_input_event;
use crate::browser::share_link::copy_view_link;
use crate::browser::WorkerBridge;
use crate::panels::{ExportPanel, LoadProgressPanel};
use crate::state::{DebuggerState, ShareState, COPY_LINK_KEY};

/// The top bar.
#[component]
pub fn ToolbarPanel() -> impl IntoView {
    let state = DebuggerState::expect_context();
    let bridge = WorkerBridge::expect_context();
    let on_pick = move |event: Event| bridge.open_files(files_from_input_event(&event));
    let is_demo = move || state.is_demo();
    let share = ShareState::expect_context();
    let on_copy_link = move |_| copy_view_link(share);
    let copy_title = format!(
        "Copy a link to this view: its data (embedded when small enough), the head hash of each \
         chain, the selection and filters ({COPY_LINK_KEY})"
    );
    let notice = share.notice();
    let has_notice = move || notice.with(Option::is_some);
    let notice_text = move || notice.with(|notice| notice.as_ref().map(|n| n.text.clone()));
    let copied_link = move || notice.with(|notice| notice.as_ref().map(|n| n.link.clone()));
    let notice_class = move || {
        let is_error = notice.with(|notice| notice.as_ref().is_some_and(|n| n.is_error));
        if is_error {
            "rp-toolbar__link-notice rp-toolbar__link-notice--error"
        } else {
            "rp-toolbar__link-notice"
        }
    };

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
            <button
                class="rp-button rp-toolbar__copy-link"
                title=copy_title
                aria-keyshortcuts=COPY_LINK_KEY
                data-testid="copy-link"
                on:click=on_copy_link
            >
                "Copy link"
            </button>
            <Show when=has_notice>
                <span class=notice_class role="status" data-testid="link-notice">
                    <span data-testid="link-notice-text">{notice_text}</span>
                    <code class="rp-toolbar__copied-link" data-testid="copied-link">
                        {copied_link}
                    </code>
                </span>
            </Show>
            <Show when=is_demo>
                <p class="rp-toolbar__demo-note" data-testid="demo-note">
                    "Demo session: a built-in ten-event chain. Open or drop a file to replace it."
                </p>
            </Show>
            <ExportPanel />
            <LoadProgressPanel />
        </header>
    }
}
