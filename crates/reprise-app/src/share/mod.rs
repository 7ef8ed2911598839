//! Share links: the whole view state in a URL fragment — sources, each chain's head hash,
//! selection, filters, open panels, replay position — its reader and writer, the embedded
//! session (deflate + base64url), the head check a recipient runs before anything else, and
//! the rule that builds a session's link (shared by the page and `reprise link`).
//!
//! Budget: a whole fragment is at most [`MAX_FRAGMENT_LEN`] = 128 KiB. Chromium refuses URLs
//! past 2 MiB and Firefox past 1 MiB; every history entry (and the session-restore file) keeps
//! its own copy of the URL, so a link an eighth of Firefox's cap leaves room for dozens of
//! back/forward entries and for the page's own query. An embedded session gets
//! [`MAX_EMBED_LEN`] = 120 KiB of it and may inflate to [`MAX_INFLATED_LEN`] = 16 MiB.
//!
//! Invariants: reading never panics and refuses the whole link on any problem (see
//! [`ShareLink::parse`]); the embedded session's size cap is enforced while inflating; no
//! fragment text is ever meant as HTML (messages quote it shortened, control characters
//! escaped).

mod chain_check;
mod chain_claim;
mod embedded_session;
mod fragment_text;
mod link_error;
mod session_link;
mod share_link;
mod view_state;

pub use chain_check::{check_session, ChainCheck, ClaimCheck};
pub use chain_claim::{ChainClaim, HeadHash, HEAD_HASH_HEX_LEN};
pub use embedded_session::{
    embed_session, unembed, EmbeddedSession, TooLarge, MAX_EMBED_LEN, MAX_INFLATED_LEN,
};
pub use fragment_text::{escape_value, unescape_value, MAX_LINK_NUMBER};
pub use link_error::{LinkError, LinkErrorReason};
pub use session_link::{SessionLink, EMBEDDED_SESSION_PATH};
pub use share_link::{LinkSource, ShareLink};
pub use view_state::{Panel, ViewState};

/// The link format version this Reprise writes (`v=1`) and reads.
pub const LINK_VERSION: u32 = 1;

/// The most bytes a fragment may hold (without `#`): 128 KiB; see the module doc.
pub const MAX_FRAGMENT_LEN: usize = 128 * 1024;
