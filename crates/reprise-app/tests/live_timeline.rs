//! The merged live timeline over the real Theater 0.3.29 scenario: every event of every actor
//! in arrival (seq) order, each row naming its actor and pointing at its event in the session;
//! a back-fill's earlier events take their place in that order.

// Helpers outside the test fns unwrap too (clippy's test exemption does not see
// `#[test]`): a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use reprise_app::{ActorKey, EventStatus, FeedChannel, LiveFeed, LiveTimeline, Selection, Session};
use reprise_chain::EventKind;
use reprise_testkit::theater_scenario::{scenario_actors as scenario, scenario_log_lines};

/// The scenario as `reprise serve` loads it: each actor's record, then its events; seqs from 1.
fn records() -> Vec<String> {
    scenario_log_lines()
}

fn on_main(feed: &mut LiveFeed, messages: &[String]) -> Vec<u32> {
    let batch: Vec<(FeedChannel, String)> = messages
        .iter()
        .map(|text| (FeedChannel::Main, text.clone()))
        .collect();
    let actions = feed.on_messages(&batch);
    actions
        .open_backfills
        .iter()
        .map(|request| request.backfill_id)
        .collect()
}

fn timeline_of(feed: &LiveFeed, session: &mut Session) -> LiveTimeline {
    session.set_live_actors(feed.url(), feed.actors());
    LiveTimeline::build(
        feed.event_seqs(),
        feed.actors(),
        &session.actor_entries(),
        feed.url(),
    )
}

#[test]
fn the_merged_timeline_shows_every_event_in_seq_order_with_its_actor() {
    let log = records();
    let expected = scenario();
    let mut feed = LiveFeed::new("ws://x/ws".to_string());
    feed.on_open();
    on_main(&mut feed, &log);
    let mut session = Session::default();
    let timeline = timeline_of(&feed, &mut session);
    assert_eq!(timeline.len(), 118);
    let rows: Vec<_> = (0..timeline.len())
        .map(|pos| timeline.row_of_seq(timeline.seq_at(pos).unwrap()).unwrap())
        .collect();
    assert!(rows.windows(2).all(|pair| pair[0].seq < pair[1].seq));
    // Seq 1 is the supervisor's actor record; its events are 2..=77, then each counter's.
    assert_eq!(rows[0].seq, 2);
    assert_eq!(rows[0].actor_id, expected[0].id.clone().unwrap());
    assert_eq!(rows[0].actor_label, expected[0].name.clone().unwrap());
    let first_counter_event = &rows[76];
    assert_eq!(first_counter_event.seq, 79);
    // Live actors are named by their Theater ids.
    let first_counter_key = ActorKey::from_text(expected[1].id.as_deref().unwrap());
    assert_eq!(
        first_counter_event.selection,
        Selection::event(first_counter_key.clone(), 0)
    );
    assert_eq!(
        first_counter_event.actor_id,
        expected[1].id.clone().unwrap()
    );
    assert_eq!(rows[117].seq, 122);
    assert!(rows.iter().all(|row| row.status
        == EventStatus::of(
            &session
                .actor(row.selection.actor.as_ref().unwrap())
                .unwrap(),
            row.selection.event_idx.unwrap()
        )));
    assert!(rows.iter().any(|row| row.kind == EventKind::HostCall));
    assert_eq!(timeline.pos_of(&first_counter_event.selection), Some(76));
    assert_eq!(timeline.pos_of(&Selection::actor(first_counter_key)), None);
}

#[test]
fn back_filled_events_take_their_place_in_arrival_order() {
    let log = records();
    let supervisor_id = scenario()[0].id.clone().unwrap();
    let mut feed = LiveFeed::from_param("ws://x/ws".to_string(), Some("50"));
    feed.on_open();
    let backfills = on_main(&mut feed, &log[49..]);
    let mut session = Session::default();
    let before = timeline_of(&feed, &mut session);
    assert_eq!(before.len(), 118 - 48);
    assert_eq!(before.seq_at(0), Some(50));
    let from_log: Vec<(FeedChannel, String)> = log
        .iter()
        .filter(|text| text.contains("\"actor\"") || text.contains(&supervisor_id))
        .map(|text| (FeedChannel::Backfill(backfills[0]), text.clone()))
        .collect();
    feed.on_messages(&from_log);
    let after = timeline_of(&feed, &mut session);
    assert_eq!(after.len(), 118);
    assert_eq!(after.seq_at(0), Some(2));
    assert_eq!(after.seq_at(48), Some(50));
    let row = after.row_of_seq(50).unwrap();
    assert_eq!(row.selection.event_idx, Some(48));
    assert_eq!(row.status, EventStatus::Ok);
}

#[test]
fn a_feed_not_shown_in_the_session_has_an_empty_timeline() {
    let mut feed = LiveFeed::new("ws://x/ws".to_string());
    feed.on_open();
    on_main(&mut feed, &records());
    let timeline = LiveTimeline::build(feed.event_seqs(), feed.actors(), &[], "other");
    assert!(timeline.is_empty());
    assert_eq!(timeline.row_of_seq(2), None);
}
