//! `ShareState`: the page's side of share links, in signals — the link the page was opened
//! with (its sources and chain claims, kept so the URL keeps naming them) or why its fragment
//! was refused, the head check's status ([`LinkStatus`]), the view a link carries, and the
//! "Link copied" notice. Decisions are `reprise_app`'s (`ShareLink`, `LinkStatus`,
//! `LinkNotice`); `crate::browser::share_link` reads and writes the URL and the clipboard.
//!
//! Invariant: no web API here.

use leptos::prelude::*;

use crate::state::share::{LinkError, LinkSource, Panel, SessionLink, ShareLink, ViewState};
use crate::state::{DebuggerState, LinkNotice, LinkStatus, LiveState};

/// Handles to the share-link state. Cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct ShareState {
    debugger: DebuggerState,
    live: LiveState,
    opened_link: RwSignal<Option<ShareLink>>,
    link_error: RwSignal<Option<LinkError>>,
    notice: RwSignal<Option<LinkNotice>>,
    next_notice_id: StoredValue<u32>,
    status: Memo<Option<LinkStatus>>,
}

impl ShareState {
    /// Creates the share state and makes it the context of the current component tree.
    pub fn provide(debugger: DebuggerState, live: LiveState) -> Self {
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
        if selection.actor.is_some() || selection.event_idx.is_some() {
            self.debugger.restore_selection(selection);
        }
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

    /// What is shown now (tracked): the selection, the filter, the open panels.
    pub fn view(&self) -> ViewState {
        let is_merged = self.live.is_merged_shown().get();
        ViewState {
            selection: self.debugger.selection().get(),
            filter: self.debugger.filter().get(),
            panels: is_merged.then(|| vec![Panel::Merged]),
            replay_step: None,
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
