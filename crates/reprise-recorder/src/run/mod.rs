//! `reprise run`: start an actor from its manifest on a [`crate::TheaterHost`] with a
//! [`crate::Recorder`] attached, in the capture session every capture command shares
//! (`reprise_server::run_session`: the capture served live while it runs, one stop, one
//! error), and stop cleanly. The `reprise` CLI is glue over [`run_blocking`].

mod run_input;
mod run_notice;
mod run_session;

pub use run_notice::RunNotice;
pub use run_session::{run_blocking, RunNoticeSink, RunOptions, RunSummary};
