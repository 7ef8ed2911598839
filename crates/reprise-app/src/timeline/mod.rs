//! The timeline of one actor: its rows under a filter, each event's status, and the verdict
//! banner over the chain.

mod event_status;
mod timeline_rows;
mod verdict;

pub use event_status::EventStatus;
pub use timeline_rows::TimelineRows;
pub use verdict::Verdict;
