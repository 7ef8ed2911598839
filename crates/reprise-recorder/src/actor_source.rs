//! `ActorSource`: the manifest and module an actor of `reprise run` was started from, read with
//! the same rules Theater 0.3.29 uses, so the recorded metadata names exactly what ran:
//! - the root follows `theater spawn`: the manifest path as given, its `package` relative to
//!   the manifest's directory unless absolute;
//! - a child follows the supervisor handler: the manifest reference the parent passed and that
//!   manifest's `package` are both resolved against the process's working directory (not the
//!   manifest's directory), unless the parent passed the module bytes itself.
//!
//! Only local files are read: a URL or store reference is recorded by name, without a module,
//! because the recorder never fetches anything an actor names.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use theater::messages::default_init_state;
use theater::pack_bridge::Value;
use theater::ManifestConfig;

use crate::spawn_record::SpawnRecord;

/// A manifest and the module it runs.
#[derive(Debug, Clone)]
pub struct ActorSource {
    /// The manifest reference as the actor was started from it (for the root, the absolute
    /// path).
    pub manifest_ref: String,
    /// The manifest's text.
    pub manifest_text: String,
    /// The parsed manifest.
    pub manifest: ManifestConfig,
    /// The module.
    pub wasm: Vec<u8>,
}

impl ActorSource {
    /// Reads the root actor's manifest at `manifest_path` and its module.
    pub fn load_root(manifest_path: &Path) -> Result<Self> {
        let manifest_path = manifest_path
            .canonicalize()
            .with_context(|| format!("cannot open the manifest {}", manifest_path.display()))?;
        let manifest_text = read_text(&manifest_path)?;
        let manifest = parse_manifest(&manifest_text, &manifest_path)?;
        let package = Path::new(&manifest.package);
        if manifest.package.contains("://") {
            bail!(
                "{}: package {:?} is not a local file; reprise run reads modules from disk only",
                manifest_path.display(),
                manifest.package
            );
        }
        let wasm_path = match manifest_path.parent() {
            Some(dir) if package.is_relative() => dir.join(package),
            _ => package.to_path_buf(),
        };
        let wasm = read_module(&wasm_path, &manifest_path)?;
        Ok(Self {
            manifest_ref: manifest_path.display().to_string(),
            manifest_text,
            manifest,
            wasm,
        })
    }

    /// Reads what a parent's `spawn` started: the manifest it named and the module Theater ran.
    pub fn load_child(spawn: &SpawnRecord) -> Result<Self> {
        let manifest_path = local_path(&spawn.manifest_ref)?;
        let manifest_text = read_text(&manifest_path)?;
        let manifest = parse_manifest(&manifest_text, &manifest_path)?;
        let wasm = match &spawn.wasm {
            Some(wasm) => wasm.clone(),
            None => read_module(&local_path(&manifest.package)?, &manifest_path)?,
        };
        Ok(Self {
            manifest_ref: spawn.manifest_ref.clone(),
            manifest_text,
            manifest,
            wasm,
        })
    }

    /// The state `theater spawn` hands the root's `init`: the manifest's `initial_state` as a
    /// string, else `none<list<u8>>`.
    pub fn root_initial_state(&self) -> Value {
        match &self.manifest.initial_state {
            Some(text) => Value::String(text.clone()),
            None => default_init_state(),
        }
    }
}

/// `reference` as a local path (relative ones against the working directory, as Theater's
/// `resolve_reference` reads them); an error for URLs and store references.
fn local_path(reference: &str) -> Result<PathBuf> {
    if reference.contains("://") || reference.starts_with("store:") {
        bail!("{reference:?} is not a local file; the recorder reads local files only");
    }
    Ok(PathBuf::from(reference))
}

fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read the manifest {}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| anyhow!("{}: the manifest is not UTF-8", path.display()))
}

fn parse_manifest(text: &str, path: &Path) -> Result<ManifestConfig> {
    ManifestConfig::from_toml_str(text)
        .map_err(|err| anyhow!("{}: invalid manifest: {err}", path.display()))
}

fn read_module(wasm_path: &Path, manifest_path: &Path) -> Result<Vec<u8>> {
    std::fs::read(wasm_path).with_context(|| {
        format!(
            "cannot read the module {} (the package of {})",
            wasm_path.display(),
            manifest_path.display()
        )
    })
}
