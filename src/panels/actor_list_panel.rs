//! `ActorListPanel`: every actor of every open file; choosing one shows its timeline.

use leptos::prelude::*;

use crate::state::{ActorEntry, DebuggerState};

/// The actor selector.
#[component]
pub fn ActorListPanel() -> impl IntoView {
    let state = DebuggerState::expect_context();
    let entries = state.actor_entries();
    let render_entry = move |entry: ActorEntry| {
        let actor_pos = entry.actor_pos;
        let is_selected = move || state.selection().get().actor_pos == actor_pos;
        let aria_selected = move || is_selected().to_string();
        let on_select = move |_| state.select_actor(actor_pos);
        let status_class = if entry.is_verified {
            "rp-actor-list__status rp-actor-list__status--ok"
        } else {
            "rp-actor-list__status rp-actor-list__status--broken"
        };
        let status_text = if entry.is_verified {
            "verified"
        } else {
            "broken"
        };
        let events_text = format!("{} events", entry.num_events);
        let file_title = entry.file_path.clone();
        view! {
            <li
                class="rp-actor-list__item"
                class=("rp-actor-list__item--selected", is_selected)
                data-testid="actor-item"
                role="option"
                aria-selected=aria_selected
                title=file_title
                on:click=on_select
            >
                <span class="rp-actor-list__label">{entry.label}</span>
                <span class="rp-actor-list__meta">
                    <span class="rp-actor-list__events">{events_text}</span>
                    <span class=status_class>{status_text}</span>
                </span>
                <span class="rp-actor-list__file">{entry.file_path}</span>
            </li>
        }
    };

    let entry_list = move || entries.get();

    view! {
        <nav class="rp-actor-list" aria-label="Actors">
            <h2 class="rp-panel-title">"Actors"</h2>
            <ul class="rp-actor-list__items" data-testid="actor-list" role="listbox">
                <For each=entry_list key=|entry| entry.clone() children=render_entry />
            </ul>
        </nav>
    }
}
