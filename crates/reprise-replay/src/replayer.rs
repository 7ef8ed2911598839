//! The replayer: re-runs an actor against its recorded chain, one export call at a time.
//!
//! For each recorded `wasm-call` in order it rebuilds the `wasm-call` event, runs the export
//! with the current state, answers imports from the recording ([`ReplayHost`]), rebuilds the
//! host-function events with the actual input and the recorded output, and rebuilds the
//! `wasm-result`/`wasm-error`; a trailing `shutdown` pseudo-event is rebuilt from scratch.
//! Every rebuilt event is hashed and chained to the previous rebuilt hash, then compared with
//! the recorded event at the same index ([`check_event`]). Replay stops at the first
//! divergence, like a Redux DevTools step that errors.
//!
//! Invariant: `regenerated[i]` is always compared with recorded event `i`, and
//! `steps` partitions `regenerated` into the export calls that produced it; `ahead_steps`
//! partitions `ahead_events`, which continue `regenerated` as an earlier run rebuilt them.

use std::collections::VecDeque;
use std::ops::Range;
use std::sync::Arc;

use packr_abi::{Value, ValueType};
use reprise_chain::ChainEvent;

use crate::call_outcome::{
    outcome_from_engine_error, outcome_from_guest_error, outcome_from_output, CallOutcome,
};
use crate::divergence::check_event;
use crate::engine::{ActorEngine, ActorInstance, ExportOutcome};
use crate::expected_chain::ExpectedChain;
use crate::paged_snapshot::PagedSnapshot;
use crate::payload::{
    build_event, host_event_type, host_function_payload, shutdown_payload, wasm_call_payload,
    wasm_error_payload, wasm_result_payload, SHUTDOWN_EVENT_TYPE, WASM_EVENT_TYPE,
};
use crate::recorded::RecordedEvent;
use crate::replay_error::ReplayError;
use crate::replay_host::{HostAnswer, ReplayHost};
use crate::replay_report::{Divergence, EventStatus, ReplayReport};

/// How a replay starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayOptions {
    /// CGRF bytes of the state handed to the first call; `None` means Theater's default,
    /// `none<list<u8>>` (the chain does not record it; spec §6).
    pub initial_state: Option<Vec<u8>>,
    /// Keep an instance snapshot every this many export calls, for stepping back (0: only the
    /// start).
    pub snapshot_every: usize,
    /// At most this many checkpoints are kept; beyond it, every other one is dropped and the
    /// interval doubles.
    pub max_checkpoints: usize,
    /// At most this many bytes of linear memory are kept in checkpoints, counting each 4 KiB
    /// page shared between checkpoints once; beyond it, checkpoints are thinned out the same
    /// way.
    pub max_checkpoint_bytes: usize,
}

impl Default for ReplayOptions {
    /// A checkpoint every 16 export calls, at most 512 of them and 64 MiB: on a 100k-event
    /// chain, every cursor move re-runs at most a few hundred export calls.
    fn default() -> Self {
        Self {
            initial_state: None,
            snapshot_every: 16,
            max_checkpoints: 512,
            max_checkpoint_bytes: 64 << 20,
        }
    }
}

/// What one [`Replayer::step`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepOutcome {
    /// One export call (or the shutdown pseudo-event) ran and produced these events.
    Stepped {
        /// Indices of the events it produced.
        events: Range<usize>,
    },
    /// Every recorded event has been replayed.
    Finished,
    /// Replay has stopped at a divergence.
    Stopped,
}

/// Re-executes one actor against its recording, with any [`ActorEngine`].
pub struct Replayer<E: ActorEngine<ReplayHost>> {
    pub(crate) engine: E,
    pub(crate) instance: E::Instance,
    pub(crate) original: Arc<ExpectedChain>,
    pub(crate) expected: Arc<ExpectedChain>,
    pub(crate) regenerated: Vec<ChainEvent>,
    pub(crate) state: Value,
    /// The event range of every completed step.
    pub(crate) steps: Vec<Range<usize>>,
    pub(crate) divergence: Option<Divergence>,
    /// Events and steps an earlier run already rebuilt past the cursor (after a step back or a
    /// jump back): replay is deterministic, so a jump forward restores the nearest checkpoint
    /// in there and takes these events back instead of re-running every export call.
    pub(crate) ahead_events: VecDeque<ChainEvent>,
    pub(crate) ahead_steps: VecDeque<Range<usize>>,
    pub(crate) checkpoints: Vec<Checkpoint>,
    pub(crate) snapshot_every: usize,
    pub(crate) max_checkpoints: usize,
    pub(crate) max_checkpoint_bytes: usize,
    /// The memory the checkpoints hold (at least; see `maybe_checkpoint`).
    pub(crate) checkpoint_bytes: usize,
    pub(crate) what_if_event: Option<usize>,
}

/// Everything needed to resume replay after `num_steps` steps.
pub(crate) struct Checkpoint {
    pub(crate) num_steps: usize,
    pub(crate) state: Value,
    /// `None`: a fresh instance (the start).
    pub(crate) snapshot: Option<PagedSnapshot>,
}

impl<E: ActorEngine<ReplayHost>> Replayer<E> {
    /// Prepares a replay of `events` on `engine` (which holds the actor's compiled module).
    pub fn new(
        engine: E,
        events: Vec<ChainEvent>,
        options: ReplayOptions,
    ) -> Result<Self, ReplayError> {
        let initial_state = match &options.initial_state {
            None => Value::Option {
                inner_type: ValueType::List(Box::new(ValueType::U8)),
                value: None,
            },
            Some(bytes) => {
                reprise_chain::decode::decode_cgrf(bytes).map_err(ReplayError::InitialState)?
            }
        };
        let expected = Arc::new(ExpectedChain::new(events));
        let instance = engine.instantiate(ReplayHost::new(Arc::clone(&expected)))?;
        Ok(Self {
            engine,
            instance,
            original: Arc::clone(&expected),
            expected,
            state: initial_state.clone(),
            regenerated: Vec::new(),
            steps: Vec::new(),
            divergence: None,
            ahead_events: VecDeque::new(),
            ahead_steps: VecDeque::new(),
            checkpoints: vec![Checkpoint {
                num_steps: 0,
                state: initial_state,
                snapshot: None,
            }],
            snapshot_every: options.snapshot_every,
            max_checkpoints: options.max_checkpoints.max(2),
            max_checkpoint_bytes: options.max_checkpoint_bytes,
            checkpoint_bytes: 0,
            what_if_event: None,
        })
    }

    /// Replays until the end of the recording or the first divergence.
    pub fn run(&mut self) -> Result<ReplayReport, ReplayError> {
        while let StepOutcome::Stepped { .. } = self.step()? {}
        Ok(self.report())
    }

    /// Replays one export call (or the shutdown pseudo-event).
    pub fn step(&mut self) -> Result<StepOutcome, ReplayError> {
        if self.divergence.is_some() {
            return Ok(StepOutcome::Stopped);
        }
        let start = self.regenerated.len();
        let expected = Arc::clone(&self.expected);
        let (Some(recorded), Some(meaning)) =
            (expected.events.get(start), expected.decoded.get(start))
        else {
            // The recording is exhausted; nothing more to compare.
            return Ok(StepOutcome::Finished);
        };
        let notes = match meaning {
            _ if recorded.event_type == SHUTDOWN_EVENT_TYPE => {
                self.push_event(SHUTDOWN_EVENT_TYPE, &shutdown_payload());
                Vec::new()
            }
            RecordedEvent::ExportCall { function, params } => {
                self.run_export_call(start, function, params)
            }
            _ => Vec::new(),
        };
        let end = self.regenerated.len();
        let compared_end = end.max(start + 1);
        for idx in start..compared_end {
            if let Some(divergence) = check_event(&expected, idx, self.regenerated.get(idx), &notes)
            {
                self.divergence = Some(divergence);
                break;
            }
        }
        self.steps.push(start..end);
        self.drop_first_ahead_step();
        if self.divergence.is_none() {
            self.maybe_checkpoint();
        }
        Ok(StepOutcome::Stepped { events: start..end })
    }

    /// Replays until recorded event `event_idx` has been reproduced (or replay stops), going
    /// back first if the cursor is already past the export call that produced it.
    pub fn run_to(&mut self, event_idx: usize) -> Result<ReplayReport, ReplayError> {
        if let Some(step_idx) = self
            .steps
            .iter()
            .position(|events| events.contains(&event_idx))
        {
            if step_idx + 1 < self.steps.len() {
                self.rewind_to(step_idx + 1)?;
            }
        } else {
            self.skip_ahead_toward(event_idx)?;
        }
        while self.regenerated.len() <= event_idx {
            if !matches!(self.step()?, StepOutcome::Stepped { .. }) {
                break;
            }
        }
        Ok(self.report())
    }

    /// The report as of now.
    pub fn report(&self) -> ReplayReport {
        let num_events = self.expected.len();
        let divergent_idx = self.divergence.as_ref().map(|divergence| divergence.index);
        let statuses: Vec<EventStatus> = (0..num_events)
            .map(|idx| match divergent_idx {
                Some(divergent) if idx == divergent => EventStatus::Divergent,
                Some(divergent) if idx > divergent => EventStatus::NotReached,
                _ if idx < self.regenerated.len() => EventStatus::Verified,
                _ => EventStatus::NotReached,
            })
            .collect();
        ReplayReport {
            events: num_events,
            verified: statuses
                .iter()
                .filter(|status| **status == EventStatus::Verified)
                .count(),
            regenerated: self.regenerated.len(),
            divergence: self.divergence.clone(),
            statuses,
            what_if_event: self.what_if_event,
        }
    }

    /// The divergence replay stopped at, if any (without building a whole report).
    pub fn divergence(&self) -> Option<&Divergence> {
        self.divergence.as_ref()
    }

    /// The events replay has rebuilt so far.
    pub fn regenerated(&self) -> &[ChainEvent] {
        &self.regenerated
    }

    /// The actor state after the last replayed export call.
    pub fn state(&self) -> &Value {
        &self.state
    }

    /// Number of steps (export calls and shutdown events) replayed so far.
    pub fn num_steps(&self) -> usize {
        self.steps.len()
    }

    /// The checkpoints kept for moving the cursor: how many, and the bytes of linear memory
    /// they hold (pages shared between checkpoints counted once; an upper bound between two
    /// thinnings).
    pub fn checkpoint_usage(&self) -> (usize, usize) {
        (self.checkpoints.len(), self.checkpoint_bytes)
    }

    /// The chain replay is compared with (the recording, or its what-if edit).
    pub fn expected(&self) -> &[ChainEvent] {
        &self.expected.events
    }

    /// Runs one export call and rebuilds its events; returns notes for a divergence detail.
    /// Whatever the guest does (trap, fuel, bad output) becomes a `wasm-error` event, as in
    /// Theater.
    fn run_export_call(&mut self, start: usize, function: &str, params: &Value) -> Vec<String> {
        let mut notes = Vec::new();
        self.push_event(
            WASM_EVENT_TYPE,
            &wasm_call_payload(function, params.clone()),
        );
        let input = flatten_input(self.state.clone(), params.clone());
        self.instance.host_mut().arm(start + 1);
        let outcome = match packr_abi::encode(&input) {
            Ok(bytes) => match self.instance.call_export(function, &bytes) {
                Ok(ExportOutcome::Output(output)) => outcome_from_output(function, &input, &output),
                Ok(ExportOutcome::GuestError { message, .. }) => {
                    outcome_from_guest_error(function, &input, &message)
                }
                Err(err) => outcome_from_engine_error(function, &input, &err),
            },
            Err(err) => CallOutcome::Error {
                message: format!("cannot encode the input: {err:?}"),
                is_engine_specific: true,
            },
        };
        for call in self.instance.host_mut().take_calls() {
            let output = match call.answer {
                HostAnswer::Recorded { output, .. } => output,
                HostAnswer::NotRecorded => {
                    notes.push(format!(
                        "the recording has no further call to {}/{}; the guest got an error status",
                        call.interface, call.function
                    ));
                    Value::Tuple(Vec::new())
                }
                HostAnswer::BadInput => {
                    notes.push(format!(
                        "the guest sent {}/{} an input that is not CGRF",
                        call.interface, call.function
                    ));
                    continue;
                }
            };
            let Ok(input) = call.input else { continue };
            let event_type = host_event_type(&call.interface, &call.function);
            self.push_event(
                &event_type,
                &host_function_payload(&call.interface, &call.function, input, output),
            );
        }
        match outcome {
            CallOutcome::Result { state, response } => {
                self.push_event(
                    WASM_EVENT_TYPE,
                    &wasm_result_payload(function, state.clone(), response),
                );
                self.state = state;
            }
            CallOutcome::Error {
                message,
                is_engine_specific,
            } => {
                let error_idx = self.regenerated.len();
                let is_recorded_error = matches!(
                    self.expected.decoded.get(error_idx),
                    Some(RecordedEvent::ExportError { .. })
                );
                if is_engine_specific && is_recorded_error {
                    notes.push(
                        "both runs failed, but the replay engine's error text cannot equal the one wasmtime recorded"
                            .into(),
                    );
                }
                self.push_event(WASM_EVENT_TYPE, &wasm_error_payload(function, &message));
            }
        }
        notes
    }

    fn push_event(&mut self, event_type: &str, payload: &Value) {
        let parent = match self.regenerated.last() {
            Some(previous) => Some(previous.hash.clone()),
            // A chain recorded from the middle starts under its first event's parent.
            None => self
                .expected
                .events
                .first()
                .and_then(|first| first.parent_hash.clone()),
        };
        self.regenerated
            .push(build_event(parent, event_type, payload));
    }
}

/// `Tuple([state, ...params])`, or `Tuple([state, params])` when params is not a tuple.
pub fn flatten_input(state: Value, params: Value) -> Value {
    match params {
        Value::Tuple(items) => {
            let mut all = Vec::with_capacity(items.len() + 1);
            all.push(state);
            all.extend(items);
            Value::Tuple(all)
        }
        other => Value::Tuple(vec![state, other]),
    }
}
