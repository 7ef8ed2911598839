//! `LinkNotice`: the short confirmation after "Copy link" — what it says and until when it
//! shows. The confirmation shows the link too, so it can be copied by hand when the clipboard
//! refuses. A newer copy replaces an older notice, and the older notice's timer must not hide the
//! newer one, so each notice has an id the timer names.

/// How long a notice stays (ms).
pub const LINK_NOTICE_MILLIS: u32 = 2_000;

/// One confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkNotice {
    /// Which copy it confirms (increasing).
    pub notice_id: u32,
    /// What it says, as text (never HTML).
    pub text: String,
    /// The link itself, shown beside the text so it can be copied by hand if needed.
    pub link: String,
    /// Whether the copy failed (shown as an error, not a confirmation).
    pub is_error: bool,
}

impl LinkNotice {
    /// The notice after copying; `explanation` says why the link is not self-contained, if so.
    pub fn copied(notice_id: u32, link: String, explanation: Option<&str>) -> Self {
        let text = match explanation {
            Some(explanation) => format!("Link copied — {explanation}"),
            None => "Link copied".to_string(),
        };
        Self {
            notice_id,
            text,
            link,
            is_error: false,
        }
    }

    /// The notice when the clipboard refused (`reason` from the browser).
    pub fn copy_failed(notice_id: u32, link: String, reason: &str) -> Self {
        Self {
            notice_id,
            link,
            text: format!("Could not copy the link: {reason}"),
            is_error: true,
        }
    }

    /// Whether the timer of notice `expired_id` should hide `current`: only its own.
    pub fn is_expired_by(current: Option<&Self>, expired_id: u32) -> bool {
        current.is_some_and(|notice| notice.notice_id == expired_id)
    }
}
