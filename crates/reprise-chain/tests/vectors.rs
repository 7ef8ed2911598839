//! The test vectors of theater-chain.md §2 and §11: exact canonical bytes, every hash of the
//! ten-event C2 chain, the shared root hash of the real era-B fixtures, and byte-identical
//! CGRF re-encoding through packr-abi.

// Helpers outside #[test] fns unwrap too: a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use reprise_chain::{canonical_bytes, compute_event_hash, to_hex, verify_chain};
use reprise_testkit::vectors::{ten_events, ROOT_EVENT_CANONICAL, TEN_EVENTS_TABLE};
use reprise_testkit::{fixture_bytes, fixture_dir_files, fixture_events};

#[test]
fn root_event_canonical_bytes_match_the_vector_exactly() {
    let expected = fixture_bytes(ROOT_EVENT_CANONICAL);
    let events = ten_events();
    assert_eq!(canonical_bytes(&events[0]), expected);
    assert_eq!(
        to_hex(&compute_event_hash(&events[0])),
        "7df1d45f275f4b950dbbe0f58be5c101fae07ec2"
    );
    assert_eq!(
        to_hex(&compute_event_hash(&events[1])),
        "4c40e6eac10bf541659db651c382d90840e723b3"
    );
}

#[test]
fn every_hash_of_the_ten_event_table_is_reproduced() {
    let table: Vec<serde_json::Value> =
        serde_json::from_slice(&fixture_bytes(TEN_EVENTS_TABLE)).unwrap();
    let events = ten_events();
    assert_eq!(table.len(), events.len());
    for (row, event) in table.iter().zip(&events) {
        assert_eq!(row["event_type"], event.event_type.as_str());
        assert_eq!(row["data_hex"], to_hex(&event.data).as_str());
        assert_eq!(row["hash_hex"], to_hex(&compute_event_hash(event)).as_str());
        assert_eq!(row["hash_hex"], to_hex(&event.hash).as_str());
    }
    assert!(verify_chain(&events).is_verified());
}

#[test]
fn cgrf_payloads_round_trip_byte_for_byte_through_packr_abi() {
    for event in ten_events() {
        let value = packr_abi::decode(&event.data).unwrap();
        assert_eq!(
            packr_abi::encode(&value).unwrap(),
            event.data,
            "{}",
            event.event_type
        );
    }
}

#[test]
fn decoded_text_matches_the_vector_display_column() {
    let table: Vec<serde_json::Value> =
        serde_json::from_slice(&fixture_bytes(TEN_EVENTS_TABLE)).unwrap();
    for (row, event) in table.iter().zip(ten_events()) {
        let value = packr_abi::decode(&event.data).unwrap();
        assert_eq!(row["display"], value.to_string().as_str());
    }
}

#[test]
fn real_theater_fixtures_verify_and_share_the_era_b_root_hash() {
    let mut num_events = 0;
    for path in fixture_dir_files("theater-repo") {
        let events = &fixture_events(&path);
        let report = verify_chain(events);
        assert!(report.is_verified(), "{path}: {}", report.summary());
        assert!(
            to_hex(&events[0].hash).starts_with("584d8e1be21f"),
            "{path}"
        );
        num_events += events.len();
    }
    assert_eq!(num_events, 61, "theater-chain.md §2.2 counts 61 events");
}
