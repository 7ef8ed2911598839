//! `MessageJump`: where "go to effect" and "go to cause" lead from the selected event, using
//! the core's [`MessageLinks`] over every open actor.

use reprise_chain::{ActorChain, MessageLinks};

use crate::{Selection, Session};

/// The other end of a message, seen from one event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MessageJump {
    /// For a `send`: the `handle-send` it caused.
    pub effect: Option<Selection>,
    /// For a `handle-send`: the `send` that caused it.
    pub cause: Option<Selection>,
}

impl MessageJump {
    /// The jumps from `selection` (none when no event is selected).
    pub fn of(links: &MessageLinks, selection: Selection) -> Self {
        let Some(event_idx) = selection.event_idx else {
            return Self::default();
        };
        let here = (selection.actor_pos, event_idx);
        let to_selection = |(actor_pos, event_idx): (usize, usize)| Selection {
            actor_pos,
            event_idx: Some(event_idx),
        };
        Self {
            effect: links.effect_of(here).map(to_selection),
            cause: links.cause_of(here).map(to_selection),
        }
    }
}

/// The links over every open actor; chain indices are session actor positions.
pub fn message_links_of(session: &Session) -> MessageLinks {
    let actors = session.actors();
    let chains: Vec<&ActorChain> = actors.iter().map(|actor| &actor.chain).collect();
    MessageLinks::build(&chains)
}
