//! `Connection`: where a live feed's socket stands, how long to wait before reconnecting,
//! and how each state reads in the status line and in `data-state`.

/// First reconnect delay; it doubles after each failed attempt.
pub const FIRST_RETRY_MILLIS: u32 = 1_000;
/// Longest reconnect delay.
pub const MAX_RETRY_MILLIS: u32 = 30_000;

/// Where the connection stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    /// Opening the socket.
    Connecting,
    /// Subscribed; records arrive.
    Live,
    /// The socket closed; the next attempt starts after `delay_millis`.
    Reconnecting {
        /// Wait before the next attempt.
        delay_millis: u32,
    },
    /// Closed on purpose.
    Closed {
        /// Why.
        reason: String,
    },
}

impl Connection {
    /// The wait before reconnect attempt `num_failed_attempts + 1`: [`FIRST_RETRY_MILLIS`],
    /// doubling after each failed attempt, at most [`MAX_RETRY_MILLIS`].
    pub fn retry_delay_millis(num_failed_attempts: u32) -> u32 {
        FIRST_RETRY_MILLIS
            .saturating_mul(1 << num_failed_attempts.min(5))
            .min(MAX_RETRY_MILLIS)
    }

    /// The start of the status line: `connecting`, `live`, `reconnecting in 2s`,
    /// `closed: <reason>`.
    pub fn status_text(&self) -> String {
        match self {
            Self::Connecting => "connecting".to_string(),
            Self::Live => "live".to_string(),
            Self::Reconnecting { delay_millis } => {
                format!("reconnecting in {}s", delay_millis.div_ceil(1000))
            }
            Self::Closed { reason } => format!("closed: {reason}"),
        }
    }

    /// A stable name for `data-state` and CSS: `connecting`, `live`, `reconnecting`, `closed`.
    pub fn state_name(&self) -> &'static str {
        match self {
            Self::Connecting => "connecting",
            Self::Live => "live",
            Self::Reconnecting { .. } => "reconnecting",
            Self::Closed { .. } => "closed",
        }
    }
}
