//! What changes `DebuggerState` when files load: load jobs and their progress, analysed files
//! and live actors added to the session, the error list, a selection restored from a link.
//!
//! Invariant: a failed load only adds an error; what is open stays.

use std::sync::Arc;

use leptos::prelude::*;
use reprise_chain::{AnalyzedActor, AnalyzedFile, Progress};

use crate::state::{DebuggerState, JobOrigin, LoadError, LoadJob, Selection, SelectionCause};
use reprise_app::worker_protocol::JobId;

impl DebuggerState {
    /// Registers a load and returns its id.
    pub fn start_job(&self, name: String, origin: JobOrigin) -> JobId {
        let job_id = self.take_id();
        self.jobs.update(|jobs| {
            jobs.push(LoadJob {
                job_id,
                name,
                origin,
                progress: None,
            })
        });
        job_id
    }

    /// Records the worker's progress report for `job_id`.
    pub fn report_progress(&self, job_id: JobId, progress: Progress) {
        self.jobs.update(|jobs| {
            if let Some(job) = jobs.iter_mut().find(|job| job.job_id == job_id) {
                job.progress = Some(progress);
            }
        });
    }

    /// Ends `job_id`: adds its file, or records why it failed. Returns the job's origin, or
    /// `None` for an unknown job.
    pub fn finish_job(
        &self,
        job_id: JobId,
        result: Result<AnalyzedFile, String>,
    ) -> Option<JobOrigin> {
        let job = self.jobs.try_update(|jobs| {
            let pos = jobs.iter().position(|job| job.job_id == job_id)?;
            Some(jobs.remove(pos))
        })??;
        match result {
            Ok(file) => self.add_file(file, job.origin == JobOrigin::Demo),
            Err(message) => self.push_error(message),
        }
        Some(job.origin)
    }

    /// Adds an analysed file and selects its first actor, or the selection the URL asked for.
    /// A demo arriving after a real file is dropped (see [`Session::add_file`]).
    pub fn add_file(&self, file: AnalyzedFile, is_demo: bool) {
        let Some(first_key) = self
            .session
            .try_update(|session| session.add_file(file, is_demo))
            .flatten()
        else {
            return;
        };
        let pending = self.pending_selection.get_untracked();
        match pending.filter(|selection| self.is_valid(selection)) {
            Some(selection) => {
                self.pending_selection.set(None);
                self.set_resolved_selection(selection);
            }
            None => self.set_selection_by(Selection::actor(first_key), SelectionCause::Automatic),
        }
    }

    /// Shows a live feed's `actors` (the feed at `feed_url`); a link's selection once it is
    /// there, else a new feed's first actor is shown. The timeline follows the tail
    /// ([`Selection::follow_tail`]): selecting the new last event scrolls it into view.
    pub fn show_live_actors(&self, feed_url: &str, actors: Vec<Arc<AnalyzedActor>>) {
        let selection = self.selection.get_untracked();
        let num_before = self
            .selected_actor
            .with_untracked(|actor| actor.as_ref().map_or(0, |actor| actor.chain.events.len()));
        let first_new_key = self
            .session
            .try_update(|session| session.set_live_actors(feed_url, actors))
            .flatten();
        // A link's selection, once the feed has delivered its actor and event.
        let pending = self.pending_selection.get_untracked();
        if let Some(selection) = pending.filter(|selection| self.is_valid(selection)) {
            self.pending_selection.set(None);
            self.set_resolved_selection(selection);
            return;
        }
        if let Some(key) = first_new_key {
            self.set_selection_by(Selection::actor(key), SelectionCause::Automatic);
            return;
        }
        let num_after = self
            .session
            .with_untracked(|session| session.actor(&session.shown_key(&selection)?))
            .map_or(0, |actor| actor.chain.events.len());
        if let Some(event_idx) = selection.follow_tail(num_before, num_after) {
            self.set_event_by(event_idx, SelectionCause::Automatic);
        }
    }

    /// Shows `message` in the error list.
    pub fn push_error(&self, message: String) {
        let error_id = self.take_id();
        self.load_errors
            .update(|errors| errors.push(LoadError { error_id, message }));
    }

    /// Removes one error from the list.
    pub fn dismiss_error(&self, error_id: u32) {
        self.load_errors
            .update(|errors| errors.retain(|error| error.error_id != error_id));
    }

    /// Asks for `selection` (from a link) once the files it refers to are open.
    pub fn restore_selection(&self, selection: Selection) {
        if self.is_valid(&selection) {
            self.set_resolved_selection(selection);
        } else {
            self.pending_selection.set(Some(selection));
        }
    }

    /// Sets a valid `selection`, naming the actor it shows when it named none (a link with
    /// only an event), so the URL always names the actor.
    fn set_resolved_selection(&self, mut selection: Selection) {
        if selection.actor.is_none() {
            selection.actor = self
                .session
                .with_untracked(|session| session.shown_key(&selection));
        }
        self.set_selection_by(selection, SelectionCause::Automatic);
    }
}
