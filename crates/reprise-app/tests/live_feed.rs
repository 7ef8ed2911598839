//! `LiveFeed`'s decisions, without a socket: records from the real Theater 0.3.29 scenario,
//! sent the way `reprise serve` sends them, build verified per-actor chains; the resume seq,
//! `lagged`, duplicates after a resubscribe, gaps and their back-fill from the log, where the
//! feed starts, backoff and closing.

// Helpers outside the test fns unwrap too (clippy's test exemption does not see
// `#[test]`): a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use reprise_app::{
    ActorKey, BackfillStep, FeedChannel, FeedReply, LiveFeed, Selection, Session, TreeRow,
    MAX_BACKFILL_ATTEMPTS,
};
use reprise_chain::{ActorStatus, BreakReason};
use reprise_testkit::theater_scenario::{scenario_actors as scenario, scenario_log_lines};

/// The scenario as the server's records: each actor, then its events; seqs from 1.
fn records() -> Vec<String> {
    scenario_log_lines()
}

fn feed_with(messages: &[String]) -> LiveFeed {
    let mut feed = LiveFeed::new("ws://127.0.0.1:8080/ws".to_string());
    feed.on_open();
    for message in messages {
        assert_eq!(feed.on_text(message), FeedReply::Nothing);
    }
    feed
}

#[test]
fn records_build_verified_chains_equal_to_the_files() {
    let messages = records();
    let feed = feed_with(&messages);
    let actors = feed.actors();
    let expected = scenario();
    assert_eq!(actors.len(), 4);
    for (actor, expected) in actors.iter().zip(&expected) {
        assert_eq!(actor.chain.events, expected.events);
        assert_eq!(actor.chain.name, expected.name);
        assert_eq!(actor.summaries.len(), expected.events.len());
        assert!(actor.report.is_verified());
        assert_eq!(actor.report, reprise_chain::verify_chain(&expected.events));
    }
    assert_eq!(feed.last_seq(), Some(messages.len() as u64));
    assert_eq!(feed.num_gaps(), 0);
    assert_eq!(feed.status_text(), format!("live · seq {}", messages.len()));
    // The tree over the live actors is the same as over the bundle.
    let mut session = Session::default();
    let first_id = actors[0].chain.id.clone().unwrap();
    assert_eq!(
        session.set_live_actors(feed.url(), actors),
        Some(ActorKey::from_text(&first_id))
    );
    let statuses: Vec<ActorStatus> = TreeRow::of_session(&session)
        .iter()
        .map(|row| row.status)
        .collect();
    assert_eq!(
        statuses,
        vec![
            ActorStatus::Stopped,
            ActorStatus::Failed,
            ActorStatus::Exited,
            ActorStatus::Stopped
        ]
    );
    // Later batches replace the same file's actors.
    assert_eq!(session.set_live_actors(feed.url(), feed.actors()), None);
    assert_eq!(session.num_actors(), 4);
    // The live actors are one source, the feed, and keep their ids as keys.
    assert_eq!(session.files().len(), 1);
    assert_eq!(session.files()[0].feed_url(), Some(feed.url()));
    assert_eq!(session.keys()[0], ActorKey::from_text(&first_id));
}

#[test]
fn reconnecting_resumes_after_the_last_seq_with_backoff() {
    let messages = records();
    let mut feed = LiveFeed::new("ws://x/ws".to_string());
    assert_eq!(feed.on_open(), r#"{"from":"beginning","type":"subscribe"}"#);
    for message in &messages[..10] {
        feed.on_text(message);
    }
    assert_eq!(feed.on_close("connection closed (code 1006)"), Some(1_000));
    assert_eq!(
        feed.status_text(),
        "reconnecting in 1s · seq 10 · connection closed (code 1006)"
    );
    assert_eq!(feed.on_close(""), Some(2_000));
    assert_eq!(feed.on_close(""), Some(4_000));
    for _ in 0..10 {
        feed.on_close("");
    }
    assert_eq!(feed.on_close(""), Some(30_000));
    feed.on_connecting();
    assert_eq!(feed.state_name(), "connecting");
    assert_eq!(feed.on_open(), r#"{"from":{"seq":11},"type":"subscribe"}"#);
    // A successful open resets the backoff.
    assert_eq!(feed.on_close(""), Some(1_000));
}

#[test]
fn lagged_resubscribes_after_its_seq_and_repeated_records_are_ignored() {
    let messages = records();
    let mut feed = feed_with(&messages[..20]);
    assert_eq!(
        feed.on_text(r#"{"type":"lagged","seq":20}"#),
        FeedReply::Send(r#"{"from":{"seq":21},"type":"subscribe"}"#.to_string())
    );
    // Records already applied (in flight when the new subscription started) change nothing.
    for message in &messages[15..] {
        feed.on_text(message);
    }
    let num_events: usize = feed
        .actors()
        .iter()
        .map(|actor| actor.chain.events.len())
        .sum();
    assert_eq!(num_events, messages.len() - 4);
    assert!(feed.actors().iter().all(|actor| actor.report.is_verified()));
}

#[test]
fn an_event_whose_parent_was_not_seen_is_shown_as_a_gap() {
    let mut messages = records();
    messages.remove(5);
    let feed = feed_with(&messages);
    assert_eq!(feed.num_gaps(), 1);
    assert!(feed.status_text().contains("1 gap(s): parent not yet seen"));
    let supervisor = &feed.actors()[0];
    let broken = supervisor.report.first_broken.as_ref().unwrap();
    assert_eq!(
        (broken.index, broken.reason),
        (4, BreakReason::ParentMismatch)
    );
}

#[test]
fn server_errors_and_unreadable_messages_are_shown_and_closing_stops_reconnects() {
    let mut feed = feed_with(&[]);
    feed.on_text(r#"{"type":"error","message":"bad subscribe"}"#);
    assert_eq!(feed.status_text(), "live · server: bad subscribe");
    feed.on_text("not json");
    assert!(feed
        .status_text()
        .starts_with("live · unreadable message: not JSON"));
    feed.close("replaced".to_string());
    assert_eq!(feed.on_close(""), None);
    assert_eq!(feed.state_name(), "closed");
    assert!(feed.status_text().starts_with("closed: replaced"));
}

#[test]
fn the_timeline_follows_the_tail_unless_an_earlier_event_is_selected() {
    let at = |event_idx| Selection {
        actor: Some(ActorKey::from_text("a")),
        event_idx,
    };
    assert_eq!(at(None).follow_tail(0, 3), Some(2));
    assert_eq!(at(Some(2)).follow_tail(3, 5), Some(4));
    assert_eq!(at(Some(1)).follow_tail(3, 5), None);
    assert_eq!(at(Some(4)).follow_tail(5, 5), None);
}

/// What the server sends a back-fill of `actor_id` from the log `log`: every actor record and
/// that actor's events, in seq order.
fn backfill_records(log: &[String], actor_id: &str) -> Vec<String> {
    log.iter()
        .filter(|text| {
            let record: serde_json::Value = serde_json::from_str(text).unwrap();
            record["type"] == "actor" || record["actor_id"] == actor_id
        })
        .cloned()
        .collect()
}

fn main_channel(messages: &[String]) -> Vec<(FeedChannel, String)> {
    messages
        .iter()
        .map(|text| (FeedChannel::Main, text.clone()))
        .collect()
}

fn backfill_channel(backfill_id: u32, messages: &[String]) -> Vec<(FeedChannel, String)> {
    messages
        .iter()
        .map(|text| (FeedChannel::Backfill(backfill_id), text.clone()))
        .collect()
}

// Issue 4: a gap is shown, then back-filled from the log, and disappears.
#[test]
fn a_feed_started_mid_chain_back_fills_the_gap_from_the_log() {
    let log = records();
    let expected = scenario();
    let supervisor_id = expected[0].id.clone().unwrap();
    let mut feed = LiveFeed::from_param("ws://x/ws".to_string(), Some("50"));
    assert_eq!(feed.on_open(), r#"{"from":{"seq":50},"type":"subscribe"}"#);
    // Records 50.. of the log: the supervisor's events from its 49th on, then the counters.
    let actions = feed.on_messages(&main_channel(&log[49..]));
    assert!(actions.send.is_empty());
    assert_eq!(feed.num_gaps(), 1);
    let request = &actions.open_backfills[..];
    assert_eq!(request.len(), 1);
    assert_eq!(request[0].actor_id, supervisor_id);
    assert_eq!(
        request[0].subscribe,
        format!(r#"{{"actors":["{supervisor_id}"],"from":"beginning","type":"subscribe"}}"#)
    );
    assert!(feed
        .status_text()
        .contains("1 gap(s): parent not yet seen, back-filling from the log"));
    // Nothing more is asked while the back-fill runs.
    assert!(feed.take_backfill_requests().is_empty());

    let backfill_id = request[0].backfill_id;
    let from_log = backfill_records(&log, &supervisor_id);
    let actions = feed.on_messages(&backfill_channel(backfill_id, &from_log));
    assert_eq!(actions.close_backfills, vec![backfill_id]);
    assert!(actions.open_backfills.is_empty());

    let actors = feed.actors();
    assert_eq!(actors.len(), 4);
    for (actor, expected) in actors.iter().zip(&expected) {
        assert_eq!(actor.chain.events, expected.events);
        assert_eq!(actor.chain.name, expected.name);
        assert_eq!(actor.report, reprise_chain::verify_chain(&expected.events));
        assert_eq!(actor.summaries.len(), expected.events.len());
    }
    assert_eq!(feed.num_gaps(), 0);
    assert_eq!(feed.status_text(), format!("live · seq {}", log.len()));
    // Seqs 2..=77 are the supervisor's events: the merged order of the whole log.
    assert_eq!(feed.event_seqs()[0], (2..=77).collect::<Vec<u64>>());
    // Later messages of the finished back-fill only ask to close it.
    assert_eq!(
        feed.on_backfill_text(backfill_id, &log[3]),
        BackfillStep::Done
    );
}

#[test]
fn a_recording_that_started_mid_way_is_shown_as_partial_and_asked_for_once() {
    // A log whose supervisor chain starts at its 11th event (seqs 2..=11 never recorded).
    let full = records();
    let supervisor_id = scenario()[0].id.clone().unwrap();
    let log: Vec<String> = full
        .iter()
        .enumerate()
        .filter(|(pos, _)| !(1..=10).contains(pos))
        .map(|(_, text)| text.clone())
        .collect();
    let mut feed = feed_with(&[]);
    let actions = feed.on_messages(&main_channel(&log[30..]));
    let backfill_id = actions.open_backfills[0].backfill_id;
    let actions = feed.on_messages(&backfill_channel(
        backfill_id,
        &backfill_records(&log, &supervisor_id),
    ));
    assert_eq!(actions.close_backfills, vec![backfill_id]);
    assert!(actions.open_backfills.is_empty());
    let supervisor = &feed.actors()[0];
    assert_eq!(supervisor.chain.events.len(), 66);
    assert_eq!(supervisor.report.partial_from, Some(0));
    assert_eq!(feed.num_gaps(), 0);
    assert_eq!(feed.num_partial_actors(), 1);
    assert!(feed
        .status_text()
        .ends_with("partial: recording started mid-way (1 actor(s))"));
    // The log was read for this gap: it is not asked for again.
    assert!(feed.take_backfill_requests().is_empty());
}

#[test]
fn a_back_fill_that_fails_is_retried_a_bounded_number_of_times_and_said() {
    let log = records();
    let mut feed = feed_with(&[]);
    let mut request = feed.on_messages(&main_channel(&log[49..])).open_backfills;
    let mut num_attempts = 0;
    while let Some(attempt) = request.pop() {
        num_attempts += 1;
        request = feed.on_backfill_closed(attempt.backfill_id, "connection closed (code 1006)");
    }
    assert_eq!(num_attempts, MAX_BACKFILL_ATTEMPTS);
    assert_eq!(feed.num_gaps(), 1);
    assert!(feed.status_text().ends_with(
        "1 gap(s): parent not yet seen · back-fill of \
         0ac11f53-e4df-4044-a9ca-f23d024cd0a6 failed: connection closed (code 1006)"
    ));
    // A server error ends a back-fill the same way.
    let mut feed = feed_with(&[]);
    let attempt = feed.on_messages(&main_channel(&log[49..])).open_backfills;
    assert_eq!(
        feed.on_backfill_text(
            attempt[0].backfill_id,
            r#"{"type":"error","message":"log"}"#
        ),
        BackfillStep::Done
    );
    assert!(feed.status_text().ends_with("failed: server: log"));
    assert_eq!(feed.take_backfill_requests().len(), 1);
}

#[test]
fn the_from_parameter_chooses_where_the_feed_starts() {
    let mut tail = LiveFeed::from_param("ws://x/ws".to_string(), Some("tail"));
    assert_eq!(tail.on_open(), r#"{"from":"tail","type":"subscribe"}"#);
    let mut bad = LiveFeed::from_param("ws://x/ws".to_string(), Some("soon"));
    assert_eq!(bad.on_open(), r#"{"from":"beginning","type":"subscribe"}"#);
    assert!(bad
        .status_text()
        .starts_with("live · ignored from: \"soon\" is not `beginning`"));
}
