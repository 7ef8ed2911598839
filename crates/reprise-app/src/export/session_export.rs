//! `export_options` and `export_file`: the page's three exports, for an open [`Session`] and
//! the actor it shows.
//!
//! Invariants: an export that cannot be made is still listed, with the reason it is not
//! available (the panel shows it, instead of a button that fails); modules come from
//! [`WasmChoice::resolve`] (an assigned file, the bundle, the parent's spawn) and are included
//! only when their SHA-256 is the recorded one (or none is recorded), so an exported bundle
//! never pairs a chain with a module that would not replay it; file names are derived from
//! actor ids and names, reduced to characters safe in every file system.

use std::sync::Arc;

use reprise_chain::export::{write_tar_gz, ReplayFixture};
use reprise_chain::{write_bundle_gzip, write_chain_json, ActorChain, AnalyzedActor};

use crate::{ActorKey, Session, WasmChoice, WasmFile};

/// MIME type of the gzip exports.
pub const GZIP_MIME: &str = "application/gzip";
/// MIME type of the replay file.
pub const JSON_MIME: &str = "application/json";

/// One of the page's exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportKind {
    /// Every open actor as one gzip Reprise bundle.
    Bundle,
    /// The shown actor's chain as Theater's replay file.
    ReplayJson,
    /// The shown actor's replay-test fixture, as a `.tar.gz`.
    ReplayFixture,
}

impl ExportKind {
    /// Every export, in the order the panel lists them.
    pub const ALL: [ExportKind; 3] = [Self::Bundle, Self::ReplayJson, Self::ReplayFixture];

    /// The button's text.
    pub fn label(self) -> &'static str {
        match self {
            Self::Bundle => "Session bundle (.json.gz)",
            Self::ReplayJson => "Replay file (.json)",
            Self::ReplayFixture => "Replay-test fixture (.tar.gz)",
        }
    }

    /// A stable name for `data-testid`s and links: `bundle`, `replay-json`, `replay-fixture`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bundle => "bundle",
            Self::ReplayJson => "replay-json",
            Self::ReplayFixture => "replay-fixture",
        }
    }
}

/// An export as the panel offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOption {
    /// Which export.
    pub kind: ExportKind,
    /// The file it would be saved as.
    pub file_name: String,
    /// Why it cannot be made now, if it cannot.
    pub unavailable: Option<String>,
}

/// A finished export, ready to download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedFile {
    /// The file name to save it under.
    pub file_name: String,
    /// Its MIME type.
    pub mime: &'static str,
    /// Its contents.
    pub bytes: Vec<u8>,
}

/// The three exports for `session` showing `shown`; `assigned` gives the module the user
/// assigned to an actor, if any. Cheap: nothing is written (the fixture's module is hashed
/// once), so the panel can recompute it whenever the shown actor changes.
pub fn export_options<'a>(
    session: &Session,
    shown: Option<&ActorKey>,
    assigned: impl Fn(&ActorKey) -> Option<&'a WasmFile>,
) -> Vec<ExportOption> {
    ExportKind::ALL
        .iter()
        .map(|&kind| {
            let checked = check(kind, session, shown, &assigned);
            ExportOption {
                kind,
                file_name: checked
                    .as_ref()
                    .map_or_else(|_| default_file_name(kind), |(name, _)| name.clone()),
                unavailable: checked.err(),
            }
        })
        .collect()
}

/// The export `kind` of `session` showing `shown`, or why it cannot be made (the reason
/// [`export_options`] gives).
pub fn export_file<'a>(
    kind: ExportKind,
    session: &Session,
    shown: Option<&ActorKey>,
    assigned: impl Fn(&ActorKey) -> Option<&'a WasmFile>,
) -> Result<ExportedFile, String> {
    let (file_name, actor) = check(kind, session, shown, &assigned)?;
    let bytes = match (kind, actor) {
        (ExportKind::ReplayJson, Some(actor)) => write_chain_json(&actor.chain.events),
        (ExportKind::ReplayFixture, Some(actor)) => {
            let key = shown.ok_or("no actor is shown")?;
            let chain = with_known_module(&actor, assigned(key), &session.actors());
            let fixture = ReplayFixture::of_actor(&chain).map_err(|err| err.to_string())?;
            let folder = file_name.trim_end_matches(".tar.gz");
            write_tar_gz(folder, &fixture.files()).map_err(|err| err.to_string())?
        }
        _ => {
            let all = session.actors();
            let actors: Vec<ActorChain> = session
                .keys()
                .iter()
                .zip(&all)
                .map(|(key, actor)| with_known_module(actor, assigned(key), &all))
                .collect();
            write_bundle_gzip(&actors)
        }
    };
    Ok(ExportedFile {
        file_name,
        mime: match kind {
            ExportKind::ReplayJson => JSON_MIME,
            ExportKind::Bundle | ExportKind::ReplayFixture => GZIP_MIME,
        },
        bytes,
    })
}

/// The export's file name and the shown actor (for the per-actor exports), or why it cannot
/// be made.
fn check<'a>(
    kind: ExportKind,
    session: &Session,
    shown: Option<&ActorKey>,
    assigned: &impl Fn(&ActorKey) -> Option<&'a WasmFile>,
) -> Result<(String, Option<Arc<AnalyzedActor>>), String> {
    if session.is_empty() {
        return Err("nothing is open".to_string());
    }
    if kind == ExportKind::Bundle {
        return Ok((default_file_name(kind), None));
    }
    let key = shown.ok_or("no actor is shown")?;
    let actor = session
        .actor(key)
        .ok_or_else(|| format!("actor {key} is not open"))?;
    let stem = actor_file_stem(key, &actor.chain);
    if kind == ExportKind::ReplayJson {
        return Ok((format!("{stem}.chain.json"), Some(actor)));
    }
    let all = session.actors();
    let others = all.iter().map(|other| &other.chain);
    let wasm = WasmChoice::resolve(&actor.chain, assigned(key), others);
    ReplayFixture::check(
        &actor.chain,
        wasm.as_ref().map(|choice| choice.bytes.as_slice()),
    )
    .map_err(|err| {
        if wasm.is_none() {
            format!("{err}: assign the actor's .wasm file first")
        } else {
            err.to_string()
        }
    })?;
    Ok((format!("{stem}-replay-fixture.tar.gz"), Some(actor)))
}

/// `actor`'s chain with its module when one is known and is the recorded one.
fn with_known_module(
    actor: &AnalyzedActor,
    assigned: Option<&WasmFile>,
    all: &[Arc<AnalyzedActor>],
) -> ActorChain {
    let others = all.iter().map(|other| &other.chain);
    match WasmChoice::resolve(&actor.chain, assigned, others) {
        Some(choice) if !choice.digest_check.is_mismatch() => choice.apply_to(&actor.chain),
        _ => actor.chain.clone(),
    }
}

fn default_file_name(kind: ExportKind) -> String {
    match kind {
        ExportKind::Bundle => "reprise-session.bundle.json.gz",
        ExportKind::ReplayJson => "actor.chain.json",
        ExportKind::ReplayFixture => "actor-replay-fixture.tar.gz",
    }
    .to_string()
}

/// A file-name stem for the actor: its name and id (`counter-44ff83c7`), else its key, with
/// anything but ASCII letters, digits, `-`, `_` and `.` replaced by `_`.
fn actor_file_stem(key: &ActorKey, chain: &ActorChain) -> String {
    let stem = match (&chain.name, &chain.id) {
        (Some(name), Some(id)) => format!("{name}-{}", id.get(..8).unwrap_or(id)),
        (None, Some(id)) => id.clone(),
        (Some(name), None) => format!("{name}-{key}"),
        (None, None) => key.to_string(),
    };
    let safe: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let safe = safe.trim_matches('.').to_string();
    if safe.is_empty() {
        "actor".to_string()
    } else {
        safe
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_are_safe_and_readable() {
        let chain = ActorChain {
            name: Some("counter".into()),
            id: Some("44ff83c7-16e7-439c-9e80-ed6ff42598a9".into()),
            ..ActorChain::default()
        };
        assert_eq!(
            actor_file_stem(&ActorKey::from_text("x"), &chain),
            "counter-44ff83c7"
        );
        let bare = ActorChain::default();
        assert_eq!(
            actor_file_stem(&ActorKey::from_text("../a b.chain.json#0"), &bare),
            "_a_b.chain.json_0"
        );
        assert_eq!(actor_file_stem(&ActorKey::from_text(".."), &bare), "actor");
    }
}
