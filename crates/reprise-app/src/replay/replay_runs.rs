//! `ReplayRuns`: every actor's replay session and assigned `.wasm` file, by actor key,
//! and the modules fetched from the live server, by SHA-256; turns a control the user pressed
//! into the commands for the worker (or into a module fetch first), and lands its replies.
//!
//! Plain data, no signals. Invariants: a reply only lands on the session it answers (a
//! session replaced by a newer one — another module, a changed chain — is closed in the
//! worker, and its late replies are dropped); a session is started lazily, by the first
//! control pressed, with the module [`WasmChoice`] picks at that moment, and restarted when
//! the module or the chain changed; a server module is fetched at most once at a time and
//! kept once it arrived, so a second actor running it costs no request.

use std::collections::HashMap;
use std::sync::Arc;

use reprise_chain::ActorChain;

use crate::worker_protocol::{JobId, ReplayCommand, WorkerReply};
use crate::{ActorKey, ModuleFetch, ReplayRun, ServerModule, WasmChoice, WasmFile};

/// Every replay session and assigned module, by actor key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplayRuns {
    runs: HashMap<ActorKey, ReplayRun>,
    assigned: HashMap<ActorKey, WasmFile>,
    /// Server modules by SHA-256 (lowercase hex).
    server_modules: HashMap<String, ModuleFetch>,
}

/// What a control on an actor whose module is still on the server needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModuleRequest {
    /// Fetch the module; the control runs when it arrives.
    Fetch,
    /// The module is being fetched already; the control runs when it arrives.
    Wait,
    /// Nothing to do (a Cancel with nothing fetching).
    Nothing,
}

impl ReplayRuns {
    /// The session of `key`, if any.
    pub fn of(&self, key: &ActorKey) -> Option<&ReplayRun> {
        self.runs.get(key)
    }

    /// The `.wasm` file assigned to `key`, if any.
    pub fn assigned(&self, key: &ActorKey) -> Option<&WasmFile> {
        self.assigned.get(key)
    }

    /// How fetching the server module `sha256` stands, if it was asked for.
    pub fn module_fetch(&self, sha256: &str) -> Option<&ModuleFetch> {
        self.server_modules.get(sha256)
    }

    /// The server module `sha256`, once it arrived.
    pub fn fetched_module(&self, sha256: &str) -> Option<Arc<Vec<u8>>> {
        match self.server_modules.get(sha256)? {
            ModuleFetch::Fetched(bytes) => Some(Arc::clone(bytes)),
            ModuleFetch::Fetching { .. } | ModuleFetch::Failed(_) => None,
        }
    }

    /// `command` was pressed on `key`, whose module `module` is still on the server:
    /// whether to fetch it. The command is kept and handed back by
    /// [`ReplayRuns::land_module`]; a later command replaces it, a Cancel drops it.
    pub fn request_module(
        &mut self,
        key: &ActorKey,
        module: &ServerModule,
        command: ReplayCommand,
    ) -> ModuleRequest {
        let is_cancel = command == ReplayCommand::Cancel;
        let pending = (!is_cancel).then(|| (key.clone(), command));
        match self.server_modules.get_mut(&module.sha256) {
            Some(ModuleFetch::Fetching { pending: waiting }) => {
                *waiting = pending;
                ModuleRequest::Wait
            }
            Some(ModuleFetch::Fetched(_)) => ModuleRequest::Nothing,
            None | Some(ModuleFetch::Failed(_)) if is_cancel => ModuleRequest::Nothing,
            None | Some(ModuleFetch::Failed(_)) => {
                let fetch = ModuleFetch::Fetching { pending };
                self.server_modules.insert(module.sha256.clone(), fetch);
                ModuleRequest::Fetch
            }
        }
    }

    /// Lands the fetch of server module `sha256`: keeps its bytes, or the sentence saying why
    /// it failed. Returns the actor and command that waited for it, to carry out now.
    pub fn land_module(
        &mut self,
        sha256: &str,
        fetched: Result<Vec<u8>, String>,
    ) -> Option<(ActorKey, ReplayCommand)> {
        let pending = match self.server_modules.remove(sha256) {
            Some(ModuleFetch::Fetching { pending }) => pending,
            _ => None,
        };
        let (fetch, pending) = match fetched {
            Ok(bytes) => (ModuleFetch::Fetched(Arc::new(bytes)), pending),
            Err(message) => (ModuleFetch::Failed(message), None),
        };
        self.server_modules.insert(sha256.to_string(), fetch);
        pending
    }

    /// Assigns `file` to `key`; its session (run with another module) ends. Returns the
    /// commands for the worker (closing that session).
    pub fn assign(&mut self, key: &ActorKey, file: WasmFile) -> Vec<(JobId, ReplayCommand)> {
        self.assigned.insert(key.clone(), file);
        self.forget(key)
    }

    /// The commands that carry out `command` on `key`'s session: the session itself is
    /// started first when there is none yet, or when it runs another module than `wasm`.
    /// `new_id` names a new session.
    pub fn command(
        &mut self,
        key: &ActorKey,
        chain: &ActorChain,
        wasm: WasmChoice,
        command: ReplayCommand,
        new_id: impl FnOnce() -> JobId,
    ) -> Vec<(JobId, ReplayCommand)> {
        let mut commands = Vec::new();
        let is_reusable = self.runs.get(key).is_some_and(|run| {
            // A chain that grew since (a live feed) needs a session over its new events.
            run.failure.is_none() && run.wasm == wasm && run.num_events == chain.events.len()
        });
        if !is_reusable {
            commands.extend(self.forget(key));
            let session_id = new_id();
            let mut run = ReplayRun::new(session_id, wasm.clone(), chain.events.len());
            run.num_pending = 1;
            let chain = wasm.apply_to(chain);
            commands.push((session_id, ReplayCommand::Start { chain }));
            self.runs.insert(key.clone(), run);
        }
        if let Some(run) = self.runs.get_mut(key) {
            // Cancel with nothing running still gets a reply (the position), so it counts.
            run.num_pending += 1;
            commands.push((run.session_id, command));
        }
        commands
    }

    /// Lands a worker reply on the session it answers. Returns that session's actor, or
    /// `None` when no session waits for it (closed, replaced) or it is not about replay.
    pub fn land(&mut self, reply: WorkerReply) -> Option<ActorKey> {
        let session_id = reply.job_id();
        let (actor_key, run) = self
            .runs
            .iter_mut()
            .find(|(_, run)| run.session_id == session_id)?;
        match reply {
            WorkerReply::ReplayUpdate { update, .. } => run.land(Ok(*update)),
            WorkerReply::ReplayRefused { message, .. } => run.land(Err(message)),
            WorkerReply::ReplayFailed { message, .. } => {
                run.num_pending = 0;
                run.failure = Some(message);
            }
            _ => return None,
        }
        Some(actor_key.clone())
    }

    /// Records that session `session_id` could not be reached (no worker).
    pub fn fail(&mut self, session_id: JobId, message: String) {
        if let Some(run) = self
            .runs
            .values_mut()
            .find(|run| run.session_id == session_id)
        {
            run.num_pending = 0;
            run.failure = Some(message);
        }
    }

    /// Records that every session is gone (the worker died): each shows `message`, and the
    /// next control starts a new one.
    pub fn fail_all(&mut self, message: &str) {
        for run in self.runs.values_mut() {
            run.num_pending = 0;
            run.failure = Some(message.to_string());
        }
    }

    /// Forgets the session of `key` (its chain or module changed). Returns the
    /// commands that close it in the worker.
    pub fn forget(&mut self, key: &ActorKey) -> Vec<(JobId, ReplayCommand)> {
        self.runs
            .remove(key)
            .filter(|run| run.failure.is_none())
            .map(|run| (run.session_id, ReplayCommand::Close))
            .into_iter()
            .collect()
    }
}
