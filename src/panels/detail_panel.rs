//! `DetailPanel`: everything about the selected event — identity, hashes and verification,
//! the decoded payload and its named parts, the replay divergence at it, the actor state after
//! it, and the raw bytes.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser::clipboard::copy_text;
use crate::panels::{ReplayDivergenceSection, WhatIfSection};
use crate::state::{DebuggerState, EventDetail, Selection, StateAfter};
use crate::widgets::{HexView, ValueTreeView};

/// The detail pane.
#[component]
pub fn DetailPanel() -> impl IntoView {
    let state = DebuggerState::expect_context();
    let actor = state.selected_actor();
    let selection = state.selection();
    let detail = Memo::new(move |_| {
        let event_idx = selection.get().event_idx?;
        actor.with(|actor| EventDetail::of(actor.as_ref()?, event_idx))
    });
    let pane = NodeRef::<html::Section>::new();
    let focus_requests = state.detail_focus_requests();
    Effect::new(move |previous: Option<u32>| {
        let count = focus_requests.get();
        // The first run only records the count; later changes are real requests.
        if previous.is_some_and(|previous| previous != count) {
            if let Some(pane) = pane.get_untracked() {
                let _ = pane.focus();
            }
        }
        count
    });
    let has_detail = move || detail.with(Option::is_some);
    let body = move || {
        detail
            .get()
            .map(|detail| view! { <EventDetailView detail /> })
    };

    view! {
        <section
            class="rp-detail"
            data-testid="detail-pane"
            tabindex="-1"
            aria-label="Event detail"
            node_ref=pane
        >
            <Show
                when=has_detail
                fallback=|| view! { <p class="rp-detail__empty">"Select an event to see its detail."</p> }
            >
                {body}
            </Show>
        </section>
    }
}

#[component]
fn EventDetailView(detail: EventDetail) -> impl IntoView {
    let title = format!("Event {}", detail.event_idx);
    let kind_class = format!("rp-kind-badge rp-kind-badge--{}", detail.kind.as_str());
    let status_class = format!("rp-status rp-status--{}", detail.status.as_str());
    let parent_text = detail
        .parent_hex
        .clone()
        .unwrap_or_else(|| "none (root)".to_string());
    let parts_section = (!detail.parts.is_empty()).then(|| {
        let parts = detail
            .parts
            .iter()
            .cloned()
            .map(|part| view! { <ValueTreeView node=part /> })
            .collect::<Vec<_>>();
        view! {
            <details class="rp-detail__section" data-testid="detail-parts" open>
                <summary>"parts"</summary>
                {parts}
            </details>
        }
    });
    let state_section = detail
        .state_after
        .clone()
        .map(|state_after| view! { <StateAfterSection state_after /> });
    let computed_row = detail.computed_hex.clone().map(|computed_hex| {
        view! {
            <dt>"computed hash"</dt>
            <dd class="rp-detail__hash rp-detail__hash--mismatch" data-testid="detail-computed-hash">
                {computed_hex}
            </dd>
        }
    });
    let problem = detail
        .problem
        .clone()
        .map(|problem| view! { <p class="rp-detail__problem">{problem}</p> });

    view! {
        <header class="rp-detail__header">
            <h2 class="rp-detail__title" data-testid="detail-title">{title}</h2>
            <span class=kind_class data-testid="detail-kind">{detail.kind.label()}</span>
            <span class=status_class data-testid="detail-status">{detail.status.label()}</span>
        </header>
        <dl class="rp-detail__fields">
            <dt>"function"</dt>
            <dd data-testid="detail-function">{detail.function.clone()}</dd>
            <dt>"event type"</dt>
            <dd data-testid="detail-event-type">{detail.event_type.clone()}</dd>
            <dt>"hash"</dt>
            <dd class="rp-detail__hash-line">
                <span class="rp-detail__hash" data-testid="detail-hash">{detail.hash_hex.clone()}</span>
                <CopyButton text=detail.hash_hex.clone() />
            </dd>
            {computed_row}
            <dt>"parent"</dt>
            <dd class="rp-detail__hash" data-testid="detail-parent-hash">{parent_text}</dd>
            <dt>"link"</dt>
            <dd data-testid="detail-link">{detail.link_text.clone()}</dd>
        </dl>
        <MessageJumpButtons />
        {problem}
        <ReplayDivergenceSection event_idx=detail.event_idx />
        <WhatIfSection event_idx=detail.event_idx />
        {parts_section}
        {state_section}
        <details class="rp-detail__section" data-testid="detail-payload">
            <summary>"decoded payload"</summary>
            <ValueTreeView node=detail.payload.clone() />
        </details>
        <details class="rp-detail__section" data-testid="detail-data" open>
            <summary>"raw data"</summary>
            <HexView bytes=detail.data.clone() />
        </details>
    }
}

/// "go to effect" on a send, "go to cause" on a handle-send: select the other end.
#[component]
fn MessageJumpButtons() -> impl IntoView {
    let state = DebuggerState::expect_context();
    let jump = Memo::new(move |_| state.message_jump());
    let effect = Signal::derive(move || jump.get().effect);
    let cause = Signal::derive(move || jump.get().cause);
    view! {
        <div class="rp-detail__jumps">
            <JumpButton target=effect test_id="go-to-effect" label="go to effect" />
            <JumpButton target=cause test_id="go-to-cause" label="go to cause" />
        </div>
    }
}

/// One jump: a button that selects `target`, shown only while there is one.
#[component]
fn JumpButton(
    target: Signal<Option<Selection>>,
    test_id: &'static str,
    label: &'static str,
) -> impl IntoView {
    let state = DebuggerState::expect_context();
    move || {
        target.get().map(|target| {
            let on_click = move |_| state.go_to(target.clone());
            view! {
                <button class="rp-button rp-button--small" data-testid=test_id on:click=on_click>
                    {label}
                </button>
            }
        })
    }
}

#[component]
fn StateAfterSection(state_after: StateAfter) -> impl IntoView {
    let caption = state_after.caption();
    view! {
        <details class="rp-detail__section" data-testid="detail-state" open>
            <summary>{caption}</summary>
            <ValueTreeView node=state_after.state />
        </details>
    }
}

/// Copies `text` to the clipboard and says whether that worked.
#[component]
fn CopyButton(text: String) -> impl IntoView {
    let feedback = RwSignal::new(None::<&'static str>);
    let label = move || feedback.get().unwrap_or("copy");
    let on_copy = move |_| {
        let text = text.clone();
        spawn_local(async move {
            let outcome = match copy_text(&text).await {
                Ok(()) => "copied",
                Err(_) => "copy failed",
            };
            feedback.set(Some(outcome));
        });
    };

    view! {
        <button class="rp-button rp-button--small" data-testid="copy-hash" on:click=on_copy>
            {label}
        </button>
    }
}
