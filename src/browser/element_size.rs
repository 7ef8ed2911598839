//! Watching an element's height (`ResizeObserver`), for the virtual list's viewport.

use wasm_bindgen::prelude::*;
use web_sys::{Element, ResizeObserver, ResizeObserverEntry};

/// Calls `on_height(px)` now and whenever `element`'s client height changes, until the
/// returned observer is disconnected.
pub fn observe_height(
    element: &Element,
    on_height: impl Fn(f64) + 'static,
) -> Option<ResizeObserver> {
    on_height(f64::from(element.client_height()));
    let callback = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
        if let Some(entry) = entries.iter().last() {
            let entry: ResizeObserverEntry = entry.unchecked_into();
            on_height(f64::from(entry.target().client_height()));
        }
    });
    let observer = ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(element);
    // The observer owns the callback for as long as it observes; a disconnected observer
    // never calls it again, so leaking the small closure is harmless.
    callback.forget();
    Some(observer)
}
