//! The bad-input table: every hostile or damaged fragment is refused as a whole, with the key
//! and the reason named, and a message that quotes at most a short, escaped piece of it. The
//! literal rows are in `share_links/bad_fragments.tsv`; the rows that need generated input (a
//! deflate bomb, a truncated stream, an over-long fragment) are here.

// Helpers outside the test fns unwrap too (clippy's test exemption does not see
// `#[test]`): a test that cannot read its table must fail loudly.
#![allow(clippy::unwrap_used)]

use std::io::Write as _;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use reprise_app::share::{
    embed_session, unembed, LinkError, ShareLink, MAX_FRAGMENT_LEN, MAX_INFLATED_LEN,
};
use reprise_testkit::theater_scenario::bundle_bytes;

const TABLE: &str = include_str!("share_links/bad_fragments.tsv");

/// The longest message a refusal may produce (it quotes at most 40 characters of input).
const MAX_MESSAGE_CHARS: usize = 300;

fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// Checks one refusal: the key, the reason and a short, control-free message.
fn assert_refused(case: &str, fragment: &str, key: Option<&str>, reason: &str) -> LinkError {
    let error = match ShareLink::parse(fragment) {
        Ok(link) => panic!("{case}: {fragment:?} was accepted as {link:?}"),
        Err(error) => error,
    };
    assert_eq!(error.key.as_deref(), key, "{case}: key of {error}");
    assert_eq!(error.reason.as_str(), reason, "{case}: {error}");
    let message = error.to_string();
    assert!(
        message.starts_with("this link cannot be opened: "),
        "{case}"
    );
    assert!(
        message.chars().count() <= MAX_MESSAGE_CHARS,
        "{case}: message of {} chars",
        message.chars().count()
    );
    assert!(!message.chars().any(char::is_control), "{case}: {message}");
    error
}

#[test]
fn every_row_of_the_table_is_refused_with_its_key_and_reason() {
    let mut num_rows = 0;
    for line in TABLE.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        let [case, fragment, key, reason] = columns[..] else {
            panic!("table row is not 4 tab-separated columns: {line:?}");
        };
        let key = (key != "-").then_some(key);
        assert_refused(case, fragment, key, reason);
        // The same fragment behind a valid prefix is refused too: nothing before the bad
        // pair makes the rest valid.
        if !fragment.starts_with('#') && !fragment.starts_with("v=") {
            assert!(
                ShareLink::parse(&format!("v=1&event=3&{fragment}")).is_err(),
                "{case}"
            );
        }
        num_rows += 1;
    }
    assert!(num_rows >= 50, "only {num_rows} rows read");
}

#[test]
fn a_deflate_bomb_is_refused_while_inflating() {
    let bomb = deflate(&vec![0u8; MAX_INFLATED_LEN + 1]);
    let encoded = URL_SAFE_NO_PAD.encode(&bomb);
    assert!(encoded.len() < MAX_FRAGMENT_LEN, "the bomb fits in a link");
    let error = assert_refused(
        "bomb",
        &format!("v=1&embed={encoded}"),
        Some("embed"),
        "inflated-too-large",
    );
    assert!(error.to_string().contains(&MAX_INFLATED_LEN.to_string()));
    // Exactly the cap is still accepted.
    let at_cap = URL_SAFE_NO_PAD.encode(deflate(&vec![b'{'; MAX_INFLATED_LEN]));
    assert_eq!(unembed(&at_cap).unwrap().len(), MAX_INFLATED_LEN);
}

#[test]
fn a_truncated_or_corrupted_embedded_session_is_refused() {
    let encoded = embed_session(&bundle_bytes()[..50_000]).unwrap();
    assert!(unembed(&encoded).is_ok());
    let deflated = URL_SAFE_NO_PAD.decode(&encoded).unwrap();
    let truncated = URL_SAFE_NO_PAD.encode(&deflated[..deflated.len() / 2]);
    assert_refused(
        "truncated",
        &format!("embed={truncated}"),
        Some("embed"),
        "bad-deflate",
    );
    let mut flipped = deflated.clone();
    flipped[0] ^= 0b110; // the first block's type becomes the reserved 11
    assert_refused(
        "reserved block type",
        &format!("embed={}", URL_SAFE_NO_PAD.encode(&flipped)),
        Some("embed"),
        "bad-deflate",
    );
    assert_refused(
        "repeated embed",
        &format!("embed={encoded}&embed={encoded}"),
        Some("embed"),
        "repeated-key",
    );
}

#[test]
fn an_over_long_fragment_is_refused_before_it_is_read() {
    let long = "q=a&".repeat(MAX_FRAGMENT_LEN / 4 + 1);
    assert_refused("too long", &long, None, "too-long");
    // Within the budget as given, past it once raw spaces are written as `%20`.
    let spaces = format!("q={}", " ".repeat(MAX_FRAGMENT_LEN / 2));
    assert_refused("too long once escaped", &spaces, None, "too-long");
    let long_key = format!("{}=1", "k".repeat(10_000));
    let error = assert_refused(
        "long key",
        &long_key,
        Some(&format!("{}…", "k".repeat(40))),
        "unknown-key",
    );
    assert!(error.to_string().len() < 200);
}

#[test]
fn control_characters_in_a_key_are_escaped_in_the_message() {
    let error = ShareLink::parse("bell\u{7}\u{1b}[31m=1").unwrap_err();
    let message = error.to_string();
    assert!(message.contains("\\u{7}"), "{message}");
    assert!(!message.chars().any(char::is_control), "{message}");
}
