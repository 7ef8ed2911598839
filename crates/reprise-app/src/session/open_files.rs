//! `Session`: the files that are open, the live feed's actors, and the flat list of actors
//! they hold, each under its stable [`ActorKey`].
//!
//! Plain data, no signals: the web app's `DebuggerState` wraps it in a signal. Invariants:
//! the demo is never open together with a real file (opening a real file closes it); every
//! open actor has one key, unique in the session, given when it is opened and kept until it
//! is closed; a live feed's actors are one [`OpenFile`] whose origin is that feed.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use reprise_chain::{AnalyzedActor, AnalyzedFile, InputFormat};

use crate::session::{ActorKey, Selection};

/// Where an open file's actors come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileOrigin {
    /// A file the user opened (dropped, picked, or fetched from a URL).
    Opened,
    /// The built-in demo.
    Demo,
    /// A live feed: `reprise serve`'s `/ws` URL.
    LiveFeed {
        /// The feed's WebSocket URL.
        feed_url: String,
    },
}

/// One open actor.
#[derive(Debug, Clone)]
pub struct OpenActor {
    /// Its stable name in the session.
    pub key: ActorKey,
    /// Its chain and analysis; shared so signals never copy the events.
    pub analyzed: Arc<AnalyzedActor>,
}

/// One open file.
#[derive(Debug, Clone)]
pub struct OpenFile {
    /// The name or URL it was opened as (the feed URL for a live feed).
    pub path: String,
    /// Its layout.
    pub format: InputFormat,
    /// Where it comes from.
    pub origin: FileOrigin,
    /// Its actors.
    pub actors: Vec<OpenActor>,
}

impl OpenFile {
    /// Whether this is the built-in demo.
    pub fn is_demo(&self) -> bool {
        self.origin == FileOrigin::Demo
    }

    /// The feed URL when this is a live feed's actors.
    pub fn feed_url(&self) -> Option<&str> {
        match &self.origin {
            FileOrigin::LiveFeed { feed_url } => Some(feed_url),
            FileOrigin::Opened | FileOrigin::Demo => None,
        }
    }
}

/// One actor as listed in the actor selector.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ActorEntry {
    /// Its stable name; what the selection, the URL and replay sessions refer to.
    pub key: ActorKey,
    /// Name, id or `actor N`.
    pub label: String,
    /// The file it came from (the feed URL for a live feed).
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
    /// Adds an analysed file and returns the key of its first actor. Adding a real file
    /// closes the demo; a demo that finishes loading after a real file is dropped (`None`),
    /// and so is a file with no actors.
    pub fn add_file(&mut self, file: AnalyzedFile, is_demo: bool) -> Option<ActorKey> {
        if is_demo && self.files.iter().any(|open| !open.is_demo()) {
            return None;
        }
        if !is_demo {
            self.files.retain(|open| !open.is_demo());
        }
        let origin = if is_demo {
            FileOrigin::Demo
        } else {
            FileOrigin::Opened
        };
        let actors = self.keyed(&file.path, file.actors.into_iter().map(Arc::new), None);
        let first_key = actors.first().map(|actor| actor.key.clone());
        self.files.push(OpenFile {
            path: file.path,
            format: file.format,
            origin,
            actors,
        });
        first_key
    }

    /// Shows `actors` as the live feed `feed_url`'s: replaces that feed's actors (an actor
    /// already shown keeps its key), or adds the feed (closing the demo). Returns the first
    /// actor's key when the feed is new.
    pub fn set_live_actors(
        &mut self,
        feed_url: &str,
        actors: Vec<Arc<AnalyzedActor>>,
    ) -> Option<ActorKey> {
        let feed_pos = self
            .files
            .iter()
            .position(|open| open.feed_url() == Some(feed_url));
        if let Some(feed_pos) = feed_pos {
            let previous = std::mem::take(&mut self.files[feed_pos].actors);
            let keyed = self.keyed(feed_url, actors.into_iter(), Some(&previous));
            self.files[feed_pos].actors = keyed;
            return None;
        }
        self.files.retain(|open| !open.is_demo());
        let keyed = self.keyed(feed_url, actors.into_iter(), None);
        let first_key = keyed.first().map(|actor| actor.key.clone());
        self.files.push(OpenFile {
            path: feed_url.to_string(),
            format: InputFormat::Bundle,
            origin: FileOrigin::LiveFeed {
                feed_url: feed_url.to_string(),
            },
            actors: keyed,
        });
        first_key
    }

    /// Closes the file at `file_pos` (in opening order); the other actors keep their keys.
    pub fn close_file(&mut self, file_pos: usize) -> Option<OpenFile> {
        (file_pos < self.files.len()).then(|| self.files.remove(file_pos))
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
        self.files.iter().any(OpenFile::is_demo)
    }

    /// Number of actors over all files.
    pub fn num_actors(&self) -> usize {
        self.files.iter().map(|open| open.actors.len()).sum()
    }

    /// The actor named `key`.
    pub fn actor(&self, key: &ActorKey) -> Option<Arc<AnalyzedActor>> {
        self.open_actor(key)
            .map(|(_, actor)| Arc::clone(&actor.analyzed))
    }

    /// The file holding the actor named `key`.
    pub fn file_of(&self, key: &ActorKey) -> Option<&OpenFile> {
        self.open_actor(key).map(|(open, _)| open)
    }

    /// The first actor of the session, if any (what is shown when nothing is selected).
    pub fn first_key(&self) -> Option<ActorKey> {
        self.open_actors()
            .next()
            .map(|(_, actor)| actor.key.clone())
    }

    /// The key of the actor `selection` shows: the one it names, else the first actor.
    pub fn shown_key(&self, selection: &Selection) -> Option<ActorKey> {
        match &selection.actor {
            Some(key) => Some(key.clone()),
            None => self.first_key(),
        }
    }

    /// Whether an actor named `key` is open.
    pub fn contains(&self, key: &ActorKey) -> bool {
        self.open_actor(key).is_some()
    }

    /// Every actor of every file, in the order of [`Session::actor_entries`].
    pub fn actors(&self) -> Vec<Arc<AnalyzedActor>> {
        self.open_actors()
            .map(|(_, actor)| Arc::clone(&actor.analyzed))
            .collect()
    }

    /// Every actor's key, in the order of [`Session::actor_entries`].
    pub fn keys(&self) -> Vec<ActorKey> {
        self.open_actors()
            .map(|(_, actor)| actor.key.clone())
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
                    .map(move |(actor_idx, actor)| ActorEntry {
                        key: actor.key.clone(),
                        label: actor_label(open, actor_idx, &actor.analyzed),
                        file_path: open.path.clone(),
                        num_events: actor.analyzed.report.num_events,
                        is_verified: actor.analyzed.report.is_verified(),
                    })
            })
            .collect()
    }

    fn open_actors(&self) -> impl Iterator<Item = (&OpenFile, &OpenActor)> {
        self.files
            .iter()
            .flat_map(|open| open.actors.iter().map(move |actor| (open, actor)))
    }

    fn open_actor(&self, key: &ActorKey) -> Option<(&OpenFile, &OpenActor)> {
        self.open_actors().find(|(_, actor)| &actor.key == key)
    }

    /// Gives each of a new file's actors its key: the key it had in `previous` (a live feed
    /// replacing its actors), else its base key made unique in the session. Linear in the
    /// session's actors: the keys taken and the previous keys by actor id are looked up in
    /// hash tables (a live feed re-keys all its actors on every update).
    fn keyed(
        &self,
        file_path: &str,
        actors: impl Iterator<Item = Arc<AnalyzedActor>>,
        previous: Option<&[OpenActor]>,
    ) -> Vec<OpenActor> {
        let mut taken: HashSet<ActorKey> = self
            .open_actors()
            .map(|(_, actor)| actor.key.clone())
            .collect();
        let mut previous_by_id: HashMap<&str, &ActorKey> = HashMap::new();
        for old in previous.unwrap_or_default() {
            if let Some(id) = old.analyzed.chain.id.as_deref() {
                // The first actor with that id keeps its key, as a linear search would find.
                previous_by_id.entry(id).or_insert(&old.key);
            }
        }
        let mut keyed: Vec<OpenActor> = Vec::new();
        for (actor_idx, analyzed) in actors.enumerate() {
            let actor_id = analyzed.chain.id.as_deref();
            let kept = actor_id
                .and_then(|id| previous_by_id.get(id))
                .map(|key| (*key).clone());
            let key = kept.unwrap_or_else(|| {
                let base = ActorKey::base(actor_id, file_path, actor_idx);
                ActorKey::unique(base, |candidate| taken.contains(candidate))
            });
            taken.insert(key.clone());
            keyed.push(OpenActor { key, analyzed });
        }
        keyed
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
