//! The page URL: `?src=<url>` names a file to open, `?ws=` a live feed (read by
//! `live_socket`) and `?from=` where it starts (`beginning`, `tail` or a seq); the fragment
//! holds the whole view as a share link (`crate::browser::share_link` decides what, and when an
//! entry is pushed or replaced). This file only reads and writes the URL.

use wasm_bindgen::JsValue;
use web_sys::UrlSearchParams;

use crate::state::HistoryWrite;

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

/// The fragment, without `#` (empty when there is none).
pub fn read_fragment() -> String {
    web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .map(|hash| hash.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// The page's address without query or fragment (what a copied link starts with: the
/// fragment names every source itself).
pub fn page_base() -> String {
    let Some(window) = web_sys::window() else {
        return String::new();
    };
    let location = window.location();
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    format!("{origin}{path}")
}

/// Writes `fragment` as `write` says: a new history entry, or the current one rewritten; the
/// path and query stay.
pub fn write_fragment(fragment: &str, write: HistoryWrite) {
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
    // Only fails for cross-origin URLs (this one never is) or when the browser throttles
    // history writes; the next write carries the whole view again.
    let _ = match write {
        HistoryWrite::Push => history.push_state_with_url(&JsValue::NULL, "", Some(&url)),
        HistoryWrite::Replace => history.replace_state_with_url(&JsValue::NULL, "", Some(&url)),
        HistoryWrite::Skip => Ok(()),
    };
}

/// Reloads the page (a fragment naming other data was entered in the address bar).
pub fn reload_page() {
    if let Some(window) = web_sys::window() {
        // Fails only in sandboxed frames; the page then keeps what it shows.
        let _ = window.location().reload();
    }
}

/// Milliseconds on the page's clock, for `HistoryPolicy`.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
