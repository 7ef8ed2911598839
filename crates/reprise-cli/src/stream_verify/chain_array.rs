//! [`ChainArrayScanner`]: a Theater replay file (a JSON array of events) in the compact form
//! Theater writes, read chunk by chunk. Leading and trailing whitespace is allowed, as serde
//! allows it; anything else that is not `[`, compact events separated by `,`, then `]` makes
//! the scanner give up, and the caller takes a slower path.

use reprise_chain::compact_event::{scan_compact_event, CompactEvent, CompactScan};
use reprise_chain::intact_chain::IntactChainCheck;
use reprise_chain::VerifyReport;

use crate::stream_verify::hash_pipeline::{ChunkScanner, ScanStep};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    BeforeArray,
    FirstEventOrEnd,
    AfterEvent,
    NextEvent,
    AfterArray,
}

/// The scanner of one chain array, with its chain's link state.
pub struct ChainArrayScanner {
    stage: Stage,
    chain: IntactChainCheck,
    /// Set when it gave up because a link is broken (not because of the form).
    pub is_link_broken: bool,
}

impl ChainArrayScanner {
    /// Before the array's `[`.
    pub fn new() -> Self {
        Self {
            stage: Stage::BeforeArray,
            chain: IntactChainCheck::new(),
            is_link_broken: false,
        }
    }

    /// The chain's report once the whole array was scanned and every hash was right.
    pub fn into_report(self) -> Option<VerifyReport> {
        (self.stage == Stage::AfterArray)
            .then(|| self.chain.into_report())
            .flatten()
    }
}

impl ChunkScanner for ChainArrayScanner {
    fn scan(
        &mut self,
        buf: &[u8],
        start: usize,
        is_eof: bool,
        events: &mut Vec<CompactEvent>,
    ) -> ScanStep {
        let mut pos = start;
        // Out of bytes in the middle: wait for more, unless there are none.
        let need_more = |pos: usize| {
            if is_eof {
                ScanStep::GiveUp
            } else {
                ScanStep::Consumed(pos)
            }
        };
        loop {
            match self.stage {
                Stage::BeforeArray => {
                    pos += count_whitespace(&buf[pos..]);
                    match buf.get(pos) {
                        None => return need_more(pos),
                        Some(b'[') => {
                            pos += 1;
                            self.stage = Stage::FirstEventOrEnd;
                        }
                        Some(_) => return ScanStep::GiveUp,
                    }
                }
                Stage::AfterEvent => match buf.get(pos) {
                    None => return need_more(pos),
                    Some(b',') => {
                        pos += 1;
                        self.stage = Stage::NextEvent;
                    }
                    Some(b']') => {
                        pos += 1;
                        self.stage = Stage::AfterArray;
                    }
                    Some(_) => return ScanStep::GiveUp,
                },
                Stage::FirstEventOrEnd if buf.get(pos) == Some(&b']') => {
                    pos += 1;
                    self.stage = Stage::AfterArray;
                }
                Stage::FirstEventOrEnd | Stage::NextEvent => match scan_compact_event(buf, pos) {
                    CompactScan::Event { event, end } => {
                        self.chain.push(
                            &event.hash,
                            event.parent_hash.as_ref().map(<[u8; 20]>::as_slice),
                            true,
                        );
                        if self.chain.is_broken() {
                            self.is_link_broken = true;
                            return ScanStep::GiveUp;
                        }
                        events.push(event);
                        pos = end;
                        self.stage = Stage::AfterEvent;
                    }
                    CompactScan::NeedMore => return need_more(pos),
                    CompactScan::NotCompact => return ScanStep::GiveUp,
                },
                Stage::AfterArray => {
                    pos += count_whitespace(&buf[pos..]);
                    return if pos == buf.len() {
                        ScanStep::Consumed(pos)
                    } else {
                        ScanStep::GiveUp
                    };
                }
            }
        }
    }
}

/// JSON whitespace, as serde skips it.
pub fn count_whitespace(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .take_while(|byte| matches!(byte, b' ' | b'\n' | b'\r' | b'\t'))
        .count()
}
