//! `ReplayState`: the replay runs (`ReplayRuns`) in a signal, and the calls the worker
//! adapter (`crate::browser::FileLoader`) makes on it. Decisions live in `ReplayRuns` and
//! `ReplayRun`; the actor shown is the one `DebuggerState` selects.

use leptos::prelude::*;
use reprise_replay::ReplayReport;

use crate::state::{DebuggerState, ReplayRun, ReplayRuns, Selection};
use crate::worker_protocol::{encode_chain, JobId};

/// Handles to the replay runs. Cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct ReplayState {
    runs: RwSignal<ReplayRuns>,
    next_job_id: StoredValue<JobId>,
    debugger: DebuggerState,
}

impl ReplayState {
    /// Creates the replay state (not yet a context).
    pub fn new(debugger: DebuggerState) -> Self {
        Self {
            runs: RwSignal::new(ReplayRuns::default()),
            next_job_id: StoredValue::new(1),
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

    /// The replay of the shown actor, if it has one that is still current.
    pub fn selected_run(&self) -> Signal<Option<ReplayRun>> {
        let runs = self.runs;
        let selection = self.debugger.selection();
        let actor = self.debugger.selected_actor();
        Signal::derive(move || {
            let actor_pos = selection.get().actor_pos;
            let num_events =
                actor.with(|actor| actor.as_ref().map_or(0, |actor| actor.chain.events.len()));
            runs.with(|runs| runs.of(actor_pos).cloned())
                .filter(|run| run.is_current(num_events))
        })
    }

    /// The `data-replay` mark of event `event_idx` of the shown actor.
    pub fn row_mark(&self, event_idx: usize) -> Option<&'static str> {
        self.selected_run()
            .with(|run| run.as_ref()?.row_mark(event_idx))
    }

    /// Starts replaying the shown actor: returns the run's id and the encoded chain to send
    /// to the worker, or records why it cannot run (`None`).
    pub fn start_selected(&self) -> Option<(JobId, Vec<u8>)> {
        let actor_pos = self.debugger.selection().get_untracked().actor_pos;
        let actor = self.debugger.selected_actor().get_untracked()?;
        let job_id = self.next_job_id.get_value();
        self.next_job_id.set_value(job_id.wrapping_add(1));
        self.runs.update(|runs| runs.start(actor_pos, job_id));
        match encode_chain(&actor.chain) {
            Ok(bytes) => Some((job_id, bytes)),
            Err(err) => {
                self.finish(
                    job_id,
                    Err(format!("the chain could not be encoded: {err}")),
                );
                None
            }
        }
    }

    /// Lands the worker's answer to run `job_id`.
    pub fn finish(&self, job_id: JobId, result: Result<ReplayReport, String>) {
        self.runs.update(|runs| {
            runs.finish(job_id, result);
        });
    }

    /// Selects the divergent event of the shown actor's replay, if any.
    pub fn go_to_divergence(&self) {
        let selection = self.debugger.selection().get_untracked();
        let index = self.runs.with_untracked(|runs| {
            runs.of(selection.actor_pos)?
                .divergence()
                .map(|divergence| divergence.index)
        });
        let num_events = self
            .debugger
            .selected_actor()
            .with_untracked(|actor| actor.as_ref().map_or(0, |actor| actor.chain.events.len()));
        if let Some(event_idx) = index.filter(|index| *index < num_events) {
            self.debugger.go_to(Selection {
                actor_pos: selection.actor_pos,
                event_idx: Some(event_idx),
            });
        }
    }
}
