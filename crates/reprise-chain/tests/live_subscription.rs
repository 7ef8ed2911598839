//! The `subscribe` messages a live client sends, and the `from` values a URL may give.

use reprise_chain::{subscribe_message, FeedStart, LiveSubscription};

#[test]
fn from_values_parse_and_bad_ones_say_why() {
    assert_eq!(FeedStart::parse("tail"), Ok(FeedStart::Tail));
    assert_eq!(FeedStart::parse("beginning"), Ok(FeedStart::Beginning));
    assert_eq!(FeedStart::parse(" 50 "), Ok(FeedStart::Seq(50)));
    for bad in ["0", "-3", "soon", ""] {
        let problem = FeedStart::parse(bad).unwrap_err();
        assert!(
            problem.contains("not `beginning`, `tail` or a seq"),
            "{problem}"
        );
    }
}

#[test]
fn messages_match_the_protocol_and_the_plain_subscribe() {
    assert_eq!(
        LiveSubscription::all_actors(FeedStart::Beginning).to_message(),
        subscribe_message(None)
    );
    assert_eq!(
        LiveSubscription::all_actors(FeedStart::Seq(7)).to_message(),
        subscribe_message(Some(7))
    );
    assert_eq!(
        LiveSubscription::all_actors(FeedStart::Tail).to_message(),
        r#"{"from":"tail","type":"subscribe"}"#
    );
    let backfill = LiveSubscription {
        from: FeedStart::Beginning,
        actors: Some(vec!["a\"b".to_string()]),
    };
    assert_eq!(
        backfill.to_message(),
        r#"{"actors":["a\"b"],"from":"beginning","type":"subscribe"}"#
    );
}
