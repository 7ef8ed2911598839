//! Watching an element's height (`ResizeObserver`), for the virtual list's viewport.

use wasm_bindgen::prelude::*;
use web_sys::{Element, ResizeObserver, ResizeObserverEntry};

/// A live height observation. Dropping it disconnects the observer and frees its callback,
/// so callers never touch the `ResizeObserver` API themselves.
pub struct HeightObserver {
    observer: ResizeObserver,
    // Kept alive for as long as the observer may call it; dropped after disconnecting.
    _callback: Closure<dyn Fn(js_sys::Array)>,
}

impl Drop for HeightObserver {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Calls `on_height(px)` now and whenever `element`'s client height changes, until the
/// returned guard is dropped. `None` when the browser cannot create an observer.
pub fn observe_height(
    element: &Element,
    on_height: impl Fn(f64) + 'static,
) -> Option<HeightObserver> {
    on_height(f64::from(element.client_height()));
    let callback = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
        if let Some(entry) = entries.iter().last() {
            let entry: ResizeObserverEntry = entry.unchecked_into();
            on_height(f64::from(entry.target().client_height()));
        }
    });
    let observer = ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(element);
    Some(HeightObserver {
        observer,
        _callback: callback,
    })
}
