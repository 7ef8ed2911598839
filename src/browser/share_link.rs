//! Share links in the browser: opening the link the page was loaded with, keeping the URL's
//! fragment equal to the view (a history entry per step the user takes, see
//! `HistoryPolicy`), Back/Forward, replaying to a link's replay position, and "Copy link"
//! (button and the `l` key) with its notice.
//!
//! Opening: the fragment is read with `ShareLink::parse`; a refused fragment opens nothing and
//! the banner says why. Its sources open as the page's own would: `src=` fetched through the
//! worker bridge (CORS and HTTP failures explained), `ws=` connected like `?ws=` (from `from=`),
//! `embed=` handed to the worker as the bundle `shared-session.bundle.json`, `file=` waits for
//! the user to drop it. The head check runs on whatever loads (`ShareState::status`) before
//! the banner calls anything valid.

use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use reprise_chain::FeedStart;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};

use crate::browser::clipboard::copy_text;
use crate::browser::live_socket::connect_live;
use crate::browser::url_state::{now_ms, page_base, read_fragment, reload_page, write_fragment};
use crate::browser::WorkerBridge;
use crate::state::share::{LinkSource, ShareLink, EMBEDDED_SESSION_PATH};
use crate::state::worker_protocol::ReplayCommand;
use crate::state::{
    CopyLinkShortcut, DebuggerState, HistoryPolicy, LinkNotice, LiveState, ReplayState, ShareState,
    LINK_NOTICE_MILLIS,
};

/// Reads the page's fragment and opens what it names. Returns whether the link names data
/// (then the page does not open its demo); a refused fragment names none.
pub fn open_page_link(share: ShareState, bridge: WorkerBridge, live: LiveState) -> bool {
    let fragment = read_fragment();
    if fragment.is_empty() {
        return false;
    }
    let link = match ShareLink::parse(&fragment) {
        Ok(link) => link,
        Err(error) => {
            share.refuse(error);
            return false;
        }
    };
    let names_data = !link.sources.is_empty();
    for source in &link.sources {
        match source {
            LinkSource::Url(url) => bridge.open_url(url.clone()),
            LinkSource::LiveFeed { url, from } => {
                connect_live(live, url.clone(), from.map(feed_start_text))
            }
            LinkSource::Embedded(embedded) => {
                bridge.open_bytes(EMBEDDED_SESSION_PATH, embedded.bundle())
            }
            // The banner asks for it; a drop opens it like any file.
            LinkSource::File(_) => {}
        }
    }
    share.open(link);
    names_data
}

fn feed_start_text(from: FeedStart) -> String {
    match from {
        FeedStart::Beginning => "beginning".to_string(),
        FeedStart::Tail => "tail".to_string(),
        FeedStart::Seq(seq) => seq.to_string(),
    }
}

/// Keeps the fragment equal to the view from now on (once something is open), pushing a
/// history entry for each step the user takes and rewriting the entry otherwise; Back/Forward
/// restore the entry's view (a fragment naming other data, typed into the address bar, reloads
/// the page so it opens as a link).
pub fn keep_view_in_url(state: DebuggerState, share: ShareState) {
    let policy = StoredValue::new(HistoryPolicy::new());
    Effect::new(move |_| {
        let link = share.url_link();
        if state.is_session_empty() {
            return;
        }
        let fragment = link.to_fragment();
        let cause = state.selection_cause();
        let write = policy.try_update_value(|policy| {
            policy.write(&fragment, &link.view.selection, cause, now_ms())
        });
        if let Some(write) = write {
            write_fragment(&fragment, write);
        }
    });
    let popstate = window_event_listener(ev::popstate, move |_| {
        let fragment = read_fragment();
        let Ok(link) = ShareLink::parse(&fragment) else {
            reload_page();
            return;
        };
        let shown = untrack(|| share.url_link());
        if link.sources != shown.sources || link.chains != shown.chains {
            reload_page();
            return;
        }
        policy.update_value(|policy| policy.popped(&fragment, &link.view.selection));
        share.restore_view(&link.view);
    });
    on_cleanup(move || popstate.remove());
}

/// Replays the shown actor to the position a link (or a history entry) names, once that
/// actor is shown and a module to replay it with is at hand (embedded, assigned, a parent's
/// spawn, or the live server's).
pub fn replay_to_linked_step(share: ShareState, bridge: WorkerBridge, replay: ReplayState) {
    let wasm = replay.selected_wasm();
    Effect::new(move |_| {
        let Some(step) = share.pending_replay_step() else {
            return;
        };
        if wasm.with(Option::is_none) {
            return;
        }
        share.clear_pending_replay_step();
        // A position counts replayed events; running to the last of them stands there.
        if let Some(event_idx) = step.checked_sub(1) {
            bridge.replay_control(ReplayCommand::RunTo { event_idx });
        }
    });
}

/// Copies the link of the open session and view, and says so for a couple of seconds (with
/// why the session is not embedded, when it is not).
pub fn copy_view_link(share: ShareState) {
    let session_link = share.session_link();
    let link = format!("{}#{}", page_base(), session_link.link.to_fragment());
    let explanation = session_link
        .not_embedded
        .map(|too_large| too_large.explanation());
    spawn_local(async move {
        let copied = copy_text(&link).await;
        let notice_id = share.show_notice(|notice_id| match copied {
            Ok(()) => LinkNotice::copied(notice_id, link, explanation.as_deref()),
            Err(reason) => LinkNotice::copy_failed(notice_id, link, &reason),
        });
        set_timeout(
            move || share.expire_notice(notice_id),
            Duration::from_millis(u64::from(LINK_NOTICE_MILLIS)),
        );
    });
}

/// Copies the link when the user presses the copy-link key (`l`) outside a text field.
pub fn listen_for_copy_shortcut(share: ShareState) {
    let keydown = window_event_listener(ev::keydown, move |event: KeyboardEvent| {
        let press = CopyLinkShortcut {
            key: &event.key(),
            has_modifier: event.ctrl_key() || event.meta_key() || event.alt_key(),
            is_in_text_field: is_text_field(event.target()),
            is_repeat: event.repeat(),
        };
        if press.is_copy_link() {
            event.prevent_default();
            copy_view_link(share);
        }
    });
    on_cleanup(move || keydown.remove());
}

fn is_text_field(target: Option<web_sys::EventTarget>) -> bool {
    let Some(element) = target.and_then(|target| target.dyn_into::<HtmlElement>().ok()) else {
        return false;
    };
    matches!(
        element.tag_name().to_ascii_uppercase().as_str(),
        "INPUT" | "TEXTAREA" | "SELECT"
    ) || element.is_content_editable()
}
