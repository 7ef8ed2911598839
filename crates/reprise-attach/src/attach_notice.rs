//! `AttachNotice`: everything a recording tells the people watching it, as values. The
//! library prints nothing; `reprise record` prints each notice's sentence on stderr, prefixed
//! `reprise: `, so its wording is part of the command's behaviour (tests look for it).

use std::fmt;

/// Something the user should hear about; `Display` gives the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttachNotice {
    /// Recording has begun.
    Recording {
        /// theater-server's address.
        server: String,
    },
    /// A `--start` actor was started, subscribed from its first event.
    Started {
        /// How to call it (`<id> (name)`).
        label: String,
        /// The manifest it was started from.
        manifest: String,
    },
    /// A running actor's subscription is in place.
    Attached {
        /// How to call it.
        label: String,
    },
    /// A recorded spawn named a running child, which is recorded from now on.
    Following {
        /// The parent's label.
        parent: String,
        /// The child's id.
        child_id: String,
    },
    /// A recorded spawn named a child that is no longer running.
    ChildNotRunning {
        /// The parent's label.
        parent: String,
        /// The child's id.
        child_id: String,
    },
    /// The first event recorded links to an event that was not seen: the chain is partial.
    Partial {
        /// The actor's label.
        label: String,
        /// The unseen parent's short hash.
        parent_hash: String,
    },
    /// An event does not follow the previous one: events in between were not received.
    Gap {
        /// The actor's label.
        label: String,
        /// The event's short hash.
        hash: String,
        /// The previous event's short hash.
        previous: String,
    },
    /// An actor's `shutdown` was recorded; its feed ended.
    Detached {
        /// The actor's label.
        label: String,
    },
    /// An actor's connection failed; its events so far are kept.
    FeedFailed {
        /// The actor's label.
        label: String,
        /// Why.
        error: String,
    },
    /// Recording cannot go on (the control connection or a start failed).
    Stopping {
        /// Why.
        reason: String,
    },
    /// Some feeds did not end within the grace period and were closed.
    FeedsAborted,
}

impl fmt::Display for AttachNotice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Recording { server } => {
                write!(f, "recording from theater-server at {server}; Ctrl-C stops")
            }
            Self::Started { label, manifest } => write!(
                f,
                "started actor {label} from {manifest}; recording from its first event"
            ),
            Self::Attached { label } => write!(f, "attached actor {label}"),
            Self::Following { parent, child_id } => {
                write!(f, "actor {parent} spawned {child_id}; following it")
            }
            Self::ChildNotRunning { parent, child_id } => write!(
                f,
                "actor {parent} spawned {child_id}, which is not running: not recorded"
            ),
            Self::Partial { label, parent_hash } => write!(
                f,
                "actor {label}: attached mid-way (its first recorded event's parent \
                 {parent_hash} was not seen): the chain is partial"
            ),
            Self::Gap {
                label,
                hash,
                previous,
            } => write!(
                f,
                "actor {label}: event {hash} does not follow event {previous}: the events in \
                 between were not received (emitted while no recorder was attached, or \
                 dropped by theater-server for a subscriber that fell behind)"
            ),
            Self::Detached { label } => write!(f, "actor {label}: shutdown recorded; detached"),
            Self::FeedFailed { label, error } => write!(
                f,
                "actor {label}: {error}; no longer recording it (its events so far are kept)"
            ),
            Self::Stopping { reason } => write!(f, "{reason}; stopping"),
            Self::FeedsAborted => f.write_str("some connections did not end in time; closing them"),
        }
    }
}

/// Where notices go: shared by the recorder and every feed.
pub type NoticeSink = std::sync::Arc<dyn Fn(AttachNotice) + Send + Sync>;
