//! `HexView`: a classic offset / hex / ASCII dump of a byte slice, shown in pages so a
//! megabyte payload never floods the DOM.

use std::sync::Arc;

use leptos::prelude::*;

pub use reprise_app::detail::{hex_lines, HexLine, BYTES_PER_LINE, PAGE_BYTES};

/// A paged hex dump of `bytes`.
#[component]
pub fn HexView(
    /// The bytes to show.
    bytes: Arc<[u8]>,
) -> impl IntoView {
    let num_bytes = bytes.len();
    let shown_bytes = RwSignal::new(PAGE_BYTES);
    let lines = {
        let bytes = Arc::clone(&bytes);
        move || hex_lines(&bytes, shown_bytes.get())
    };
    let num_hidden = move || num_bytes.saturating_sub(shown_bytes.get());
    let has_more = move || num_hidden() > 0;
    let more_label = move || format!("show more ({} bytes hidden)", num_hidden());
    let on_more = move |_| shown_bytes.update(|shown| *shown += 4 * PAGE_BYTES);
    let size_label = format!("{num_bytes} bytes");

    view! {
        <div class="rp-hex-view" data-testid="hex-view">
            <div class="rp-hex-view__size">{size_label}</div>
            <div class="rp-hex-view__lines">
                <For
                    each=lines
                    key=|line| line.offset.clone()
                    children=render_line
                />
            </div>
            <Show when=has_more>
                <button class="rp-button rp-hex-view__more" data-testid="hex-show-more" on:click=on_more>
                    {more_label}
                </button>
            </Show>
        </div>
    }
}

fn render_line(line: HexLine) -> impl IntoView {
    view! {
        <div class="rp-hex-view__line">
            <span class="rp-hex-view__offset">{line.offset}</span>
            <span class="rp-hex-view__hex">{line.hex}</span>
            <span class="rp-hex-view__ascii">{line.ascii}</span>
        </div>
    }
}
