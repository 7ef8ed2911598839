//! `Session`: the files that are open and the flat list of actors they hold.
//!
//! Plain data, no signals: the web app's `DebuggerState` wraps it in a signal. Invariant: the demo
//! is never open together with a real file; opening a real file closes it.

use std::sync::Arc;

use reprise_chain::{AnalyzedActor, AnalyzedFile, InputFormat};

/// One open file.
#[derive(Debug, Clone)]
pub struct OpenFile {
    /// The name or URL it was opened as.
    pub path: String,
    /// Its layout.
    pub format: InputFormat,
    /// Its actors; shared so signals never copy the events.
    pub actors: Vec<Arc<AnalyzedActor>>,
    /// Whether this is the built-in demo.
    pub is_demo: bool,
}

/// One actor as listed in the actor selector.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ActorEntry {
    /// Position in [`Session::actors`]; what the selection and the URL refer to.
    pub actor_pos: usize,
    /// Name, id or `actor N`.
    pub label: String,
    /// The file it came from.
    pub file_path: String,
    /// Events in its chain.
    pub num_events: usize,
    /// Whether every hash and link holds.
    pub is_verified: bool,
}

/// Everything that is open.
#[derive(Debug, Clone, Default)]
pub struct Session {
    files: Vec<OpenFile>,
}

impl Session {
    /// Adds an analysed file and returns the actor position of its first actor. Adding a real
    /// file closes the demo; a demo that finishes loading after a real file is dropped (`None`).
    pub fn add_file(&mut self, file: AnalyzedFile, is_demo: bool) -> Option<usize> {
        if is_demo && self.files.iter().any(|open| !open.is_demo) {
            return None;
        }
        if !is_demo {
            self.files.retain(|open| !open.is_demo);
        }
        let first_actor_pos = self.num_actors();
        self.files.push(OpenFile {
            path: file.path,
            format: file.format,
            actors: file.actors.into_iter().map(Arc::new).collect(),
            is_demo,
        });
        Some(first_actor_pos)
    }

    /// Shows `actors` as the file `source_name` (a live feed): replaces that file's actors, or
    /// adds it (closing the demo). Returns the first actor's position when the file is new.
    pub fn set_live_actors(
        &mut self,
        source_name: &str,
        actors: Vec<Arc<AnalyzedActor>>,
    ) -> Option<usize> {
        if let Some(open) = self.files.iter_mut().find(|open| open.path == source_name) {
            open.actors = actors;
            return None;
        }
        self.files.retain(|open| !open.is_demo);
        let first_actor_pos = self.num_actors();
        self.files.push(OpenFile {
            path: source_name.to_string(),
            format: InputFormat::Bundle,
            actors,
            is_demo: false,
        });
        Some(first_actor_pos)
    }

    /// The open files, in opening order.
    pub fn files(&self) -> &[OpenFile] {
        &self.files
    }

    /// True when nothing is open (not even the demo).
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// True when the demo is what is shown.
    pub fn is_demo(&self) -> bool {
        self.files.iter().any(|open| open.is_demo)
    }

    /// Number of actors over all files.
    pub fn num_actors(&self) -> usize {
        self.files.iter().map(|open| open.actors.len()).sum()
    }

    /// The actor at `actor_pos` in the flat list.
    pub fn actor(&self, actor_pos: usize) -> Option<Arc<AnalyzedActor>> {
        self.files
            .iter()
            .flat_map(|open| open.actors.iter())
            .nth(actor_pos)
            .cloned()
    }

    /// Every actor of every file, in the order of [`Session::actor_entries`].
    pub fn actors(&self) -> Vec<Arc<AnalyzedActor>> {
        self.files
            .iter()
            .flat_map(|open| open.actors.iter().cloned())
            .collect()
    }

    /// Every actor of every file, in order.
    pub fn actor_entries(&self) -> Vec<ActorEntry> {
        self.files
            .iter()
            .flat_map(|open| {
                open.actors
                    .iter()
                    .enumerate()
                    .map(move |(actor_idx, actor)| (open, actor_idx, actor))
            })
            .enumerate()
            .map(|(actor_pos, (open, actor_idx, actor))| ActorEntry {
                actor_pos,
                label: actor_label(open, actor_idx, actor),
                file_path: open.path.clone(),
                num_events: actor.report.num_events,
                is_verified: actor.report.is_verified(),
            })
            .collect()
    }
}

/// The actor's manifest name, else its id, else the file name (single-actor files) or `actor N`.
fn actor_label(open: &OpenFile, actor_idx: usize, actor: &AnalyzedActor) -> String {
    if let Some(name) = actor.chain.name.as_ref().filter(|name| !name.is_empty()) {
        return name.clone();
    }
    if let Some(id) = &actor.chain.id {
        return id.clone();
    }
    if open.actors.len() == 1 {
        let file_name = open.path.rsplit('/').next().unwrap_or(&open.path);
        return file_name.to_string();
    }
    format!("actor {actor_idx}")
}
