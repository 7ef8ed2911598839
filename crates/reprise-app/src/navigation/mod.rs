//! Moving through the view over time: which view changes become browser history entries
//! ([`HistoryPolicy`]), the "Copy link" keyboard shortcut ([`CopyLinkShortcut`]) and the
//! confirmation shown after a copy ([`LinkNotice`]), and what the page says about the link it
//! was opened with ([`LinkStatus`]).

mod copy_link_shortcut;
mod history_policy;
mod link_notice;
mod link_status;

pub use copy_link_shortcut::{CopyLinkShortcut, COPY_LINK_KEY};
pub use history_policy::{HistoryPolicy, HistoryWrite, SelectionCause, BURST_WINDOW_MS};
pub use link_notice::{LinkNotice, LINK_NOTICE_MILLIS};
pub use link_status::LinkStatus;
