//! `CaptureRecorder`: turns the runtime's global subscription, as it arrives, into the records
//! of the durable log: one actor record per actor (id, name, parent, manifest, initial state,
//! module hash), then that actor's events.
//!
//! Invariants:
//! - an actor's record is emitted before any of its events, so a live client can place the
//!   actor in the supervision tree when its first event arrives. A child's first events (its
//!   `init`) reach the subscription before the parent's `supervisor/spawn` event that names
//!   it, so events of an actor not yet identified are held back until the spawn event (or,
//!   for the root, the runtime's answer to the spawn command) identifies it;
//! - held-back events are never lost: an actor nobody identifies within a bounded wait (a
//!   `spawn-and-wait` child, say) gets a bare record (its id only) and its events, and a
//!   fuller record later if it is identified after all;
//! - each actor's events keep their arrival order.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::Duration;

use reprise_store::{ActorInfo, ModuleStore, RecordBody};
use theater::chain::ChainEvent;
use theater::pack_bridge::{encode_value, Value};
use theater::TheaterId;
use tokio::time::Instant;

use crate::actor_source::ActorSource;
use crate::spawn_record::SpawnRecord;

/// The recorder's state between batches.
pub struct CaptureRecorder {
    modules: ModuleStore,
    recorded: HashSet<TheaterId>,
    held: HashMap<TheaterId, HeldActor>,
    num_events: u64,
    warnings: Vec<String>,
}

/// Events of an actor not identified yet.
struct HeldActor {
    first_seen: Instant,
    events: Vec<reprise_chain::ChainEvent>,
}

impl CaptureRecorder {
    /// A recorder whose modules are stored in `capture_dir` (`modules/<sha256>.wasm`, through
    /// the store's [`ModuleStore`]).
    pub fn new(capture_dir: PathBuf) -> Self {
        Self {
            modules: ModuleStore::new(&capture_dir),
            recorded: HashSet::new(),
            held: HashMap::new(),
            num_events: 0,
            warnings: Vec::new(),
        }
    }

    /// Takes one event of `actor`; returns the records it releases, in order. A successful
    /// `supervisor/spawn` identifies the child: its record and held events are released too.
    pub fn record_event(
        &mut self,
        actor: TheaterId,
        event: &ChainEvent,
        now: Instant,
    ) -> Vec<RecordBody> {
        self.num_events += 1;
        let core_event = reprise_chain::ChainEvent {
            hash: event.hash.clone(),
            parent_hash: event.parent_hash.clone(),
            event_type: event.event_type.clone(),
            data: event.data.clone(),
            legacy: None,
        };
        let mut bodies = Vec::new();
        if self.recorded.contains(&actor) {
            bodies.push(event_body(actor, core_event));
        } else {
            self.held
                .entry(actor)
                .or_insert_with(|| HeldActor {
                    first_seen: now,
                    events: Vec::new(),
                })
                .events
                .push(core_event);
        }
        if let Some(spawn) = SpawnRecord::from_event(event) {
            let info = self.child_info(actor, &spawn);
            bodies.extend(self.identify(spawn.child, info));
        }
        bodies
    }

    /// Records what `actor` is: its record, then any events held back for it. Repeating it with
    /// different metadata emits an updated record.
    pub fn identify(&mut self, actor: TheaterId, info: ActorInfo) -> Vec<RecordBody> {
        let mut bodies = vec![RecordBody::Actor(info)];
        if let Some(held) = self.held.remove(&actor) {
            bodies.extend(
                held.events
                    .into_iter()
                    .map(|event| event_body(actor, event)),
            );
        }
        self.recorded.insert(actor);
        bodies
    }

    /// A top-level actor's record, from the source it was started with.
    pub fn top_level_info(
        &mut self,
        root: TheaterId,
        source: &ActorSource,
        initial_state: &Value,
    ) -> ActorInfo {
        ActorInfo {
            name: Some(source.manifest.name.clone()),
            manifest: Some(source.manifest_ref.clone()),
            initial_state: encoded(initial_state),
            wasm_sha256: self.stored_module(root, &source.wasm),
            ..bare_info(root)
        }
    }

    /// Releases, with a bare record, every actor held back for longer than `max_wait`.
    pub fn release_overdue(&mut self, now: Instant, max_wait: Duration) -> Vec<RecordBody> {
        let overdue: Vec<TheaterId> = self
            .held
            .iter()
            .filter(|(_, held)| now.duration_since(held.first_seen) >= max_wait)
            .map(|(actor, _)| *actor)
            .collect();
        self.release(overdue)
    }

    /// Releases every actor still held back (at the end of a run).
    pub fn release_all(&mut self) -> Vec<RecordBody> {
        let held: Vec<TheaterId> = self.held.keys().copied().collect();
        self.release(held)
    }

    /// Actors with a record so far.
    pub fn num_actors(&self) -> usize {
        self.recorded.len()
    }

    /// Events taken so far (released or held).
    pub fn num_events(&self) -> u64 {
        self.num_events
    }

    /// What went wrong describing actors since the last call (the actors are still recorded,
    /// with what could be read).
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    fn release(&mut self, mut actors: Vec<TheaterId>) -> Vec<RecordBody> {
        // In order of first sight, so a release is as deterministic as the arrivals were.
        actors.sort_by_key(|actor| self.held.get(actor).map(|held| held.first_seen));
        actors
            .into_iter()
            .flat_map(|actor| self.identify(actor, bare_info(actor)))
            .collect()
    }

    /// The child's record: parent and manifest from the spawn event; name, initial state and
    /// module from the manifest and module Theater resolved.
    fn child_info(&mut self, parent: TheaterId, spawn: &SpawnRecord) -> ActorInfo {
        let mut info = ActorInfo {
            parent: Some(parent.to_string()),
            manifest: Some(spawn.manifest_ref.clone()),
            ..bare_info(spawn.child)
        };
        let source = match ActorSource::load_child(spawn) {
            Ok(source) => source,
            Err(err) => {
                self.warnings.push(format!(
                    "actor {}: recorded without its module: {err:#}",
                    spawn.child
                ));
                info.initial_state = spawn.init_state.as_ref().and_then(encoded);
                return info;
            }
        };
        info.name = Some(source.manifest.name.clone());
        info.initial_state = encoded(&spawn.child_initial_state(&source.manifest));
        info.wasm_sha256 = self.stored_module(spawn.child, &source.wasm);
        info
    }

    fn stored_module(&mut self, actor: TheaterId, wasm: &[u8]) -> Option<String> {
        match self.modules.store(wasm) {
            Ok(sha256_hex) => Some(sha256_hex),
            Err(err) => {
                self.warnings
                    .push(format!("actor {actor}: module not stored: {err}"));
                None
            }
        }
    }
}

fn bare_info(actor: TheaterId) -> ActorInfo {
    ActorInfo {
        id: actor.to_string(),
        name: None,
        parent: None,
        manifest: None,
        initial_state: None,
        wasm_sha256: None,
    }
}

fn event_body(actor: TheaterId, event: reprise_chain::ChainEvent) -> RecordBody {
    RecordBody::Event {
        actor_id: actor.to_string(),
        event,
    }
}

fn encoded(state: &Value) -> Option<Vec<u8>> {
    encode_value(state).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(seed: u8) -> ChainEvent {
        ChainEvent {
            hash: vec![seed; 20],
            parent_hash: None,
            event_type: "wasm".into(),
            data: vec![seed],
        }
    }

    fn recorder() -> CaptureRecorder {
        CaptureRecorder::new(std::env::temp_dir().join("reprise-capture-recorder-unused"))
    }

    /// `A` for an actor record of `id`, `E<seed>` for an event, in order.
    fn shape(bodies: &[RecordBody]) -> Vec<String> {
        bodies
            .iter()
            .map(|body| match body {
                RecordBody::Actor(info) => format!("A{}", info.name.as_deref().unwrap_or("-")),
                RecordBody::Event { event, .. } => format!("E{}", event.data[0]),
            })
            .collect()
    }

    fn named(actor: TheaterId, name: &str) -> ActorInfo {
        ActorInfo {
            name: Some(name.into()),
            ..bare_info(actor)
        }
    }

    #[test]
    fn events_of_an_unidentified_actor_wait_for_its_record() {
        let mut recorder = recorder();
        let actor = TheaterId::generate();
        let now = Instant::now();
        assert!(recorder.record_event(actor, &event(1), now).is_empty());
        assert!(recorder.record_event(actor, &event(2), now).is_empty());
        let released = recorder.identify(actor, named(actor, "root"));
        assert_eq!(shape(&released), ["Aroot", "E1", "E2"]);
        assert_eq!(shape(&recorder.record_event(actor, &event(3), now)), ["E3"]);
        assert_eq!((recorder.num_actors(), recorder.num_events()), (1, 3));
    }

    #[test]
    fn an_actor_nobody_identifies_gets_a_bare_record_after_the_wait_and_a_full_one_later() {
        let mut recorder = recorder();
        let actor = TheaterId::generate();
        let first_seen = Instant::now();
        let max_wait = Duration::from_secs(2);
        recorder.record_event(actor, &event(1), first_seen);
        let early = first_seen + Duration::from_secs(1);
        assert!(recorder.release_overdue(early, max_wait).is_empty());
        let late = first_seen + max_wait;
        assert_eq!(
            shape(&recorder.release_overdue(late, max_wait)),
            ["A-", "E1"]
        );
        assert_eq!(
            shape(&recorder.record_event(actor, &event(2), late)),
            ["E2"]
        );
        assert_eq!(
            shape(&recorder.identify(actor, named(actor, "child"))),
            ["Achild"]
        );
    }

    #[test]
    fn the_end_of_a_run_releases_held_actors_in_order_of_first_sight() {
        let mut recorder = recorder();
        let (first, second) = (TheaterId::generate(), TheaterId::generate());
        let now = Instant::now();
        recorder.record_event(second, &event(2), now + Duration::from_millis(1));
        recorder.record_event(first, &event(1), now);
        let released = recorder.release_all();
        let order: Vec<&str> = released
            .iter()
            .map(|body| match body {
                RecordBody::Actor(info) => info.id.as_str(),
                RecordBody::Event { actor_id, .. } => actor_id.as_str(),
            })
            .collect();
        let (first, second) = (first.to_string(), second.to_string());
        assert_eq!(order, [&first, &first, &second, &second]);
        assert!(recorder.release_all().is_empty());
    }
}
