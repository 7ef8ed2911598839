//! `reprise serve`: the web app and the live WebSocket feed over a durable log, glue over
//! `reprise-server`'s capture session. The app's URL goes to stdout alone on the first line
//! (so scripts can read the port picked for `--listen 127.0.0.1:0`); everything else goes to
//! stderr. [`print_notice`] is how every capture command (`serve`, `record`) prints the
//! session's notices, so they read the same.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;
use reprise_server::{serve_blocking, Notice, ServeOptions};

use crate::exit_code::Outcome;

/// The arguments of `reprise serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on. Loopback by default; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// The capture directory holding the durable log (created if needed). Without it, a
    /// temporary directory is used and removed at exit.
    #[arg(long)]
    dir: Option<PathBuf>,
    /// The built web app (`trunk build --release` writes `dist/`).
    #[arg(long, default_value = "dist")]
    app_dir: PathBuf,
    /// Chain files and bundles (optionally gzip-compressed) appended to the log in this order.
    files: Vec<PathBuf>,
}

/// Serves until Ctrl-C; returns `Unusable` if the log, the address or a file fails.
pub fn run(args: ServeArgs) -> Outcome {
    let options = ServeOptions {
        listen: args.listen,
        dir: args.dir,
        app_dir: args.app_dir,
        files: args.files,
    };
    match serve_blocking(options, Arc::new(print_notice)) {
        Ok(()) => Outcome::Verified,
        Err(err) => {
            eprintln!("reprise: {err}");
            Outcome::Unusable
        }
    }
}

/// Prints a capture session's notice: the URL alone on stdout (and where the feed is on
/// stderr), everything else on stderr.
pub fn print_notice(notice: Notice) {
    match notice {
        Notice::Listening(url) => {
            let mut stdout = std::io::stdout().lock();
            let _ = writeln!(stdout, "{url}");
            let _ = stdout.flush();
            let feed_url = url.replacen("http://", "ws://", 1);
            eprintln!("reprise: serving {url} (live feed at {feed_url}ws); Ctrl-C stops");
        }
        other => eprintln!("reprise: {other}"),
    }
}
