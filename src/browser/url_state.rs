//! The page URL as state: `?src=<url>` names a file to open, `?from=` where a live feed
//! (`?ws=`) starts (`beginning`, `tail` or a seq), and the fragment mirrors the selection
//! (`#actor=<key>&event=5`) through `history.replaceState`, so a link reopens the event of the
//! same actor whatever order the files are opened in.

use leptos::prelude::*;
use wasm_bindgen::JsValue;
use web_sys::UrlSearchParams;

use crate::state::{DebuggerState, Selection};

/// The `src` query parameter, if any.
pub fn read_src_param() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    UrlSearchParams::new_with_str(&search)
        .ok()?
        .get("src")
        .filter(|src| !src.trim().is_empty())
}

/// The `from` query parameter (where a `?ws=` feed starts), if any; `LiveFeed` reads it.
pub fn read_live_from_param() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    UrlSearchParams::new_with_str(&search).ok()?.get("from")
}

/// The selection named by the fragment, if any.
pub fn read_selection() -> Option<Selection> {
    let hash = web_sys::window()?.location().hash().ok()?;
    Selection::from_fragment(&hash)
}

/// Keeps the fragment equal to the selection from now on (once something is open).
pub fn mirror_selection_in_url(state: DebuggerState) {
    Effect::new(move |_| {
        let selection = state.selection().get();
        if state.is_session_empty() {
            return;
        }
        write_fragment(&selection.to_fragment());
    });
}

fn write_fragment(fragment: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let (Ok(path), Ok(search)) = (location.pathname(), location.search()) else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let url = format!("{path}{search}#{fragment}");
    // Only fails for cross-origin URLs, which this one never is.
    let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
}
