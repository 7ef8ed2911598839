//! Moving the replay cursor backwards, and what-if replays.
//!
//! Stepping back restores the nearest checkpoint at or before the target (an instance
//! snapshot every `snapshot_every` export calls, or a fresh instance at the start) and
//! re-runs forward; replay is deterministic, so the re-run rebuilds the same events. A what-if
//! replaces one recorded host output, re-hashes the recording from there
//! ([`ExpectedChain::with_host_output`]) and re-runs from the export call that made that host
//! call, so the report shows where the actor's behaviour departs from the edited recording.
//!
//! Checkpoints share unchanged memory pages ([`PagedSnapshot`]), so they can lie close together
//! on long chains; when there are more than `max_checkpoints`, or their distinct pages exceed
//! `max_checkpoint_bytes`, every other one is dropped and the interval doubles.
//!
//! Invariant: checkpoints are sorted by `num_steps`, the first one is the start, there are at
//! most `max_checkpoints` of them, and none lies past the first step an active edit changes.

use std::ops::Range;
use std::sync::Arc;

use packr_abi::Value;

use crate::engine::{ActorEngine, ActorInstance};
use crate::expected_chain::ExpectedChain;
use crate::paged_snapshot::{distinct_bytes, PagedSnapshot};
use crate::replay_error::ReplayError;
use crate::replay_host::ReplayHost;
use crate::replay_report::ReplayReport;
use crate::replayer::{Checkpoint, Replayer, StepOutcome};

impl<E: ActorEngine<ReplayHost>> Replayer<E> {
    /// Undoes the last export call; `false` if the cursor is at the start.
    pub fn step_back(&mut self) -> Result<bool, ReplayError> {
        let Some(target) = self.steps.len().checked_sub(1) else {
            return Ok(false);
        };
        self.rewind_to(target)?;
        Ok(true)
    }

    /// Replays the recording with the output of recorded host call `event_idx` replaced by
    /// `output`, from the export call that made it to the end. Earlier what-ifs are dropped:
    /// the edit applies to the original recording.
    pub fn what_if_host_output(
        &mut self,
        event_idx: usize,
        output: Value,
    ) -> Result<ReplayReport, ReplayError> {
        self.edit_host_output(event_idx, output)?;
        self.run()
    }

    /// Replaces the output of recorded host call `event_idx` by `output` and rewinds to the
    /// export call that made it, without running: the caller steps on from there (a browser
    /// worker runs the rest in slices so a cancel can come in between). Earlier what-ifs are
    /// dropped: the edit applies to the original recording.
    pub fn edit_host_output(&mut self, event_idx: usize, output: Value) -> Result<(), ReplayError> {
        let edited = self
            .original
            .with_host_output(event_idx, output)
            .ok_or(ReplayError::NotAHostCall { event_idx })?;
        let first_changed = self
            .what_if_event
            .map_or(event_idx, |old| old.min(event_idx));
        self.switch_expected(Arc::new(edited), first_changed)?;
        self.what_if_event = Some(event_idx);
        Ok(())
    }

    /// Drops the what-if edit and goes back to the export call it changed, against the
    /// original recording.
    pub fn clear_what_if(&mut self) -> Result<(), ReplayError> {
        let Some(event_idx) = self.what_if_event.take() else {
            return Ok(());
        };
        self.switch_expected(Arc::clone(&self.original), event_idx)
    }

    /// Puts the replay at `num_steps` completed steps.
    pub(crate) fn rewind_to(&mut self, num_steps: usize) -> Result<(), ReplayError> {
        let checkpoint_idx = self
            .checkpoints
            .iter()
            .rposition(|checkpoint| checkpoint.num_steps <= num_steps)
            .unwrap_or(0);
        let Some(checkpoint) = self.checkpoints.get(checkpoint_idx) else {
            return Ok(());
        };
        match &checkpoint.snapshot {
            Some(snapshot) => self.instance.restore(&snapshot.to_instance_snapshot())?,
            None => {
                self.instance = self
                    .engine
                    .instantiate(ReplayHost::new(Arc::clone(&self.expected)))?;
            }
        }
        self.state = checkpoint.state.clone();
        let kept_steps = checkpoint.num_steps;
        if kept_steps <= self.steps.len() {
            // Going back: what lies past the checkpoint goes to the front of `ahead`.
            let kept_events = kept_steps
                .checked_sub(1)
                .and_then(|last| self.steps.get(last))
                .map_or(0, |events| events.end);
            for events in self.steps.drain(kept_steps..).rev() {
                self.ahead_steps.push_front(events);
            }
            for event in self.regenerated.drain(kept_events..).rev() {
                self.ahead_events.push_front(event);
            }
        } else {
            // Going forward to a checkpoint an earlier run passed: take its events back.
            let num_taken = (kept_steps - self.steps.len()).min(self.ahead_steps.len());
            let num_events: usize = self.ahead_steps.range(..num_taken).map(Range::len).sum();
            self.steps.extend(self.ahead_steps.drain(..num_taken));
            let num_events = num_events.min(self.ahead_events.len());
            self.regenerated
                .extend(self.ahead_events.drain(..num_events));
        }
        self.divergence = None;
        while self.steps.len() < num_steps {
            if !matches!(self.step()?, StepOutcome::Stepped { .. }) {
                break;
            }
        }
        Ok(())
    }

    /// Before running forward to recorded event `event_idx`: if an earlier run passed a
    /// checkpoint between the cursor and that event, restores it (taking that run's events
    /// back) instead of re-running every export call up to it. [`Replayer::run_to`] does this
    /// itself; a caller that steps toward the event in slices calls it first.
    pub fn skip_ahead_toward(&mut self, event_idx: usize) -> Result<(), ReplayError> {
        let known_steps = self
            .ahead_steps
            .iter()
            .position(|events| events.contains(&event_idx))
            .map_or(self.ahead_steps.len(), |idx| idx + 1);
        let target_steps = self.steps.len() + known_steps;
        let best = self
            .checkpoints
            .iter()
            .rev()
            .find(|checkpoint| checkpoint.num_steps <= target_steps)
            .map_or(0, |checkpoint| checkpoint.num_steps);
        if best > self.steps.len() {
            self.rewind_to(target_steps)?;
        }
        Ok(())
    }

    /// After a step: the earlier run's copy of that step is no longer ahead of the cursor.
    pub(crate) fn drop_first_ahead_step(&mut self) {
        if let Some(events) = self.ahead_steps.pop_front() {
            let num_events = events.len().min(self.ahead_events.len());
            self.ahead_events.drain(..num_events);
        }
    }

    fn recount_checkpoint_bytes(&mut self) {
        self.checkpoint_bytes = distinct_bytes(
            self.checkpoints
                .iter()
                .filter_map(|checkpoint| checkpoint.snapshot.as_ref()),
        );
    }

    /// Takes a checkpoint after this step if one is due.
    pub(crate) fn maybe_checkpoint(&mut self) {
        let num_steps = self.steps.len();
        let is_due = self.snapshot_every > 0 && num_steps.is_multiple_of(self.snapshot_every);
        if !is_due
            || self
                .checkpoints
                .iter()
                .any(|checkpoint| checkpoint.num_steps == num_steps)
        {
            return;
        }
        // A module whose state cannot be snapshotted just gets no checkpoint here: stepping
        // back then re-runs from an earlier one.
        if let Ok(snapshot) = self.instance.snapshot() {
            let position = self
                .checkpoints
                .partition_point(|checkpoint| checkpoint.num_steps < num_steps);
            // Share unchanged pages with the checkpoint just before this one.
            let previous = self
                .checkpoints
                .get(..position)
                .and_then(|before| before.iter().rev().find_map(|cp| cp.snapshot.as_ref()));
            let snapshot = PagedSnapshot::new(snapshot, previous);
            // An upper bound (a page may also be shared with a later checkpoint), made exact
            // again at every thinning.
            self.checkpoint_bytes += snapshot.bytes_not_in(previous);
            self.checkpoints.insert(
                position,
                Checkpoint {
                    num_steps,
                    state: self.state.clone(),
                    snapshot: Some(snapshot),
                },
            );
        }
        if self.checkpoints.len() > self.max_checkpoints
            || (self.checkpoints.len() > 2 && self.checkpoint_bytes > self.max_checkpoint_bytes)
        {
            // Thin out: keep the start and every second checkpoint, which are exactly the ones
            // due under the doubled interval.
            let mut position = 0;
            self.checkpoints.retain(|_| {
                position += 1;
                position % 2 == 1
            });
            self.snapshot_every *= 2;
            self.recount_checkpoint_bytes();
        }
    }

    /// Compares from now on with `expected`, whose events from `first_changed` on may differ,
    /// and rewinds to the export call containing that event.
    fn switch_expected(
        &mut self,
        expected: Arc<ExpectedChain>,
        first_changed: usize,
    ) -> Result<(), ReplayError> {
        let step_idx = self
            .steps
            .iter()
            .position(|events| events.contains(&first_changed) || events.start > first_changed)
            .unwrap_or(self.steps.len());
        self.checkpoints
            .retain(|checkpoint| checkpoint.num_steps <= step_idx);
        self.recount_checkpoint_bytes();
        // What an earlier run rebuilt past the cursor was compared with the old chain.
        self.ahead_steps.clear();
        self.ahead_events.clear();
        self.expected = Arc::clone(&expected);
        self.instance.host_mut().set_expected(expected);
        self.rewind_to(step_idx)
    }
}
