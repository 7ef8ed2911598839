//! `FragmentReassembler`: joins the base64 chunks of messages theater-server splits (those
//! over 8 MiB) back into whole messages, in `fragment_index` order, as its own codec does.
//!
//! Invariants: memory is bounded (a cap on one message's size and on the number of unfinished
//! messages); an unfinished message is dropped after [`FRAGMENT_TIMEOUT`], like the server's;
//! inconsistent fragments are errors, never panics. Time is passed in, so tests need no clock.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;

use crate::frame::Fragment;
use crate::frame_error::FrameError;

/// How long an unfinished message is kept (theater-server's own value).
pub const FRAGMENT_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest reassembled message accepted. Events embedding a whole actor binary reach tens
/// of MiB once JSON-encoded; this leaves room for that and bounds a hostile sender.
pub const MAX_MESSAGE_BYTES: usize = 512 * 1024 * 1024;

/// How many messages may be unfinished at once (the server interleaves none in practice).
pub const MAX_PENDING_MESSAGES: usize = 16;

/// The unfinished messages of one connection.
#[derive(Debug, Default)]
pub struct FragmentReassembler {
    pending: BTreeMap<u64, PendingMessage>,
}

#[derive(Debug)]
struct PendingMessage {
    started_at: Instant,
    total_fragments: u32,
    num_bytes: usize,
    chunks: BTreeMap<u32, Vec<u8>>,
}

impl FragmentReassembler {
    /// Adds one fragment received at `now`; returns the whole message once its last missing
    /// chunk arrived.
    pub fn push(
        &mut self,
        fragment: Fragment,
        now: Instant,
    ) -> Result<Option<Vec<u8>>, FrameError> {
        self.pending.retain(|_, message| {
            now.saturating_duration_since(message.started_at) <= FRAGMENT_TIMEOUT
        });
        let Fragment {
            message_id,
            fragment_index,
            total_fragments,
            data,
        } = fragment;
        let bad = |reason: String| Err(FrameError::BadFragment(reason));
        if fragment_index >= total_fragments {
            return bad(format!(
                "message {message_id}: fragment index {fragment_index} is not below its total \
                 of {total_fragments}"
            ));
        }
        let chunk = match BASE64.decode(data.as_bytes()) {
            Ok(chunk) => chunk,
            Err(err) => {
                return bad(format!(
                    "message {message_id}: fragment {fragment_index} is not base64: {err}"
                ))
            }
        };
        if !self.pending.contains_key(&message_id) && self.pending.len() >= MAX_PENDING_MESSAGES {
            return bad(format!(
                "more than {MAX_PENDING_MESSAGES} fragmented messages unfinished at once"
            ));
        }
        let message = self
            .pending
            .entry(message_id)
            .or_insert_with(|| PendingMessage {
                started_at: now,
                total_fragments,
                num_bytes: 0,
                chunks: BTreeMap::new(),
            });
        if message.total_fragments != total_fragments {
            let first_total = message.total_fragments;
            self.pending.remove(&message_id);
            return bad(format!(
                "message {message_id}: fragment {fragment_index} says {total_fragments} \
                 fragments, an earlier one said {first_total}"
            ));
        }
        if message.chunks.contains_key(&fragment_index) {
            self.pending.remove(&message_id);
            return bad(format!(
                "message {message_id}: fragment {fragment_index} received twice"
            ));
        }
        message.num_bytes = message.num_bytes.saturating_add(chunk.len());
        if message.num_bytes > MAX_MESSAGE_BYTES {
            self.pending.remove(&message_id);
            return bad(format!(
                "message {message_id} grows beyond {MAX_MESSAGE_BYTES} bytes"
            ));
        }
        message.chunks.insert(fragment_index, chunk);
        if message.chunks.len() < total_fragments as usize {
            return Ok(None);
        }
        let Some(message) = self.pending.remove(&message_id) else {
            return Ok(None);
        };
        // Every index below the total is present exactly once, and BTreeMap iterates in
        // index order.
        let mut whole = Vec::with_capacity(message.num_bytes);
        for chunk in message.chunks.into_values() {
            whole.extend_from_slice(&chunk);
        }
        Ok(Some(whole))
    }

    /// How many messages are waiting for more fragments.
    pub fn num_pending(&self) -> usize {
        self.pending.len()
    }
}
