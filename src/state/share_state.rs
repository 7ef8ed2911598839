//! `ShareState`: the page's side of share links, in signals — the link the page was opened
//! with (its sources and chain claims, kept so the URL keeps naming them) or why its fragment
//! was refused, the head check's status ([`LinkStatus`]), the view a link carries (with the
//! replay position: a link's `step` is replayed to once its actor is shown and has a module),
//! and the "Link copied" notice. Decisions are `reprise_app`'s (`ShareLink`, `LinkStatus`,
//! `LinkNotice`); `crate::browser::share_link` reads and writes the URL and the clipboard.
//!
//! Invariant: no web API here.

use leptos::prelude::*;

use crate::state::share::{LinkError, LinkSource, Panel, SessionLink, ShareLink, ViewState};
use crate::state::{
    ActorKey, DebuggerState, LinkNotice, LinkStatus, LiveState, ReplayRun, ReplayState,
};

/// Handles to the share-link state. Cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct ShareState {
    debugger: DebuggerState,
    live: LiveState,
    replay_run: Signal<Option<ReplayRun>>,
    /// A replay position from a link or a history entry, for the actor it names, not yet
    /// replayed to.
    pending_replay_step: RwSignal<Option<(ActorKey, usize)>>,
    opened_link: RwSignal<Option<ShareLink>>,
    link_error: RwSignal<Option<LinkError>>,
    notice: RwSignal<Option<LinkNotice>>,
    next_notice_id: StoredValue<u32>,
    status: Memo<Option<LinkStatus>>,
}

impl ShareState {
    /// Creates the share state and makes it the context of the current component tree.
    pub fn provide(debugger: DebuggerState, live: LiveState, replay: ReplayState) -> Self {
        let opened_link = RwSignal::new(None::<ShareLink>);
        let link_error = RwSignal::new(None::<LinkError>);
        let live_status = live.status();
        let status = Memo::new(move |_| {
            let is_feed_connecting = live_status.with(|status| {
                status
                    .as_ref()
                    .is_some_and(|(_, state_name)| *state_name != "live")
            });
            let is_loading = debugger.jobs().with(|jobs| !jobs.is_empty()) || is_feed_connecting;
            opened_link.with(|link| {
                link_error.with(|error| {
                    debugger.with_session(|session| {
                        LinkStatus::of(link.as_ref(), error.as_ref(), session, is_loading)
                    })
                })
            })
        });
        let state = Self {
            debugger,
            live,
            replay_run: replay.selected_run(),
            pending_replay_step: RwSignal::new(None),
            opened_link,
            link_error,
            notice: RwSignal::new(None),
            next_notice_id: StoredValue::new(1),
            status,
        };
        provide_context(state);
        state
    }

    /// The share state provided by an ancestor.
    ///
    /// # Panics
    /// When no ancestor called [`ShareState::provide`]: a wiring bug, not a runtime condition.
    pub fn expect_context() -> Self {
        use_context::<Self>().expect("ShareState::provide must run in an ancestor component")
    }

    /// The page was opened with `link`: keeps its sources and claims, and asks for its view
    /// (the selection once its actor is open, the filter and panels now). Opening its sources
    /// is the caller's (`crate::browser::share_link`).
    pub fn open(&self, link: ShareLink) {
        self.restore_view(&link.view);
        self.opened_link.set(Some(link));
    }

    /// The page's fragment was refused: nothing from it is opened, the banner says why.
    pub fn refuse(&self, error: LinkError) {
        self.link_error.set(Some(error));
    }

    /// Shows `view` (from a link, or from a history entry on Back/Forward).
    pub fn restore_view(&self, view: &ViewState) {
        self.debugger.set_filter(view.filter.clone());
        if let Some(panels) = &view.panels {
            self.live.show_merged(panels.contains(&Panel::Merged));
        }
        let selection = view.selection.clone();
        let step = view.replay_step.filter(|step| *step > 0);
        let is_there = untrack(|| self.replay_step()) == step;
        self.pending_replay_step
            .set(selection.actor.clone().zip(step).filter(|_| !is_there));
        if selection.actor.is_some() || selection.event_idx.is_some() {
            self.debugger.restore_selection(selection);
        }
    }

    /// The replay position still to reach (tracked): the step, once the actor the link names
    /// is the one shown.
    pub fn pending_replay_step(&self) -> Option<usize> {
        let (actor, step) = self.pending_replay_step.get()?;
        (self.debugger.shown_key().get() == Some(actor)).then_some(step)
    }

    /// The pending replay position was asked for.
    pub fn clear_pending_replay_step(&self) {
        self.pending_replay_step.set(None);
    }

    /// The shown actor's replay position (tracked), while its replay stands still: events
    /// replayed, `None` before any.
    fn replay_step(&self) -> Option<usize> {
        self.replay_run.with(|run| {
            run.as_ref()
                .filter(|run| !run.is_running())
                .map(ReplayRun::position)
                .filter(|position| *position > 0)
        })
    }

    /// The link's status (tracked); `None` without a link that claims something.
    pub fn status(&self) -> Memo<Option<LinkStatus>> {
        self.status
    }

    /// The `file=` names the opened link asks the user to drop (untracked).
    pub fn files_to_drop(&self) -> Vec<String> {
        self.opened_link.with_untracked(|link| {
            link.iter()
                .flat_map(|link| &link.sources)
                .filter_map(|source| match source {
                    LinkSource::File(name) => Some(name.clone()),
                    _ => None,
                })
                .collect()
        })
    }

    /// What is shown now (tracked): the selection, the filter, the open panels, the replay
    /// position (while a link's is still to be reached, that one).
    pub fn view(&self) -> ViewState {
        let is_merged = self.live.is_merged_shown().get();
        let pending_step = self
            .pending_replay_step
            .with(|pending| pending.as_ref().map(|p| p.1));
        ViewState {
            selection: self.debugger.selection().get(),
            filter: self.debugger.filter().get(),
            panels: is_merged.then(|| vec![Panel::Merged]),
            replay_step: pending_step.or_else(|| self.replay_step()),
        }
    }

    /// The link the page's URL keeps (tracked): the opened link's sources and claims with the
    /// view shown now, so a reload reopens the same data, re-runs the same head check and
    /// shows the same view. Without an opened link it names no source (the page's `?src=` /
    /// `?ws=` query, kept in the URL, reopens those).
    pub fn url_link(&self) -> ShareLink {
        let view = self.view();
        let (sources, chains) = self.opened_link.with(|link| {
            link.as_ref()
                .map(|link| (link.sources.clone(), link.chains.clone()))
                .unwrap_or_default()
        });
        ShareLink {
            sources,
            chains,
            view,
        }
    }

    /// The link "Copy link" gives for the open session and the view shown now (untracked):
    /// embedded when it fits the budget, else naming the files (see `SessionLink`).
    pub fn session_link(&self) -> SessionLink {
        let view = untrack(|| self.view());
        self.debugger
            .with_session_untracked(|session| ShareLink::of_session(session, view))
    }

    /// The notice shown after a copy (tracked).
    pub fn notice(&self) -> Signal<Option<LinkNotice>> {
        self.notice.into()
    }

    /// Shows `notice` (replacing any) and returns its id, for [`ShareState::expire_notice`].
    pub fn show_notice(&self, make: impl FnOnce(u32) -> LinkNotice) -> u32 {
        let notice_id = self.next_notice_id.get_value();
        self.next_notice_id.set_value(notice_id.wrapping_add(1));
        self.notice.set(Some(make(notice_id)));
        notice_id
    }

    /// Hides notice `notice_id` if it is still the one shown.
    pub fn expire_notice(&self, notice_id: u32) {
        let is_expired = self
            .notice
            .with_untracked(|notice| LinkNotice::is_expired_by(notice.as_ref(), notice_id));
        if is_expired {
            self.notice.set(None);
        }
    }
}
