//! `App`: wires the state, the bridge and the browser adapters together and lays out the
//! panels. No decisions are made here.

use leptos::prelude::*;

use crate::browser::drop_target::accept_dropped_files;
use crate::browser::live_socket::{connect_live, read_ws_param};
use crate::browser::share_link::{
    keep_view_in_url, listen_for_copy_shortcut, open_page_link, replay_to_linked_step,
};
use crate::browser::url_state::{read_live_from_param, read_src_param};
use crate::browser::WorkerBridge;
use crate::panels::{
    DetailPanel, DropOverlayPanel, FilterBar, LinkCheckPanel, LivePanel, LoadErrorsPanel,
    MergedTimelinePanel, ReplayPanel, SupervisionTreePanel, TimelinePanel, ToolbarPanel,
    VerifyBanner,
};
use crate::state::{DebuggerState, LiveState, ReplayState, ShareState};

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let state = DebuggerState::provide();
    let replay = ReplayState::provide(state);
    let bridge = WorkerBridge::provide(state, replay);
    let live = LiveState::provide(state);
    let share = ShareState::provide(state, live, replay);
    let is_dragging = RwSignal::new(false);
    accept_dropped_files(
        move |is_active| is_dragging.set(is_active),
        move |files| bridge.open_files(files),
    );
    // The fragment's link first (its view waits for its data), then the query's file; the
    // demo opens only when neither names data.
    let link_names_data = open_page_link(share, bridge, live);
    keep_view_in_url(state, share);
    replay_to_linked_step(share, bridge, replay);
    listen_for_copy_shortcut(share);
    match read_src_param() {
        Some(url) => bridge.open_url(url),
        None if !link_names_data => bridge.open_demo(),
        None => {}
    }
    if let Some(url) = read_ws_param() {
        connect_live(live, url, read_live_from_param());
    }
    let is_merged_shown = live.is_merged_shown();
    let show_merged = move || is_merged_shown.get();
    let actor_timeline = || view! { <TimelinePanel /> };

    view! {
        <div class="rp-app" data-testid="app">
            <ToolbarPanel />
            <LivePanel />
            <LoadErrorsPanel />
            <div class="rp-app__body">
                <SupervisionTreePanel />
                <main class="rp-app__main">
                    <LinkCheckPanel />
                    <VerifyBanner />
                    <ReplayPanel />
                    <FilterBar />
                    <Show when=show_merged fallback=actor_timeline>
                        <MergedTimelinePanel />
                    </Show>
                </main>
                <DetailPanel />
            </div>
            <DropOverlayPanel is_active=is_dragging />
        </div>
    }
}
