//! Copying text to the clipboard (`navigator.clipboard`).

use wasm_bindgen_futures::JsFuture;

use crate::browser::js_text;

/// Puts `text` on the clipboard.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    JsFuture::from(window.navigator().clipboard().write_text(text))
        .await
        .map(|_| ())
        .map_err(|err| js_text(&err))
}
