//! Reading a capture log (`events.log.jsonl`, as `reprise run`, `record` and `serve` write
//! it): JSON lines, each an `actor` or `event` record ([`crate::wire::LogRecord`]), into one
//! chain per actor.
//!
//! Recognised by content, never by name: a capture log's first line is an object whose first
//! key is `"type"` (a bundle's object has no `"type"`). Invariants: never panics; a line that
//! is not a record, or whose seq does not follow the previous one, is a [`ParseError`] naming
//! the file, the line and the reason; blank lines are skipped. Lines are read one at a time,
//! so a gzip-compressed log is never held decompressed whole.

use std::io::BufRead;

use crate::actor_chain::{InputFormat, LoadedFile};
use crate::parse::capture_chains::CaptureChains;
use crate::parse::parse_error::ParseError;
use crate::wire::parse_record;

/// Whether `text` (the input from its first non-blank byte) starts an object whose first key
/// is `"type"`: the first record of a capture log.
pub(crate) fn starts_with_record(text: &[u8]) -> bool {
    let Some(rest) = text.strip_prefix(b"{") else {
        return false;
    };
    let num_blank = rest
        .iter()
        .take_while(|byte| byte.is_ascii_whitespace())
        .count();
    rest[num_blank..].starts_with(b"\"type\"")
}

/// Reads every line of `reader` as a record and assembles the actors' chains.
pub(crate) fn parse_capture_log<R: BufRead>(
    path: &str,
    mut reader: R,
    is_gzip: bool,
) -> Result<LoadedFile, ParseError> {
    let mut chains = CaptureChains::new();
    let mut last_seq: Option<u64> = None;
    let mut line = Vec::new();
    let mut line_no = 0usize;
    loop {
        line.clear();
        let num_read = reader
            .read_until(b'\n', &mut line)
            .map_err(|err| read_error(path, line_no + 1, &err, is_gzip))?;
        if num_read == 0 {
            break;
        }
        line_no += 1;
        let is_complete = line.ends_with(b"\n");
        let text = std::str::from_utf8(&line)
            .map_err(|err| line_error(path, line_no, 1, format!("not UTF-8 text: {err}")))?
            .trim();
        if text.is_empty() {
            continue;
        }
        let record = parse_record(text).map_err(|err| {
            let reason = if is_complete {
                format!("not a log record: {}", strip_position(&err))
            } else {
                format!(
                    "the last line is cut short (a write torn by a crash?): {}",
                    strip_position(&err)
                )
            };
            line_error(path, line_no, err.column().max(1), reason)
        })?;
        if let Some(previous) = last_seq.filter(|previous| record.seq <= *previous) {
            return Err(line_error(
                path,
                line_no,
                1,
                format!("seq {} does not follow seq {previous}", record.seq),
            ));
        }
        last_seq = Some(record.seq);
        chains.push(record);
    }
    Ok(LoadedFile {
        path: path.to_string(),
        format: InputFormat::CaptureLog,
        is_gzip,
        actors: chains.into_chains(),
    })
}

fn line_error(path: &str, line_no: usize, column: usize, reason: String) -> ParseError {
    ParseError {
        path: path.to_string(),
        actor_idx: None,
        event_idx: None,
        position: Some((line_no, column)),
        reason,
    }
}

fn read_error(path: &str, line_no: usize, err: &std::io::Error, is_gzip: bool) -> ParseError {
    let reason = if is_gzip {
        format!("the gzip stream is corrupt or truncated: {err}")
    } else {
        format!("cannot read the data: {err}")
    };
    line_error(path, line_no, 1, reason)
}

/// serde's message without its position, which is reported separately.
fn strip_position(err: &serde_json::Error) -> String {
    super::strip_position(&err.to_string(), err.line(), err.column())
}
