//! The actors of the open session as the tree panel lists them, and the jumps between a
//! message and the call it caused in another actor.

mod message_jump;
mod tree_rows;

pub use message_jump::{MessageJump, SessionLinks};
pub use tree_rows::{TreeRow, MAX_INDENT_DEPTH};
