//! `RunNotice`: what `reprise run` tells its user while it runs; `Display` gives the sentence.

use std::fmt;
use std::path::PathBuf;

use reprise_store::RecoveryReport;

use crate::recorder_notice::RecorderNotice;

/// Something the user should hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunNotice {
    /// The log was opened (a re-run appends to it).
    LogOpened {
        /// The log file.
        log_path: PathBuf,
        /// What reopening found.
        recovery: RecoveryReport,
    },
    /// The server is up: the app's URL (printed on stdout, alone on its line).
    Listening(String),
    /// There is no built app; the text says how to get one.
    MissingApp(String),
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
            Self::LogOpened { log_path, recovery } => {
                write!(
                    f,
                    "recording into {} ({} records already there)",
                    log_path.display(),
                    recovery.num_records
                )?;
                f.write_str(&recovery.repairs_text())
            }
            Self::Listening(url) => f.write_str(url),
            Self::MissingApp(hint) => f.write_str(hint.trim_end()),
            Self::RootStarted { id, name } => write!(f, "root actor {name} started: {id}"),
            Self::Capture(notice) => notice.fmt(f),
            Self::Sent(text) => write!(f, "sent {text:?} to the root actor"),
            Self::Warning(text) => write!(f, "warning: {text}"),
            Self::Stopping(reason) => write!(f, "stopping: {reason}"),
        }
    }
}
