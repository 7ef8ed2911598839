//! `RecorderNotice`: what a recorder reports while it captures; `Display` gives the sentence.

use std::fmt;

/// Something a recorder's user may want to hear about (see
/// [`crate::RecorderOptions::on_notice`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RecorderNotice {
    /// An actor got its record in the log.
    ActorRecorded {
        /// Its id.
        id: String,
        /// Its name, if known.
        name: Option<String>,
        /// Its parent's id, if any.
        parent: Option<String>,
    },
    /// Records are durable up to `durable_seq` (at most a few per second, and once at the end).
    Progress {
        /// Actors recorded.
        num_actors: usize,
        /// Events received from the runtime.
        num_events: u64,
        /// Every record with a seq up to this one is fsynced.
        durable_seq: u64,
    },
    /// An actor is recorded with less metadata than wanted (no module, say); its events are
    /// all there. Also listed in [`crate::CaptureReport::warnings`].
    Warning(String),
}

impl fmt::Display for RecorderNotice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ActorRecorded { id, name, parent } => {
                write!(f, "actor {id}")?;
                if let Some(name) = name {
                    write!(f, " ({name})")?;
                }
                match parent {
                    Some(parent) => write!(f, ", child of {parent}"),
                    None => Ok(()),
                }
            }
            Self::Progress {
                num_actors,
                num_events,
                durable_seq,
            } => write!(
                f,
                "{num_actors} actors, {num_events} events; durable through seq {durable_seq}"
            ),
            Self::Warning(text) => write!(f, "warning: {text}"),
        }
    }
}
