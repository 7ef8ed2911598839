//! `Selection`: which actor and event are shown, and its URL fragment form
//! (`#actor=<key>&event=5`) so a link reopens the same event of the same actor, whatever
//! order the files are opened in.

use crate::session::ActorKey;

/// The selected actor (its stable key) and event (index in its chain).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// The shown actor; `None` shows the session's first actor.
    pub actor: Option<ActorKey>,
    /// Index of the selected event in the actor's chain.
    pub event_idx: Option<usize>,
}

impl Selection {
    /// Event `event_idx` of the actor named `key`.
    pub fn event(key: ActorKey, event_idx: usize) -> Self {
        Self {
            actor: Some(key),
            event_idx: Some(event_idx),
        }
    }

    /// The actor named `key`, no event selected.
    pub fn actor(key: ActorKey) -> Self {
        Self {
            actor: Some(key),
            event_idx: None,
        }
    }

    /// Following the tail of a growing chain: when the shown actor grew from `num_before` to
    /// `num_after` events and its last event (or none) was selected, the new last event to
    /// select; `None` when nothing grew or the user selected an earlier event (they stay there).
    pub fn follow_tail(&self, num_before: usize, num_after: usize) -> Option<usize> {
        let is_at_tail = self
            .event_idx
            .is_none_or(|event_idx| event_idx + 1 >= num_before);
        (num_after > num_before && is_at_tail).then(|| num_after - 1)
    }

    /// The URL fragment, without `#`: `actor=<key>&event=5`, `actor=<key>`, `event=5`, or
    /// empty; the key is escaped so no file name can split the fragment.
    pub fn to_fragment(&self) -> String {
        let actor = self
            .actor
            .as_ref()
            .map(|key| format!("actor={}", key.to_fragment_value()));
        let event = self.event_idx.map(|event_idx| format!("event={event_idx}"));
        [actor, event]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Reads a fragment written by [`Selection::to_fragment`] (a leading `#` is allowed).
    /// `None` when it names no actor and no event; unknown keys and unreadable values are
    /// ignored.
    pub fn from_fragment(fragment: &str) -> Option<Self> {
        let mut actor = None;
        let mut event_idx = None;
        for pair in fragment.trim_start_matches('#').split('&') {
            let Some((key, value)) = pair.split_once('=') else {
                continue;
            };
            match key {
                "actor" => actor = ActorKey::from_fragment_value(value),
                "event" => event_idx = value.parse().ok(),
                _ => {}
            }
        }
        if actor.is_none() && event_idx.is_none() {
            return None;
        }
        Some(Self { actor, event_idx })
    }
}
