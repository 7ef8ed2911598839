//! `GET /modules/{sha256}.wasm`: the wasm modules a recorder kept beside the log
//! (`reprise_store::ModuleStore`), so that the browser can replay a live-captured actor with
//! the exact module it ran.
//!
//! Only names that are a SHA-256 are looked up, so a request cannot reach any other file; a
//! module whose bytes no longer hash to its name is refused rather than served, because the
//! browser would otherwise replay the wrong code under a trusted name.

use axum::extract::{Path as UrlPath, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use reprise_store::{ModuleLoadError, ModuleStore};

use crate::live_log::LiveLog;

/// Answers `/modules/<file>` from `live_log`'s capture directory.
pub async fn serve_module(
    State(live_log): State<LiveLog>,
    UrlPath(file_name): UrlPath<String>,
) -> Response {
    let Some(sha256_hex) = file_name.strip_suffix(".wasm") else {
        return not_found(&file_name);
    };
    let store = ModuleStore::new(live_log.dir());
    let sha256_hex = sha256_hex.to_string();
    let loaded = tokio::task::spawn_blocking(move || store.load(&sha256_hex)).await;
    let wasm = match loaded {
        Ok(Ok(wasm)) => wasm,
        Ok(Err(ModuleLoadError::Damaged { .. })) => {
            let text = format!("module {file_name} is damaged: its bytes have another SHA-256");
            return (StatusCode::INTERNAL_SERVER_ERROR, text).into_response();
        }
        Ok(Err(ModuleLoadError::NotASha256(_) | ModuleLoadError::Missing { .. })) => {
            return not_found(&file_name)
        }
        Err(join_error) => {
            let text = format!("module {file_name}: {join_error}");
            return (StatusCode::INTERNAL_SERVER_ERROR, text).into_response();
        }
    };
    (
        [
            (header::CONTENT_TYPE, "application/wasm"),
            // Content-addressed: the same name always has the same bytes.
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        wasm,
    )
        .into_response()
}

fn not_found(file_name: &str) -> Response {
    let text = format!("no module {file_name} in this capture");
    (StatusCode::NOT_FOUND, text).into_response()
}
