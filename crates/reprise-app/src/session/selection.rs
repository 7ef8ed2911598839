//! `Selection`: which actor and event are shown, and its URL fragment form
//! (`#actor=0&event=5`) so a link reopens the same event.

/// The selected actor (position in the session's actor list) and event (index in its chain).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Selection {
    /// Position in [`crate::Session::actor_entries`].
    pub actor_pos: usize,
    /// Index of the selected event in the actor's chain.
    pub event_idx: Option<usize>,
}

impl Selection {
    /// Following the tail of a growing chain: when the shown actor grew from `num_before` to
    /// `num_after` events and its last event (or none) was selected, the new last event to
    /// select; `None` when nothing grew or the user selected an earlier event (they stay there).
    pub fn follow_tail(self, num_before: usize, num_after: usize) -> Option<usize> {
        let is_at_tail = self
            .event_idx
            .is_none_or(|event_idx| event_idx + 1 >= num_before);
        (num_after > num_before && is_at_tail).then(|| num_after - 1)
    }

    /// The URL fragment, without `#`: `actor=0&event=5`, or `actor=0` with no event.
    pub fn to_fragment(self) -> String {
        match self.event_idx {
            Some(event_idx) => format!("actor={}&event={event_idx}", self.actor_pos),
            None => format!("actor={}", self.actor_pos),
        }
    }

    /// Reads a fragment written by [`Selection::to_fragment`] (a leading `#` is allowed).
    /// `None` when it names no actor and no event; unknown keys are ignored.
    pub fn from_fragment(fragment: &str) -> Option<Self> {
        let mut actor_pos = None;
        let mut event_idx = None;
        for pair in fragment.trim_start_matches('#').split('&') {
            let Some((key, value)) = pair.split_once('=') else {
                continue;
            };
            match key {
                "actor" => actor_pos = value.parse().ok(),
                "event" => event_idx = value.parse().ok(),
                _ => {}
            }
        }
        if actor_pos.is_none() && event_idx.is_none() {
            return None;
        }
        Some(Self {
            actor_pos: actor_pos.unwrap_or(0),
            event_idx,
        })
    }
}
