//! The framing codec on bytes alone: the spec's example frame, frames split anywhere, fragments
//! joined in index order, and every kind of bad input refused with a reason.

#![allow(clippy::unwrap_used)]

use std::time::Duration;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use bytes::BytesMut;
use reprise_theater_client::{
    Fragment, FragmentReassembler, Frame, FrameCodec, FrameError, ManagementCommand,
    FRAGMENT_TIMEOUT, MAX_FRAME_BYTES,
};
use tokio_util::codec::Decoder;

fn frame_bytes(body: &[u8]) -> Vec<u8> {
    let mut bytes = (body.len() as u32).to_be_bytes().to_vec();
    bytes.extend_from_slice(body);
    bytes
}

fn fragment_frame(message_id: u64, index: u32, total: u32, chunk: &[u8]) -> Vec<u8> {
    frame_bytes(
        &Frame::Fragment(Fragment {
            message_id,
            fragment_index: index,
            total_fragments: total,
            data: BASE64.encode(chunk),
        })
        .to_json_bytes(),
    )
}

fn decode_all(bytes: &[u8]) -> Result<Vec<Vec<u8>>, FrameError> {
    let mut codec = FrameCodec::new();
    let mut buf = BytesMut::from(bytes);
    let mut messages = Vec::new();
    while let Some(message) = codec.decode(&mut buf)? {
        messages.push(message);
    }
    if let Some(message) = codec.decode_eof(&mut buf)? {
        messages.push(message);
    }
    Ok(messages)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[test]
fn list_actors_is_framed_exactly_as_the_spec_shows() {
    let bytes = FrameCodec::encode_message(&ManagementCommand::ListActors.to_json_bytes()).unwrap();
    let text = hex(&bytes);
    // Spec §5: `00000039 7b22436f6d706c657465223a5b33342c37362c…5d7d`.
    assert!(
        text.starts_with("000000397b22436f6d706c657465223a5b33342c37362c"),
        "{text}"
    );
    assert!(text.ends_with("5d7d"), "{text}");
    assert_eq!(
        &bytes[4..],
        br#"{"Complete":[34,76,105,115,116,65,99,116,111,114,115,34]}"#
    );
    assert_eq!(
        decode_all(&bytes).unwrap(),
        vec![b"\"ListActors\"".to_vec()]
    );
}

#[test]
fn frames_split_at_any_byte_decode_the_same() {
    let mut bytes = FrameCodec::encode_message(b"\"ListActors\"").unwrap();
    bytes.extend(FrameCodec::encode_message(br#"{"StopActor":{"id":"x"}}"#).unwrap());
    for cut in 0..bytes.len() {
        let mut codec = FrameCodec::new();
        let mut buf = BytesMut::from(&bytes[..cut]);
        let mut messages = Vec::new();
        while let Some(message) = codec.decode(&mut buf).unwrap() {
            messages.push(message);
        }
        buf.extend_from_slice(&bytes[cut..]);
        while let Some(message) = codec.decode(&mut buf).unwrap() {
            messages.push(message);
        }
        assert_eq!(
            messages,
            vec![
                b"\"ListActors\"".to_vec(),
                br#"{"StopActor":{"id":"x"}}"#.to_vec()
            ],
            "cut at {cut}"
        );
    }
}

#[test]
fn fragments_are_joined_in_index_order_whatever_order_they_arrive_in() {
    let mut bytes = fragment_frame(9, 2, 3, b"-three");
    bytes.extend(FrameCodec::encode_message(b"\"between\"").unwrap());
    bytes.extend(fragment_frame(9, 0, 3, b"one"));
    bytes.extend(fragment_frame(9, 1, 3, b"-two"));
    assert_eq!(
        decode_all(&bytes).unwrap(),
        vec![b"\"between\"".to_vec(), b"one-two-three".to_vec()]
    );
}

#[test]
fn a_length_over_32_mib_is_refused_before_reading_the_body() {
    let too_long = (MAX_FRAME_BYTES as u32 + 1).to_be_bytes();
    let err = decode_all(&too_long).unwrap_err();
    assert!(
        matches!(err, FrameError::Oversized { len_bytes, .. } if len_bytes == MAX_FRAME_BYTES as u64 + 1)
    );
    assert!(err.to_string().contains("33554433 bytes"), "{err}");

    // Exactly the maximum is allowed: the codec waits for the body.
    let mut codec = FrameCodec::new();
    let mut buf = BytesMut::from(&(MAX_FRAME_BYTES as u32).to_be_bytes()[..]);
    assert!(codec.decode(&mut buf).unwrap().is_none());
}

#[test]
fn garbage_bodies_are_refused_with_serdes_reason() {
    for body in [
        &b"hello"[..],
        b"{\"Complete\":\"x\"}",
        b"{\"Other\":[1]}",
        b"[]",
    ] {
        let err = decode_all(&frame_bytes(body)).unwrap_err();
        assert!(matches!(err, FrameError::BadFrame(_)), "{body:?}: {err}");
    }
}

#[test]
fn a_connection_ending_inside_a_frame_or_a_fragmented_message_is_an_error() {
    let bytes = FrameCodec::encode_message(b"\"ListActors\"").unwrap();
    let err = decode_all(&bytes[..bytes.len() - 1]).unwrap_err();
    assert!(err.to_string().contains("ended inside a frame"), "{err}");
    let err = decode_all(&fragment_frame(1, 0, 2, b"half")).unwrap_err();
    assert!(
        err.to_string().contains("inside a fragmented message"),
        "{err}"
    );
}

#[test]
fn inconsistent_fragments_are_refused() {
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (fragment_frame(1, 2, 2, b"x"), "not below its total"),
        (fragment_frame(1, 0, 0, b"x"), "not below its total"),
        (
            [fragment_frame(1, 0, 3, b"a"), fragment_frame(1, 1, 2, b"b")].concat(),
            "an earlier one said 3",
        ),
        (
            [fragment_frame(1, 0, 3, b"a"), fragment_frame(1, 0, 3, b"a")].concat(),
            "received twice",
        ),
        (
            frame_bytes(br#"{"Fragment":{"message_id":1,"fragment_index":0,"total_fragments":2,"data":"%%%"}}"#),
            "not base64",
        ),
    ];
    for (bytes, expected) in cases {
        let err = decode_all(&bytes).unwrap_err();
        assert!(matches!(err, FrameError::BadFragment(_)), "{err}");
        assert!(
            err.to_string().contains(expected),
            "{err} should say {expected}"
        );
    }
}

#[test]
fn unfinished_messages_expire_after_30_seconds_and_their_number_is_bounded() {
    let chunk = |message_id, index| Fragment {
        message_id,
        fragment_index: index,
        total_fragments: 2,
        data: BASE64.encode([index as u8]),
    };
    let start = tokio::time::Instant::now().into_std();
    let mut reassembler = FragmentReassembler::default();
    assert_eq!(reassembler.push(chunk(1, 0), start).unwrap(), None);
    let late = start + FRAGMENT_TIMEOUT + Duration::from_secs(1);
    // Fragment 0 expired, so fragment 1 alone does not complete the message.
    assert_eq!(reassembler.push(chunk(1, 1), late).unwrap(), None);
    assert_eq!(reassembler.num_pending(), 1);

    let mut reassembler = FragmentReassembler::default();
    for message_id in 0..reprise_theater_client::MAX_PENDING_MESSAGES as u64 {
        reassembler.push(chunk(message_id, 0), start).unwrap();
    }
    let err = reassembler.push(chunk(999, 0), start).unwrap_err();
    assert!(err.to_string().contains("unfinished at once"), "{err}");
    // A message already under way can still finish.
    assert_eq!(
        reassembler.push(chunk(3, 1), start).unwrap(),
        Some(vec![0, 1])
    );
}
