//! Building the link for an open session — the one rule the page's "Copy link" and
//! `reprise link` share: claim every open chain's head; embed the whole session when it fits
//! the budget, else name where each file came from. A session with a live feed is never
//! embedded: its link names the feed, so the recipient sees the chains grow (and the head check
//! says "extends") instead of a frozen copy.
//!
//! Embedding: the session is written as one Reprise bundle (actors in session order, wasm
//! modules left out — only their SHA-256 travels — since a module alone is past any link
//! budget), opened by the recipient as [`EMBEDDED_SESSION_PATH`]. Actors without a Theater id
//! are keyed by file and position, so in the embedded link their keys (claims and selection)
//! are the ones the recipient's session gives them: `shared-session.bundle.json#<i>`.
//!
//! Naming files: a file opened from a path with a `/` (a URL, `?src=` or `src=`) is named by
//! `src=`; a dropped or picked file (browsers give only its name) by `file=`; a live feed by
//! `ws=` read from the beginning; the built-in demo by nothing (the page shows it when nothing
//! else is named).

use std::collections::BTreeMap;

use reprise_chain::{write_bundle, ActorChain, FeedStart};

use crate::session::{ActorKey, FileOrigin, Session};
use crate::share::chain_claim::ChainClaim;
use crate::share::embedded_session::{EmbeddedSession, TooLarge};
use crate::share::share_link::{LinkSource, ShareLink};
use crate::share::view_state::ViewState;
use crate::share::MAX_FRAGMENT_LEN;

/// The name an embedded session is opened under.
pub const EMBEDDED_SESSION_PATH: &str = "shared-session.bundle.json";

/// A session's link, and why it does not embed the session when it does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionLink {
    /// The link.
    pub link: ShareLink,
    /// `Some` when the session was past the budget and the link names files instead.
    pub not_embedded: Option<TooLarge>,
}

impl ShareLink {
    /// The link to `session` showing `view`: embedded when it fits (and nothing is live), else
    /// naming sources; `not_embedded` says why when the budget was the reason.
    pub fn of_session(session: &Session, view: ViewState) -> SessionLink {
        let named = Self::naming_files(session, view.clone());
        let is_live = session.files().iter().any(|open| open.feed_url().is_some());
        if session.is_empty() || is_live {
            return SessionLink {
                link: named,
                not_embedded: None,
            };
        }
        match embedded_link(session, view) {
            Ok(link) => SessionLink {
                link,
                not_embedded: None,
            },
            Err(too_large) => SessionLink {
                link: named,
                not_embedded: Some(too_large),
            },
        }
    }

    /// The link to `session` that names where each file came from (never embeds), with the
    /// session's own keys: what [`ShareLink::of_session`] gives past the budget.
    pub fn naming_files(session: &Session, view: ViewState) -> Self {
        Self {
            sources: named_sources(session),
            chains: claims(session, &BTreeMap::new()),
            view,
        }
    }
}

/// The session embedded, its keys as the recipient will have them; `Err` past the budget.
fn embedded_link(session: &Session, mut view: ViewState) -> Result<ShareLink, TooLarge> {
    let chains: Vec<ActorChain> = session
        .actors()
        .iter()
        .map(|actor| ActorChain {
            wasm: None,
            ..actor.chain.clone()
        })
        .collect();
    let bundle = write_bundle(&chains);
    let bundle_len = bundle.len();
    let embedded = EmbeddedSession::of_bundle(bundle)?;
    let renamed = embedded_keys(session, &chains);
    if let Some(actor) = view.selection.actor.as_mut() {
        if let Some(new_key) = renamed.get(actor) {
            *actor = new_key.clone();
        }
    }
    let link = ShareLink {
        sources: vec![LinkSource::Embedded(embedded)],
        chains: claims(session, &renamed),
        view,
    };
    let fragment_len = link.to_fragment().len();
    if fragment_len > MAX_FRAGMENT_LEN {
        return Err(TooLarge {
            bundle_len,
            encoded_len: fragment_len,
            budget: MAX_FRAGMENT_LEN,
        });
    }
    Ok(link)
}

/// Each open key → the key its actor gets when the embedded bundle is the only open file
/// (the same rule as `Session::add_file`).
fn embedded_keys(session: &Session, chains: &[ActorChain]) -> BTreeMap<ActorKey, ActorKey> {
    let mut given: Vec<ActorKey> = Vec::new();
    for (actor_idx, chain) in chains.iter().enumerate() {
        let base = ActorKey::base(chain.id.as_deref(), EMBEDDED_SESSION_PATH, actor_idx);
        let key = ActorKey::unique(base, |candidate| given.contains(candidate));
        given.push(key);
    }
    session.keys().into_iter().zip(given).collect()
}

/// One claim per open chain (renamed through `renamed`); a chain whose head is not a SHA-1
/// (damaged) has no claim.
fn claims(session: &Session, renamed: &BTreeMap<ActorKey, ActorKey>) -> Vec<ChainClaim> {
    session
        .files()
        .iter()
        .flat_map(|open| &open.actors)
        .filter_map(|actor| {
            let key = renamed.get(&actor.key).unwrap_or(&actor.key).clone();
            ChainClaim::of_chain(key, &actor.analyzed.chain.events)
        })
        .collect()
}

fn named_sources(session: &Session) -> Vec<LinkSource> {
    session
        .files()
        .iter()
        .filter_map(|open| match &open.origin {
            FileOrigin::Demo => None,
            FileOrigin::LiveFeed { feed_url } => Some(LinkSource::LiveFeed {
                url: feed_url.clone(),
                from: Some(FeedStart::Beginning),
            }),
            FileOrigin::Opened if open.path.contains('/') => {
                Some(LinkSource::Url(open.path.clone()))
            }
            FileOrigin::Opened => Some(LinkSource::File(open.path.clone())),
        })
        .collect()
}
