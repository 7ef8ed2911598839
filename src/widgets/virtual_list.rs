//! `VirtualList`: a fixed-row-height scrolling list that renders only the rows in view plus an
//! overscan, over a spacer as tall as all rows. The row arithmetic is
//! `reprise_chain::timeline`'s; this widget only measures and positions.
//!
//! The computed row offsets and the spacer height are the only inline styles in the app.

use leptos::html;
use leptos::prelude::*;
use reprise_chain::timeline::{scroll_to_reveal, visible_row_range};

use crate::browser::element_size::{observe_height, HeightObserver};

/// Rows rendered above and below the viewport so fast scrolling shows no gaps.
const OVERSCAN_ROWS: usize = 8;

/// A virtualized list. Row `pos` shows item `row_item(pos)`, rendered by `render_row(item)`.
#[component]
pub fn VirtualList<I, R, V>(
    /// Number of rows.
    #[prop(into)]
    num_rows: Signal<usize>,
    /// The item shown in row `pos` (e.g. an event index). Rows are keyed by `(pos, item)`.
    row_item: I,
    /// Renders one item.
    render_row: R,
    /// Height of every row, in CSS pixels (must match the stylesheet).
    row_height_px: f64,
    /// When this changes to `Some(pos)`, the list scrolls just enough to show row `pos`.
    #[prop(into)]
    reveal_row: Signal<Option<usize>>,
    /// Receives the viewport height in CSS pixels whenever it changes.
    #[prop(optional)]
    viewport_height_px: Option<RwSignal<f64>>,
) -> impl IntoView
where
    I: Fn(usize) -> Option<usize> + Clone + Send + Sync + 'static,
    R: Fn(usize) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let viewport_height_px = viewport_height_px.unwrap_or_else(|| RwSignal::new(0.0));
    let scroll_top_px = RwSignal::new(0.0);
    let scroller = NodeRef::<html::Div>::new();

    let observer = StoredValue::new_local(None);
    Effect::new(move |_| {
        if let Some(element) = scroller.get() {
            let found =
                observe_height(&element, move |height_px| viewport_height_px.set(height_px));
            observer.set_value(found);
        }
    });
    // Dropping the guard disconnects the observer (see `browser::element_size`).
    on_cleanup(move || {
        observer.try_update_value(|found: &mut Option<HeightObserver>| *found = None);
    });

    Effect::new(move |_| {
        let Some(row_pos) = reveal_row.get() else {
            return;
        };
        let Some(element) = scroller.get_untracked() else {
            return;
        };
        let current_top_px = f64::from(element.scroll_top());
        let height_px = f64::from(element.client_height());
        if let Some(new_top_px) =
            scroll_to_reveal(row_pos, current_top_px, height_px, row_height_px)
        {
            element.set_scroll_top(new_top_px.round() as i32);
            scroll_top_px.set(new_top_px);
        }
    });

    let on_scroll = move |_| {
        if let Some(element) = scroller.get_untracked() {
            scroll_top_px.set(f64::from(element.scroll_top()));
        }
    };
    let visible_rows = move || {
        let range = visible_row_range(
            scroll_top_px.get(),
            viewport_height_px.get(),
            row_height_px,
            num_rows.get(),
            OVERSCAN_ROWS,
        );
        range
            .filter_map(|pos| row_item(pos).map(|item| (pos, item)))
            .collect::<Vec<_>>()
    };
    let spacer_height = move || format!("{}px", num_rows.get() as f64 * row_height_px);
    let row_height = format!("{row_height_px}px");
    let render_positioned = move |(pos, item): (usize, usize)| {
        let top = format!("{}px", pos as f64 * row_height_px);
        view! {
            <div class="rp-virtual-list__row" style:top=top style:height=row_height.clone()>
                {render_row(item)}
            </div>
        }
    };

    view! {
        <div class="rp-virtual-list" node_ref=scroller on:scroll=on_scroll>
            <div class="rp-virtual-list__spacer" style:height=spacer_height>
                <For each=visible_rows key=|row| *row children=render_positioned />
            </div>
        </div>
    }
}
