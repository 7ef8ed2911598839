//! `App`: wires the state, the bridge and the browser adapters together and lays out the
//! panels. No decisions are made here.

use leptos::prelude::*;

use crate::browser::drop_target::accept_dropped_files;
use crate::browser::live_socket::{connect_live, read_ws_param};
use crate::browser::url_state::{
    mirror_selection_in_url, read_live_from_param, read_selection, read_src_param,
};
use crate::browser::WorkerBridge;
use crate::panels::{
    DetailPanel, DropOverlayPanel, FilterBar, LivePanel, LoadErrorsPanel, MergedTimelinePanel,
    ReplayPanel, SupervisionTreePanel, TimelinePanel, ToolbarPanel, VerifyBanner,
};
use crate::state::{DebuggerState, LiveState, ReplayState};

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let state = DebuggerState::provide();
    let replay = ReplayState::provide(state);
    let bridge = WorkerBridge::provide(state, replay);
    let live = LiveState::provide(state);
    let is_dragging = RwSignal::new(false);
    accept_dropped_files(
        move |is_active| is_dragging.set(is_active),
        move |files| bridge.open_files(files),
    );
    if let Some(selection) = read_selection() {
        state.restore_selection(selection);
    }
    mirror_selection_in_url(state);
    bridge.open_initial(read_src_param());
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
