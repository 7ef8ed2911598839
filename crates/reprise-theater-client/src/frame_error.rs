//! `FrameError`: why bytes from theater-server could not be turned into messages. Every
//! variant is fatal for the connection: after a bad frame the stream cannot be trusted to be
//! in step any more.

use std::fmt;

/// Why a frame or a fragmented message was refused.
#[derive(Debug)]
pub enum FrameError {
    /// Reading or writing the socket failed.
    Io(std::io::Error),
    /// A length prefix announces more than the protocol's maximum frame.
    Oversized {
        /// The announced frame length.
        len_bytes: u64,
        /// The maximum accepted.
        max_bytes: u64,
    },
    /// A frame body is not `{"Complete":[…]}` or `{"Fragment":{…}}`.
    BadFrame(String),
    /// A fragment is inconsistent (index out of range, totals that change, bad base64, a
    /// message larger than allowed, too many unfinished messages).
    BadFragment(String),
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(err) => write!(f, "{err}"),
            Self::Oversized {
                len_bytes,
                max_bytes,
            } => write!(
                f,
                "a frame announces {len_bytes} bytes, more than the protocol's maximum of \
                 {max_bytes} (not a theater-server, or a corrupted stream)"
            ),
            Self::BadFrame(reason) => write!(f, "unreadable frame: {reason}"),
            Self::BadFragment(reason) => write!(f, "bad fragment: {reason}"),
        }
    }
}

impl std::error::Error for FrameError {}

impl From<std::io::Error> for FrameError {
    fn from(err: std::io::Error) -> Self {
        Self::Io(err)
    }
}
