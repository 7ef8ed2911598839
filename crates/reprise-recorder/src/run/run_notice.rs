//! `RunNotice`: what `reprise run` tells its user while it runs, beyond what its capture
//! session says (the log opened, the URL, the stop: `reprise_server::Notice`); `Display` gives
//! the sentence.

use std::fmt;

use crate::recorder_notice::RecorderNotice;

/// Something the user should hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunNotice {
    /// The root actor is running.
    RootStarted {
        /// Its id.
        id: String,
        /// Its manifest's name.
        name: String,
    },
    /// What the recorder reported (actors recorded, progress, warnings).
    Capture(RecorderNotice),
    /// A stdin line or `--send` was delivered to the root actor.
    Sent(String),
    /// Something failed but the run goes on.
    Warning(String),
    /// The run is stopping, and why.
    Stopping(String),
}

impl fmt::Display for RunNotice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::RootStarted { id, name } => write!(f, "root actor {name} started: {id}"),
            Self::Capture(notice) => notice.fmt(f),
            Self::Sent(text) => write!(f, "sent {text:?} to the root actor"),
            Self::Warning(text) => write!(f, "warning: {text}"),
            Self::Stopping(reason) => write!(f, "stopping: {reason}"),
        }
    }
}
