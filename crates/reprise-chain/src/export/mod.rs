//! Exports that are more than one file: a replay-test fixture for Theater's own
//! `ReplayHandler` ([`replay_fixture`], with its manifest in [`replay_manifest`]), and the
//! single `.tar.gz` a browser downloads it as ([`tar_gz`]). The single-file exports live with
//! their format: replay files and bundles (plain or gzip) in [`crate::bundle_json`].
//!
//! Invariant: bytes in, bytes out — no file system, so the CLI writes the files and the web
//! app downloads them, from the same values.

pub mod replay_fixture;
pub mod replay_manifest;
pub mod tar_gz;

pub use replay_fixture::{
    FixtureError, ReplayFixture, FIXTURE_CHAIN_FILE, FIXTURE_MANIFEST_FILE, FIXTURE_README_FILE,
    FIXTURE_STATE_FILE, FIXTURE_WASM_FILE,
};
pub use replay_manifest::ManifestSource;
pub use tar_gz::write_tar_gz;

/// One exported file: its path relative to the export's folder, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    /// Relative path, `/`-separated.
    pub path: String,
    /// The file's contents.
    pub bytes: Vec<u8>,
}

impl ExportFile {
    /// A file at `path` holding `bytes`.
    pub fn new(path: &str, bytes: Vec<u8>) -> Self {
        Self {
            path: path.to_string(),
            bytes,
        }
    }
}
