//! `FrameCodec`: bytes of theater-server's management socket ⇄ whole messages (spec §5).
//!
//! From the outside in: a 4-byte big-endian length (tokio-util's `LengthDelimitedCodec`, as
//! the server uses, at most [`MAX_FRAME_BYTES`]), then the JSON of a [`Frame`], then, once
//! fragments are joined, the message's own JSON bytes. `decode` is a pure function of the
//! buffer (plus the reassembler's state), so it is unit-tested on bytes without a socket.
//!
//! Invariant: a length over the maximum, a body that is not a frame or a bad fragment is an
//! error naming the reason, never a panic and never a silent skip.

use bytes::{Buf, BytesMut};
use tokio_util::codec::{Decoder, Encoder, LengthDelimitedCodec, LengthDelimitedCodecError};

use crate::fragment_reassembler::FragmentReassembler;
use crate::frame::Frame;
use crate::frame_error::FrameError;

/// The largest frame theater-server sends or accepts (its codec's setting).
pub const MAX_FRAME_BYTES: usize = 32 * 1024 * 1024;

/// Length prefix size.
const LENGTH_PREFIX_BYTES: usize = 4;

/// The codec of one management connection: decodes whole messages, encodes commands.
#[derive(Debug)]
pub struct FrameCodec {
    frames: LengthDelimitedCodec,
    reassembler: FragmentReassembler,
}

impl Default for FrameCodec {
    fn default() -> Self {
        Self::new()
    }
}

impl FrameCodec {
    /// A codec with the server's limits and no unfinished message.
    pub fn new() -> Self {
        Self {
            frames: LengthDelimitedCodec::builder()
                .length_field_length(LENGTH_PREFIX_BYTES)
                .max_frame_length(MAX_FRAME_BYTES)
                .big_endian()
                .new_codec(),
            reassembler: FragmentReassembler::default(),
        }
    }

    /// LengthDelimitedCodec refuses an oversized length without naming it, and before it
    /// consumes the prefix: read the length back so the message can say what was announced.
    fn name_length_error(err: std::io::Error, src: &BytesMut) -> FrameError {
        let is_oversized = err
            .get_ref()
            .is_some_and(|inner| inner.is::<LengthDelimitedCodecError>());
        match src.get(..LENGTH_PREFIX_BYTES) {
            Some(mut prefix) if is_oversized => FrameError::Oversized {
                len_bytes: u64::from(prefix.get_u32()),
                max_bytes: MAX_FRAME_BYTES as u64,
            },
            _ => FrameError::Io(err),
        }
    }

    /// Frames `message` as the server expects it: one `Complete` frame. Commands are small;
    /// one that does not fit one frame is an error (the server would refuse it anyway).
    pub fn encode_message(message: &[u8]) -> Result<Vec<u8>, FrameError> {
        let mut out = BytesMut::new();
        Self::new().encode(message, &mut out)?;
        Ok(out.to_vec())
    }
}

impl Decoder for FrameCodec {
    type Item = Vec<u8>;
    type Error = FrameError;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Vec<u8>>, FrameError> {
        loop {
            let body = match self.frames.decode(src) {
                Ok(Some(body)) => body,
                Ok(None) => return Ok(None),
                Err(err) => return Err(Self::name_length_error(err, src)),
            };
            match Frame::parse(&body)? {
                Frame::Complete(message) => return Ok(Some(message)),
                Frame::Fragment(fragment) => {
                    if let Some(message) = self.reassembler.push(fragment, now())? {
                        return Ok(Some(message));
                    }
                    // Not complete yet: the buffer may already hold the next fragment.
                }
            }
        }
    }

    fn decode_eof(&mut self, src: &mut BytesMut) -> Result<Option<Vec<u8>>, FrameError> {
        if let Some(message) = self.decode(src)? {
            return Ok(Some(message));
        }
        if !src.is_empty() {
            return Err(FrameError::BadFrame(format!(
                "the connection ended inside a frame ({} bytes unread)",
                src.len()
            )));
        }
        if self.reassembler.num_pending() > 0 {
            return Err(FrameError::BadFragment(
                "the connection ended inside a fragmented message".into(),
            ));
        }
        Ok(None)
    }
}

impl Encoder<&[u8]> for FrameCodec {
    type Error = FrameError;

    fn encode(&mut self, message: &[u8], dst: &mut BytesMut) -> Result<(), FrameError> {
        let body = Frame::Complete(message.to_vec()).to_json_bytes();
        self.frames.encode(body.as_slice(), dst)?;
        Ok(())
    }
}

/// Tokio's clock rather than `std::time::Instant::now`, which the workspace bans for the
/// browser's sake (this crate never runs there) and which tokio's test clock cannot pause.
fn now() -> std::time::Instant {
    tokio::time::Instant::now().into_std()
}
