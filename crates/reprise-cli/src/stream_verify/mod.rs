//! Streaming verification for `reprise verify`: a chain array or a capture log, plain or gzip,
//! read in chunks and hashed on every core, in memory independent of the file's size.
//!
//! The fast path hashes compact events straight from the input (see
//! `reprise_chain::compact_event`); a chain array in any other form (pretty-printed, other
//! escapes) is read event by event through serde and the canonical writer
//! (`reprise_chain::intact_chain::verify_event_array_stream`).
//!
//! Invariant: [`verify_streaming`] answers only for inputs it shows intact (every hash and link
//! holds), and then exactly what parse-and-verify would say. Everything else — a broken chain,
//! input that does not parse, a bundle, a file it cannot open — is `None`, and the caller runs
//! the exact whole-file path, which names the first break or words the error as it always did.
//! Differential tests (`tests/stream_verify.rs`) hold the two paths to the same output.

mod capture_log;
mod chain_array;
mod hash_pipeline;

use std::fs::File;
use std::io::{BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

use reprise_chain::intact_chain::verify_event_array_stream;
use reprise_chain::parse::actor_id_from_file_name;
use reprise_chain::{InputFormat, VerifyReport};
use reprise_store::LOG_FILE_NAME;

use capture_log::CaptureLogScanner;
use chain_array::{count_whitespace, ChainArrayScanner};
use hash_pipeline::{run_hash_pipeline, PipelineEnd};

/// Bytes looked at to tell the format (and, for gzip, decompressed for that).
const SNIFF_BYTES: usize = 64 * 1024;

/// An input shown intact by streaming.
pub struct StreamedFile {
    /// The file read, as messages name it (`DIR/events.log.jsonl` for a directory).
    pub shown: String,
    /// Its layout.
    pub format: InputFormat,
    /// Each actor's id (when known) and report, in the order parse-and-verify gives them.
    pub actors: Vec<(Option<String>, VerifyReport)>,
}

/// Verifies `path` by streaming when it can show the input intact; `None` otherwise.
pub fn verify_streaming(path: &Path) -> Option<StreamedFile> {
    let file = if path.is_dir() {
        path.join(LOG_FILE_NAME)
    } else {
        path.to_path_buf()
    };
    if !file.is_file() {
        return None;
    }
    let shown = file.display().to_string();
    let (head, source) = open_decoded(&file)?;
    let text_start = count_whitespace(&head);
    let num_workers = std::thread::available_parallelism().map_or(2, usize::from);
    let first_byte = head.get(text_start).copied();
    let is_record = head[text_start..].starts_with(b"{\"type\":");
    let source = Cursor::new(head).chain(source);
    let (format, actors) = match first_byte {
        Some(b'[') => {
            let mut scanner = ChainArrayScanner::new();
            let end = run_hash_pipeline(source, &mut scanner, num_workers);
            let report = match end {
                PipelineEnd::AllHashesOk => scanner.into_report(),
                PipelineEnd::WrongHash => None,
                PipelineEnd::NotShownIntact if scanner.is_link_broken => None,
                // Not the compact form: every event through serde and the canonical writer.
                PipelineEnd::NotShownIntact => {
                    let (head, rest) = open_decoded(&file)?;
                    verify_event_array_stream(BufReader::with_capacity(
                        1 << 20,
                        Cursor::new(head).chain(rest),
                    ))
                }
            }?;
            (
                InputFormat::ChainJson,
                vec![(actor_id_from_file_name(&shown), report)],
            )
        }
        Some(b'{') if is_record => {
            let mut scanner = CaptureLogScanner::new();
            if run_hash_pipeline(source, &mut scanner, num_workers) != PipelineEnd::AllHashesOk {
                return None;
            }
            (InputFormat::CaptureLog, scanner.into_reports()?)
        }
        _ => return None,
    };
    Some(StreamedFile {
        shown,
        format,
        actors,
    })
}

/// Opens `file`, decompressing gzip as the exact path does (every member), and reads the first
/// [`SNIFF_BYTES`] of the text; returns them and the rest of the text.
fn open_decoded(file: &PathBuf) -> Option<(Vec<u8>, Box<dyn Read + Send>)> {
    let mut raw = File::open(file).ok()?;
    let mut magic = Vec::with_capacity(2);
    (&mut raw).take(2).read_to_end(&mut magic).ok()?;
    let raw = Cursor::new(magic.clone()).chain(raw);
    let mut source: Box<dyn Read + Send> = if magic == [0x1f, 0x8b] {
        Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(raw)))
    } else {
        Box::new(raw)
    };
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    (&mut source)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .ok()?;
    Some((head, source))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reprise_chain::chain_gen::{write_generated_chain, ChainSpec, PayloadSource};
    use reprise_chain::wire::{LogRecord, RecordBody};
    use reprise_chain::{gzip, parse_file, verify_chain, ActorChain};

    fn generated(num_events: u64, min: usize, max: usize, is_pretty: bool) -> Vec<u8> {
        let spec = ChainSpec {
            num_events,
            payloads: PayloadSource::Random { min, max },
            seed: 3,
            is_pretty,
        };
        let mut out = Vec::new();
        write_generated_chain(&spec, &mut out).unwrap();
        out
    }

    /// The exact path's reports, for comparison (checks left out, as streaming leaves them).
    fn exact_reports(bytes: &[u8]) -> Vec<VerifyReport> {
        parse_file("x", bytes)
            .unwrap()
            .actors
            .iter()
            .map(|actor| VerifyReport {
                checks: Vec::new(),
                ..verify_chain(&actor.events)
            })
            .collect()
    }

    fn streamed_reports(dir: &Path, name: &str, bytes: &[u8]) -> Option<Vec<VerifyReport>> {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let streamed = verify_streaming(&path)?;
        assert_eq!(streamed.shown, path.display().to_string());
        Some(
            streamed
                .actors
                .into_iter()
                .map(|(_, report)| report)
                .collect(),
        )
    }

    #[test]
    fn intact_arrays_stream_across_chunks_and_in_every_form() {
        let dir = tempfile::tempdir().unwrap();
        // Many chunks of small events; and events longer than a chunk.
        let many = generated(2_000, 0, 400, false);
        assert!(many.len() > 3 * hash_pipeline::CHUNK_BYTES);
        let huge = generated(3, 90_000, 100_000, false);
        assert!(huge.len() > 3 * hash_pipeline::CHUNK_BYTES);
        let pretty = generated(50, 0, 100, true);
        for (name, bytes) in [
            ("many.json", many.clone()),
            ("huge.json", huge),
            ("many.json.gz", gzip(&many)),
            ("pretty.json", pretty.clone()),
            ("pretty.json.gz", gzip(&pretty)),
        ] {
            let expected = exact_reports(&bytes);
            assert_eq!(
                streamed_reports(dir.path(), name, &bytes),
                Some(expected),
                "{name}"
            );
        }
    }

    #[test]
    fn intact_capture_logs_stream() {
        let dir = tempfile::tempdir().unwrap();
        let events = parse_file("g", &generated(3000, 0, 600, false))
            .unwrap()
            .actors
            .remove(0)
            .events;
        let chain = ActorChain {
            events,
            ..ActorChain::default()
        };
        let lines: Vec<String> = RecordBody::of_chain("a-1".into(), chain)
            .into_iter()
            .enumerate()
            .map(|(idx, body)| {
                LogRecord {
                    seq: idx as u64 + 1,
                    body,
                }
                .to_json_line()
            })
            .collect();
        let log = (lines.join("\n") + "\n").into_bytes();
        let expected = exact_reports(&log);
        assert_eq!(
            streamed_reports(dir.path(), "events.log.jsonl", &log),
            Some(expected)
        );
    }

    #[test]
    fn broken_or_unreadable_inputs_are_left_to_the_exact_path() {
        let dir = tempfile::tempdir().unwrap();
        let intact = generated(200, 0, 50, false);
        let mut flipped = intact.clone();
        let data_pos = intact.len() / 2;
        let digit_pos = data_pos
            + intact[data_pos..]
                .iter()
                .position(|byte| (b'1'..=b'8').contains(byte))
                .unwrap();
        flipped[digit_pos] += 1;
        for (name, bytes) in [
            ("flipped.json", flipped),
            ("truncated.json", intact[..intact.len() - 3].to_vec()),
            ("bundle.json", br#"{"format":"reprise-bundle"}"#.to_vec()),
            ("empty.json", Vec::new()),
        ] {
            assert_eq!(streamed_reports(dir.path(), name, &bytes), None, "{name}");
        }
    }
}
