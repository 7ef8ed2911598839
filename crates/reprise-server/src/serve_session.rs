//! `serve_blocking`: one whole `reprise serve` run, on the shared capture session
//! ([`run_session`]): open the log (or a temporary one), bind, load the given files in order
//! while already serving, and stop cleanly on Ctrl-C.
//!
//! Invariant: when this returns, every record appended is fsynced, every WebSocket got a
//! Close frame, and a temporary log directory is removed; a file that cannot be loaded stops
//! the server (and is the error returned).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::capture_session::{
    block_on, run_session, ServeAt, SessionContext, SessionError, SessionOptions,
};
use crate::file_loader::{load_file, LoadError};
use crate::live_log::LiveLog;
use crate::session_notice::{Notice, NoticeSink};

/// What to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The address to bind (loopback unless the user asks otherwise).
    pub listen: SocketAddr,
    /// The capture directory; `None` for a fresh temporary one, removed at exit.
    pub dir: Option<PathBuf>,
    /// The built web app.
    pub app_dir: PathBuf,
    /// Chain files and bundles appended to the log, in this order.
    pub files: Vec<PathBuf>,
}

/// Runs `reprise serve` until Ctrl-C, SIGTERM or a file that cannot be loaded.
pub fn serve_blocking(options: ServeOptions, notices: NoticeSink) -> Result<(), SessionError> {
    let session = SessionOptions {
        dir: options.dir.clone(),
        serve: Some(ServeAt {
            listen: options.listen,
            app_dir: options.app_dir.clone(),
        }),
    };
    block_on(run_session(session, notices, |context| {
        load_then_serve(context, options.files)
    }))?
}

/// The work of `reprise serve`: load the files (stopping early on Ctrl-C), then serve until
/// Ctrl-C.
async fn load_then_serve(context: SessionContext, files: Vec<PathBuf>) -> Result<(), SessionError> {
    let SessionContext {
        live_log,
        mut stop,
        notices,
    } = context;
    let stop_loading = Arc::new(AtomicBool::new(false));
    let loading_stopper = tokio::spawn({
        let stop_loading = Arc::clone(&stop_loading);
        let mut stop = stop.clone();
        async move {
            let _ = stop.wait_for(|is_stopped| *is_stopped).await;
            stop_loading.store(true, Ordering::Relaxed);
        }
    });
    let loaded =
        tokio::task::spawn_blocking(move || load_files(&live_log, &files, &stop_loading, &notices))
            .await;
    loading_stopper.abort();
    match loaded {
        Ok(Ok(())) | Ok(Err(LoadError::Stopped)) => {}
        Ok(Err(err)) => return Err(SessionError::Work(err.to_string())),
        Err(join_error) => {
            return Err(SessionError::Work(format!(
                "loading the files failed: {join_error}"
            )))
        }
    }
    let _ = stop.wait_for(|is_stopped| *is_stopped).await;
    Ok(())
}

fn load_files(
    live_log: &LiveLog,
    files: &[PathBuf],
    stop: &AtomicBool,
    notices: &NoticeSink,
) -> Result<(), LoadError> {
    for path in files {
        let report = load_file(live_log, path, stop, &mut |progress| {
            notices(Notice::Loading(path.clone(), progress));
        })?;
        notices(Notice::Loaded(path.clone(), report));
    }
    Ok(())
}
