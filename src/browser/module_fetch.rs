//! Replay controls on an actor whose module only the live server has: the module is fetched
//! (`GET /modules/<sha256>.wasm`, as `?src=` files are, through `fetch_source`) before the
//! control goes to the worker.
//!
//! Decisions — whether to fetch, what waits, what is kept — are `ReplayState`'s; this file
//! only carries out the request. Invariant: a failed fetch ends as a sentence in the replay
//! bar, and what is open stays.

use leptos::task::spawn_local;

use crate::browser::fetch_source::fetch_bytes;
use crate::browser::WorkerBridge;
use crate::state::{ModuleRequest, ReplayState};
use reprise_app::worker_protocol::ReplayCommand;

/// Carries out `command` on the shown actor's replay, fetching its server module first when
/// that is the only module there is.
pub fn replay_control(bridge: WorkerBridge, replay: ReplayState, command: ReplayCommand) {
    let Some((module, request)) = replay.request_server_module(command.clone()) else {
        bridge.replay_control(command);
        return;
    };
    if request != ModuleRequest::Fetch {
        return;
    }
    spawn_local(async move {
        let fetched = fetch_bytes(&module.url)
            .await
            .map(|buffer| js_sys::Uint8Array::new(&buffer).to_vec());
        if let Some(command) = replay.land_server_module(&module.sha256, fetched) {
            bridge.replay_control(command);
        }
    });
}
