//! `TimelinePanel`: the shown actor's events as a virtualized, keyboard-navigable list.
//!
//! Keys (on the focused list): ↑/k, ↓/j, PageUp, PageDown, Home, End move the selection;
//! Enter moves the focus to the detail pane.

use std::sync::Arc;

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use reprise_chain::timeline::NavKey;
use reprise_chain::AnalyzedActor;

use crate::panels::TimelineRow;
use crate::state::DebuggerState;
use crate::widgets::VirtualList;

/// Height of one timeline row; `--rp-row-height` in the stylesheet must match.
pub const ROW_HEIGHT_PX: f64 = 26.0;

/// The timeline of the selected actor.
#[component]
pub fn TimelinePanel() -> impl IntoView {
    let state = DebuggerState::expect_context();
    let actor = state.selected_actor();
    // A new actor gets a new list, scrolled to the top.
    let body = move || actor.get().map(|actor| view! { <TimelineBody actor /> });

    view! {
        <section class="rp-timeline" aria-label="Timeline">
            <div class="rp-timeline__header" aria-hidden="true">
                <span class="rp-timeline-row__index">"#"</span>
                <span class="rp-timeline-row__kind">"kind"</span>
                <span class="rp-timeline-row__function">"function"</span>
                <span class="rp-timeline-row__hash">"hash"</span>
                <span class="rp-timeline-row__status">"status"</span>
                <span class="rp-timeline-row__preview">"preview"</span>
            </div>
            {body}
        </section>
    }
}

#[component]
fn TimelineBody(actor: Arc<AnalyzedActor>) -> impl IntoView {
    let state = DebuggerState::expect_context();
    let rows = state.rows();
    let selection = state.selection();
    let viewport_height_px = RwSignal::new(0.0);
    let num_rows = Signal::derive(move || rows.with(|rows| rows.len()));
    let is_empty = move || num_rows.get() == 0;
    let row_item = move |pos| rows.with(|rows| rows.event_at(pos));
    let reveal_row = Signal::derive(move || {
        let event_idx = selection.get().event_idx?;
        rows.with(|rows| rows.pos_of(event_idx))
    });
    let render_row = move |event_idx| {
        let actor = Arc::clone(&actor);
        view! { <TimelineRow actor event_idx /> }
    };
    let on_keydown = move |event: KeyboardEvent| {
        if event.ctrl_key() || event.meta_key() || event.alt_key() {
            return;
        }
        if event.key() == "Enter" {
            event.prevent_default();
            state.request_detail_focus();
            return;
        }
        if let Some(key) = NavKey::from_key(&event.key()) {
            event.prevent_default();
            let page_rows = (viewport_height_px.get_untracked() / ROW_HEIGHT_PX)
                .floor()
                .max(1.0);
            state.navigate(key, page_rows as usize);
        }
    };

    view! {
        <div
            class="rp-timeline__body"
            tabindex="0"
            role="listbox"
            aria-label="Events"
            data-testid="timeline"
            on:keydown=on_keydown
        >
            <VirtualList
                num_rows
                row_item
                render_row
                row_height_px=ROW_HEIGHT_PX
                reveal_row
                viewport_height_px
            />
            <Show when=is_empty>
                <p class="rp-timeline__empty" data-testid="timeline-empty">"No event matches the filter."</p>
            </Show>
        </div>
    }
}
