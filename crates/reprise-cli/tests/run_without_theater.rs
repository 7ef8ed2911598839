//! A `reprise` built without the `theater` feature (the workspace default, so the inner loop
//! compiles no Theater) still has `run`, which says how to get the full binary instead of
//! running anything.

#![cfg(not(feature = "theater"))]
#![allow(clippy::unwrap_used)]

use std::process::{Command, Stdio};

#[test]
fn run_without_the_theater_feature_is_exit_2_with_the_install_command() {
    let output = Command::new(env!("CARGO_BIN_EXE_reprise"))
        .args(["run", "--no-serve", "manifest.toml"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cargo install --locked --path crates/reprise-cli --features theater"),
        "{stderr}"
    );
}
