//! `Notice`: what a capture session tells the people watching it (the log opened, the URL,
//! a missing app, files loading, the stop), as values; `Display` gives the sentence. The
//! commands print them on stderr, except the URL, which goes alone on stdout's first line.

use std::fmt;
use std::path::PathBuf;

use reprise_store::RecoveryReport;

use crate::file_loader::{LoadProgress, LoadReport};

/// Where notices go: shared by the session and its work.
pub type NoticeSink = std::sync::Arc<dyn Fn(Notice) + Send + Sync>;

/// Something the user should hear about; `Display` gives the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The log was opened.
    LogOpened {
        /// The capture directory.
        dir: PathBuf,
        /// Whether it is removed at exit.
        is_temporary: bool,
        /// What reopening found.
        recovery: RecoveryReport,
    },
    /// The server is up: the app's URL. Printed on stdout, alone on its line.
    Listening(String),
    /// There is no built app; the text says how to get one.
    MissingApp(String),
    /// A file is being loaded.
    Loading(PathBuf, LoadProgress),
    /// A file was loaded.
    Loaded(PathBuf, LoadReport),
    /// Ctrl-C (or SIGTERM) was received: the work is told to stop, then everything it
    /// handed over is flushed.
    ShuttingDown,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LogOpened {
                dir,
                is_temporary,
                recovery,
            } => {
                let kind = if *is_temporary {
                    "temporary log"
                } else {
                    "log"
                };
                write!(
                    f,
                    "{kind} {}: {} records",
                    dir.display(),
                    recovery.num_records
                )?;
                f.write_str(&recovery.repairs_text())
            }
            Self::Listening(url) => f.write_str(url),
            Self::MissingApp(hint) => f.write_str(hint.trim_end()),
            Self::Loading(path, LoadProgress::Parsing { num_bytes }) => {
                write!(f, "{}: parsing {num_bytes} bytes", path.display())
            }
            Self::Loading(
                path,
                LoadProgress::Appending {
                    num_done,
                    num_total,
                },
            ) => {
                write!(
                    f,
                    "{}: appended {num_done}/{num_total} records",
                    path.display()
                )
            }
            Self::Loaded(path, report) => {
                write!(
                    f,
                    "{}: {} ({}, {}); ",
                    path.display(),
                    report.format.as_str(),
                    count(report.num_actors, "actor"),
                    count(report.num_events, "event")
                )?;
                match report.num_written {
                    0 => f.write_str("already in the log"),
                    num => write!(
                        f,
                        "{}, seq {}..={}",
                        count(num, "new record"),
                        report.seqs.start,
                        report.seqs.end - 1
                    ),
                }
            }
            Self::ShuttingDown => f.write_str("stopping; flushing the log"),
        }
    }
}

fn count(num: usize, noun: &str) -> String {
    match num {
        1 => format!("1 {noun}"),
        num => format!("{num} {noun}s"),
    }
}
