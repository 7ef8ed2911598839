//! `VerifyBanner`: the verification verdict of the shown actor. When the chain is broken,
//! clicking it selects and reveals the first broken event.

use leptos::prelude::*;

use crate::state::{DebuggerState, Verdict};

/// The verdict banner.
#[component]
pub fn VerifyBanner() -> impl IntoView {
    let state = DebuggerState::expect_context();
    let actor = state.selected_actor();
    let verdict = Memo::new(move |_| {
        actor.with(|actor| actor.as_ref().map(|actor| Verdict::of(&actor.report)))
    });
    let summary = move || {
        actor.with(|actor| {
            actor
                .as_ref()
                .map(|actor| actor.report.summary())
                .unwrap_or_else(|| "nothing open".to_string())
        })
    };
    let verdict_name = move || verdict.get().map_or("none", Verdict::as_str);
    let icon = move || verdict.get().map_or("·", Verdict::icon);
    let is_broken = move || verdict.get() == Some(Verdict::Broken);
    let banner_class = move || format!("rp-verify-banner rp-verify-banner--{}", verdict_name());
    let aria_disabled = move || (!is_broken()).to_string();
    let action_hint = move || is_broken().then_some("show event →");
    let on_click = move |_| state.select_first_broken();

    view! {
        <button
            class=banner_class
            data-testid="verify-banner"
            data-verdict=verdict_name
            aria-disabled=aria_disabled
            on:click=on_click
        >
            <span class="rp-verify-banner__icon" aria-hidden="true">{icon}</span>
            <span class="rp-verify-banner__text">{summary}</span>
            <span class="rp-verify-banner__action">{action_hint}</span>
        </button>
    }
}
