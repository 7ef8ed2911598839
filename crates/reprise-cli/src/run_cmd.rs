//! `reprise run`: run an actor on the real Theater runtime in this process, record every
//! actor's chain into a capture directory and serve it live; glue over `reprise-recorder`,
//! whose run is a `reprise_server::run_session` like `serve` and `record`: its notices are
//! printed by `serve_cmd::print_notice` (the app's URL alone on stdout's first line), its
//! progress goes to stderr, its error is the session's, printed once. Built only with the `theater` feature (off by default, so the workspace's
//! inner loop compiles no Theater), because it links Theater and two wasmtimes; without it,
//! `reprise run` says how to get it.

use std::path::PathBuf;

use clap::Args;

use crate::capture_args::CaptureArgs;
use crate::exit_code::Outcome;

/// The arguments of `reprise run`.
#[derive(Args)]
pub struct RunArgs {
    /// The root actor's manifest (its `package` is read relative to the manifest, like
    /// `theater spawn`; manifests a supervisor spawns are resolved against the working
    /// directory, as Theater does).
    manifest: PathBuf,
    #[command(flatten)]
    capture: CaptureArgs,
    /// A message for the root actor once it started (repeatable, sent in order).
    #[arg(long = "send", value_name = "TEXT")]
    sends: Vec<String>,
    /// Stop once no event arrived for this many milliseconds.
    #[arg(long, value_name = "MILLIS")]
    exit_when_idle: Option<u64>,
}

/// Runs until the root actor ends, stdin says `quit`, Ctrl-C or SIGTERM; `Unusable` when the
/// manifest, the module, the directory or the address cannot be used (the session's error,
/// printed once, as `serve` and `record` print theirs).
#[cfg(feature = "theater")]
pub fn run(args: RunArgs) -> Outcome {
    use std::sync::Arc;
    use std::time::Duration;

    use reprise_recorder::run::{run_blocking, RunNotice, RunOptions};
    use reprise_server::{Notice, ServeAt};
    use reprise_store::BatchLimits;

    use crate::serve_cmd::print_notice;

    let options = RunOptions {
        manifest: args.manifest,
        dir: args.capture.dir,
        serve: (!args.capture.no_serve).then_some(ServeAt {
            listen: args.capture.listen,
            app_dir: args.capture.app_dir,
        }),
        sends: args.sends,
        reads_stdin: true,
        exit_when_idle: args.exit_when_idle.map(Duration::from_millis),
        batch_limits: BatchLimits::default(),
    };
    // The session's notices read as `serve`'s; once the URL is out, how to drive the run.
    let session_notices = Arc::new(|notice: Notice| {
        let watch_hint = match &notice {
            Notice::Listening(url) => Some(format!(
                "reprise: open {url}?ws={}ws to watch live; `send <text>` on stdin messages \
                 the root, `quit` or Ctrl-C stops",
                url.replacen("http://", "ws://", 1)
            )),
            _ => None,
        };
        print_notice(notice);
        if let Some(watch_hint) = watch_hint {
            eprintln!("{watch_hint}");
        }
    });
    let run_notices = Arc::new(|notice: RunNotice| eprintln!("reprise: {notice}"));
    match run_blocking(options, session_notices, run_notices) {
        Ok(summary) => {
            eprintln!(
                "reprise: recorded {} actors, {} events into {}; {}",
                summary.capture.num_actors,
                summary.capture.num_events,
                summary.capture.dir.display(),
                summary.stop_reason
            );
            Outcome::Verified
        }
        Err(err) => {
            eprintln!("reprise: {err}");
            Outcome::Unusable
        }
    }
}

/// Without the `theater` feature there is no runtime to run the actor on.
#[cfg(not(feature = "theater"))]
pub fn run(args: RunArgs) -> Outcome {
    let _ = args;
    eprintln!(
        "reprise: this build has no Theater runtime; install the full binary with \
         `cargo install --locked --path crates/reprise-cli --features theater` \
         (or run from the repository: cargo run -p reprise-cli --features theater -- run ...)"
    );
    Outcome::Unusable
}
