//! `ShareLink`: the whole view state a link carries in its URL fragment (never sent to a
//! server) — where the data comes from, what each chain's head hash was, and what was shown —
//! with its one writer ([`ShareLink::to_fragment`]) and its one reader ([`ShareLink::parse`]).
//!
//! Fragment: `v=1&actor=<key>&event=5&step=3&kinds=call,host&type=<t>&q=<text>&problems=1&`
//! `panels=merged,payload&chain=<key>,<events>,<head>&src=<url>&ws=<url>&from=<start>&`
//! `file=<name>&embed=<base64url deflate bundle>`; see the README's "Share links".
//!
//! Reading is strict: any key not defined by the link's version, a repeated single-valued key
//! or any unreadable value refuses the whole link with a [`LinkError`] naming the key — a key
//! this version does not understand may change what the rest means (a newer head-hash rule,
//! say), so showing the rest as the shared view could show the wrong thing as valid. Old
//! selection links (`#actor=<key>&event=5`, no `v=`) read as v1 links. Empty pairs (`a=1&&b=2`)
//! are skipped. Invariant: `parse(link.to_fragment()) == Ok(link)` for every link `parse`
//! returns; `parse` never panics.

use reprise_chain::timeline::TimelineFilter;
use reprise_chain::EventKind;
use reprise_chain::FeedStart;

use crate::session::{ActorKey, Selection};
use crate::share::chain_claim::ChainClaim;
use crate::share::embedded_session::EmbeddedSession;
use crate::share::fragment_text::{escape_value, parse_index, parse_number, unescape_value};
use crate::share::link_error::{LinkError, LinkErrorReason};
use crate::share::view_state::{Panel, ViewState};
use crate::share::{LINK_VERSION, MAX_FRAGMENT_LEN};

/// Where a link's data comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkSource {
    /// A file fetched from a URL (`src=`).
    Url(String),
    /// A live feed, `reprise serve`'s `/ws` (`ws=`), read from `from` (`from=`, absent: the
    /// page's default).
    LiveFeed {
        /// The feed's WebSocket URL.
        url: String,
        /// Where the subscription starts.
        from: Option<FeedStart>,
    },
    /// The session itself, inside the link (`embed=`).
    Embedded(EmbeddedSession),
    /// A local file the recipient is asked to drop (`file=`), then checked against the claims.
    File(String),
}

/// The whole state a link carries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShareLink {
    /// Where the data comes from, in the order the link names them.
    pub sources: Vec<LinkSource>,
    /// One claim per chain the link refers to, in order.
    pub chains: Vec<ChainClaim>,
    /// What was shown.
    pub view: ViewState,
}

/// Keys that may appear at most once.
const SINGLE_KEYS: [&str; 12] = [
    "v", "actor", "event", "step", "kinds", "type", "q", "problems", "panels", "ws", "from",
    "embed",
];

impl ShareLink {
    /// A link showing only `selection` (what old `#actor=..&event=..` links held).
    pub fn of_selection(selection: Selection) -> Self {
        Self {
            view: ViewState {
                selection,
                ..ViewState::default()
            },
            ..Self::default()
        }
    }

    /// True when the link names no data, no claim and no view (an empty fragment).
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The embedded session, if the link carries one.
    pub fn embedded(&self) -> Option<&EmbeddedSession> {
        self.sources.iter().find_map(|source| match source {
            LinkSource::Embedded(embedded) => Some(embedded),
            _ => None,
        })
    }

    /// The claim about actor `key`'s chain.
    pub fn claim(&self, key: &ActorKey) -> Option<&ChainClaim> {
        self.chains.iter().find(|claim| &claim.actor == key)
    }

    /// The fragment, without `#`: `v=1` first, then the view, the claims and the sources (the
    /// embedded session, the longest value, last of all in practice).
    pub fn to_fragment(&self) -> String {
        let mut pairs = vec![format!("v={LINK_VERSION}")];
        let view = &self.view;
        if let Some(actor) = &view.selection.actor {
            pairs.push(format!("actor={}", actor.to_fragment_value()));
        }
        if let Some(event_idx) = view.selection.event_idx {
            pairs.push(format!("event={event_idx}"));
        }
        if let Some(step) = view.replay_step {
            pairs.push(format!("step={step}"));
        }
        push_filter(&mut pairs, &view.filter);
        if let Some(panels) = &view.panels {
            let names: Vec<&str> = panels.iter().map(|panel| panel.as_str()).collect();
            pairs.push(format!("panels={}", names.join(",")));
        }
        for claim in &self.chains {
            pairs.push(format!("chain={}", claim.to_fragment_value()));
        }
        for source in &self.sources {
            match source {
                LinkSource::Url(url) => pairs.push(format!("src={}", escape_value(url))),
                LinkSource::LiveFeed { url, from } => {
                    pairs.push(format!("ws={}", escape_value(url)));
                    if let Some(from) = from {
                        pairs.push(format!("from={}", feed_start_text(*from)));
                    }
                }
                LinkSource::Embedded(embedded) => {
                    pairs.push(format!("embed={}", embedded.encoded()));
                }
                LinkSource::File(name) => pairs.push(format!("file={}", escape_value(name))),
            }
        }
        pairs.join("&")
    }

    /// Reads a fragment (a leading `#` is allowed); an empty fragment is the empty link.
    /// Strict: see the module doc.
    pub fn parse(fragment: &str) -> Result<Self, LinkError> {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        if fragment.len() > MAX_FRAGMENT_LEN {
            return Err(LinkError::whole(LinkErrorReason::TooLong {
                len: fragment.len(),
                max: MAX_FRAGMENT_LEN,
            }));
        }
        let pairs = split_pairs(fragment)?;
        check_version(&pairs)?;
        let mut seen: Vec<&str> = Vec::new();
        let mut link = Self::default();
        let mut feed_start = None;
        for (key, value) in pairs {
            if SINGLE_KEYS.contains(&key) {
                if seen.contains(&key) {
                    return Err(LinkError::at(key, LinkErrorReason::RepeatedKey));
                }
                seen.push(key);
            }
            match key {
                "from" => feed_start = Some(read_feed_start(value)?),
                _ => link.read_pair(key, value)?,
            }
        }
        if let Some(from) = feed_start {
            let feed = link.sources.iter_mut().find_map(|source| match source {
                LinkSource::LiveFeed { from, .. } => Some(from),
                _ => None,
            });
            let Some(feed_from) = feed else {
                return Err(LinkError::at(
                    "from",
                    LinkErrorReason::BadValue {
                        expected: "`from` only together with `ws`",
                    },
                ));
            };
            *feed_from = Some(from);
        }
        // Raw characters that the writer escapes (a space becomes `%20`) make the written link
        // longer than the one read; refusing a link whose own form is past the budget keeps
        // `parse(link.to_fragment()) == Ok(link)` true for every link accepted.
        let written_len = link.to_fragment().len();
        if written_len > MAX_FRAGMENT_LEN {
            return Err(LinkError::whole(LinkErrorReason::TooLong {
                len: written_len,
                max: MAX_FRAGMENT_LEN,
            }));
        }
        Ok(link)
    }

    fn read_pair(&mut self, key: &str, value: &str) -> Result<(), LinkError> {
        let view = &mut self.view;
        match key {
            "v" => {}
            "actor" => {
                let actor = ActorKey::from_fragment_value(value)
                    .ok_or_else(|| LinkError::at(key, LinkErrorReason::BadEscape))?;
                view.selection.actor = Some(actor);
            }
            "event" => view.selection.event_idx = Some(read_index(key, value)?),
            "step" => view.replay_step = Some(read_index(key, value)?),
            "kinds" => view.filter.kinds = read_list(key, value, kind_of_name, "event kinds")?,
            "type" => {
                let event_type = read_text(key, value)?;
                view.filter.event_type = (!event_type.is_empty()).then_some(event_type);
            }
            "q" => view.filter.query = read_text(key, value)?,
            "problems" => {
                view.filter.is_problems_only = match value {
                    "1" => true,
                    "0" => false,
                    _ => {
                        return Err(LinkError::at(
                            key,
                            LinkErrorReason::BadValue { expected: "0 or 1" },
                        ))
                    }
                }
            }
            "panels" => {
                view.panels = Some(read_list(key, value, Panel::from_name, "panel names")?);
            }
            "chain" => {
                let claim = ChainClaim::from_fragment_value(value)?;
                if self.claim(&claim.actor).is_some() {
                    return Err(LinkError::at(key, LinkErrorReason::RepeatedKey));
                }
                self.chains.push(claim);
            }
            "src" => self.sources.push(LinkSource::Url(read_text(key, value)?)),
            "ws" => self.sources.push(LinkSource::LiveFeed {
                url: read_text(key, value)?,
                from: None,
            }),
            "file" => self.sources.push(LinkSource::File(read_text(key, value)?)),
            "embed" => {
                let embedded = EmbeddedSession::from_encoded(value)?;
                self.sources.push(LinkSource::Embedded(embedded));
            }
            _ => {
                return Err(LinkError::at(
                    key,
                    LinkErrorReason::UnknownKey {
                        version: LINK_VERSION,
                    },
                ))
            }
        }
        Ok(())
    }
}

fn push_filter(pairs: &mut Vec<String>, filter: &TimelineFilter) {
    if !filter.kinds.is_empty() {
        let names: Vec<&str> = filter.kinds.iter().map(|kind| kind.as_str()).collect();
        pairs.push(format!("kinds={}", names.join(",")));
    }
    if let Some(event_type) = filter.event_type.as_ref().filter(|text| !text.is_empty()) {
        pairs.push(format!("type={}", escape_value(event_type)));
    }
    if !filter.query.is_empty() {
        pairs.push(format!("q={}", escape_value(&filter.query)));
    }
    if filter.is_problems_only {
        pairs.push("problems=1".to_string());
    }
}

/// The `key=value` pairs, empty pairs skipped; a pair without `=` is refused.
fn split_pairs(fragment: &str) -> Result<Vec<(&str, &str)>, LinkError> {
    fragment
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            pair.split_once('=')
                .ok_or_else(|| LinkError::at(pair, LinkErrorReason::MissingValue))
        })
        .collect()
}

/// Refuses a `v=` other than this format's (wherever it stands, before any other check, so a
/// newer link says "newer format" rather than "unknown key").
fn check_version(pairs: &[(&str, &str)]) -> Result<(), LinkError> {
    for (key, value) in pairs {
        if *key == "v" && parse_number(value) != Some(u64::from(LINK_VERSION)) {
            return Err(LinkError::at(
                key,
                LinkErrorReason::UnsupportedVersion {
                    given: crate::share::link_error::quoted(value),
                },
            ));
        }
    }
    Ok(())
}

fn read_index(key: &str, value: &str) -> Result<usize, LinkError> {
    parse_index(value).ok_or_else(|| LinkError::at(key, LinkErrorReason::BadNumber))
}

fn read_text(key: &str, value: &str) -> Result<String, LinkError> {
    unescape_value(value).ok_or_else(|| LinkError::at(key, LinkErrorReason::BadEscape))
}

/// A comma-separated list of names (`kinds=call,host`); empty means an empty list.
fn read_list<T>(
    key: &str,
    value: &str,
    of_name: impl Fn(&str) -> Option<T>,
    expected: &'static str,
) -> Result<Vec<T>, LinkError> {
    if value.is_empty() {
        return Ok(Vec::new());
    }
    value
        .split(',')
        .map(|name| {
            of_name(name).ok_or_else(|| LinkError::at(key, LinkErrorReason::BadValue { expected }))
        })
        .collect()
}

fn kind_of_name(name: &str) -> Option<EventKind> {
    EventKind::ALL
        .into_iter()
        .find(|kind| kind.as_str() == name)
}

fn read_feed_start(value: &str) -> Result<FeedStart, LinkError> {
    match value {
        "beginning" => Ok(FeedStart::Beginning),
        "tail" => Ok(FeedStart::Tail),
        number => match parse_number(number) {
            Some(seq) if seq >= 1 => Ok(FeedStart::Seq(seq)),
            _ => Err(LinkError::at(
                "from",
                LinkErrorReason::BadValue {
                    expected: "`beginning`, `tail` or a seq from 1",
                },
            )),
        },
    }
}

fn feed_start_text(from: FeedStart) -> String {
    match from {
        FeedStart::Beginning => "beginning".to_string(),
        FeedStart::Tail => "tail".to_string(),
        FeedStart::Seq(seq) => seq.to_string(),
    }
}
