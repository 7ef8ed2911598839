//! `LoadJob`: one file on its way from disk or network through the worker into the session.

use reprise_chain::Progress;

use crate::worker_protocol::JobId;

/// Where a load job's bytes come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobOrigin {
    /// A file the user opened (picker or drop).
    File,
    /// A `?src=` URL.
    Url,
    /// The built-in demo.
    Demo,
}

/// A file being read or analysed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadJob {
    /// Matches the worker's replies.
    pub job_id: JobId,
    /// The file name or URL.
    pub name: String,
    /// Where it comes from.
    pub origin: JobOrigin,
    /// The worker's latest report; `None` while the bytes are still being read.
    pub progress: Option<Progress>,
}

impl LoadJob {
    /// One line for people, e.g. `trace.json: verifying actor 0, 2048 of 100000 events`.
    pub fn describe(&self) -> String {
        let stage = match self.progress {
            None => "reading".to_string(),
            Some(Progress::Parsing) => "parsing".to_string(),
            Some(Progress::Verifying {
                actor_idx,
                num_done,
                num_total,
            }) => format!("verifying actor {actor_idx}, {num_done} of {num_total} events"),
            Some(Progress::Decoding {
                actor_idx,
                num_done,
                num_total,
            }) => format!("decoding actor {actor_idx}, {num_done} of {num_total} events"),
        };
        format!("{}: {stage}", self.name)
    }

    /// Completed fraction of the current stage in `0.0..=1.0`, or `None` when unknown.
    pub fn fraction_done(&self) -> Option<f64> {
        match self.progress? {
            Progress::Parsing => None,
            Progress::Verifying {
                num_done,
                num_total,
                ..
            }
            | Progress::Decoding {
                num_done,
                num_total,
                ..
            } => (num_total > 0).then(|| num_done as f64 / num_total as f64),
        }
    }
}
