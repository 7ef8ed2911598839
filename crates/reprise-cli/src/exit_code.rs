//! The process exit codes every subcommand shares.

/// What a run found, ordered by severity: the worst finding decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Everything verified.
    Verified = 0,
    /// At least one chain is broken.
    Broken = 1,
    /// At least one input could not be read or parsed.
    Unusable = 2,
}
