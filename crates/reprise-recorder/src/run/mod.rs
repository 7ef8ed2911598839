//! `reprise run`: start an actor from its manifest on a [`crate::TheaterHost`] with a
//! [`crate::Recorder`] attached, serve the capture live while it runs, and stop cleanly. The
//! `reprise` CLI is glue over [`run_blocking`].

mod run_input;
mod run_notice;
mod run_session;

pub use run_notice::RunNotice;
pub use run_session::{run_blocking, RunOptions, RunSummary};
