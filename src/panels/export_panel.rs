//! `ExportPanel`: the toolbar's export buttons — the session as a gzip bundle, the shown
//! actor's chain as Theater's replay file, its replay-test fixture — each disabled with the
//! reason when it cannot be made, and a notice saying what was saved or why not. Which
//! exports exist, their file names and bytes are `reprise_app::export`'s; the download is
//! `browser::download`'s.

use leptos::prelude::*;

use crate::browser::download::download_bytes;
use crate::state::{DebuggerState, ExportKind, ReplayState, WasmFile};

/// The export buttons.
#[component]
pub fn ExportPanel() -> impl IntoView {
    let state = DebuggerState::expect_context();
    let selected_wasm = ReplayState::use_context().map(|replay| replay.selected_wasm());
    // The module the replay panel would use for the shown actor: exports include it.
    let shown_wasm = move || {
        let choice = selected_wasm?.get()?;
        Some(WasmFile {
            name: choice.source.label(),
            bytes: choice.bytes,
        })
    };
    let notice = RwSignal::new(None::<(String, bool)>);
    let options = Memo::new(move |_| state.export_options(shown_wasm().as_ref()));

    let on_export = move |kind: ExportKind| {
        let wasm = untrack(shown_wasm);
        let outcome = state.export_file(kind, wasm.as_ref()).and_then(|file| {
            download_bytes(&file.file_name, file.mime, &file.bytes)?;
            Ok(format!(
                "Saved {} ({} bytes)",
                file.file_name,
                file.bytes.len()
            ))
        });
        notice.set(Some(match outcome {
            Ok(text) => (text, false),
            Err(reason) => (format!("Export failed: {reason}"), true),
        }));
    };
    let buttons = move || {
        options
            .get()
            .into_iter()
            .map(|option| {
                let kind = option.kind;
                let title = match &option.unavailable {
                    Some(reason) => format!("Not available: {reason}"),
                    None => format!("Download {}", option.file_name),
                };
                view! {
                    <button
                        class="rp-button rp-export__button"
                        title=title
                        disabled=option.unavailable.is_some()
                        data-testid=format!("export-{}", kind.as_str())
                        on:click=move |_| on_export(kind)
                    >
                        {kind.label()}
                    </button>
                }
            })
            .collect_view()
    };
    let notice_text = move || notice.with(|notice| notice.as_ref().map(|(text, _)| text.clone()));
    let notice_class = move || {
        let is_error = notice.with(|notice| notice.as_ref().is_some_and(|(_, error)| *error));
        if is_error {
            "rp-export__notice rp-export__notice--error"
        } else {
            "rp-export__notice"
        }
    };
    let has_notice = move || notice.with(Option::is_some);

    view! {
        <div class="rp-export" role="group" aria-label="Export" data-testid="export-panel">
            <span class="rp-export__label">"Export"</span>
            {buttons}
            <Show when=has_notice>
                <span class=notice_class role="status" data-testid="export-notice">
                    {notice_text}
                </span>
            </Show>
        </div>
    }
}
