//! `SupervisionTreePanel`: every open actor as a supervision tree (who spawned whom), with a
//! status badge and event count; choosing an actor shows its timeline. Children known only
//! from a parent's spawn output are listed as "not recorded" and cannot be chosen. While a live
//! feed is open, "All actors (arrival order)" shows the merged timeline of its actors instead;
//! choosing an actor shows that actor's timeline again.

use leptos::either::Either;
use leptos::prelude::*;

use crate::state::{DebuggerState, LiveState, TreeRow};

/// The actor tree.
#[component]
pub fn SupervisionTreePanel() -> impl IntoView {
    let state = DebuggerState::expect_context();
    let rows = state.tree_rows();
    let row_list = move || rows.get();
    // Keyed by the whole row, so a node is redrawn when its status or count changes.
    let row_key = |row: &TreeRow| row.clone();
    let live = LiveState::expect_context();
    let is_live = live.is_active();
    let is_merged_shown = live.is_merged_shown();
    let is_merged_offered = move || is_live.get();
    let is_merged_pressed = move || is_merged_shown.get();
    let merged_pressed = move || is_merged_pressed().to_string();
    let on_toggle_merged = move |_| live.show_merged(!is_merged_shown.get_untracked());

    view! {
        <nav class="rp-tree" aria-label="Actors">
            <h2 class="rp-panel-title">"Actors"</h2>
            <Show when=is_merged_offered>
                <button
                    class="rp-tree__merged"
                    class=("rp-tree__merged--pressed", is_merged_pressed)
                    type="button"
                    data-testid="merged-timeline-toggle"
                    aria-pressed=merged_pressed
                    on:click=on_toggle_merged
                >
                    "All actors (arrival order)"
                </button>
            </Show>
            <ul class="rp-tree__items" data-testid="supervision-tree" role="tree">
                <For each=row_list key=row_key children=|row| view! { <TreeNode row /> } />
            </ul>
        </nav>
    }
}

#[component]
fn TreeNode(row: TreeRow) -> impl IntoView {
    let state = DebuggerState::expect_context();
    let node_class = row.node_class();
    let badge_class = row.badge_class();
    let status_name = row.status.as_str();
    let status_label = row.status.label();
    let events_text = row.events_text();
    let depth = row.depth.to_string();
    let actor_id = row.actor_id.clone().unwrap_or_default();
    let verify_class = if row.is_verified {
        "rp-tree__verify rp-tree__verify--ok"
    } else {
        "rp-tree__verify rp-tree__verify--broken"
    };
    let verify_text = match (&row.actor, row.is_verified) {
        (None, _) => "",
        (Some(_), true) => "verified",
        (Some(_), false) => "broken",
    };
    let meta = view! {
        <span class="rp-tree__meta">
            <span class=badge_class data-testid="tree-node-status">{status_label}</span>
            <span class="rp-tree__events" data-testid="tree-node-events">{events_text}</span>
            <span class=verify_class>{verify_text}</span>
        </span>
    };
    let label = row.label.clone();
    let body = match row.actor.clone() {
        Some(key) => {
            let shown_key = state.shown_key();
            let is_selected = {
                let key = key.clone();
                Memo::new(move |_| shown_key.with(|shown| shown.as_ref() == Some(&key)))
            };
            let aria_selected = move || is_selected.get().to_string();
            let live = LiveState::expect_context();
            let actor_key = key.to_string();
            let on_select = move |_| {
                live.show_merged(false);
                state.select_actor(key.clone());
            };
            let file_title = row.file_path.clone();
            Either::Left(view! {
                <div
                    class="rp-tree__actor"
                    class=("rp-tree__actor--selected", is_selected)
                    data-testid="actor-item"
                    data-actor-key=actor_key
                    aria-selected=aria_selected
                    title=file_title
                    on:click=on_select
                >
                    <span class="rp-tree__label">{label}</span>
                    {meta}
                </div>
            })
        }
        None => Either::Right(view! {
            <div class="rp-tree__actor rp-tree__actor--absent">
                <span class="rp-tree__label">{label}</span>
                {meta}
            </div>
        }),
    };

    view! {
        <li
            class=node_class
            data-testid="tree-node"
            data-actor-id=actor_id
            data-status=status_name
            role="treeitem"
            data-depth=depth
        >
            {body}
        </li>
    }
}
