//! `LinkError`: why a fragment was refused, as data — the key it concerns and the reason — so
//! the page shows a clear message and never shows the link's data as valid.
//!
//! Invariant: the message quotes at most [`MAX_QUOTED_CHARS`] characters of the fragment, with
//! control characters escaped, so a hostile fragment cannot flood or garble the message (the
//! page renders it as text, never as HTML).

use std::fmt;

/// How much of a key from the fragment a message quotes.
pub const MAX_QUOTED_CHARS: usize = 40;

/// Why one link was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkError {
    /// The fragment key the problem is in (`embed`, `chain`, …), shortened for display;
    /// `None` for problems of the whole fragment (too long).
    pub key: Option<String>,
    /// What is wrong.
    pub reason: LinkErrorReason,
}

/// What is wrong with a fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkErrorReason {
    /// The fragment is longer than the link budget.
    TooLong {
        /// Its length in bytes.
        len: usize,
        /// The budget ([`crate::share::MAX_FRAGMENT_LEN`]).
        max: usize,
    },
    /// `v=` names a link format this version does not read.
    UnsupportedVersion {
        /// The version given (shortened).
        given: String,
    },
    /// A key this link format does not define.
    UnknownKey {
        /// The link format version it was read as.
        version: u32,
    },
    /// A `key` without `=value`.
    MissingValue,
    /// A key that may appear once appears again (or a chain is claimed twice).
    RepeatedKey,
    /// A `%` not followed by two hex digits, or escapes that are not UTF-8.
    BadEscape,
    /// Not a number of ASCII digits up to 4294967295.
    BadNumber,
    /// `embed` is not base64url without padding.
    BadBase64,
    /// `embed` decodes but is not a deflate stream.
    BadDeflate,
    /// `embed` inflates past the size cap (checked while inflating).
    InflatedTooLarge {
        /// The cap ([`crate::share::MAX_INFLATED_LEN`]).
        max: usize,
    },
    /// A chain's head hash is not 40 lowercase hex digits.
    BadHeadHash {
        /// What is wrong with it.
        detail: &'static str,
    },
    /// A `chain` value is not `<actor>,<count>,<head>`.
    BadChainClaim {
        /// What is wrong with it.
        detail: &'static str,
    },
    /// Any other value this key does not accept.
    BadValue {
        /// What the key accepts.
        expected: &'static str,
    },
}

impl LinkErrorReason {
    /// A stable short name (`too-long`, `bad-base64`, …) for test ids and tests.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::TooLong { .. } => "too-long",
            Self::UnsupportedVersion { .. } => "unsupported-version",
            Self::UnknownKey { .. } => "unknown-key",
            Self::MissingValue => "missing-value",
            Self::RepeatedKey => "repeated-key",
            Self::BadEscape => "bad-escape",
            Self::BadNumber => "bad-number",
            Self::BadBase64 => "bad-base64",
            Self::BadDeflate => "bad-deflate",
            Self::InflatedTooLarge { .. } => "inflated-too-large",
            Self::BadHeadHash { .. } => "bad-head-hash",
            Self::BadChainClaim { .. } => "bad-chain-claim",
            Self::BadValue { .. } => "bad-value",
        }
    }
}

impl LinkError {
    /// A problem with `key`.
    pub fn at(key: &str, reason: LinkErrorReason) -> Self {
        Self {
            key: Some(quoted(key)),
            reason,
        }
    }

    /// A problem of the whole fragment.
    pub fn whole(reason: LinkErrorReason) -> Self {
        Self { key: None, reason }
    }
}

impl fmt::Display for LinkError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("this link cannot be opened: ")?;
        if let Some(key) = &self.key {
            write!(formatter, "`{key}`: ")?;
        }
        match &self.reason {
            LinkErrorReason::TooLong { len, max } => {
                write!(
                    formatter,
                    "the fragment is {len} bytes, past the {max}-byte budget"
                )
            }
            LinkErrorReason::UnsupportedVersion { given } => write!(
                formatter,
                "link format version {given:?} is not one this Reprise reads (it reads v=1)"
            ),
            LinkErrorReason::UnknownKey { version } => {
                write!(formatter, "not a key of a v{version} link")
            }
            LinkErrorReason::MissingValue => formatter.write_str("no `=value`"),
            LinkErrorReason::RepeatedKey => formatter.write_str("given more than once"),
            LinkErrorReason::BadEscape => {
                formatter.write_str("a broken %-escape or text that is not UTF-8")
            }
            LinkErrorReason::BadNumber => {
                formatter.write_str("not a number (ASCII digits, at most 4294967295)")
            }
            LinkErrorReason::BadBase64 => {
                formatter.write_str("the embedded session is not base64url (no padding)")
            }
            LinkErrorReason::BadDeflate => {
                formatter.write_str("the embedded session is not valid deflate data")
            }
            LinkErrorReason::InflatedTooLarge { max } => write!(
                formatter,
                "the embedded session inflates past {max} bytes (refused while inflating)"
            ),
            LinkErrorReason::BadHeadHash { detail } => {
                write!(
                    formatter,
                    "head hash {detail} (links carry 40 lowercase hex digits)"
                )
            }
            LinkErrorReason::BadChainClaim { detail } => {
                write!(
                    formatter,
                    "{detail} (expected `<actor>,<events>,<head hash>`)"
                )
            }
            LinkErrorReason::BadValue { expected } => write!(formatter, "expected {expected}"),
        }
    }
}

impl std::error::Error for LinkError {}

/// `text` shortened to [`MAX_QUOTED_CHARS`] characters, control characters escaped.
pub fn quoted(text: &str) -> String {
    let mut shown: String = text
        .chars()
        .take(MAX_QUOTED_CHARS)
        .flat_map(char::escape_default)
        .collect();
    if text.chars().nth(MAX_QUOTED_CHARS).is_some() {
        shown.push('…');
    }
    shown
}
