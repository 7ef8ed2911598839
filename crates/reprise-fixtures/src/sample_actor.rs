//! The sample actors of `actors/` (a separate wasm32 workspace) and how to build them.
//!
//! Invariant: the modules are built with the actors workspace's own `.cargo/config.toml`
//! (target and link flags), never with flags inherited from the calling cargo.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// One of the sample actors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SampleActor {
    /// `actors/counter`: a JSON count driven by messages.
    Counter,
    /// `actors/supervisor`: spawns and drives counters.
    Supervisor,
}

impl SampleActor {
    /// Both actors.
    pub const ALL: [SampleActor; 2] = [Self::Counter, Self::Supervisor];

    /// The crate, manifest and module name: `counter` or `supervisor`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Counter => "counter",
            Self::Supervisor => "supervisor",
        }
    }

    /// `<actors_dir>/<name>/manifest.toml`.
    pub fn manifest_path(self, actors_dir: &Path) -> PathBuf {
        actors_dir.join(self.name()).join("manifest.toml")
    }

    /// The release module cargo writes for this actor.
    pub fn wasm_path(self, actors_dir: &Path) -> PathBuf {
        actors_dir
            .join("target/wasm32-unknown-unknown/release")
            .join(format!("{}.wasm", self.name()))
    }
}

/// The `actors/` directory of this repository.
pub fn default_actors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../actors")
}

/// Builds every sample actor in release mode (`cargo build --release` in `actors_dir`).
pub fn build_actors(actors_dir: &Path) -> Result<()> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--release", "--quiet"])
        .arg("--target-dir")
        .arg(actors_dir.join("target"))
        .current_dir(actors_dir)
        // Flags from an outer build would replace the actors' link flags.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("CARGO_TARGET_DIR")
        .status()
        .with_context(|| format!("cannot run cargo in {}", actors_dir.display()))?;
    if !status.success() {
        bail!(
            "building the sample actors in {} failed ({status})",
            actors_dir.display()
        );
    }
    Ok(())
}
