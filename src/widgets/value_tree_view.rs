//! `ValueTreeView`: a decoded payload (`ValueNode`) as a collapsible tree.
//!
//! Children are rendered only while their parent is open, and long child lists in pages, so
//! huge payloads stay cheap. All payload text goes into text nodes, never parsed as HTML.

use std::sync::Arc;

use leptos::prelude::*;
use reprise_chain::ValueNode;

/// Levels open when the tree first shows.
const OPEN_DEPTH: usize = 2;

/// Children shown at first under one node, and added by each "show more".
const PAGE_CHILDREN: usize = 100;

/// A collapsible view of `node` and everything under it.
#[component]
pub fn ValueTreeView(
    /// The tree to show.
    node: ValueNode,
) -> impl IntoView {
    view! {
        <div class="rp-value-tree" data-testid="value-tree" role="tree">
            {render_node(Arc::new(node), 0)}
        </div>
    }
}

fn render_node(node: Arc<ValueNode>, depth: usize) -> AnyView {
    let has_children = !node.children.is_empty();
    let is_open = RwSignal::new(depth < OPEN_DEPTH);
    let num_shown = RwSignal::new(PAGE_CHILDREN);
    let toggle_label = move || if is_open.get() { "▾" } else { "▸" };
    let on_toggle = move |_| is_open.update(|open| *open = !*open);
    let key = node.key.clone().map(|key| format!("{key}:"));
    let type_label = node.type_label.clone();
    let text = node.text.clone();
    // An open branch shows its children instead of their one-line preview.
    let line_text = move || (!has_children || !is_open.get()).then(|| text.clone());
    let num_children = node.children.len();

    let children = {
        let node = Arc::clone(&node);
        move || {
            if !is_open.get() {
                return None;
            }
            let shown = num_shown.get().min(num_children);
            let views = node.children[..shown]
                .iter()
                .map(|child| render_node(Arc::new(child.clone()), depth + 1))
                .collect::<Vec<_>>();
            Some(views)
        }
    };
    let has_hidden = move || is_open.get() && num_shown.get() < num_children;
    let more_label = move || {
        format!(
            "show more ({} hidden)",
            num_children.saturating_sub(num_shown.get())
        )
    };
    let on_more = move |_| num_shown.update(|shown| *shown += PAGE_CHILDREN);
    let aria_expanded = move || has_children.then(|| is_open.get().to_string());
    let is_branch = move || has_children;

    view! {
        <div class="rp-value-tree__node" data-testid="value-node" role="treeitem" aria-expanded=aria_expanded>
            <div class="rp-value-tree__line">
                <Show
                    when=is_branch
                    fallback=|| view! { <span class="rp-value-tree__toggle-space"></span> }
                >
                    <button class="rp-value-tree__toggle" data-testid="value-node-toggle" on:click=on_toggle>
                        {toggle_label}
                    </button>
                </Show>
                <span class="rp-value-tree__key">{key.clone()}</span>
                <span class="rp-value-tree__text">{line_text}</span>
                <span class="rp-value-tree__type">{type_label.clone()}</span>
            </div>
            <div class="rp-value-tree__children" role="group">
                {children}
                <Show when=has_hidden>
                    <button class="rp-button rp-value-tree__more" on:click=on_more>
                        {more_label}
                    </button>
                </Show>
            </div>
        </div>
    }
    .into_any()
}
