//! `ChainCheck`: the head check — whether the chain the recipient loaded is the one a link's
//! [`ChainClaim`] describes — with the words the page shows for each verdict.
//!
//! Rule: the loaded chain is the shared one when its event at index `count - 1` has the claimed
//! head hash **and** its events up to there verify (each stored hash recomputes, each parent
//! link holds); a stored hash alone proves nothing when the events were edited and the hashes
//! kept. With more events after that point the loaded chain *extends* the shared one (a live
//! chain that grew). Anything else — fewer events, another hash at that index, a break before
//! it — is a *different* chain, shown loudly with both heads.

use std::fmt;

use reprise_chain::AnalyzedActor;

use crate::session::{ActorKey, Session};
use crate::share::chain_claim::{ChainClaim, HeadHash};
use crate::share::share_link::ShareLink;

/// The head check's verdict on one claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainCheck {
    /// The loaded chain is the shared one, event for event.
    Same,
    /// The loaded chain is the shared one followed by `num_more` events.
    Extends {
        /// Events after the shared head.
        num_more: usize,
    },
    /// The loaded chain is not the shared one.
    Different {
        /// The head the link claims (`None` for an empty shared chain).
        claimed_head: Option<HeadHash>,
        /// Events the shared chain had.
        claimed_events: usize,
        /// The loaded chain's head (its last event's stored hash, when it is a SHA-1).
        loaded_head: Option<HeadHash>,
        /// Events in the loaded chain.
        loaded_events: usize,
        /// The first loaded event (before the claimed head) that does not verify, when that is
        /// why the chains differ.
        broken_at: Option<usize>,
    },
    /// No open actor has the claimed key.
    Missing {
        /// The key the link names.
        actor: ActorKey,
    },
}

impl ChainCheck {
    /// Checks `claim` against `loaded`, the open actor with the claimed key (`None`: not open).
    pub fn of(claim: &ChainClaim, loaded: Option<&AnalyzedActor>) -> Self {
        let Some(loaded) = loaded else {
            return Self::Missing {
                actor: claim.actor.clone(),
            };
        };
        let events = &loaded.chain.events;
        let different = |broken_at| Self::Different {
            claimed_head: claim.head.clone(),
            claimed_events: claim.num_events,
            loaded_head: events.last().and_then(HeadHash::of_event),
            loaded_events: events.len(),
            broken_at,
        };
        if events.len() < claim.num_events {
            return different(None);
        }
        if let Some(head) = &claim.head {
            let at_head = claim
                .num_events
                .checked_sub(1)
                .and_then(|head_idx| events.get(head_idx))
                .and_then(HeadHash::of_event);
            if at_head.as_ref() != Some(head) {
                return different(None);
            }
        }
        let first_broken = loaded
            .report
            .first_broken
            .as_ref()
            .map(|broken| broken.index);
        if let Some(broken_idx) = first_broken.filter(|idx| *idx < claim.num_events) {
            return different(Some(broken_idx));
        }
        match events.len() - claim.num_events {
            0 => Self::Same,
            num_more => Self::Extends { num_more },
        }
    }

    /// True for the verdicts shown loudly (the data is not what the link shared).
    pub fn is_alarming(&self) -> bool {
        matches!(self, Self::Different { .. } | Self::Missing { .. })
    }

    /// A stable short name (`same`, `extends`, `different`, `missing`) for CSS and test ids.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Same => "same",
            Self::Extends { .. } => "extends",
            Self::Different { .. } => "different",
            Self::Missing { .. } => "missing",
        }
    }
}

impl fmt::Display for ChainCheck {
    /// The sentence the page shows: "same chain ✓", "this chain extends the shared one (k more
    /// events)", "different chain: shared head …, loaded head …", or "missing: …".
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Same => formatter.write_str("same chain ✓"),
            Self::Extends { num_more } => write!(
                formatter,
                "this chain extends the shared one ({num_more} more {})",
                if *num_more == 1 { "event" } else { "events" }
            ),
            Self::Different {
                claimed_head,
                claimed_events,
                loaded_head,
                loaded_events,
                broken_at,
            } => {
                write!(
                    formatter,
                    "different chain: shared head {} ({claimed_events} events), loaded head {} \
                     ({loaded_events} events)",
                    head_text(claimed_head.as_ref()),
                    head_text(loaded_head.as_ref())
                )?;
                if let Some(broken_idx) = broken_at {
                    write!(
                        formatter,
                        "; the loaded chain does not verify at event {broken_idx}"
                    )?;
                }
                Ok(())
            }
            Self::Missing { actor } => write!(
                formatter,
                "missing: the link names actor {actor}, which is not open"
            ),
        }
    }
}

fn head_text(head: Option<&HeadHash>) -> &str {
    head.map_or("(none)", HeadHash::as_str)
}

/// One claim of a link and its verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimCheck {
    /// The claim.
    pub claim: ChainClaim,
    /// The verdict against what is open.
    pub check: ChainCheck,
}

/// Every claim of `link` checked against `session`, in the link's order.
pub fn check_session(link: &ShareLink, session: &Session) -> Vec<ClaimCheck> {
    link.chains
        .iter()
        .map(|claim| {
            let loaded = session.actor(&claim.actor);
            ClaimCheck {
                claim: claim.clone(),
                check: ChainCheck::of(claim, loaded.as_deref()),
            }
        })
        .collect()
}
