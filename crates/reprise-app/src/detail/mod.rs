//! The detail pane's content: one event's decoded parts and state, and the hex dump layout.

mod event_detail;
mod hex_lines;

pub use event_detail::{EventDetail, StateAfter};
pub use hex_lines::{hex_lines, HexLine, BYTES_PER_LINE, PAGE_BYTES};
