//! `LivePanel`: the live-connection bar — a WebSocket URL field, **Connect**, and the
//! connection status (`connecting`, `live`, `reconnecting in Ns`, `closed: reason`), always
//! visible once a connection was asked for.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::browser::live_socket::connect_live;
use crate::state::LiveState;

/// The URL offered when no feed was opened yet (`reprise serve`'s default address).
pub const DEFAULT_LIVE_URL: &str = "ws://127.0.0.1:8080/ws";

/// The live-connection bar.
#[component]
pub fn LivePanel() -> impl IntoView {
    let live = LiveState::expect_context();
    let url = RwSignal::new(live.url().unwrap_or_else(|| DEFAULT_LIVE_URL.to_string()));
    let status = live.status();
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        connect_live(live, url.get_untracked().trim().to_string(), None);
    };
    let status_text = move || {
        status
            .get()
            .map_or_else(|| "not connected".to_string(), |(text, _)| text)
    };
    let state_name = move || status.get().map_or("idle", |(_, name)| name);
    let status_class = move || format!("rp-live__status rp-live__status--{}", state_name());

    view! {
        <form class="rp-live" aria-label="Live connection" on:submit=on_submit>
            <label class="rp-live__label" for="rp-live-url">"Live"</label>
            <input
                id="rp-live-url"
                class="rp-live__url"
                type="url"
                spellcheck="false"
                data-testid="live-url"
                bind:value=url
            />
            <button class="rp-button rp-button--small" type="submit" data-testid="live-connect">
                "Connect"
            </button>
            <span class=status_class data-testid="live-status" data-state=state_name role="status">
                {status_text}
            </span>
        </form>
    }
}
