//! `VerifyBanner`: the verification verdict of the shown actor. When the chain is broken,
//! clicking it selects and reveals the first broken event. While the page's link has not
//! confirmed the chain (still checking, files to drop, a different chain), a verified chain is
//! shown as unconfirmed, never as valid.

use leptos::prelude::*;

use crate::state::{DebuggerState, ShareState, Verdict};

/// The verdict banner.
#[component]
pub fn VerifyBanner() -> impl IntoView {
    let state = DebuggerState::expect_context();
    let actor = state.selected_actor();
    let verdict = Memo::new(move |_| {
        actor.with(|actor| actor.as_ref().map(|actor| Verdict::of(&actor.report)))
    });
    let link_status = ShareState::expect_context().status();
    let is_unconfirmed = move || {
        link_status.with(|status| status.as_ref().is_some_and(|s| s.holds_back_validity()))
            && verdict.get() != Some(Verdict::Broken)
    };
    let summary = move || {
        let is_unconfirmed = is_unconfirmed();
        actor.with(|actor| match actor {
            Some(actor) if is_unconfirmed => format!(
                "{} events — not confirmed as the shared chain (see the link above)",
                actor.report.num_events
            ),
            Some(actor) => actor.report.summary(),
            None => "nothing open".to_string(),
        })
    };
    let verdict_name = move || {
        if is_unconfirmed() && verdict.get().is_some() {
            return "unconfirmed";
        }
        verdict.get().map_or("none", Verdict::as_str)
    };
    let icon = move || {
        if is_unconfirmed() && verdict.get().is_some() {
            return "?";
        }
        verdict.get().map_or("·", Verdict::icon)
    };
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
