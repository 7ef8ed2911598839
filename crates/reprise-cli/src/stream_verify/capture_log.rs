//! [`CaptureLogScanner`]: a capture log (`events.log.jsonl`) line by line. An `event` line in
//! exactly the form the store writes (`{"type":"event","seq":N,"actor_id":"…","event":{…}}`
//! with a compact event) goes to the hashing workers; every other line is read exactly as
//! `reprise_chain`'s capture-log reader reads it (UTF-8, trimmed, blank lines skipped, serde's
//! record) and its event hashed through the canonical writer here.
//!
//! Invariants: actors are reported in the order their ids first appear, as `CaptureChains`
//! orders them; seqs must increase; any line that does not parse, a seq out of order, or a
//! broken chain makes the scanner give up (the exact path then words the error or the break).

use std::collections::HashMap;

use reprise_chain::canonical::compute_event_hash_with;
use reprise_chain::compact_event::{scan_compact_event, CompactEvent, CompactScan};
use reprise_chain::intact_chain::IntactChainCheck;
use reprise_chain::wire::{LogRecord, RecordBody};
use reprise_chain::VerifyReport;

use crate::stream_verify::hash_pipeline::{ChunkScanner, ScanStep};

/// The scanner of one capture log, with every actor's chain state.
#[derive(Default)]
pub struct CaptureLogScanner {
    last_seq: Option<u64>,
    chains: Vec<(String, IntactChainCheck)>,
    pos_by_id: HashMap<String, usize>,
    scratch: Vec<u8>,
}

/// A fast `event` line: its seq, its actor id's text, and its event.
struct FastEventLine<'a> {
    seq: u64,
    actor_id: &'a str,
    event: CompactEvent,
}

impl CaptureLogScanner {
    /// Before the first line.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every actor's report, in the order the actors first appeared; `None` if any chain is
    /// broken.
    pub fn into_reports(self) -> Option<Vec<(Option<String>, VerifyReport)>> {
        self.chains
            .into_iter()
            .map(|(id, chain)| chain.into_report().map(|report| (Some(id), report)))
            .collect()
    }

    fn chain_of(&mut self, actor_id: &str) -> &mut IntactChainCheck {
        let pos = match self.pos_by_id.get(actor_id) {
            Some(&pos) => pos,
            None => {
                self.chains
                    .push((actor_id.to_string(), IntactChainCheck::new()));
                self.pos_by_id
                    .insert(actor_id.to_string(), self.chains.len() - 1);
                self.chains.len() - 1
            }
        };
        &mut self.chains[pos].1
    }

    /// Takes `seq` as the next record's; false when it does not follow the previous one.
    fn follow_seq(&mut self, seq: u64) -> bool {
        if self.last_seq.is_some_and(|previous| seq <= previous) {
            return false;
        }
        self.last_seq = Some(seq);
        true
    }

    /// A line that is not a fast `event` line, read as the capture-log reader reads it.
    /// False when the line does not parse or breaks its chain.
    fn read_line_exactly(&mut self, line: &[u8]) -> bool {
        let Ok(text) = std::str::from_utf8(line) else {
            return false;
        };
        let text = text.trim();
        if text.is_empty() {
            return true;
        }
        let Ok(record) = LogRecord::from_json_line(text) else {
            return false;
        };
        if !self.follow_seq(record.seq) {
            return false;
        }
        match record.body {
            RecordBody::Actor(info) => {
                self.chain_of(&info.id);
                true
            }
            RecordBody::Event { actor_id, event } => {
                let mut scratch = std::mem::take(&mut self.scratch);
                let computed = compute_event_hash_with(&event, &mut scratch);
                self.scratch = scratch;
                let chain = self.chain_of(&actor_id);
                chain.push(
                    &event.hash,
                    event.parent_hash.as_deref(),
                    event.hash == computed,
                );
                !chain.is_broken()
            }
        }
    }
}

impl ChunkScanner for CaptureLogScanner {
    fn scan(
        &mut self,
        buf: &[u8],
        start: usize,
        is_eof: bool,
        events: &mut Vec<CompactEvent>,
    ) -> ScanStep {
        let mut pos = start;
        loop {
            let (line_end, next) = match memchr::memchr(b'\n', &buf[pos..]) {
                Some(len) => (pos + len, pos + len + 1),
                None if is_eof && pos < buf.len() => (buf.len(), buf.len()),
                None => return ScanStep::Consumed(pos),
            };
            match fast_event_line(buf, pos, line_end) {
                Some(line) => {
                    if !self.follow_seq(line.seq) {
                        return ScanStep::GiveUp;
                    }
                    let chain = self.chain_of(line.actor_id);
                    let parent = line.event.parent_hash;
                    chain.push(
                        &line.event.hash,
                        parent.as_ref().map(<[u8; 20]>::as_slice),
                        true,
                    );
                    if chain.is_broken() {
                        return ScanStep::GiveUp;
                    }
                    events.push(line.event);
                }
                None => {
                    if !self.read_line_exactly(&buf[pos..line_end]) {
                        return ScanStep::GiveUp;
                    }
                }
            }
            pos = next;
        }
    }
}

/// `{"type":"event","seq":N,"actor_id":"…","event":{compact event}}` filling exactly
/// `buf[start..line_end]`, with a plain actor id (no escapes, no control characters).
fn fast_event_line(buf: &[u8], start: usize, line_end: usize) -> Option<FastEventLine<'_>> {
    const HEAD: &[u8] = b"{\"type\":\"event\",\"seq\":";
    const ACTOR: &[u8] = b",\"actor_id\":\"";
    const EVENT: &[u8] = b"\",\"event\":";
    let line = &buf[start..line_end];
    let rest = line.strip_prefix(HEAD)?;
    let num_digits = rest.iter().take_while(|byte| byte.is_ascii_digit()).count();
    let digits = &rest[..num_digits];
    if digits.is_empty() || (digits.len() > 1 && digits[0] == b'0') {
        return None;
    }
    let seq = std::str::from_utf8(digits).ok()?.parse::<u64>().ok()?;
    let rest = rest[num_digits..].strip_prefix(ACTOR)?;
    let id_len = rest.iter().position(|byte| *byte == b'"')?;
    let id_bytes = &rest[..id_len];
    if id_bytes.iter().any(|byte| *byte == b'\\' || *byte < 0x20) {
        return None;
    }
    let actor_id = std::str::from_utf8(id_bytes).ok()?;
    let rest = rest[id_len..].strip_prefix(EVENT)?;
    let event_start = line_end - rest.len();
    let CompactScan::Event { event, end } = scan_compact_event(&buf[..line_end], event_start)
    else {
        return None;
    };
    (end + 1 == line_end && buf[end] == b'}').then_some(FastEventLine {
        seq,
        actor_id,
        event,
    })
}
