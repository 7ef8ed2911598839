//! `ViewState`: what the recipient of a link sees besides the data — the selection, the
//! timeline filter, the open panels and the replay position — and the [`Panel`] names links use.
//!
//! Invariant: every value here has exactly one fragment form, so writing a view and reading it
//! back gives the same view.

use reprise_chain::timeline::TimelineFilter;

use crate::session::Selection;

/// A panel a link can open, by its fragment name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Panel {
    /// The merged timeline of every actor (instead of the shown actor's).
    Merged,
    /// The supervision tree beside the timeline.
    Tree,
    /// The detail pane's decoded payload section.
    Payload,
    /// The detail pane's raw data section.
    Data,
    /// The detail pane's state-after section.
    State,
    /// The replay panel.
    Replay,
}

impl Panel {
    /// Every panel, in fragment order.
    pub const ALL: [Panel; 6] = [
        Self::Merged,
        Self::Tree,
        Self::Payload,
        Self::Data,
        Self::State,
        Self::Replay,
    ];

    /// The fragment name (`panels=merged,payload`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Merged => "merged",
            Self::Tree => "tree",
            Self::Payload => "payload",
            Self::Data => "data",
            Self::State => "state",
            Self::Replay => "replay",
        }
    }

    /// The panel named `name` in a fragment.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|panel| panel.as_str() == name)
    }
}

/// What a link shows of the data it names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewState {
    /// The selected actor (stable key) and event: `actor=`, `event=`.
    pub selection: Selection,
    /// The timeline filter: `kinds=`, `type=`, `q=`, `problems=`.
    pub filter: TimelineFilter,
    /// The panels open; `None` leaves the page's defaults (`panels=` absent), `Some` opens
    /// exactly these (`panels=` present, possibly empty).
    pub panels: Option<Vec<Panel>>,
    /// The replay position: the step (event index) the shown actor's replay stands at.
    pub replay_step: Option<usize>,
}
