//! History entries, the copy-link shortcut and its notice: a user's walk through the real
//! Theater 0.3.29 scenario's actors, replayed against `HistoryPolicy` with a scripted clock,
//! checking that Back would step through the selections a person made — not through every
//! row an arrow-key burst passed, nor through selections the app made by itself.

use reprise_app::{
    ActorKey, CopyLinkShortcut, HistoryPolicy, HistoryWrite, LinkNotice, Selection, SelectionCause,
    BURST_WINDOW_MS,
};
use reprise_testkit::theater_scenario::{COUNTER_SELF_SHUTDOWN_ID, SUPERVISOR_ID};

fn supervisor_event(event_idx: usize) -> Selection {
    Selection::event(ActorKey::from_text(SUPERVISOR_ID), event_idx)
}

/// Writes `selection` as its fragment would be written.
fn write(
    policy: &mut HistoryPolicy,
    selection: &Selection,
    cause: SelectionCause,
    now_ms: f64,
) -> HistoryWrite {
    policy.write(&selection.to_fragment(), selection, cause, now_ms)
}

#[test]
fn the_first_write_rewrites_the_entry_the_page_opened_with() {
    let mut policy = HistoryPolicy::new();
    let opened = Selection::actor(ActorKey::from_text(SUPERVISOR_ID));
    assert_eq!(
        write(&mut policy, &opened, SelectionCause::Automatic, 0.0),
        HistoryWrite::Replace
    );
    // The same view again writes nothing.
    assert_eq!(
        write(&mut policy, &opened, SelectionCause::User, 10.0),
        HistoryWrite::Skip
    );
}

#[test]
fn clicks_push_and_an_arrow_key_burst_is_one_entry() {
    let mut policy = HistoryPolicy::new();
    let user = SelectionCause::User;
    write(&mut policy, &supervisor_event(0), user, 0.0);

    // A click a second later: a new entry.
    assert_eq!(
        write(&mut policy, &supervisor_event(3), user, 1_000.0),
        HistoryWrite::Push
    );
    // Another click right away: a new entry too (only keys make bursts).
    assert_eq!(
        write(&mut policy, &supervisor_event(2), user, 1_100.0),
        HistoryWrite::Push
    );
    // ↓ held: the first press is a new entry, the next ones 30 ms apart rewrite it.
    let key = SelectionCause::Keyboard;
    assert_eq!(
        write(&mut policy, &supervisor_event(4), key, 1_200.0),
        HistoryWrite::Push
    );
    for (step, event_idx) in (5..40).enumerate() {
        let now_ms = 1_200.0 + 30.0 * (step as f64 + 1.0);
        assert_eq!(
            write(&mut policy, &supervisor_event(event_idx), key, now_ms),
            HistoryWrite::Replace,
            "event {event_idx} at {now_ms} ms"
        );
    }
    // A pause longer than the window, then another press: a new entry again.
    let after_burst_ms = 1_200.0 + 30.0 * 35.0 + BURST_WINDOW_MS + 1.0;
    assert_eq!(
        write(&mut policy, &supervisor_event(41), key, after_burst_ms),
        HistoryWrite::Push
    );
    // A click ends a burst: the key right after it starts a new entry.
    write(
        &mut policy,
        &supervisor_event(10),
        user,
        after_burst_ms + 10.0,
    );
    assert_eq!(
        write(
            &mut policy,
            &supervisor_event(11),
            key,
            after_burst_ms + 20.0
        ),
        HistoryWrite::Push
    );
}

#[test]
fn another_actor_is_always_a_new_entry_even_within_the_window() {
    let mut policy = HistoryPolicy::new();
    let user = SelectionCause::User;
    write(&mut policy, &supervisor_event(21), user, 0.0);
    write(&mut policy, &supervisor_event(22), user, 1_000.0);
    // "Go to effect" right after a click: the counter's event, a new entry.
    let counter = Selection::event(ActorKey::from_text(COUNTER_SELF_SHUTDOWN_ID), 2);
    assert_eq!(
        write(&mut policy, &counter, user, 1_100.0),
        HistoryWrite::Push
    );
}

#[test]
fn changes_the_user_did_not_make_or_that_keep_the_selection_rewrite_the_entry() {
    let mut policy = HistoryPolicy::new();
    write(&mut policy, &supervisor_event(5), SelectionCause::User, 0.0);
    // A live feed following its tail, seconds apart: never a new entry.
    for (step, event_idx) in (6..10).enumerate() {
        let now_ms = 5_000.0 * (step as f64 + 1.0);
        assert_eq!(
            write(
                &mut policy,
                &supervisor_event(event_idx),
                SelectionCause::Automatic,
                now_ms
            ),
            HistoryWrite::Replace
        );
    }
    // A filter typed into the fragment (same selection, longer fragment): rewritten.
    let selection = supervisor_event(9);
    let with_filter = format!("{}&q=tick", selection.to_fragment());
    assert_eq!(
        policy.write(&with_filter, &selection, SelectionCause::User, 60_000.0),
        HistoryWrite::Replace
    );
}

#[test]
fn back_then_a_click_pushes_and_the_popped_view_is_not_written_again() {
    let mut policy = HistoryPolicy::new();
    let user = SelectionCause::User;
    write(&mut policy, &supervisor_event(1), user, 0.0);
    write(&mut policy, &supervisor_event(8), user, 1_000.0);
    // Back: the browser shows event 1's entry; the app restores it and writes its view.
    let back_to = supervisor_event(1);
    policy.popped(&back_to.to_fragment(), &back_to);
    assert_eq!(
        write(&mut policy, &back_to, SelectionCause::Automatic, 1_050.0),
        HistoryWrite::Skip
    );
    // A key right after Back is not part of a burst before it: a new entry.
    write(
        &mut policy,
        &supervisor_event(3),
        SelectionCause::Keyboard,
        1_060.0,
    );
    let back_again = supervisor_event(1);
    policy.popped(&back_again.to_fragment(), &back_again);
    assert_eq!(
        write(
            &mut policy,
            &supervisor_event(2),
            SelectionCause::Keyboard,
            1_100.0
        ),
        HistoryWrite::Push
    );
}

#[test]
fn the_shortcut_is_a_bare_l_outside_text_fields() {
    let press = |key, has_modifier, is_in_text_field, is_repeat| CopyLinkShortcut {
        key,
        has_modifier,
        is_in_text_field,
        is_repeat,
    };
    assert!(press("l", false, false, false).is_copy_link());
    assert!(press("L", false, false, false).is_copy_link());
    assert!(
        !press("l", true, false, false).is_copy_link(),
        "Ctrl+L focuses the address bar"
    );
    assert!(
        !press("l", false, true, false).is_copy_link(),
        "typing an l in the search"
    );
    assert!(!press("l", false, false, true).is_copy_link(), "held down");
    assert!(!press("k", false, false, false).is_copy_link());
}

#[test]
fn a_notice_is_hidden_only_by_its_own_timer() {
    let first = LinkNotice::copied(1, "http://x/#a".to_string(), None);
    assert_eq!(first.text, "Link copied");
    let second = LinkNotice::copied(
        2,
        "http://x/#b".to_string(),
        Some("session too large to embed"),
    );
    assert_eq!(second.text, "Link copied — session too large to embed");
    assert!(!LinkNotice::is_expired_by(Some(&second), 1));
    assert!(LinkNotice::is_expired_by(Some(&second), 2));
    assert!(!LinkNotice::is_expired_by(None, 2));
    let failed = LinkNotice::copy_failed(3, "http://x/#c".to_string(), "NotAllowedError");
    assert!(failed.is_error);
    assert_eq!(failed.link, "http://x/#c");
}
