//! `CopyLinkShortcut`: the key that copies the view's link — `l`, with no modifier, outside
//! text fields (like the other single-letter keys, `j`/`k`, which move in the timeline).
//!
//! A bare letter rather than a Ctrl/⌘ chord: chords collide with browser shortcuts that differ
//! by browser and platform, and a bare letter is what other viewers use for "copy permalink"
//! (GitHub's `y`). No other key of the app is `l`.

/// The key, as `KeyboardEvent.key` reports it.
pub const COPY_LINK_KEY: &str = "l";

/// A key press, as much of it as the shortcut looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopyLinkShortcut<'a> {
    /// `KeyboardEvent.key`.
    pub key: &'a str,
    /// Any of Ctrl, ⌘, Alt held.
    pub has_modifier: bool,
    /// The focus is in a text field (input, textarea, select, contenteditable): keys type there.
    pub is_in_text_field: bool,
    /// The key is held down and repeating.
    pub is_repeat: bool,
}

impl CopyLinkShortcut<'_> {
    /// Whether this press copies the link.
    pub fn is_copy_link(&self) -> bool {
        !self.has_modifier
            && !self.is_in_text_field
            && !self.is_repeat
            && self.key.eq_ignore_ascii_case(COPY_LINK_KEY)
    }
}
