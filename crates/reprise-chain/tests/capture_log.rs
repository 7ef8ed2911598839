//! Capture logs (`events.log.jsonl`) as input: told from bundles by content, gzip too, one
//! chain per actor with the latest actor record's metadata and its events in seq order; a bad
//! line is an error naming the file, the line and the reason.

#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::path::Path;

use reprise_chain::{parse_file, verify_chain, InputFormat};
use reprise_testkit::fixture_events;

const FIRST: &str = "0d4c8a51-7f4e-4b55-9d0e-3c1f6f0a2b11";
const SECOND: &str = "6f1c2f0e-3b7a-4c1e-9a55-0d2f4b8e7c11";

fn case_log(case: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(case)
        .join("events.log.jsonl");
    std::fs::read(path).unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn a_log_gives_each_actor_its_latest_metadata_and_its_events_in_order() {
    let log = case_log("capture-log-two-actors");
    for (bytes, is_gzip) in [(log.clone(), false), (gzip(&log), true)] {
        let file = parse_file("any name", &bytes).unwrap();
        assert_eq!(
            (file.format, file.is_gzip),
            (InputFormat::CaptureLog, is_gzip)
        );
        assert_eq!(file.format.as_str(), "capture-log");
        let [first, second] = &file.actors[..] else {
            panic!("{} actors", file.actors.len());
        };
        assert_eq!(first.id.as_deref(), Some(FIRST));
        // A later actor record replaced the first one's metadata.
        assert_eq!(first.name.as_deref(), Some("supervisor (renamed)"));
        assert_eq!(second.parent.as_deref(), Some(FIRST));
        assert_eq!(second.name.as_deref(), Some("runtime"));
        assert_eq!(
            first.events,
            fixture_events("vectors/c2-ten-events.chain.json")
        );
        assert_eq!(
            second.events,
            fixture_events("theater-repo/runtime-test.chain.json")
        );
        assert!(verify_chain(&second.events).is_verified());
    }
}

#[test]
fn a_bad_line_names_the_file_the_line_and_the_reason() {
    let err = parse_file(
        "rec/events.log.jsonl",
        &case_log("capture-log-damaged-line-6"),
    )
    .unwrap_err();
    assert_eq!(err.position.map(|(line, _)| line), Some(6));
    let text = err.to_string();
    assert!(
        text.starts_with("rec/events.log.jsonl: not a log record: EOF"),
        "{text}"
    );
    assert!(text.contains("(line 6, column"), "{text}");

    let log = String::from_utf8(case_log("capture-log-two-actors")).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    let cases = [
        // Seqs must increase.
        (
            [lines[0], lines[2], lines[1]].join("\n"),
            3,
            "seq 2 does not follow seq 3",
        ),
        // Only records: a `lagged` message is not one.
        (
            [lines[0], r#"{"type":"lagged","seq":9}"#].join("\n"),
            2,
            "unknown variant `lagged`",
        ),
        // A last line cut short without its newline: a torn write.
        (
            format!("{}\n{}", lines[0], &lines[2][..40]),
            2,
            "the last line is cut short",
        ),
        (format!("{}\n\u{ff}\n", lines[0]), 2, "not a log record"),
    ];
    for (text, line_no, reason) in cases {
        let err = parse_file("log", text.as_bytes()).unwrap_err();
        assert_eq!(err.position.map(|(line, _)| line), Some(line_no), "{err}");
        assert!(err.reason.contains(reason), "{err}");
    }
    let invalid_utf8 = [lines[0].as_bytes(), b"\n\xff\xfe\n"].concat();
    let err = parse_file("log", &invalid_utf8).unwrap_err();
    assert!(err.reason.contains("not UTF-8"), "{err}");
}

#[test]
fn blank_lines_are_skipped_and_an_event_before_its_actor_record_keeps_its_id() {
    let log = String::from_utf8(case_log("capture-log-two-actors")).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    // Lines 3 and 4 are the two actors' first events; no actor record comes before them here.
    let text = format!("\n  \n{}\n\n{}\n", lines[2], lines[3]);
    let file = parse_file("log", text.as_bytes()).unwrap();
    assert_eq!(file.actors.len(), 2);
    assert_eq!(file.actors[0].id.as_deref(), Some(FIRST));
    assert_eq!(file.actors[0].name, None);
    assert_eq!(file.actors[0].events.len(), 1);
    assert_eq!(file.actors[1].id.as_deref(), Some(SECOND));
    assert_eq!(file.actors[1].events.len(), 1);
}
