//! A run's event log turned into Reprise actor chains: each actor's events in arrival order,
//! with its id, parent, manifest, initial state and module.
//!
//! Invariant: nothing here is guessed. Parents and initial states come from the parents'
//! recorded spawn events ([`SpawnRecord`]); an actor that is neither the given root nor named
//! by a spawn output is an error.

use std::collections::HashMap;

use anyhow::{anyhow, bail, Context, Result};
use reprise_chain::ActorChain;
use theater::pack_bridge::{encode_value, Value};
use theater::{ManifestConfig, TheaterId};

use crate::event_log::ActorEvent;
use crate::sample_actor::SampleActor;
use crate::staged_actors::{StagedActor, StagedActors};
use reprise_recorder::SpawnRecord;

/// The top-level actor of a run, which no chain names.
pub struct RootActor<'v> {
    /// Its id.
    pub id: TheaterId,
    /// Which sample actor it is.
    pub actor: SampleActor,
    /// The state the host gave its `init`.
    pub initial_state: &'v Value,
}

/// One [`ActorChain`] per actor in `events`, in order of each actor's first event.
pub fn actor_chains(
    events: &[ActorEvent],
    root: &RootActor<'_>,
    staged: &StagedActors,
) -> Result<Vec<ActorChain>> {
    let mut order = Vec::new();
    let mut events_by_actor: HashMap<TheaterId, Vec<reprise_chain::ChainEvent>> = HashMap::new();
    let mut spawns: HashMap<TheaterId, (TheaterId, SpawnRecord)> = HashMap::new();
    for (actor, event) in events {
        if let Some(spawn) = SpawnRecord::from_event(event) {
            spawns.insert(spawn.child, (*actor, spawn));
        }
        events_by_actor
            .entry(*actor)
            .or_insert_with(|| {
                order.push(*actor);
                Vec::new()
            })
            .push(reprise_chain::ChainEvent {
                hash: event.hash.clone(),
                parent_hash: event.parent_hash.clone(),
                event_type: event.event_type.clone(),
                data: event.data.clone(),
                legacy: None,
            });
    }

    order
        .into_iter()
        .map(|id| {
            let events = events_by_actor.remove(&id).unwrap_or_default();
            if id == root.id {
                let staged_root = staged.actor(root.actor)?;
                return actor_chain(id, None, staged_root, root.initial_state, events);
            }
            let (parent, spawn) = spawns
                .get(&id)
                .ok_or_else(|| anyhow!("actor {id} is not the root and no spawn names it"))?;
            let (_, staged_child) =
                staged.by_manifest_ref(&spawn.manifest_ref).ok_or_else(|| {
                    anyhow!(
                        "actor {id} was spawned from {:?}, which is not a staged actor",
                        spawn.manifest_ref
                    )
                })?;
            let manifest = parse_manifest(staged_child)?;
            let initial_state = spawn.child_initial_state(&manifest);
            actor_chain(id, Some(*parent), staged_child, &initial_state, events)
        })
        .collect()
}

fn actor_chain(
    id: TheaterId,
    parent: Option<TheaterId>,
    staged: &StagedActor,
    initial_state: &Value,
    events: Vec<reprise_chain::ChainEvent>,
) -> Result<ActorChain> {
    let manifest = parse_manifest(staged)?;
    let initial_state =
        encode_value(initial_state).with_context(|| format!("cannot encode {id}'s state"))?;
    if events.is_empty() {
        bail!("actor {id} has no events");
    }
    Ok(ActorChain {
        id: Some(id.to_string()),
        name: Some(manifest.name),
        parent: parent.map(|parent| parent.to_string()),
        manifest: Some(staged.manifest_text.clone()),
        initial_state: Some(initial_state),
        wasm_sha256: Some(staged.wasm_sha256()),
        wasm: Some(staged.wasm.clone()),
        events,
    })
}

fn parse_manifest(staged: &StagedActor) -> Result<ManifestConfig> {
    ManifestConfig::from_toml_str(&staged.manifest_text)
        .map_err(|err| anyhow!("invalid manifest {}: {err}", staged.manifest_ref))
}
