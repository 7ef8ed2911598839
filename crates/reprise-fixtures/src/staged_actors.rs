//! The sample actors laid out for a Theater run: `<name>.wasm` and `<name>.toml` side by side.
//!
//! Theater resolves a `supervisor.spawn` manifest reference, and that manifest's `package`,
//! against the process working directory (the CLI instead resolves `package` against the
//! manifest's own directory). A directory holding both files, used as the working directory,
//! satisfies both rules with the same relative names, so the recorded chains name
//! `counter.toml` instead of a machine-specific path.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::sample_actor::SampleActor;

/// One staged actor: its manifest text and module bytes.
#[derive(Debug, Clone)]
pub struct StagedActor {
    /// `counter.toml` or `supervisor.toml`: the reference `supervisor.spawn` is given.
    pub manifest_ref: String,
    /// The staged manifest, with `package = "<name>.wasm"`.
    pub manifest_text: String,
    /// The module.
    pub wasm: Vec<u8>,
}

impl StagedActor {
    /// Lowercase hex SHA-256 of the module.
    pub fn wasm_sha256(&self) -> String {
        reprise_chain::wasm_sha256_hex(&self.wasm)
    }
}

/// Every sample actor staged in one directory.
#[derive(Debug, Clone)]
pub struct StagedActors {
    /// The directory holding the files (the working directory of a run).
    pub dir: PathBuf,
    /// The actors, by kind.
    pub actors: BTreeMap<SampleActor, StagedActor>,
}

impl StagedActors {
    /// Copies each actor's built module from `actors_dir` into `dir` and writes its manifest
    /// there with `package` pointing at the copy.
    pub fn stage(actors_dir: &Path, dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let mut actors = BTreeMap::new();
        for actor in SampleActor::ALL {
            let wasm_path = actor.wasm_path(actors_dir);
            let wasm = std::fs::read(&wasm_path).with_context(|| {
                format!(
                    "cannot read {} (build the actors first)",
                    wasm_path.display()
                )
            })?;
            let manifest_path = actor.manifest_path(actors_dir);
            let source_manifest = std::fs::read_to_string(&manifest_path)
                .with_context(|| format!("cannot read {}", manifest_path.display()))?;
            let wasm_name = format!("{}.wasm", actor.name());
            let manifest_text = with_package(&source_manifest, &wasm_name);
            let manifest_ref = format!("{}.toml", actor.name());
            write_file(&dir.join(&wasm_name), &wasm)?;
            write_file(&dir.join(&manifest_ref), manifest_text.as_bytes())?;
            actors.insert(
                actor,
                StagedActor {
                    manifest_ref,
                    manifest_text,
                    wasm,
                },
            );
        }
        Ok(Self {
            dir: dir.to_path_buf(),
            actors,
        })
    }

    /// The staged `actor`.
    pub fn actor(&self, actor: SampleActor) -> Result<&StagedActor> {
        self.actors
            .get(&actor)
            .with_context(|| format!("{} was not staged", actor.name()))
    }

    /// The staged actor whose manifest reference is `manifest_ref` (as a spawn names it).
    pub fn by_manifest_ref(&self, manifest_ref: &str) -> Option<(SampleActor, &StagedActor)> {
        let file_name = manifest_ref
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(manifest_ref);
        self.actors
            .iter()
            .find(|(_, staged)| staged.manifest_ref == file_name)
            .map(|(actor, staged)| (*actor, staged))
    }
}

/// `manifest` with its `package = …` line replaced by `package = "<package>"`; the comment
/// lines above it, which explain the source layout, are dropped.
fn with_package(manifest: &str, package: &str) -> String {
    let mut text = String::new();
    for line in manifest.lines() {
        if line.starts_with('#') {
            continue;
        }
        if line.trim_start().starts_with("package") && line.contains('=') {
            text.push_str(&format!("package = \"{package}\"\n"));
        } else {
            text.push_str(line);
            text.push('\n');
        }
    }
    text.trim_start().to_string()
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staged_manifest_points_at_the_module_beside_it() {
        let source = "# comment\nname = \"counter\"\npackage = \"../target/x/counter.wasm\"\n\n[[handler]]\ntype = \"runtime\"\n";
        let staged = with_package(source, "counter.wasm");
        assert_eq!(
            staged,
            "name = \"counter\"\npackage = \"counter.wasm\"\n\n[[handler]]\ntype = \"runtime\"\n"
        );
    }
}
