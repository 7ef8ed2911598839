//! Decoding and interpretation on real payloads of every era: kinds, functions, named parts,
//! state after calls, and JSON shown inside byte lists.

// Helpers outside #[test] fns unwrap too: a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use reprise_chain::{analyze_file, interpret_event, EventKind, ValueNode};
use reprise_testkit::fixture_bytes;

fn analyze(rel: &str) -> reprise_chain::AnalyzedActor {
    analyze_file(rel, &fixture_bytes(rel), &mut |_| {})
        .unwrap()
        .actors
        .remove(0)
}

fn kinds(actor: &reprise_chain::AnalyzedActor) -> Vec<EventKind> {
    actor.summaries.iter().map(|summary| summary.kind).collect()
}

#[test]
fn c2_events_are_interpreted_by_role() {
    use EventKind::*;
    let actor = analyze("vectors/c2-ten-events.chain.json");
    assert_eq!(
        kinds(&actor),
        [
            ExportCall,
            HostCall,
            HostCall,
            ExportResult,
            ExportCall,
            HostCall,
            ExportResult,
            ExportCall,
            ExportError,
            Shutdown
        ]
    );
    let functions: Vec<&str> = actor
        .summaries
        .iter()
        .map(|s| s.function.as_str())
        .collect();
    assert_eq!(functions[0], "theater:simple/actor.init");
    assert_eq!(functions[1], "theater:simple/runtime/log");
    assert_eq!(
        functions[4],
        "theater:simple/message-server-client.handle-send"
    );
    assert_eq!(functions[9], "shutdown");
    assert_eq!(actor.summaries[1].preview, "\"[hello] init\" → ()");
    assert_eq!(
        actor.summaries[8].preview,
        "\"Function returned error: boom\""
    );
}

#[test]
fn state_after_a_result_is_shown_as_json() {
    let actor = analyze("vectors/c2-ten-events.chain.json");
    let meaning = interpret_event(&actor.chain.events[6]);
    let state = meaning.state_after().expect("a result carries state");
    let some = state.child("some").expect("state is some(bytes)");
    assert_eq!(some.type_label, "list<u8> as JSON");
    assert_eq!(some.text, r#"{"n":1}"#);
    // Every event knows where its current state comes from.
    let sources: Vec<Option<usize>> = actor.summaries.iter().map(|s| s.state_source_idx).collect();
    assert_eq!(
        sources,
        [
            None,
            None,
            None,
            Some(3),
            Some(3),
            Some(3),
            Some(6),
            Some(6),
            Some(6),
            Some(6)
        ]
    );
}

#[test]
fn era_b_payloads_decode_their_json_text_bytes() {
    let actor = analyze("theater-repo/runtime-test.chain.json");
    assert_eq!(actor.summaries[1].kind, EventKind::HostCall);
    assert_eq!(actor.summaries[1].function, "theater:simple/runtime/log");
    let meaning = interpret_event(&actor.chain.events[1]);
    let input: &ValueNode = meaning.part("input").unwrap();
    assert_eq!(input.type_label, "bytes as JSON");
    assert_eq!(input.children[0].text, "\"Runtime test actor initialized\"");
    let result = interpret_event(&actor.chain.events[5]);
    assert_eq!(result.kind, EventKind::ExportResult);
    assert!(result
        .state_after()
        .unwrap()
        .text
        .contains("Runtime handler tests passed"));
}

#[test]
fn search_text_covers_decoded_payload_text() {
    let actor = analyze("theater-repo/wasi-clocks-test.chain.json");
    let hits: Vec<usize> = (0..actor.summaries.len())
        .filter(|idx| {
            actor.summaries[*idx]
                .search_text
                .contains("subscribe-duration")
        })
        .collect();
    assert_eq!(hits, [5, 9, 10]);
    assert!(actor.summaries[0]
        .search_text
        .contains(&actor.summaries[0].hash_hex));
}

#[test]
fn an_undecodable_payload_is_shown_as_bytes_with_the_reason() {
    let mut actor = analyze("vectors/c2-ten-events.chain.json");
    let event = &mut actor.chain.events[2];
    event.data.truncate(30);
    let meaning = interpret_event(event);
    assert_eq!(meaning.kind, EventKind::Unknown);
    assert!(
        meaning
            .problem
            .as_deref()
            .unwrap()
            .starts_with("payload CGRF rejected"),
        "{:?}",
        meaning.problem
    );
    assert!(meaning.payload.type_label.contains("undecoded"));
    // The function still comes from the event type.
    assert_eq!(meaning.function, "theater:simple/supervisor/spawn");
}
