//! Whole-file analysis: parse, verify and summarise every event. This is the unit of work the
//! browser's worker and the CLI both run, so the two always agree.

use serde::{Deserialize, Serialize};

use crate::actor_chain::{ActorChain, InputFormat};
use crate::event::{to_hex, ChainEvent};
use crate::event_kind::EventKind;
use crate::interpret::{interpret_event, EventMeaning};
use crate::parse::{parse_file, ParseError};
use crate::verify::{verify_chain_with_progress, VerifyReport};

/// Longest decoded text kept per event for search, in bytes.
pub const MAX_SEARCH_TEXT_BYTES: usize = 4096;

/// Longest one-line preview per event, in characters.
pub const MAX_PREVIEW_CHARS: usize = 200;

/// One timeline row's worth of facts about an event, computed once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventSummary {
    /// Its role.
    pub kind: EventKind,
    /// Export or host function name (empty when unknown).
    pub function: String,
    /// The stored `event_type`.
    pub event_type: String,
    /// The stored hash as lowercase hex.
    pub hash_hex: String,
    /// One line describing the payload's interesting part.
    pub preview: String,
    /// Lowercased text searched by the timeline filter.
    pub search_text: String,
    /// The index of the latest `wasm-result` at or before this event: where "state after" comes from.
    pub state_source_idx: Option<usize>,
}

/// One actor's chain with its verification and summaries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalyzedActor {
    /// The chain as parsed.
    pub chain: ActorChain,
    /// Hash and link verification.
    pub report: VerifyReport,
    /// One summary per event.
    pub summaries: Vec<EventSummary>,
}

/// Everything known about one input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalyzedFile {
    /// The file as opened.
    pub path: String,
    /// Its layout.
    pub format: InputFormat,
    /// Whether it was gzip-compressed.
    pub is_gzip: bool,
    /// Its actors.
    pub actors: Vec<AnalyzedActor>,
}

/// How far an analysis has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Progress {
    /// Reading the file (no count is known yet).
    Parsing,
    /// Recomputing hashes of actor `actor_idx`.
    Verifying {
        /// Which actor.
        actor_idx: usize,
        /// Events done so far.
        num_done: usize,
        /// Events in that actor's chain.
        num_total: usize,
    },
    /// Decoding payloads of actor `actor_idx`.
    Decoding {
        /// Which actor.
        actor_idx: usize,
        /// Events done so far.
        num_done: usize,
        /// Events in that actor's chain.
        num_total: usize,
    },
}

/// How often decoding reports progress, in events.
const DECODE_PROGRESS_EVERY_EVENTS: usize = 512;

/// Parses, verifies and summarises one file.
pub fn analyze_file(
    path: &str,
    bytes: &[u8],
    on_progress: &mut dyn FnMut(Progress),
) -> Result<AnalyzedFile, ParseError> {
    on_progress(Progress::Parsing);
    let loaded = parse_file(path, bytes)?;
    let actors = loaded
        .actors
        .into_iter()
        .enumerate()
        .map(|(actor_idx, chain)| analyze_actor(actor_idx, chain, on_progress))
        .collect();
    Ok(AnalyzedFile {
        path: loaded.path,
        format: loaded.format,
        is_gzip: loaded.is_gzip,
        actors,
    })
}

/// Verifies and summarises one actor's chain.
pub fn analyze_actor(
    actor_idx: usize,
    chain: ActorChain,
    on_progress: &mut dyn FnMut(Progress),
) -> AnalyzedActor {
    let num_total = chain.events.len();
    let report = verify_chain_with_progress(&chain.events, &mut |num_done| {
        on_progress(Progress::Verifying {
            actor_idx,
            num_done,
            num_total,
        })
    });
    let mut summaries = Vec::with_capacity(num_total);
    let mut state_source_idx = None;
    for (event_idx, event) in chain.events.iter().enumerate() {
        let meaning = interpret_event(event);
        if meaning.state_after().is_some() {
            state_source_idx = Some(event_idx);
        }
        summaries.push(summarize(event, &meaning, state_source_idx));
        if (event_idx + 1) % DECODE_PROGRESS_EVERY_EVENTS == 0 {
            on_progress(Progress::Decoding {
                actor_idx,
                num_done: event_idx + 1,
                num_total,
            });
        }
    }
    AnalyzedActor {
        chain,
        report,
        summaries,
    }
}

fn summarize(
    event: &ChainEvent,
    meaning: &EventMeaning,
    state_source_idx: Option<usize>,
) -> EventSummary {
    let hash_hex = to_hex(&event.hash);
    let preview = preview_text(meaning);
    let mut search_text = format!(
        "{} {} {} {hash_hex} {}",
        meaning.kind.label(),
        meaning.function,
        event.event_type,
        meaning.payload.compact_text(MAX_SEARCH_TEXT_BYTES)
    )
    .to_lowercase();
    truncate_on_char_boundary(&mut search_text, MAX_SEARCH_TEXT_BYTES + 256);
    EventSummary {
        kind: meaning.kind,
        function: meaning.function.clone(),
        event_type: event.event_type.clone(),
        hash_hex,
        preview,
        search_text,
        state_source_idx,
    }
}

fn preview_text(meaning: &EventMeaning) -> String {
    let part = |name: &str| {
        meaning
            .part(name)
            .map(|node| node.compact_text(MAX_PREVIEW_CHARS))
    };
    let text = match meaning.kind {
        EventKind::ExportCall | EventKind::Shutdown => part("params"),
        EventKind::HostCall => match (part("input"), part("output")) {
            (Some(input), Some(output)) => Some(format!("{input} → {output}")),
            (input, output) => input.or(output),
        },
        EventKind::ExportResult => part("state"),
        EventKind::ExportError => part("message").or_else(|| part("error")),
        EventKind::Unknown => meaning.problem.clone(),
    };
    let mut text = text.unwrap_or_else(|| meaning.payload.compact_text(MAX_PREVIEW_CHARS));
    if text.chars().count() > MAX_PREVIEW_CHARS {
        text = text.chars().take(MAX_PREVIEW_CHARS - 1).collect();
        text.push('…');
    }
    text
}

fn truncate_on_char_boundary(text: &mut String, max_bytes: usize) {
    if text.len() > max_bytes {
        let cut = (0..=max_bytes)
            .rev()
            .find(|idx| text.is_char_boundary(*idx))
            .unwrap_or(0);
        text.truncate(cut);
    }
}
