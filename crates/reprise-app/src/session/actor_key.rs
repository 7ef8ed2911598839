//! `ActorKey`: the stable name of one open actor, and its URL-fragment form.
//!
//! An actor is its Theater id where the recording names one (bundles, capture logs, live
//! feeds, `<uuid>.chain.json` files); otherwise it is named by its file and its position in
//! that file (`runtime-test.chain.json#0`). A key is given once, when the actor is opened, and
//! never changes while the actor stays open: opening, closing or reordering other files moves
//! nobody's selection, replay session or assigned module to another actor. When the same
//! actor is open twice (a bundle and one of its replay files), the later copy gets a suffix
//! (`<uuid>~2`), so keys stay unique within a session.

use crate::share::{escape_value, unescape_value};
use std::fmt;

/// The stable name of one open actor.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActorKey(String);

impl ActorKey {
    /// The key an actor would have with nothing else open: its Theater id, else its file
    /// and its position in that file.
    pub fn base(actor_id: Option<&str>, file_path: &str, actor_idx: usize) -> Self {
        match actor_id.filter(|id| !id.is_empty()) {
            Some(id) => Self(id.to_string()),
            None => Self(format!("{file_path}#{actor_idx}")),
        }
    }

    /// `base`, made unique among `taken` by a `~2`, `~3`, … suffix.
    pub fn unique(base: Self, is_taken: impl Fn(&ActorKey) -> bool) -> Self {
        if !is_taken(&base) {
            return base;
        }
        (2u32..)
            .map(|copy| Self(format!("{}~{copy}", base.0)))
            .find(|key| !is_taken(key))
            .unwrap_or(base)
    }

    /// A key read back from a link, as it was written.
    pub fn from_text(text: &str) -> Self {
        Self(text.to_string())
    }

    /// The key as text (what links carry).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key escaped for a URL fragment value: every byte outside unreserved characters
    /// (and `:`, `/`, `@`, `~`) as `%XX`, so `&`, `=` and `#` in file names cannot split it.
    pub fn to_fragment_value(&self) -> String {
        escape_value(&self.0)
    }

    /// Reads a value written by [`ActorKey::to_fragment_value`] (any `%XX` escapes); `None`
    /// for a broken escape, bytes that are not UTF-8, or an empty key.
    pub fn from_fragment_value(value: &str) -> Option<Self> {
        let text = unescape_value(value)?;
        (!text.is_empty()).then_some(Self(text))
    }
}

impl fmt::Display for ActorKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}
