//! `hex_lines`: the layout of a classic offset / hex / ASCII dump of a byte slice, in lines of
//! [`BYTES_PER_LINE`] bytes and pages of [`PAGE_BYTES`], so a megabyte payload never floods the
//! page. Plain data: the web app's `HexView` renders these lines.

/// Bytes per line.
pub const BYTES_PER_LINE: usize = 16;

/// Bytes shown at first, and added by each "show more".
pub const PAGE_BYTES: usize = 1024;

/// One dump line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HexLine {
    /// Offset of the first byte, 8 hex digits.
    pub offset: String,
    /// Bytes as two-digit hex separated by spaces.
    pub hex: String,
    /// Printable ASCII, `.` for anything else.
    pub ascii: String,
}

/// The dump lines of the first `max_bytes` of `bytes`.
pub fn hex_lines(bytes: &[u8], max_bytes: usize) -> Vec<HexLine> {
    bytes[..bytes.len().min(max_bytes)]
        .chunks(BYTES_PER_LINE)
        .enumerate()
        .map(|(line_idx, chunk)| HexLine {
            offset: format!("{:08x}", line_idx * BYTES_PER_LINE),
            hex: chunk
                .iter()
                .map(|byte| format!("{byte:02x}"))
                .collect::<Vec<_>>()
                .join(" "),
            ascii: chunk
                .iter()
                .map(|&byte| {
                    if byte.is_ascii_graphic() || byte == b' ' {
                        char::from(byte)
                    } else {
                        '.'
                    }
                })
                .collect(),
        })
        .collect()
}
