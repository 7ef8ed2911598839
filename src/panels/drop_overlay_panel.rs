//! `DropOverlayPanel`: the full-page hint shown while files are dragged over the page.

use leptos::prelude::*;

/// Shown while `is_active`.
#[component]
pub fn DropOverlayPanel(
    /// Whether files are being dragged over the page.
    #[prop(into)]
    is_active: Signal<bool>,
) -> impl IntoView {
    let is_shown = move || is_active.get();

    view! {
        <Show when=is_shown>
            <div class="rp-drop-overlay" data-testid="drop-overlay">
                <div class="rp-drop-overlay__box">"Drop chain files to open them"</div>
            </div>
        </Show>
    }
}
