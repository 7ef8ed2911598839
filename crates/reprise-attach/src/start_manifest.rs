//! `StartManifest`: a manifest given to `reprise record --start`, checked before anything
//! connects. theater-server resolves a relative path against *its* working directory, not
//! the user's, so the path sent is the canonical absolute one; the actor's name is read from
//! the manifest's top-level `name` so the progress line and the actor record can say it at
//! once (a later `ListActors` confirms or corrects it).
//!
//! Invariant: a manifest that cannot be read is refused with the path and the reason, before
//! any connection is made.

use std::path::{Path, PathBuf};

/// A manifest the recorder starts an actor from.
#[derive(Debug, Clone)]
pub struct StartManifest {
    /// The canonical absolute path, as sent in `StartActor`.
    pub path: String,
    /// The manifest's top-level `name`, when it has a plain one.
    pub name: Option<String>,
}

impl StartManifest {
    /// Canonicalizes and reads `given` (as the user typed it, relative to the current
    /// directory); the error names the path and the reason.
    pub fn resolve(given: &Path) -> Result<Self, String> {
        let unreadable = |err: std::io::Error| format!("--start {}: {err}", given.display());
        let canonical: PathBuf = given.canonicalize().map_err(unreadable)?;
        let text = std::fs::read_to_string(&canonical).map_err(unreadable)?;
        let path = canonical.to_str().map(str::to_string).ok_or_else(|| {
            format!(
                "--start {}: the path is not UTF-8, which theater-server's protocol cannot carry",
                canonical.display()
            )
        })?;
        Ok(Self {
            path,
            name: top_level_name(&text),
        })
    }
}

/// The value of a top-level `name = "…"` line (before the first table), if it is a plain
/// basic string. Anything fancier is left to `ListActors`, which names the actor anyway.
fn top_level_name(manifest_text: &str) -> Option<String> {
    for line in manifest_text.lines().map(str::trim) {
        if line.starts_with('[') {
            return None;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        if key.trim() != "name" {
            continue;
        }
        let value = value.trim();
        let quoted = value.strip_prefix('"')?;
        let (name, rest) = quoted.split_once('"')?;
        let rest = rest.trim();
        let is_plain = !name.contains('\\') && (rest.is_empty() || rest.starts_with('#'));
        return is_plain.then(|| name.to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::top_level_name;

    #[test]
    fn the_name_comes_from_the_top_level_table_only() {
        let manifest = "name = \"supervisor\" # the root\nversion = \"0.1.0\"\n";
        assert_eq!(top_level_name(manifest).as_deref(), Some("supervisor"));
        let nested = "version = \"1\"\n[[handler]]\nname = \"not-the-actor\"\n";
        assert_eq!(top_level_name(nested), None);
        assert_eq!(top_level_name("name = \"a\\\"b\"\n"), None);
    }
}
