//! `Frame`: the body of one length-delimited frame of theater-server's protocol (spec §5),
//! the JSON of its `FrameType`: a whole message, or one base64 chunk of a larger one.
//!
//! ```json
//! {"Complete":[34,76,105,115,116,65,99,116,111,114,115,34]}
//! {"Fragment":{"message_id":7,"fragment_index":0,"total_fragments":2,"data":"<base64>"}}
//! ```
//!
//! Invariant: parsing never panics; a body that is not one of the two shapes is a
//! [`FrameError::BadFrame`] naming serde's reason.

use serde::{Deserialize, Serialize};

use crate::frame_error::FrameError;

/// One frame body, exactly as theater-server's `FrameType` serializes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Frame {
    /// A whole message (the JSON bytes of a command or response).
    Complete(Vec<u8>),
    /// One chunk of a message too large for one frame.
    Fragment(Fragment),
}

/// One chunk of a fragmented message; chunks are joined in `fragment_index` order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fragment {
    /// Which message this chunk belongs to (unique per sender).
    pub message_id: u64,
    /// Position of this chunk, from 0.
    pub fragment_index: u32,
    /// How many chunks the message has.
    pub total_fragments: u32,
    /// The chunk, standard base64.
    pub data: String,
}

impl Frame {
    /// Parses a frame body (the bytes after the length prefix).
    pub fn parse(body: &[u8]) -> Result<Self, FrameError> {
        serde_json::from_slice(body).map_err(|err| FrameError::BadFrame(err.to_string()))
    }

    /// The frame body's JSON bytes.
    pub fn to_json_bytes(&self) -> Vec<u8> {
        // A frame is plain data (bytes, integers, a string): serializing it cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }
}
