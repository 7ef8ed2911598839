//! Reading input files: Theater replay files (JSON arrays of `ChainEvent`, any era, pretty or
//! compact), Reprise bundles, capture logs (`events.log.jsonl`), and any of them
//! gzip-compressed. The format is told by content, never by the file's name.
//!
//! Invariant: parsing never panics. Every failure is a [`ParseError`] naming the file, the
//! actor and event (or the line) being read, and the position; nothing is guessed or repaired.

mod bundle;
mod capture_chains;
mod capture_log;
mod event_list;
mod parse_error;

use std::io::{BufRead, BufReader};

use serde::de::DeserializeSeed;

pub use bundle::{BUNDLE_FORMAT, BUNDLE_VERSION};
pub use capture_chains::CaptureChains;
pub(crate) use event_list::RawEvent;
pub use parse_error::ParseError;

use crate::actor_chain::{ActorChain, InputFormat, LoadedFile};
use bundle::BundleSeed;
use event_list::{EventListSeed, ParseCursor};

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Parses one input file from its bytes. `path` is only used to name the file in messages and
/// to take an actor id from a `<uuid>.chain.json` file name.
pub fn parse_file(path: &str, bytes: &[u8]) -> Result<LoadedFile, ParseError> {
    if bytes.starts_with(&GZIP_MAGIC) {
        // Decompressed text is streamed into the JSON reader, never held whole.
        let mut reader =
            BufReader::with_capacity(256 * 1024, flate2::read::MultiGzDecoder::new(bytes));
        match sniff_format(path, &mut reader)? {
            InputFormat::CaptureLog => capture_log::parse_capture_log(path, reader, true),
            format => parse_json(
                path,
                serde_json::Deserializer::from_reader(reader),
                format,
                true,
            ),
        }
    } else {
        match sniff_format(path, &mut &bytes[..])? {
            InputFormat::CaptureLog => capture_log::parse_capture_log(path, bytes, false),
            // The slice reader is several times faster than the generic one.
            format => parse_json(
                path,
                serde_json::Deserializer::from_slice(bytes),
                format,
                false,
            ),
        }
    }
}

fn parse_json<'de, R: serde_json::de::Read<'de>>(
    path: &str,
    mut deserializer: serde_json::Deserializer<R>,
    format: InputFormat,
    is_gzip: bool,
) -> Result<LoadedFile, ParseError> {
    let cursor = ParseCursor::default();
    let actors = match format {
        InputFormat::ChainJson => EventListSeed { cursor: &cursor }
            .deserialize(&mut deserializer)
            .map(|events| {
                vec![ActorChain {
                    id: actor_id_from_file_name(path),
                    events,
                    ..ActorChain::default()
                }]
            }),
        // A capture log is JSON lines, not one JSON value: `parse_file` never sends it here.
        InputFormat::Bundle | InputFormat::CaptureLog => BundleSeed { cursor: &cursor }
            .deserialize(&mut deserializer)
            .and_then(|bundle| {
                check_bundle_header(bundle.format.as_deref(), bundle.version)
                    .map(|()| bundle.actors)
                    .map_err(serde::de::Error::custom)
            }),
    }
    .and_then(|actors| deserializer.end().map(|()| actors))
    .map_err(|err| json_error(path, &cursor, &err, is_gzip))?;
    Ok(LoadedFile {
        path: path.to_string(),
        format,
        is_gzip,
        actors,
    })
}

/// Decides from the first non-whitespace bytes whether this is a chain array, a bundle or a
/// capture log (an object whose first key is `"type"`: a record).
fn sniff_format<R: BufRead>(path: &str, reader: &mut R) -> Result<InputFormat, ParseError> {
    loop {
        let buffered = reader.fill_buf().map_err(|err| read_error(path, &err))?;
        if buffered.is_empty() {
            return Err(ParseError::whole_file(path, "the file is empty"));
        }
        let num_blank = buffered
            .iter()
            .take_while(|byte| byte.is_ascii_whitespace())
            .count();
        if num_blank == buffered.len() {
            reader.consume(num_blank);
            continue;
        }
        let first_text = buffered[num_blank];
        return match first_text {
            b'[' => Ok(InputFormat::ChainJson),
            b'{' if capture_log::starts_with_record(&buffered[num_blank..]) => {
                Ok(InputFormat::CaptureLog)
            }
            b'{' => Ok(InputFormat::Bundle),
            other => Err(ParseError::whole_file(
                path,
                format!(
                    "not a Theater chain (a JSON array of events), a Reprise bundle (a JSON object) or a capture log (JSON lines of records): it starts with {}",
                    describe_byte(other)
                ),
            )),
        };
    }
}

fn check_bundle_header(format: Option<&str>, version: Option<u64>) -> Result<(), String> {
    match (format, version) {
        (Some(BUNDLE_FORMAT), Some(BUNDLE_VERSION)) => Ok(()),
        (Some(BUNDLE_FORMAT), Some(other)) => Err(format!(
            "bundle version {other} is not supported (this Reprise reads version {BUNDLE_VERSION})"
        )),
        (Some(BUNDLE_FORMAT), None) => Err("bundle has no \"version\" field".into()),
        (Some(other), _) => Err(format!(
            "\"format\" is \"{other}\", expected \"{BUNDLE_FORMAT}\""
        )),
        (None, _) => Err(format!(
            "a JSON object without \"format\": \"{BUNDLE_FORMAT}\" is not a Reprise bundle"
        )),
    }
}

fn describe_byte(byte: u8) -> String {
    if byte.is_ascii_graphic() {
        format!("'{}'", char::from(byte))
    } else {
        format!("byte 0x{byte:02x}")
    }
}

fn read_error(path: &str, err: &std::io::Error) -> ParseError {
    ParseError::whole_file(path, format!("cannot read the data: {err}"))
}

fn json_error(
    path: &str,
    cursor: &ParseCursor,
    err: &serde_json::Error,
    is_gzip: bool,
) -> ParseError {
    use serde_json::error::Category;
    let message = strip_position(&err.to_string(), err.line(), err.column());
    let reason = match err.classify() {
        Category::Eof => {
            format!("the file ends early, in the middle of the JSON (truncated?): {message}")
        }
        Category::Io if is_gzip => format!("the gzip stream is corrupt or truncated: {message}"),
        Category::Io => format!("cannot read the data: {message}"),
        Category::Syntax => format!("invalid JSON: {message}"),
        Category::Data => message,
    };
    ParseError {
        path: path.to_string(),
        actor_idx: cursor.actor_idx.get(),
        event_idx: cursor.event_idx.get(),
        position: (err.line() > 0).then(|| (err.line(), err.column())),
        reason,
    }
}

/// serde_json appends " at line L column C"; the position is reported separately.
fn strip_position(message: &str, line: usize, column: usize) -> String {
    let suffix = format!(" at line {line} column {column}");
    message.strip_suffix(&suffix).unwrap_or(message).to_string()
}

/// The actor id in a `<uuid>.chain.json` (optionally `.gz`) file name.
pub fn actor_id_from_file_name(path: &str) -> Option<String> {
    let file_name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = file_name
        .strip_suffix(".chain.json.gz")
        .or_else(|| file_name.strip_suffix(".chain.json"))?;
    is_uuid(stem).then(|| stem.to_ascii_lowercase())
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(group, len)| {
            group.len() == len && group.bytes().all(|byte| byte.is_ascii_hexdigit())
        })
}
