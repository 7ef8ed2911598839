//! # reprise-theater-client: talking to a running theater-server
//!
//! theater-server's management protocol (spec §5) over raw TCP: the framing
//! ([`FrameCodec`]: 4-byte big-endian length, JSON `FrameType`, fragments joined by
//! [`FragmentReassembler`]), the commands and responses Reprise uses
//! ([`ManagementCommand`], [`ManagementResponse`], written here rather than taken from
//! Theater's crates, which would pull in the whole runtime), and one connection
//! ([`TheaterConnection`]).
//!
//! Invariants:
//! - decoding never panics: bad lengths, frames, fragments and messages are errors that say
//!   what was wrong;
//! - a connection goes only to the address its caller gives.

#![warn(missing_docs)]

mod fragment_reassembler;
mod frame;
mod frame_codec;
mod frame_error;
mod management_command;
mod management_response;
mod theater_connection;

pub use fragment_reassembler::{
    FragmentReassembler, FRAGMENT_TIMEOUT, MAX_MESSAGE_BYTES, MAX_PENDING_MESSAGES,
};
pub use frame::{Fragment, Frame};
pub use frame_codec::{FrameCodec, MAX_FRAME_BYTES};
pub use frame_error::FrameError;
pub use management_command::ManagementCommand;
pub use management_response::{ManagementError, ManagementResponse};
pub use theater_connection::{ConnectionError, TheaterConnection};
