//! `MergedTimelinePanel`: every event of the live feed's actors in one virtualized list, in
//! arrival order (the log's seq), shown instead of one actor's timeline when "All actors
//! (arrival order)" is chosen in the actor tree. Rows are keyed by seq, so a back-fill that
//! inserts earlier events redraws the rows that moved.

use leptos::prelude::*;

use crate::panels::{MergedTimelineRow, ROW_HEIGHT_PX};
use crate::state::{DebuggerState, LiveState};
use crate::widgets::VirtualList;

/// The merged live timeline.
#[component]
pub fn MergedTimelinePanel() -> impl IntoView {
    let state = DebuggerState::expect_context();
    let live = LiveState::expect_context();
    let timeline = live.merged_timeline();
    let selection = state.selection();
    let num_rows = Signal::derive(move || timeline.with(|timeline| timeline.len()));
    let count_text = move || format!("{} events in arrival order", num_rows.get());
    // The seq stands in for the item, so a row whose position now holds another event is new.
    let row_item = move |row_pos| {
        timeline
            .with(|timeline| timeline.seq_at(row_pos))
            .and_then(|seq| usize::try_from(seq).ok())
    };
    let render_row = move |seq: usize| {
        timeline
            .with_untracked(|timeline| timeline.row_of_seq(seq as u64))
            .map(|row| view! { <MergedTimelineRow row /> })
    };
    let reveal_row = Signal::derive(move || {
        let selection = selection.get();
        timeline.with(|timeline| timeline.pos_of(&selection))
    });

    view! {
        <section class="rp-timeline rp-timeline--merged" aria-label="All actors in arrival order">
            <div class="rp-timeline__header rp-timeline-row--merged" aria-hidden="true">
                <span class="rp-timeline-row__index">"seq"</span>
                <span class="rp-timeline-row__actor">"actor"</span>
                <span class="rp-timeline-row__kind">"kind"</span>
                <span class="rp-timeline-row__function">"function"</span>
                <span class="rp-timeline-row__status">"status"</span>
            </div>
            <p class="rp-timeline__count" data-testid="merged-count">{count_text}</p>
            <div
                class="rp-timeline__body"
                role="listbox"
                aria-label="Events of all actors"
                data-testid="merged-timeline"
            >
                <VirtualList num_rows row_item render_row row_height_px=ROW_HEIGHT_PX reveal_row />
            </div>
        </section>
    }
}
