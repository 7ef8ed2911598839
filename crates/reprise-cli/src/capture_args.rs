//! `CaptureArgs`: the options `reprise run` and `reprise record` share — where the capture
//! directory is, and whether and where its log is served live.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;

/// Where a capture is written and how it is served while it runs.
#[derive(Args)]
pub struct CaptureArgs {
    /// The capture directory (created if needed; a re-run appends to its log).
    #[arg(long, default_value = "reprise-capture")]
    pub dir: PathBuf,
    /// Address to serve the app and the live feed on. Loopback by default; port 0 picks a
    /// free port.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Record only: no web app, no live feed.
    #[arg(long)]
    pub no_serve: bool,
    /// The built web app (`trunk build --release` writes `dist/`).
    #[arg(long, default_value = "dist")]
    pub app_dir: PathBuf,
}
