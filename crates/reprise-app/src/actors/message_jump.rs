//! `MessageJump`: where "go to effect" and "go to cause" lead from the selected event, using
//! the core's [`MessageLinks`] over every open actor.

use reprise_chain::{ActorChain, MessageLinks};

use crate::{ActorKey, Selection, Session};

/// The message links over every open actor, with the key of each chain they index.
#[derive(Debug, Clone, Default)]
pub struct SessionLinks {
    links: MessageLinks,
    /// `keys[i]` names the actor of chain `i` of `links`.
    keys: Vec<ActorKey>,
}

impl SessionLinks {
    /// The links over every open actor of `session`.
    pub fn of(session: &Session) -> Self {
        let actors = session.actors();
        let chains: Vec<&ActorChain> = actors.iter().map(|actor| &actor.chain).collect();
        Self {
            links: MessageLinks::build(&chains),
            keys: session.keys(),
        }
    }

    /// The core's links; chain indices are positions in the session's actor list.
    pub fn links(&self) -> &MessageLinks {
        &self.links
    }

    fn selection_at(&self, (chain_idx, event_idx): (usize, usize)) -> Option<Selection> {
        let key = self.keys.get(chain_idx)?;
        Some(Selection::event(key.clone(), event_idx))
    }
}

/// The other end of a message, seen from one event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageJump {
    /// For a `send`: the `handle-send` it caused.
    pub effect: Option<Selection>,
    /// For a `handle-send`: the `send` that caused it.
    pub cause: Option<Selection>,
}

impl MessageJump {
    /// The jumps from `selection` (none when no actor or no event is selected).
    pub fn of(links: &SessionLinks, selection: &Selection) -> Self {
        let (Some(key), Some(event_idx)) = (&selection.actor, selection.event_idx) else {
            return Self::default();
        };
        let Some(chain_idx) = links.keys.iter().position(|candidate| candidate == key) else {
            return Self::default();
        };
        let here = (chain_idx, event_idx);
        Self {
            effect: links
                .links
                .effect_of(here)
                .and_then(|there| links.selection_at(there)),
            cause: links
                .links
                .cause_of(here)
                .and_then(|there| links.selection_at(there)),
        }
    }
}
