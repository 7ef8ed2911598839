//! `SupervisionTree`: who spawned whom, and how each actor ended, rebuilt from several chains
//! (spec §7).
//!
//! Edges come from the parent's `…/supervisor/spawn` and `…/supervisor/resume` host events
//! whose output is `ok("<child uuid>")`; a bundle's `parent` field is only a fallback. Statuses
//! come first from the parent's `supervisor-handlers.handle-child-*` calls (the last one wins),
//! else from how the child's own chain ends. Children named only by a spawn output (no chain
//! loaded) are listed as [`ActorStatus::NotRecorded`].
//!
//! Events are read by `theater_payload` ([`SpawnCall`], [`ChildNotice`]). Cost: only events
//! that can matter are decoded (spawn/resume host events, and `wasm` events whose bytes name a
//! `handle-child-` export); every other event costs one byte search.

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};

use crate::actor_chain::ActorChain;
use crate::event::ChainEvent;
use crate::event_kind::EventKind;
use crate::interpret::interpret_event;
use crate::theater_payload::{ChildEnding, ChildNotice, SpawnCall};

/// How an actor's life stands, as far as the loaded chains tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActorStatus {
    /// Nothing says it ended.
    Running,
    /// It shut itself down (`handle-child-exit`, or a `runtime/shutdown` host call).
    Exited,
    /// A call failed (`handle-child-error`, or a `wasm-error` right before `shutdown`).
    Failed,
    /// It was stopped from outside (`handle-child-external-stop`, or a final `shutdown`).
    Stopped,
    /// Only a parent's spawn output names it; its chain is not loaded.
    NotRecorded,
}

impl ActorStatus {
    /// A stable short name, used in CSS classes, test ids and the UI.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Exited => "exited",
            Self::Failed => "failed",
            Self::Stopped => "stopped",
            Self::NotRecorded => "not-recorded",
        }
    }

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::NotRecorded => "not recorded",
            other => other.as_str(),
        }
    }
}

/// One actor in the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupervisionNode {
    /// Theater actor id, or `None` for a chain loaded without one.
    pub actor_id: Option<String>,
    /// Position of its chain in the input slice; `None` when it is not recorded.
    pub chain_idx: Option<usize>,
    /// Manifest name, when known.
    pub name: Option<String>,
    /// The parent's id, when known.
    pub parent_id: Option<String>,
    /// Nesting depth: 0 for roots.
    pub depth: usize,
    /// How its life stands.
    pub status: ActorStatus,
    /// Events in its chain (0 when not recorded).
    pub num_events: usize,
    /// Index of the spawn (or resume) event in the parent's chain, when one names it.
    pub spawn_event_idx: Option<usize>,
}

/// Every actor, depth-first: each root followed by its descendants, children in spawn order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SupervisionTree {
    /// The nodes in display order.
    pub nodes: Vec<SupervisionNode>,
}

impl SupervisionTree {
    /// Builds the tree of `chains` (spec §7, reconstruction recipe). Takes owned chains or
    /// references, so callers holding shared actors need not copy events.
    pub fn build<C: Borrow<ActorChain>>(chains: &[C]) -> Self {
        let chains: Vec<&ActorChain> = chains.iter().map(Borrow::borrow).collect();
        let keys: Vec<String> = chains
            .iter()
            .enumerate()
            .map(|(chain_idx, chain)| chain_key(chain_idx, chain))
            .collect();
        let mut children: BTreeMap<String, Vec<(String, usize)>> = BTreeMap::new();
        let mut parent_of: BTreeMap<String, (String, usize)> = BTreeMap::new();
        let mut notified: BTreeMap<String, ActorStatus> = BTreeMap::new();
        for (chain, key) in chains.iter().zip(&keys) {
            for (event_idx, event) in chain.events.iter().enumerate() {
                match supervision_fact(event) {
                    Some(Fact::Spawned(child)) => {
                        if parent_of.contains_key(&child) {
                            continue;
                        }
                        parent_of.insert(child.clone(), (key.clone(), event_idx));
                        children
                            .entry(key.clone())
                            .or_default()
                            .push((child, event_idx));
                    }
                    Some(Fact::Notified(child, status)) => {
                        notified.insert(child, status);
                    }
                    None => {}
                }
            }
        }
        // The bundle's `parent` field is a fallback for children no spawn output names.
        for (chain, key) in chains.iter().zip(&keys) {
            let Some(parent) = &chain.parent else {
                continue;
            };
            if parent_of.contains_key(key) || parent == key {
                continue;
            }
            parent_of.insert(key.clone(), (parent.clone(), usize::MAX));
            children
                .entry(parent.clone())
                .or_default()
                .push((key.clone(), usize::MAX));
        }
        let chain_idx_of: BTreeMap<&str, usize> = keys
            .iter()
            .enumerate()
            .map(|(chain_idx, key)| (key.as_str(), chain_idx))
            .collect();
        let mut builder = Builder {
            chains: &chains,
            chain_idx_of,
            children,
            parent_of,
            notified,
            visited: BTreeSet::new(),
            nodes: Vec::new(),
        };
        for key in &keys {
            let is_root = builder
                .parent_of
                .get(key)
                .is_none_or(|(parent, _)| !builder.chain_idx_of.contains_key(parent.as_str()));
            if is_root {
                builder.visit(key, 0);
            }
        }
        // Cycles (hostile input) leave actors unvisited; list them as roots so none is lost.
        for key in &keys {
            builder.visit(key, 0);
        }
        Self {
            nodes: builder.nodes,
        }
    }

    /// The node of the actor with this id.
    pub fn node(&self, actor_id: &str) -> Option<&SupervisionNode> {
        self.nodes
            .iter()
            .find(|node| node.actor_id.as_deref() == Some(actor_id))
    }
}

/// What one event says about supervision.
enum Fact {
    /// A spawn or resume returned this child id.
    Spawned(String),
    /// The parent was told how a child ended.
    Notified(String, ActorStatus),
}

fn supervision_fact(event: &ChainEvent) -> Option<Fact> {
    if let Some(spawn) = SpawnCall::of_event(event) {
        return Some(Fact::Spawned(spawn.child_id));
    }
    let notice = ChildNotice::of_event(event)?;
    let status = match notice.ending {
        ChildEnding::Exited => ActorStatus::Exited,
        ChildEnding::Failed => ActorStatus::Failed,
        ChildEnding::Stopped => ActorStatus::Stopped,
    };
    Some(Fact::Notified(notice.child_id, status))
}

/// The chain's own status, from how it ends (used when no parent says otherwise).
fn status_from_chain(chain: &ActorChain) -> ActorStatus {
    let Some(last) = chain.events.last() else {
        return ActorStatus::Running;
    };
    if interpret_event(last).kind == EventKind::Shutdown {
        let before = chain
            .events
            .len()
            .checked_sub(2)
            .map(|idx| &chain.events[idx]);
        let is_error =
            before.is_some_and(|event| interpret_event(event).kind == EventKind::ExportError);
        return if is_error {
            ActorStatus::Failed
        } else {
            ActorStatus::Stopped
        };
    }
    let called_shutdown = chain
        .events
        .iter()
        .any(|event| event.event_type == "theater:simple/runtime/shutdown");
    if called_shutdown {
        ActorStatus::Exited
    } else {
        ActorStatus::Running
    }
}

fn chain_key(chain_idx: usize, chain: &ActorChain) -> String {
    match &chain.id {
        Some(id) => id.clone(),
        // Not a UUID, so it never collides with a spawn output.
        None => format!("#chain {chain_idx}"),
    }
}

struct Builder<'a> {
    chains: &'a [&'a ActorChain],
    chain_idx_of: BTreeMap<&'a str, usize>,
    children: BTreeMap<String, Vec<(String, usize)>>,
    parent_of: BTreeMap<String, (String, usize)>,
    notified: BTreeMap<String, ActorStatus>,
    visited: BTreeSet<String>,
    nodes: Vec<SupervisionNode>,
}

impl Builder<'_> {
    fn visit(&mut self, key: &str, depth: usize) {
        if !self.visited.insert(key.to_string()) {
            return;
        }
        let chain_idx = self.chain_idx_of.get(key).copied();
        let chain = chain_idx.map(|chain_idx| self.chains[chain_idx]);
        let parent = self.parent_of.get(key);
        let status = match (self.notified.get(key), chain) {
            (Some(status), Some(_)) => *status,
            (_, Some(chain)) => status_from_chain(chain),
            (_, None) => ActorStatus::NotRecorded,
        };
        self.nodes.push(SupervisionNode {
            actor_id: chain.map_or(Some(key.to_string()), |chain| chain.id.clone()),
            chain_idx,
            name: chain.and_then(|chain| chain.name.clone()),
            parent_id: parent.map(|(parent, _)| parent.clone()),
            depth,
            status,
            num_events: chain.map_or(0, |chain| chain.events.len()),
            spawn_event_idx: parent
                .map(|(_, event_idx)| *event_idx)
                .filter(|event_idx| *event_idx != usize::MAX),
        });
        let children = self.children.get(key).cloned().unwrap_or_default();
        for (child, _) in children {
            self.visit(&child, depth + 1);
        }
    }
}
