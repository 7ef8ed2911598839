//! `LinkCheckPanel`: what the page says about the link it was opened with, above the verify
//! banner where the user looks first — "same chain ✓", "this chain extends the shared one",
//! a loud "different chain" with both heads, files to drop, or a damaged link. Text only: a
//! fragment's content never reaches the DOM as HTML.

use leptos::prelude::*;

use crate::state::ShareState;

/// The link's head-check banner; absent when the page was opened without a link that claims
/// a chain.
#[component]
pub fn LinkCheckPanel() -> impl IntoView {
    let share = ShareState::expect_context();
    let status = share.status();
    let is_shown = move || status.with(Option::is_some);
    let verdict =
        move || status.with(|status| status.as_ref().map_or("none", |s| s.verdict_name()));
    let is_alarming =
        move || status.with(|status| status.as_ref().is_some_and(|s| s.is_alarming()));
    let headline =
        move || status.with(|status| status.as_ref().map(|s| s.headline()).unwrap_or_default());
    let class = move || {
        let loudness = if is_alarming() {
            " rp-link-check--alarm"
        } else {
            ""
        };
        format!("rp-link-check rp-link-check--{}{loudness}", verdict())
    };
    let role = move || if is_alarming() { "alert" } else { "status" };

    view! {
        <Show when=is_shown>
            <div class=class role=role data-testid="link-check" data-verdict=verdict>
                <span class="rp-link-check__label">"Shared link"</span>
                <span class="rp-link-check__text">{headline}</span>
            </div>
        </Show>
    }
}
