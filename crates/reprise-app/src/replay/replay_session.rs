//! `ReplaySessions`: the analysis worker's replay sessions, one `Replayer` per actor, and how
//! each [`ReplayCommand`] moves them.
//!
//! Short commands (step, step back, run to an event already passed) run at once. Long ones
//! (run to the end, run forward to an event, a what-if) only set a target; the worker then
//! calls [`ReplaySessions::run_slice`] from a fresh task until the target is reached, so a
//! `Cancel` posted meanwhile is handled between two slices. Every slice is tagged with the
//! run's generation: a slice scheduled for a run that was cancelled or replaced does nothing.
//!
//! Invariant: plain Rust, no web API (the worker adapter owns timers and messages), so this
//! is tested directly in the browser tests. Every command gets exactly one reply, and a refused
//! command leaves the session where it was.

use std::collections::HashMap;

use reprise_chain::ActorChain;
use reprise_replay::{
    actor_replayer, parse_host_output, EngineLimits, ReplayError, Replayer, StepOutcome,
    WasmiEngine,
};

use crate::worker_protocol::{JobId, ReplayCommand, ReplayUpdate, WorkerReply};

/// Every replay session of the worker, by session id.
#[derive(Default)]
pub struct ReplaySessions {
    sessions: HashMap<JobId, ReplaySession>,
}

/// One actor's replay.
struct ReplaySession {
    replayer: Replayer<WasmiEngine>,
    target: Option<RunTarget>,
    /// Bumped whenever a run starts or stops, so stale slices are recognised.
    run_generation: u32,
}

/// Where a slice loop is heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RunTarget {
    /// The end of the recording (or the first divergence).
    End,
    /// Until this event has been reproduced.
    Event(usize),
}

/// What the worker must do after a command or slice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionStep {
    /// The reply to post now.
    pub reply: WorkerReply,
    /// `Some(generation)`: schedule another slice of this run.
    pub next_slice: Option<u32>,
}

impl ReplaySessions {
    /// Carries out `command` on session `job_id`.
    pub fn handle(&mut self, job_id: JobId, command: ReplayCommand) -> SessionStep {
        let refused = |message: String| SessionStep {
            reply: WorkerReply::ReplayRefused { job_id, message },
            next_slice: None,
        };
        match command {
            ReplayCommand::Start { chain } => return self.start(job_id, &chain),
            ReplayCommand::Close => {
                self.sessions.remove(&job_id);
                return refused("the replay session was closed".to_string());
            }
            _ => {}
        }
        let Some(session) = self.sessions.get_mut(&job_id) else {
            return refused("no replay session: press Replay to start one".to_string());
        };
        let was_running = session.target.is_some();
        let is_cancel = command == ReplayCommand::Cancel;
        let result = match command {
            ReplayCommand::Start { .. } | ReplayCommand::Close => Ok(()),
            ReplayCommand::RunToEnd => {
                session.begin_run(RunTarget::End);
                Ok(())
            }
            ReplayCommand::Step => session.stop_run().and(session.replayer.step().map(drop)),
            ReplayCommand::StepBack => session
                .stop_run()
                .and(session.replayer.step_back().map(drop)),
            ReplayCommand::RunTo { event_idx } => {
                let is_behind = event_idx < session.replayer.regenerated().len();
                if is_behind {
                    session
                        .stop_run()
                        .and(session.replayer.run_to(event_idx).map(drop))
                } else {
                    // An earlier run may have passed a checkpoint on the way: start there.
                    let skipped = session.replayer.skip_ahead_toward(event_idx);
                    session.begin_run(RunTarget::Event(event_idx));
                    skipped
                }
            }
            ReplayCommand::WhatIf { event_idx, output } => match parse_host_output(&output) {
                Err(message) => return refused(message),
                Ok(value) => {
                    let edited = session
                        .stop_run()
                        .and(session.replayer.edit_host_output(event_idx, value));
                    if edited.is_ok() {
                        session.begin_run(RunTarget::End);
                    }
                    edited
                }
            },
            ReplayCommand::Cancel => session.stop_run(),
        };
        if let Err(err) = result {
            session.target = None;
            return refused(err.to_string());
        }
        session.step_of(job_id, is_cancel && was_running)
    }

    /// Runs one slice of session `job_id`'s run `generation`: steps toward its target while
    /// `has_time` says so (at least one step). `None` when the run was cancelled or replaced.
    pub fn run_slice(
        &mut self,
        job_id: JobId,
        generation: u32,
        mut has_time: impl FnMut() -> bool,
    ) -> Option<SessionStep> {
        let session = self.sessions.get_mut(&job_id)?;
        if session.target.is_none() || session.run_generation != generation {
            return None;
        }
        loop {
            match session.advance() {
                Ok(true) if has_time() => continue,
                Ok(_) => break,
                Err(err) => {
                    session.target = None;
                    let message = err.to_string();
                    return Some(SessionStep {
                        reply: WorkerReply::ReplayRefused { job_id, message },
                        next_slice: None,
                    });
                }
            }
        }
        Some(session.step_of(job_id, false))
    }

    /// Whether session `job_id` exists.
    pub fn has_session(&self, job_id: JobId) -> bool {
        self.sessions.contains_key(&job_id)
    }

    fn start(&mut self, job_id: JobId, chain: &ActorChain) -> SessionStep {
        self.sessions.remove(&job_id);
        match actor_replayer(chain, EngineLimits::default()) {
            Ok(replayer) => {
                let session = ReplaySession {
                    replayer,
                    target: None,
                    run_generation: 0,
                };
                let step = session.step_of(job_id, false);
                self.sessions.insert(job_id, session);
                step
            }
            Err(err) => SessionStep {
                reply: WorkerReply::ReplayFailed {
                    job_id,
                    message: format!("replay failed: {err}"),
                },
                next_slice: None,
            },
        }
    }
}

impl ReplaySession {
    fn is_running(&self) -> bool {
        self.target.is_some()
    }

    fn begin_run(&mut self, target: RunTarget) {
        self.run_generation = self.run_generation.wrapping_add(1);
        self.target = Some(target);
    }

    /// Ends a running loop where it is (never fails; typed so it chains with replayer calls).
    fn stop_run(&mut self) -> Result<(), ReplayError> {
        if self.target.take().is_some() {
            self.run_generation = self.run_generation.wrapping_add(1);
        }
        Ok(())
    }

    /// One step toward the target; `Ok(true)` while there is more to do.
    fn advance(&mut self) -> Result<bool, ReplayError> {
        let Some(target) = self.target else {
            return Ok(false);
        };
        if let RunTarget::Event(event_idx) = target {
            if self.replayer.regenerated().len() > event_idx {
                self.target = None;
                return Ok(false);
            }
        }
        let is_more = matches!(self.replayer.step()?, StepOutcome::Stepped { .. });
        let is_reached = match target {
            RunTarget::End => false,
            RunTarget::Event(event_idx) => self.replayer.regenerated().len() > event_idx,
        };
        // Not `report()`: it builds a status per event, too much once per step on long chains.
        if !is_more || is_reached || self.replayer.divergence().is_some() {
            self.target = None;
            return Ok(false);
        }
        Ok(true)
    }

    fn step_of(&self, job_id: JobId, was_cancelled: bool) -> SessionStep {
        let update = ReplayUpdate {
            report: self.replayer.report(),
            num_steps: self.replayer.num_steps(),
            is_running: self.is_running(),
            was_cancelled,
        };
        SessionStep {
            reply: WorkerReply::ReplayUpdate {
                job_id,
                update: Box::new(update),
            },
            next_slice: self.target.map(|_| self.run_generation),
        }
    }
}
