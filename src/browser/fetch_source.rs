//! Fetching a chain file named by `?src=<url>`, and a live server's actor module
//! (`crate::browser::module_fetch`).
//!
//! Every failure becomes one sentence naming the URL and, for HTTP errors, the status.

use js_sys::ArrayBuffer;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

use crate::browser::js_text;

/// The body of `url`.
pub async fn fetch_bytes(url: &str) -> Result<ArrayBuffer, String> {
    let window = web_sys::window().ok_or_else(|| format!("could not fetch {url}: no window"))?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|err| {
            format!(
                "could not fetch {url}: network error or blocked by CORS ({})",
                js_text(&err)
            )
        })?;
    let response: Response = response
        .dyn_into()
        .map_err(|_| format!("could not fetch {url}: the browser returned no response"))?;
    if !response.ok() {
        let status_text = response.status_text();
        let status = if status_text.is_empty() {
            format!("HTTP {}", response.status())
        } else {
            format!("HTTP {} {status_text}", response.status())
        };
        return Err(format!("could not fetch {url}: {status}"));
    }
    let body = response
        .array_buffer()
        .map_err(|err| format!("could not fetch {url}: {}", js_text(&err)))?;
    JsFuture::from(body)
        .await
        .map_err(|err| {
            format!(
                "could not fetch {url}: reading the body failed ({})",
                js_text(&err)
            )
        })?
        .dyn_into::<ArrayBuffer>()
        .map_err(|_| format!("could not fetch {url}: the body is not bytes"))
}
