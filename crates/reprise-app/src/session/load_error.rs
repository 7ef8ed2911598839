//! `LoadError`: a file or URL that could not be opened, kept in a list the user can read.

/// One failed load. The message already names the file or URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// Distinguishes errors with the same text, for keyed rendering.
    pub error_id: u32,
    /// The sentence shown to the user.
    pub message: String,
}
