//! The page's exports, read from the open session: which of `reprise_app`'s exports the shown
//! actor allows (tracked, for the panel) and the file of one (untracked, on click). Every
//! decision is `reprise_app::export`'s; this only reads the signals it needs.

use leptos::prelude::*;

use super::DebuggerState;
use crate::state::{export_file, export_options, ExportKind, ExportOption, ExportedFile, WasmFile};

impl DebuggerState {
    /// The exports for the shown actor; `shown_wasm` is the module the replay panel would use
    /// for it (assigned, embedded or fetched), if any. Tracked.
    pub fn export_options(&self, shown_wasm: Option<&WasmFile>) -> Vec<ExportOption> {
        let shown = self.shown_key.get();
        self.session.with(|session| {
            export_options(session, shown.as_ref(), |key| {
                shown_wasm.filter(|_| Some(key) == shown.as_ref())
            })
        })
    }

    /// The export `kind` as a file to download, or why it cannot be made. Untracked.
    pub fn export_file(
        &self,
        kind: ExportKind,
        shown_wasm: Option<&WasmFile>,
    ) -> Result<ExportedFile, String> {
        let shown = self.shown_key.get_untracked();
        self.session.with_untracked(|session| {
            export_file(kind, session, shown.as_ref(), |key| {
                shown_wasm.filter(|_| Some(key) == shown.as_ref())
            })
        })
    }
}
