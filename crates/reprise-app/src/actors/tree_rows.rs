//! `TreeRow`: one line of the supervision tree panel, built from the core's
//! [`SupervisionTree`] over every open actor.
//!
//! Plain data: the panel only renders it. The tree is rebuilt when the session changes; it
//! decodes only spawn and `handle-child-*` events (see `reprise_chain::supervision`), so it
//! stays cheap on the main thread.

use reprise_chain::{ActorChain, ActorStatus, SupervisionTree};

use crate::{ActorKey, Session};

/// Deepest indentation step with its own CSS class; deeper nodes share it.
pub const MAX_INDENT_DEPTH: usize = 6;

/// One actor as the tree panel shows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TreeRow {
    /// The open actor's key, or `None` for an actor that is not recorded.
    pub actor: Option<ActorKey>,
    /// Theater actor id, when known.
    pub actor_id: Option<String>,
    /// Name, id or file name (as in the actor list), or the id of a not-recorded child.
    pub label: String,
    /// Nesting depth, 0 for roots.
    pub depth: usize,
    /// How its life stands.
    pub status: ActorStatus,
    /// Events in its chain.
    pub num_events: usize,
    /// Whether every hash and link holds (true for not-recorded actors: nothing to check).
    pub is_verified: bool,
    /// The file it came from (empty when not recorded).
    pub file_path: String,
}

impl TreeRow {
    /// The rows of every open actor, depth-first, children under their parent.
    pub fn of_session(session: &Session) -> Vec<Self> {
        let entries = session.actor_entries();
        let actors = session.actors();
        let chains: Vec<&ActorChain> = actors.iter().map(|actor| &actor.chain).collect();
        let tree = SupervisionTree::build(&chains);
        tree.nodes
            .into_iter()
            .map(|node| {
                let entry = node.chain_idx.and_then(|pos| entries.get(pos));
                let label = match (entry, &node.actor_id) {
                    (Some(entry), _) => entry.label.clone(),
                    (None, Some(actor_id)) => actor_id.clone(),
                    (None, None) => String::new(),
                };
                Self {
                    actor: entry.map(|entry| entry.key.clone()),
                    actor_id: node.actor_id,
                    label,
                    depth: node.depth,
                    status: node.status,
                    num_events: node.num_events,
                    is_verified: entry.is_none_or(|entry| entry.is_verified),
                    file_path: entry
                        .map(|entry| entry.file_path.clone())
                        .unwrap_or_default(),
                }
            })
            .collect()
    }

    /// `12 events`, or `not recorded`.
    pub fn events_text(&self) -> String {
        match self.actor {
            Some(_) => format!("{} events", self.num_events),
            None => "not recorded".to_string(),
        }
    }

    /// The node's classes: indentation by depth (capped) and a status modifier.
    pub fn node_class(&self) -> String {
        format!(
            "rp-tree__node rp-tree__node--depth-{} rp-tree__node--{}",
            self.depth.min(MAX_INDENT_DEPTH),
            self.status.as_str()
        )
    }

    /// The status badge's classes.
    pub fn badge_class(&self) -> String {
        format!("rp-tree__badge rp-tree__badge--{}", self.status.as_str())
    }
}
