//! `DebuggerState`: the one source of truth of the app — open files, selection, filter, load
//! jobs and errors — as signals, plus the memos derived from them. This file holds the type
//! and what it reads; `loading.rs` (files, jobs, errors, live actors) and `navigation.rs`
//! (selection, keyboard, filter) hold what changes it.
//!
//! Components read it through [`DebuggerState::expect_context`] and change it only through its
//! methods; the decisions live in the plain types of this folder, so they can be tested without
//! a DOM. Invariant: no web API is touched here.

use std::sync::Arc;

use leptos::prelude::*;
use reprise_chain::timeline::TimelineFilter;
use reprise_chain::AnalyzedActor;

use crate::state::{
    ActorEntry, ActorKey, LoadError, LoadJob, MessageJump, Selection, SelectionCause, Session,
    SessionLinks, TimelineRows, TreeRow,
};

mod exports;
mod loading;
mod navigation;

/// Handles to the app's state. Cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct DebuggerState {
    session: RwSignal<Session>,
    selection: RwSignal<Selection>,
    /// Who made the last selection change (the URL mirror pushes a history entry only for
    /// the user's; see `HistoryPolicy`).
    selection_cause: StoredValue<SelectionCause>,
    filter: RwSignal<TimelineFilter>,
    jobs: RwSignal<Vec<LoadJob>>,
    load_errors: RwSignal<Vec<LoadError>>,
    /// A selection from the URL, applied once the file it refers to has loaded.
    pending_selection: RwSignal<Option<Selection>>,
    /// Bumped when the detail pane should take the keyboard focus.
    detail_focus_requests: RwSignal<u32>,
    next_id: StoredValue<u32>,
    actor_entries: Memo<Vec<ActorEntry>>,
    shown_key: Memo<Option<ActorKey>>,
    selected_actor: Memo<Option<Arc<AnalyzedActor>>>,
    rows: Memo<Arc<TimelineRows>>,
    tree_rows: Memo<Vec<TreeRow>>,
    message_links: Memo<Arc<SessionLinks>>,
}

impl DebuggerState {
    /// Fresh state with nothing open.
    pub fn new() -> Self {
        let session = RwSignal::new(Session::default());
        let selection = RwSignal::new(Selection::default());
        let filter = RwSignal::new(TimelineFilter::default());
        let actor_entries = Memo::new(move |_| session.with(Session::actor_entries));
        let shown_key = Memo::new(move |_| {
            selection.with(|selection| session.with(|session| session.shown_key(selection)))
        });
        let selected_actor = Memo::new_with_compare(
            move |_| {
                let key = shown_key.get()?;
                session.with(|session| session.actor(&key))
            },
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
            move |_| Arc::new(session.with(SessionLinks::of)),
            |old, new| match (old, new) {
                (Some(old), Some(new)) => old.links() != new.links(),
                _ => true,
            },
        );
        Self {
            session,
            selection,
            selection_cause: StoredValue::new(SelectionCause::Automatic),
            filter,
            jobs: RwSignal::new(Vec::new()),
            load_errors: RwSignal::new(Vec::new()),
            pending_selection: RwSignal::new(None),
            detail_focus_requests: RwSignal::new(0),
            next_id: StoredValue::new(1),
            actor_entries,
            shown_key,
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

    /// The key of the actor whose timeline is shown.
    pub fn shown_key(&self) -> Memo<Option<ActorKey>> {
        self.shown_key
    }

    /// The live feed URL the actor named `key` comes from, if it came from one (tracked).
    pub fn feed_url_of(&self, key: &ActorKey) -> Option<String> {
        self.session.with(|session| {
            session
                .file_of(key)
                .and_then(|open| open.feed_url())
                .map(str::to_string)
        })
    }

    /// The actor whose timeline is shown.
    pub fn selected_actor(&self) -> Memo<Option<Arc<AnalyzedActor>>> {
        self.selected_actor
    }

    /// Every open actor, in session order (a replay's module may come from another's chain).
    pub fn all_actors(&self) -> Signal<Vec<Arc<AnalyzedActor>>> {
        let session = self.session;
        Signal::derive(move || session.with(Session::actors))
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
            .with(|links| MessageJump::of(links, &selection))
    }

    /// The current selection.
    pub fn selection(&self) -> Signal<Selection> {
        self.selection.into()
    }

    /// Who made the last selection change.
    pub fn selection_cause(&self) -> SelectionCause {
        self.selection_cause.get_value()
    }

    /// The session (tracked), for the decisions that need all of it (share links).
    pub fn with_session<T>(&self, read: impl FnOnce(&Session) -> T) -> T {
        self.session.with(read)
    }

    /// The session, untracked (a one-off read, e.g. building the link to copy).
    pub fn with_session_untracked<T>(&self, read: impl FnOnce(&Session) -> T) -> T {
        self.session.with_untracked(read)
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

    /// Selects `selection`, made by the user.
    fn set_selection(&self, selection: Selection) {
        self.set_selection_by(selection, SelectionCause::User);
    }

    fn set_selection_by(&self, selection: Selection, cause: SelectionCause) {
        self.selection_cause.set_value(cause);
        self.selection.set(selection);
    }

    /// Whether `selection` names an open actor (the first one when it names none) and, if it
    /// names an event, one that actor has.
    fn is_valid(&self, selection: &Selection) -> bool {
        self.session.with_untracked(|session| {
            let actor = session
                .shown_key(selection)
                .and_then(|key| session.actor(&key));
            actor.is_some_and(|actor| {
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
