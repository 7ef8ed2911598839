//! `DebuggerState`: the one source of truth of the app — open files, selection, filter, load
//! jobs and errors — as signals, plus the memos derived from them.
//!
//! Components read it through [`DebuggerState::expect_context`] and change it only through its
//! methods; the decisions live in the plain types of this folder, so they can be tested without
//! a DOM. Invariant: no web API is touched here.

use std::sync::Arc;

use leptos::prelude::*;
use reprise_chain::timeline::{NavKey, TimelineFilter};
use reprise_chain::{AnalyzedActor, AnalyzedFile, EventKind, MessageLinks, Progress};

use crate::state::{
    message_links_of, ActorEntry, JobOrigin, LoadError, LoadJob, MessageJump, Selection, Session,
    TimelineRows, TreeRow,
};
use crate::worker_protocol::JobId;

/// Handles to the app's state. Cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct DebuggerState {
    session: RwSignal<Session>,
    selection: RwSignal<Selection>,
    filter: RwSignal<TimelineFilter>,
    jobs: RwSignal<Vec<LoadJob>>,
    load_errors: RwSignal<Vec<LoadError>>,
    /// A selection from the URL, applied once the file it refers to has loaded.
    pending_selection: RwSignal<Option<Selection>>,
    /// Bumped when the detail pane should take the keyboard focus.
    detail_focus_requests: RwSignal<u32>,
    next_id: StoredValue<u32>,
    actor_entries: Memo<Vec<ActorEntry>>,
    selected_actor: Memo<Option<Arc<AnalyzedActor>>>,
    rows: Memo<Arc<TimelineRows>>,
    tree_rows: Memo<Vec<TreeRow>>,
    message_links: Memo<Arc<MessageLinks>>,
}

impl DebuggerState {
    /// Fresh state with nothing open.
    pub fn new() -> Self {
        let session = RwSignal::new(Session::default());
        let selection = RwSignal::new(Selection::default());
        let filter = RwSignal::new(TimelineFilter::default());
        let actor_entries = Memo::new(move |_| session.with(Session::actor_entries));
        let selected_actor = Memo::new_with_compare(
            move |_| session.with(|session| session.actor(selection.get().actor_pos)),
            |old, new| match (old, new) {
                (Some(Some(old)), Some(Some(new))) => !Arc::ptr_eq(old, new),
                (Some(None), Some(None)) => false,
                _ => true,
            },
        );
        let rows = Memo::new_with_compare(
            move |_| {
                let rows = selected_actor.with(|actor| {
                    actor
                        .as_ref()
                        .map(|actor| filter.with(|filter| TimelineRows::compute(actor, filter)))
                });
                Arc::new(rows.unwrap_or_default())
            },
            |old, new| match (old, new) {
                (Some(old), Some(new)) => old != new,
                _ => true,
            },
        );
        let tree_rows = Memo::new(move |_| session.with(TreeRow::of_session));
        // Memos are lazy: the links (which decode every send and handle-send) are computed only
        // once the detail pane asks for them, on the main thread; a session holds few of them
        // next to the rest of the analysis, which the worker does.
        let message_links = Memo::new_with_compare(
            move |_| Arc::new(session.with(message_links_of)),
            |old, new| match (old, new) {
                (Some(old), Some(new)) => old != new,
                _ => true,
            },
        );
        Self {
            session,
            selection,
            filter,
            jobs: RwSignal::new(Vec::new()),
            load_errors: RwSignal::new(Vec::new()),
            pending_selection: RwSignal::new(None),
            detail_focus_requests: RwSignal::new(0),
            next_id: StoredValue::new(1),
            actor_entries,
            selected_actor,
            rows,
            tree_rows,
            message_links,
        }
    }

    /// Creates the state and makes it the context of the current component tree.
    pub fn provide() -> Self {
        let state = Self::new();
        provide_context(state);
        state
    }

    /// The state provided by an ancestor.
    ///
    /// # Panics
    /// When no ancestor called [`DebuggerState::provide`]: a wiring bug, not a runtime condition.
    pub fn expect_context() -> Self {
        use_context::<Self>().expect("DebuggerState::provide must run in an ancestor component")
    }

    // Reading.

    /// Every actor of every open file.
    pub fn actor_entries(&self) -> Memo<Vec<ActorEntry>> {
        self.actor_entries
    }

    /// The actor whose timeline is shown.
    pub fn selected_actor(&self) -> Memo<Option<Arc<AnalyzedActor>>> {
        self.selected_actor
    }

    /// The rows of the selected actor that pass the filter.
    pub fn rows(&self) -> Memo<Arc<TimelineRows>> {
        self.rows
    }

    /// The supervision tree over every open actor, as panel rows.
    pub fn tree_rows(&self) -> Memo<Vec<TreeRow>> {
        self.tree_rows
    }

    /// Where "go to effect" / "go to cause" lead from the selected event.
    pub fn message_jump(&self) -> MessageJump {
        let selection = self.selection.get();
        self.message_links
            .with(|links| MessageJump::of(links, selection))
    }

    /// The current selection.
    pub fn selection(&self) -> Signal<Selection> {
        self.selection.into()
    }

    /// The current filter.
    pub fn filter(&self) -> Signal<TimelineFilter> {
        self.filter.into()
    }

    /// Files being read or analysed.
    pub fn jobs(&self) -> Signal<Vec<LoadJob>> {
        self.jobs.into()
    }

    /// Loads that failed, oldest first.
    pub fn load_errors(&self) -> Signal<Vec<LoadError>> {
        self.load_errors.into()
    }

    /// Whether the built-in demo is what is shown.
    pub fn is_demo(&self) -> bool {
        self.session.with(Session::is_demo)
    }

    /// Whether nothing at all is open.
    pub fn is_session_empty(&self) -> bool {
        self.session.with(Session::is_empty)
    }

    /// Whether some load is still running.
    pub fn is_loading(&self) -> bool {
        self.jobs.with(|jobs| !jobs.is_empty())
    }

    /// Changes whenever the detail pane should take the keyboard focus.
    pub fn detail_focus_requests(&self) -> Signal<u32> {
        self.detail_focus_requests.into()
    }

    // Loading.

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
        let Some(first_actor_pos) = self
            .session
            .try_update(|session| session.add_file(file, is_demo))
            .flatten()
        else {
            return;
        };
        let pending = self.pending_selection.get_untracked();
        match pending.filter(|selection| self.is_valid(*selection)) {
            Some(selection) => {
                self.pending_selection.set(None);
                self.set_selection(selection);
            }
            None => self.set_selection(Selection {
                actor_pos: first_actor_pos,
                event_idx: None,
            }),
        }
    }

    /// Shows a live feed's `actors` as the file `source_name`; a new feed's first actor is
    /// shown. The timeline follows the tail ([`Selection::follow_tail`]): selecting the new last
    /// event scrolls it into view.
    pub fn show_live_actors(&self, source_name: &str, actors: Vec<Arc<AnalyzedActor>>) {
        let selection = self.selection.get_untracked();
        let num_before = self
            .selected_actor
            .with_untracked(|actor| actor.as_ref().map_or(0, |actor| actor.chain.events.len()));
        let first_new_pos = self
            .session
            .try_update(|session| session.set_live_actors(source_name, actors))
            .flatten();
        if let Some(actor_pos) = first_new_pos {
            self.set_selection(Selection {
                actor_pos,
                event_idx: None,
            });
            return;
        }
        let num_after = self
            .session
            .with_untracked(|session| session.actor(selection.actor_pos))
            .map_or(0, |actor| actor.chain.events.len());
        if let Some(event_idx) = selection.follow_tail(num_before, num_after) {
            self.select_event(event_idx);
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
        if self.is_valid(selection) {
            self.set_selection(selection);
        } else {
            self.pending_selection.set(Some(selection));
        }
    }

    // Selecting.

    /// Shows actor `actor_pos`. Its event types differ, so the type filter is cleared.
    pub fn select_actor(&self, actor_pos: usize) {
        if self.selection.get_untracked().actor_pos == actor_pos {
            return;
        }
        self.filter.update(|filter| filter.event_type = None);
        self.set_selection(Selection {
            actor_pos,
            event_idx: None,
        });
    }

    /// Shows `selection` (another actor's event, e.g. the other end of a message).
    pub fn go_to(&self, selection: Selection) {
        if self.selection.get_untracked().actor_pos != selection.actor_pos {
            self.filter.update(|filter| filter.event_type = None);
        }
        self.set_selection(selection);
    }

    /// Selects event `event_idx` of the shown actor.
    pub fn select_event(&self, event_idx: usize) {
        self.selection
            .update(|selection| selection.event_idx = Some(event_idx));
    }

    /// Selects the first event that breaks the shown actor's chain, if any.
    pub fn select_first_broken(&self) {
        let first_broken = self.selected_actor.with_untracked(|actor| {
            actor
                .as_ref()
                .and_then(|actor| actor.report.first_broken.as_ref())
                .map(|broken| broken.index)
        });
        if let Some(event_idx) = first_broken {
            self.select_event(event_idx);
        }
    }

    /// Moves the selection as keyboard key `key` asks; `page_rows` rows make a page.
    pub fn navigate(&self, key: NavKey, page_rows: usize) {
        let selected = self.selection.get_untracked().event_idx;
        let target = self
            .rows
            .with_untracked(|rows| rows.navigate(selected, key, page_rows));
        if let Some(event_idx) = target {
            self.select_event(event_idx);
        }
    }

    /// Asks the detail pane to take the keyboard focus.
    pub fn request_detail_focus(&self) {
        self.detail_focus_requests.update(|count| *count += 1);
    }

    // Filtering.

    /// Shows or hides events of `kind` (with no kind chosen, all kinds show).
    pub fn set_kind_shown(&self, kind: EventKind, is_shown: bool) {
        self.filter.update(|filter| {
            filter.kinds.retain(|other| *other != kind);
            if is_shown {
                filter.kinds.push(kind);
                filter.kinds.sort_unstable();
            }
        });
    }

    /// Shows only events of this `event_type`, or all with `None`.
    pub fn set_event_type(&self, event_type: Option<String>) {
        self.filter.update(|filter| filter.event_type = event_type);
    }

    /// Shows only events whose text contains `query`.
    pub fn set_query(&self, query: String) {
        self.filter.update(|filter| filter.query = query);
    }

    /// Shows only events that break the chain.
    pub fn set_problems_only(&self, is_problems_only: bool) {
        self.filter
            .update(|filter| filter.is_problems_only = is_problems_only);
    }

    fn set_selection(&self, selection: Selection) {
        self.selection.set(selection);
    }

    fn is_valid(&self, selection: Selection) -> bool {
        self.session.with_untracked(|session| {
            session.actor(selection.actor_pos).is_some_and(|actor| {
                selection
                    .event_idx
                    .is_none_or(|event_idx| event_idx < actor.report.num_events)
            })
        })
    }

    fn take_id(&self) -> u32 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id.wrapping_add(1));
        id
    }
}

impl Default for DebuggerState {
    fn default() -> Self {
        Self::new()
    }
}
