//! `ReplayState`: the replay sessions (`ReplayRuns`) in a signal, and the calls the panels
//! and the worker adapter (`crate::browser::WorkerBridge`) make on it. Decisions live in
//! `ReplayRuns`, `ReplayRun` and `WasmChoice`; the actor shown is the one `DebuggerState`
//! selects. An actor of a live feed whose module only the server has is replayed in two
//! steps: [`ReplayState::request_server_module`] says to fetch it (`crate::browser::module_fetch`
//! does), [`ReplayState::land_server_module`] keeps it and hands back the waiting control.
//!
//! Methods that change a session return the [`ReplayCommand`]s the worker must get; the
//! bridge sends them. Invariant: no web API is touched here.

use std::sync::Arc;

use leptos::prelude::*;
use reprise_replay::{host_output_literal, parse_host_output};

use crate::state::{
    DebuggerState, ModuleRequest, ReplayRun, ReplayRuns, Selection, ServerModule, WasmChoice,
    WasmFile, WasmOffer,
};
use reprise_app::worker_protocol::{JobId, ReplayCommand, WorkerReply};

/// Commands for the worker, each for one replay session.
pub type SessionCommands = Vec<(JobId, ReplayCommand)>;

/// Handles to the replay sessions. Cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct ReplayState {
    runs: RwSignal<ReplayRuns>,
    next_session_id: StoredValue<JobId>,
    /// What can replay the shown actor: a memo, because resolving it hashes the module, and
    /// it changes only with the actor, an assigned file, the open chains or a fetched server
    /// module (not per reply).
    selected_offer: Memo<Option<WasmOffer>>,
    /// The module at hand for the shown actor.
    selected_wasm: Memo<Option<WasmChoice>>,
    /// The shown actor's module on the live server that recorded it, if it came from one.
    selected_server_module: Memo<Option<ServerModule>>,
    debugger: DebuggerState,
}

impl ReplayState {
    /// Creates the replay state (not yet a context).
    pub fn new(debugger: DebuggerState) -> Self {
        let runs = RwSignal::new(ReplayRuns::default());
        let shown_key = debugger.shown_key();
        let assigned = Memo::new(move |_| {
            let key = shown_key.get()?;
            runs.with(|runs| runs.assigned(&key).cloned())
        });
        let selected_actor = debugger.selected_actor();
        let all_actors = debugger.all_actors();
        let selected_server_module = Memo::new(move |_| {
            let feed_url = shown_key.get().and_then(|key| debugger.feed_url_of(&key));
            selected_actor
                .with(|actor| ServerModule::of_actor(&actor.as_ref()?.chain, feed_url.as_deref()))
        });
        // Compared by pointer: the bytes only change when a fetch lands, and comparing them by
        // value on every worker reply would cost a pass over the module.
        let fetched = Memo::new_with_compare(
            move |_| {
                let module = selected_server_module.get()?;
                runs.with(|runs| runs.fetched_module(&module.sha256))
            },
            |old, new| match (old, new) {
                (Some(Some(old)), Some(Some(new))) => !Arc::ptr_eq(old, new),
                (Some(None), Some(None)) => false,
                _ => true,
            },
        );
        let selected_offer = Memo::new(move |_| {
            let actor = selected_actor.get()?;
            let others = all_actors.get();
            assigned.with(|assigned| {
                WasmOffer::resolve(
                    &actor.chain,
                    assigned.as_ref(),
                    others.iter().map(|other| &other.chain),
                    selected_server_module.get(),
                    fetched.get(),
                )
            })
        });
        let selected_wasm = Memo::new(move |_| {
            selected_offer.with(|offer| offer.as_ref().and_then(WasmOffer::ready).cloned())
        });
        Self {
            runs,
            next_session_id: StoredValue::new(1),
            selected_offer,
            selected_wasm,
            selected_server_module,
            debugger,
        }
    }

    /// Creates the replay state and makes it the context of the current component tree.
    pub fn provide(debugger: DebuggerState) -> Self {
        let state = Self::new(debugger);
        provide_context(state);
        state
    }

    /// The replay state provided by an ancestor, if any.
    pub fn use_context() -> Option<Self> {
        use_context::<Self>()
    }

    /// The replay session of the shown actor, if it has one that is still current.
    pub fn selected_run(&self) -> Signal<Option<ReplayRun>> {
        let runs = self.runs;
        let shown_key = self.debugger.shown_key();
        let actor = self.debugger.selected_actor();
        Signal::derive(move || {
            let key = shown_key.get()?;
            let num_events =
                actor.with(|actor| actor.as_ref().map_or(0, |actor| actor.chain.events.len()));
            runs.with(|runs| runs.of(&key).cloned())
                .filter(|run| run.is_current(num_events))
        })
    }

    /// The module that would replay the shown actor, if there is one.
    pub fn selected_wasm(&self) -> Signal<Option<WasmChoice>> {
        self.selected_wasm.into()
    }

    /// What can replay the shown actor (a module at hand, or one still on the server).
    pub fn selected_offer(&self) -> Signal<Option<WasmOffer>> {
        self.selected_offer.into()
    }

    /// The status line while the shown actor waits for its server module, with its outcome
    /// (`fetching`, `failed`).
    pub fn module_status(&self) -> Signal<Option<(String, &'static str)>> {
        let runs = self.runs;
        let module = self.selected_server_module;
        let offer = self.selected_offer;
        Signal::derive(move || {
            let is_on_server = offer.with(|offer| matches!(offer, Some(WasmOffer::OnServer(_))));
            if !is_on_server {
                return None;
            }
            let module = module.get()?;
            runs.with(|runs| runs.module_fetch(&module.sha256)?.status(&module))
        })
    }

    /// The replay bar's status line and its outcome (`running`, `verified`, …, `fetching`):
    /// the shown actor's session, or before it has one, the fetch of its server module.
    pub fn status_line(&self) -> Signal<Option<(String, &'static str)>> {
        let run = self.selected_run();
        let module_status = self.module_status();
        Signal::derive(move || {
            run.with(|run| run.as_ref().map(|run| (run.status_text(), run.outcome())))
                .or_else(|| module_status.get())
        })
    }

    /// Whether the shown actor's server module is being fetched.
    pub fn is_fetching_module(&self) -> Signal<bool> {
        let runs = self.runs;
        let module = self.selected_server_module;
        Signal::derive(move || {
            let Some(module) = module.get() else {
                return false;
            };
            runs.with(|runs| {
                runs.module_fetch(&module.sha256)
                    .is_some_and(|fetch| fetch.is_fetching())
            })
        })
    }

    /// `command` was pressed on the shown actor: when its module is still on the server, the
    /// module and whether to fetch it (the command then waits for
    /// [`ReplayState::land_server_module`]); `None` when [`ReplayState::control`] can run now.
    pub fn request_server_module(
        &self,
        command: ReplayCommand,
    ) -> Option<(ServerModule, ModuleRequest)> {
        let module = match self.selected_offer.get_untracked()? {
            WasmOffer::OnServer(module) => module,
            WasmOffer::Ready(_) => return None,
        };
        let key = self.debugger.shown_key().get_untracked()?;
        let request = self
            .runs
            .try_update(|runs| runs.request_module(&key, &module, command))?;
        Some((module, request))
    }

    /// Lands the fetch of server module `sha256`. Returns the control that waited for it when
    /// its actor is still the one shown (otherwise the module is kept for the next control).
    pub fn land_server_module(
        &self,
        sha256: &str,
        fetched: Result<Vec<u8>, String>,
    ) -> Option<ReplayCommand> {
        let (key, command) = self
            .runs
            .try_update(|runs| runs.land_module(sha256, fetched))??;
        let shown_key = self.debugger.shown_key().get_untracked();
        (shown_key == Some(key)).then_some(command)
    }

    /// The `data-replay` mark of event `event_idx` of the shown actor.
    pub fn row_mark(&self, event_idx: usize) -> Option<&'static str> {
        self.selected_run()
            .with(|run| run.as_ref()?.row_mark(event_idx))
    }

    /// Whether event `event_idx` of the shown actor is the last one replayed.
    pub fn is_position(&self, event_idx: usize) -> bool {
        self.selected_run()
            .with(|run| run.as_ref().is_some_and(|run| run.is_position(event_idx)))
    }

    /// The recorded output of host call `event_idx` of the shown actor, as a value literal.
    pub fn host_output_literal(&self, event_idx: usize) -> Option<String> {
        self.debugger.selected_actor().with_untracked(|actor| {
            host_output_literal(actor.as_ref()?.chain.events.get(event_idx)?)
        })
    }

    /// Carries out a control on the shown actor's session (starting it first if needed).
    pub fn control(&self, command: ReplayCommand) -> SessionCommands {
        let Some(key) = self.debugger.shown_key().get_untracked() else {
            return Vec::new();
        };
        let Some(actor) = self.debugger.selected_actor().get_untracked() else {
            return Vec::new();
        };
        let Some(wasm) = self.selected_wasm.get_untracked() else {
            return Vec::new();
        };
        let next_session_id = self.next_session_id;
        let new_id = move || {
            let id = next_session_id.get_value();
            next_session_id.set_value(id.wrapping_add(1));
            id
        };
        self.runs
            .try_update(|runs| runs.command(&key, &actor.chain, wasm, command, new_id))
            .unwrap_or_default()
    }

    /// The control that replays the shown actor with the output of host call `event_idx`
    /// replaced by the value literal `text`. `Err` (nothing to send) when `text` is not a
    /// value. It goes through the same path as the other controls, so a module that only the
    /// live server has is fetched first.
    pub fn what_if_command(&self, event_idx: usize, text: &str) -> Result<ReplayCommand, String> {
        parse_host_output(text)?;
        Ok(ReplayCommand::WhatIf {
            event_idx,
            output: text.to_string(),
        })
    }

    /// Makes the module `bytes` (the file `name`) the one that replays the shown actor.
    pub fn assign_wasm(&self, name: String, bytes: Vec<u8>) -> Result<SessionCommands, String> {
        let shown_key = self.debugger.shown_key().get_untracked();
        let Some(key) = shown_key.filter(|_| {
            self.debugger
                .selected_actor()
                .with_untracked(Option::is_some)
        }) else {
            return Err(format!("{name}: open an actor first, then drop its .wasm"));
        };
        let file = WasmFile {
            name,
            bytes: Arc::new(bytes),
        };
        Ok(self
            .runs
            .try_update(|runs| runs.assign(&key, file))
            .unwrap_or_default())
    }

    /// Lands a worker reply about a replay session.
    pub fn land(&self, reply: WorkerReply) {
        self.runs.update(|runs| {
            runs.land(reply);
        });
    }

    /// Records that session `session_id` could not be reached.
    pub fn fail(&self, session_id: JobId, message: String) {
        self.runs.update(|runs| runs.fail(session_id, message));
    }

    /// Records that every session is gone (the worker died).
    pub fn fail_all(&self, message: &str) {
        self.runs.update(|runs| runs.fail_all(message));
    }

    /// Selects the divergent event of the shown actor's replay, if any.
    pub fn go_to_divergence(&self) {
        let Some(key) = self.debugger.shown_key().get_untracked() else {
            return;
        };
        let index = self.runs.with_untracked(|runs| {
            runs.of(&key)?
                .divergence()
                .map(|divergence| divergence.index)
        });
        let num_events = self
            .debugger
            .selected_actor()
            .with_untracked(|actor| actor.as_ref().map_or(0, |actor| actor.chain.events.len()));
        if let Some(event_idx) = index.filter(|index| *index < num_events) {
            self.debugger.go_to(Selection::event(key, event_idx));
        }
    }
}
