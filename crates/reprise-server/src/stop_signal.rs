//! `wait_for_stop_signal`: how every long-running `reprise` command (serve, run, record) learns
//! that the user wants it to stop, so that each of them flushes on the same signals.

/// Waits for Ctrl-C, or SIGTERM on Unix. If no handler can be installed, waits forever (the
/// default action then ends the process).
pub async fn wait_for_stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                Ok(()) = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}
