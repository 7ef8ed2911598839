//! The host a replayed actor talks to: every import is answered from the recording.
//!
//! Answers follow Theater's `ReplayRecordingInterceptor` (spec §6): the next recorded host call
//! with the same interface and function at or after the cursor. Unlike Theater, the host also
//! notes where each answer came from, so the replayer can report a missing or out-of-order
//! host call at the event where it happens instead of silently consuming later records.
//!
//! Invariant: the host never runs a real host function; a call with no recorded answer fails
//! (status −1 for the guest) and is logged as [`HostAnswer::NotRecorded`].

use std::sync::Arc;

use packr_abi::Value;

use crate::engine::HostImports;
use crate::expected_chain::ExpectedChain;

/// Answers imports from an [`ExpectedChain`] and logs every call of the current export call.
#[derive(Debug, Default)]
pub struct ReplayHost {
    expected: Arc<ExpectedChain>,
    cursor: usize,
    calls: Vec<HostCallRecord>,
}

/// One import call the guest made during replay.
#[derive(Debug, Clone, PartialEq)]
pub struct HostCallRecord {
    /// Import module.
    pub interface: String,
    /// Import name.
    pub function: String,
    /// The guest's input, decoded; `Err` with the decoder's complaint if it was not CGRF.
    pub input: Result<Value, String>,
    /// How the call was answered.
    pub answer: HostAnswer,
}

/// Where an import's answer came from.
#[derive(Debug, Clone, PartialEq)]
pub enum HostAnswer {
    /// The output of recorded event `event_idx`.
    Recorded {
        /// Index of the recorded host-function event.
        event_idx: usize,
        /// Its output, as handed to the guest.
        output: Value,
    },
    /// No recorded call of this function at or after the cursor: the guest got status −1.
    NotRecorded,
    /// The input was not CGRF: the guest got status −1 and, as in Theater, nothing is
    /// recorded.
    BadInput,
}

impl ReplayHost {
    /// A host answering from `expected`.
    pub fn new(expected: Arc<ExpectedChain>) -> Self {
        Self {
            expected,
            cursor: 0,
            calls: Vec::new(),
        }
    }

    /// Prepares for an export call whose first host event would be recorded event `cursor`.
    pub fn arm(&mut self, cursor: usize) {
        self.cursor = cursor;
        self.calls.clear();
    }

    /// Replaces the chain answers come from (a what-if edit).
    pub fn set_expected(&mut self, expected: Arc<ExpectedChain>) {
        self.expected = expected;
    }

    /// The calls made since the last [`ReplayHost::arm`], in order.
    pub fn take_calls(&mut self) -> Vec<HostCallRecord> {
        std::mem::take(&mut self.calls)
    }
}

impl HostImports for ReplayHost {
    fn call_import(
        &mut self,
        interface: &str,
        function: &str,
        input: &[u8],
    ) -> Result<Vec<u8>, String> {
        let decoded = reprise_chain::decode::decode_cgrf(input);
        let mut record = HostCallRecord {
            interface: interface.to_owned(),
            function: function.to_owned(),
            input: decoded.clone(),
            answer: HostAnswer::BadInput,
        };
        if let Err(problem) = decoded {
            self.calls.push(record);
            return Err(format!("undecodable input: {problem}"));
        }
        let Some((event_idx, output)) =
            self.expected
                .find_host_call(self.cursor, interface, function)
        else {
            record.answer = HostAnswer::NotRecorded;
            self.calls.push(record);
            return Err(format!("no recorded output for {interface}/{function}"));
        };
        let output = output.clone();
        self.cursor = event_idx + 1;
        let bytes = packr_abi::encode(&output).map_err(|err| format!("{err:?}"));
        record.answer = HostAnswer::Recorded { event_idx, output };
        self.calls.push(record);
        bytes
    }
}
