//! The supervision tree panel's rows and the message jumps, computed from the real Theater
//! 0.3.29 scenario (a supervisor and three counters), without the DOM.

// Helpers outside the test fns unwrap too (clippy's test exemption does not see
// `#[test]`): a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use reprise_app::{ActorKey, MessageJump, Selection, Session, SessionLinks, TreeRow};
use reprise_chain::{analyze_file, ActorStatus, AnalyzedFile};
use reprise_testkit::theater_scenario::{
    bundle_bytes, chain_file_bytes, COUNTER_GUEST_ERROR_ID as FAILED, SUPERVISOR_ID as SUPERVISOR,
};

fn scenario() -> AnalyzedFile {
    analyze_file("scenario.bundle.json", &bundle_bytes(), &mut |_| {}).unwrap()
}

fn session_of(files: Vec<AnalyzedFile>) -> Session {
    let mut session = Session::default();
    for file in files {
        session.add_file(file, false);
    }
    session
}

#[test]
fn tree_rows_nest_the_counters_under_the_supervisor_with_their_statuses() {
    let rows = TreeRow::of_session(&session_of(vec![scenario()]));
    let summary: Vec<(usize, &str, &str)> = rows
        .iter()
        .map(|row| (row.depth, row.status.as_str(), row.label.as_str()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (0, "stopped", "supervisor"),
            (1, "failed", "counter"),
            (1, "exited", "counter"),
            (1, "stopped", "counter"),
        ]
    );
    assert_eq!(rows[0].actor_id.as_deref(), Some(SUPERVISOR));
    assert_eq!(rows[0].events_text(), "76 events");
    assert!(rows
        .iter()
        .all(|row| row.is_verified && row.actor.is_some()));
    assert_eq!(
        rows[1].node_class(),
        "rp-tree__node rp-tree__node--depth-1 rp-tree__node--failed"
    );
}

#[test]
fn a_lone_supervisor_chain_lists_its_children_as_not_recorded() {
    let file = analyze_file(
        &format!("{SUPERVISOR}.chain.json"),
        &chain_file_bytes(SUPERVISOR),
        &mut |_| {},
    )
    .unwrap();
    let rows = TreeRow::of_session(&session_of(vec![file]));
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[1].status, ActorStatus::NotRecorded);
    assert_eq!(rows[1].actor, None);
    assert_eq!(rows[1].label, FAILED);
    assert_eq!(rows[1].events_text(), "not recorded");
    assert_eq!(
        rows[1].badge_class(),
        "rp-tree__badge rp-tree__badge--not-recorded"
    );
}

#[test]
fn a_send_leads_to_its_effect_and_the_handle_send_back_to_its_cause() {
    let session = session_of(vec![scenario()]);
    let links = SessionLinks::of(&session);
    let supervisor = ActorKey::from_text(SUPERVISOR);
    let send = Selection::event(supervisor.clone(), 21);
    let jump = MessageJump::of(&links, &send);
    let effect = jump.effect.unwrap();
    assert_eq!(jump.cause, None);
    // Actors with Theater ids are keyed by them.
    assert_eq!(effect.actor, Some(ActorKey::from_text(FAILED)));
    assert_eq!(
        session
            .actor(effect.actor.as_ref().unwrap())
            .unwrap()
            .chain
            .id
            .as_deref(),
        Some(FAILED)
    );
    assert_eq!(effect.event_idx, Some(5));
    let back = MessageJump::of(&links, &effect);
    assert_eq!(back.cause, Some(send));
    assert_eq!(back.effect, None);
    // An event that is no message, and no event at all, lead nowhere.
    let log = Selection::event(supervisor, 20);
    assert_eq!(MessageJump::of(&links, &log), MessageJump::default());
    assert_eq!(
        MessageJump::of(&links, &Selection::default()),
        MessageJump::default()
    );
}
