//! `Verdict`: the one-word outcome of verifying an actor's chain, for the banner's styling.

use reprise_chain::VerifyReport;

/// How a chain fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every hash and link holds from a root.
    Verified,
    /// Every hash and link holds, but the chain starts mid-way.
    Partial,
    /// Some event breaks the chain.
    Broken,
}

impl Verdict {
    /// The verdict of `report`.
    pub fn of(report: &VerifyReport) -> Self {
        if report.first_broken.is_some() {
            Self::Broken
        } else if report.partial_from.is_some() {
            Self::Partial
        } else {
            Self::Verified
        }
    }

    /// `verified`, `partial` or `broken`: CSS modifier and `data-verdict`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Verified => "verified",
            Self::Partial => "partial",
            Self::Broken => "broken",
        }
    }

    /// A one-character symbol.
    pub fn icon(self) -> &'static str {
        match self {
            Self::Verified => "✓",
            Self::Partial => "◐",
            Self::Broken => "✗",
        }
    }
}
