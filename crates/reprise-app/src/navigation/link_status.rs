//! `LinkStatus`: what the page says about the link it was opened with, where the user looks
//! first (above the verify banner) — a damaged fragment, files to drop, the head check still
//! waiting for data, or the head check's verdicts — and whether the data may be called valid
//! yet.
//!
//! Rules: a damaged fragment is refused whole (its data is never opened); a claim whose actor
//! is not open yet is *checking* while loads run and *awaiting* while the link names files to
//! drop; a live feed's actor with fewer events than claimed is still catching up (checking),
//! not a different chain; once every claim can be judged, the worst verdict leads (different,
//! then missing, then extends, then same) and every different chain is spelled out with both
//! heads. Until then nothing is shown as valid ([`LinkStatus::holds_back_validity`]).
//!
//! Invariant: pure; every text is plain text (the page renders it as text, never as HTML).

use crate::session::{FileOrigin, Session};
use crate::share::{check_session, ChainCheck, ClaimCheck, LinkError, LinkSource, ShareLink};

/// The state of the link the page was opened with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkStatus {
    /// The fragment was refused; nothing from it was opened.
    Damaged {
        /// Why, as one sentence.
        message: String,
    },
    /// The link names local files the user has to drop before its chains can be checked.
    AwaitingFiles {
        /// Their names, as the link gives them.
        names: Vec<String>,
    },
    /// The link's data is still loading (or a live feed still catching up).
    Checking,
    /// Every claim judged.
    Checked {
        /// One verdict per claim, in the link's order.
        checks: Vec<ClaimCheck>,
    },
}

impl LinkStatus {
    /// The status of `link` (or of the fragment refused with `error`) against what is open;
    /// `is_loading` while some load runs. `None` when the page was opened without a link that
    /// claims anything (nothing to say).
    pub fn of(
        link: Option<&ShareLink>,
        error: Option<&LinkError>,
        session: &Session,
        is_loading: bool,
    ) -> Option<Self> {
        if let Some(error) = error {
            return Some(Self::Damaged {
                message: format!("Damaged link — {error}. Nothing from it was opened."),
            });
        }
        let link = link?;
        if link.chains.is_empty() {
            return None;
        }
        let checks = check_session(link, session);
        let is_unjudged = |check: &ClaimCheck| match &check.check {
            ChainCheck::Missing { .. } => true,
            ChainCheck::Different { loaded_events, .. } => {
                *loaded_events < check.claim.num_events && is_live(session, check)
            }
            _ => false,
        };
        if checks.iter().any(is_unjudged) {
            let names = unopened_files(link, session);
            if !names.is_empty() && !is_loading {
                return Some(Self::AwaitingFiles { names });
            }
            if is_loading || checks.iter().any(|check| is_live(session, check)) {
                return Some(Self::Checking);
            }
        }
        Some(Self::Checked { checks })
    }

    /// The worst verdict, as the banner's `data-verdict`: `damaged`, `awaiting`, `checking`,
    /// `different`, `missing`, `extends` or `same`.
    pub fn verdict_name(&self) -> &'static str {
        match self {
            Self::Damaged { .. } => "damaged",
            Self::AwaitingFiles { .. } => "awaiting",
            Self::Checking => "checking",
            Self::Checked { checks } => worst(checks).map_or("same", ChainCheck::as_str),
        }
    }

    /// Whether the banner must be loud (the data is not what the link meant, or no data).
    pub fn is_alarming(&self) -> bool {
        match self {
            Self::Damaged { .. } => true,
            Self::AwaitingFiles { .. } | Self::Checking => false,
            Self::Checked { checks } => checks.iter().any(|check| check.check.is_alarming()),
        }
    }

    /// Whether the page must not call the data valid yet: until every claim is judged, and
    /// when a chain is not the shared one.
    pub fn holds_back_validity(&self) -> bool {
        !matches!(self, Self::Checked { .. }) || self.is_alarming()
    }

    /// The banner's text.
    pub fn headline(&self) -> String {
        match self {
            Self::Damaged { message } => message.clone(),
            Self::AwaitingFiles { names } => {
                format!(
                    "Drop {} to open this link; it is checked against the link's head hashes.",
                    names.join(", ")
                )
            }
            Self::Checking => "Checking the link's chains…".to_string(),
            Self::Checked { checks } => checked_headline(checks),
        }
    }
}

fn checked_headline(checks: &[ClaimCheck]) -> String {
    let alarming: Vec<String> = checks
        .iter()
        .filter(|check| check.check.is_alarming())
        .map(|check| format!("{}: {}", check.claim.actor, check.check))
        .collect();
    if !alarming.is_empty() {
        return alarming.join(" · ");
    }
    let Some(worst) = worst(checks) else {
        return String::new();
    };
    match (worst, checks.len()) {
        (ChainCheck::Same, 1) | (ChainCheck::Extends { .. }, 1) => worst.to_string(),
        (ChainCheck::Same, num_chains) => format!("same chain ✓ (all {num_chains} chains)"),
        _ => checks
            .iter()
            .filter(|check| matches!(check.check, ChainCheck::Extends { .. }))
            .map(|check| format!("{}: {}", check.claim.actor, check.check))
            .collect::<Vec<_>>()
            .join(" · "),
    }
}

/// The worst verdict among `checks`: different, missing, extends, same.
fn worst(checks: &[ClaimCheck]) -> Option<&ChainCheck> {
    let rank = |check: &ChainCheck| match check {
        ChainCheck::Different { .. } => 3,
        ChainCheck::Missing { .. } => 2,
        ChainCheck::Extends { .. } => 1,
        ChainCheck::Same => 0,
    };
    checks
        .iter()
        .map(|check| &check.check)
        .max_by_key(|check| rank(check))
}

fn is_live(session: &Session, check: &ClaimCheck) -> bool {
    session
        .file_of(&check.claim.actor)
        .is_some_and(|open| matches!(open.origin, FileOrigin::LiveFeed { .. }))
}

/// The `file=` names of `link` that no open file has.
fn unopened_files(link: &ShareLink, session: &Session) -> Vec<String> {
    link.sources
        .iter()
        .filter_map(|source| match source {
            LinkSource::File(name) => Some(name),
            _ => None,
        })
        .filter(|name| !session.files().iter().any(|open| &open.path == *name))
        .cloned()
        .collect()
}
