//! The sample Theater actors of `actors/` (their own wasm32 workspace), built for the tests
//! that run the real runtime: the recorder's, `reprise run`'s and the fixture tooling's.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository's `actors/` directory.
pub fn actors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../actors")
}

/// Builds every sample actor in release mode (`cargo build --release` in [`actors_dir`], with
/// the actors workspace's own target directory and link flags, never the calling cargo's) and
/// returns the directory holding the modules (`<name>.wasm`).
pub fn build_sample_actors() -> PathBuf {
    let actors_dir = actors_dir();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--release", "--quiet"])
        .arg("--target-dir")
        .arg(actors_dir.join("target"))
        .current_dir(&actors_dir)
        // Flags from an outer build would replace the actors' link flags.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("CARGO_TARGET_DIR")
        .status()
        .unwrap_or_else(|err| panic!("cannot run cargo in {}: {err}", actors_dir.display()));
    assert!(status.success(), "building the sample actors failed");
    actors_dir.join("target/wasm32-unknown-unknown/release")
}
