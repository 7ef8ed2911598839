//! The text of a what-if edit: a recorded host output shown as a value literal (packr-abi's
//! value syntax, the one `reprise replay --initial-state` takes), and that text read back.
//!
//! Invariant: the literal of a recorded output parses back to the same value, so an edit that
//! changes nothing replays exactly like the recording.

use packr_abi::Value;
use reprise_chain::ChainEvent;

use crate::recorded::{classify_event, RecordedEvent};

/// The recorded output of host call `event` as a value literal, or `None` when `event` is
/// not a host call.
pub fn host_output_literal(event: &ChainEvent) -> Option<String> {
    match classify_event(event) {
        RecordedEvent::HostCall { output, .. } => Some(output.to_string()),
        _ => None,
    }
}

/// Reads an edited output; the error is a sentence for people that quotes the parser.
pub fn parse_host_output(text: &str) -> Result<Value, String> {
    packr_abi::parse_value(text.trim())
        .map_err(|err| format!("not a value literal ({err}); the edit was not applied"))
}
