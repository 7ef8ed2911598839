//! `FilterBar`: what the timeline shows — kinds, event type, text search, problems only — and
//! how many events pass.

use leptos::prelude::*;
use reprise_chain::timeline::distinct_event_types;
use reprise_chain::EventKind;

use crate::state::DebuggerState;

/// The filter controls above the timeline.
#[component]
pub fn FilterBar() -> impl IntoView {
    let state = DebuggerState::expect_context();
    let filter = state.filter();
    let rows = state.rows();
    let actor = state.selected_actor();
    let event_types = Memo::new(move |_| {
        actor.with(|actor| {
            actor
                .as_ref()
                .map(|actor| distinct_event_types(&actor.summaries))
                .unwrap_or_default()
        })
    });
    let selected_type = move || filter.with(|filter| filter.event_type.clone().unwrap_or_default());
    let query = move || filter.with(|filter| filter.query.clone());
    let is_problems_only = move || filter.with(|filter| filter.is_problems_only);
    let is_all_types = move || selected_type().is_empty();
    let count_text = move || rows.with(|rows| rows.count_text());
    let kind_toggles = EventKind::ALL.map(|kind| view! { <KindToggle kind /> });
    let on_type = move |event| {
        let value = event_target_value(&event);
        state.set_event_type((!value.is_empty()).then_some(value));
    };
    let on_query = move |event| state.set_query(event_target_value(&event));
    let on_problems = move |event| state.set_problems_only(event_target_checked(&event));
    let render_type = move |event_type: String| {
        let is_selected = {
            let event_type = event_type.clone();
            move || selected_type() == event_type
        };
        view! {
            <option value=event_type.clone() selected=is_selected>
                {event_type.clone()}
            </option>
        }
    };

    let type_list = move || event_types.get();

    view! {
        <div class="rp-filter-bar" role="search">
            <fieldset class="rp-filter-bar__kinds">
                <legend class="rp-visually-hidden">"Event kinds"</legend>
                {kind_toggles}
            </fieldset>
            <select
                class="rp-filter-bar__type"
                data-testid="filter-event-type"
                aria-label="Event type"
                on:change=on_type
            >
                <option value="" selected=is_all_types>
                    "all event types"
                </option>
                <For each=type_list key=|event_type| event_type.clone() children=render_type />
            </select>
            <input
                class="rp-filter-bar__search"
                type="search"
                placeholder="Search events…"
                aria-label="Search"
                data-testid="filter-search"
                prop:value=query
                on:input=on_query
            />
            <label class="rp-filter-bar__problems">
                <input
                    type="checkbox"
                    data-testid="filter-problems"
                    prop:checked=is_problems_only
                    on:change=on_problems
                />
                "problems only"
            </label>
            <span class="rp-filter-bar__count" data-testid="row-count" aria-live="polite">
                {count_text}
            </span>
        </div>
    }
}

/// One kind's checkbox. With none checked, every kind shows.
#[component]
fn KindToggle(kind: EventKind) -> impl IntoView {
    let state = DebuggerState::expect_context();
    let filter = state.filter();
    let is_checked = move || filter.with(|filter| filter.kinds.contains(&kind));
    let on_change = move |event| state.set_kind_shown(kind, event_target_checked(&event));
    let testid = format!("filter-kind-{}", kind.as_str());
    let class = format!("rp-kind-toggle rp-kind-toggle--{}", kind.as_str());

    view! {
        <label class=class>
            <input type="checkbox" data-testid=testid prop:checked=is_checked on:change=on_change />
            {kind.label()}
        </label>
    }
}
