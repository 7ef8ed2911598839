//! Saving bytes as a file the browser downloads: a `Blob`, an object URL for it, and a
//! temporary `<a download>` clicked once.
//!
//! Invariant: the object URL is revoked once the click has been handled (on the next task, so
//! the browser has started reading it), so repeated exports do not keep their bytes alive.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::browser::js_text;

/// Offers `bytes` for download as `file_name`, of MIME type `mime`.
pub fn download_bytes(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let body = document.body().ok_or("the page has no body")?;

    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|err| js_text(&err))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|err| js_text(&err))?;

    let anchor = document
        .create_element("a")
        .map_err(|err| js_text(&err))?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| "an <a> element is not an anchor")?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor
        .set_attribute("hidden", "")
        .map_err(|err| js_text(&err))?;
    body.append_child(&anchor).map_err(|err| js_text(&err))?;
    anchor.click();
    anchor.remove();

    let revoke = Closure::once_into_js(move || {
        // Nothing to report if it fails: the URL then lives until the page closes.
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    window
        .set_timeout_with_callback(revoke.unchecked_ref())
        .map_err(|err| js_text(&err))?;
    Ok(())
}
