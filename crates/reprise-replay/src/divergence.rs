//! Deciding whether one replayed event matches the recording, and if not, what differs.
//!
//! An event is verified when its hash equals the recorded event's stored hash *and* the
//! recorded event hashes to that stored hash itself (so an edited payload whose hash was left
//! alone is caught at that event, which Theater's replay misses; spec §12). Otherwise the
//! replayed and recorded payloads are compared as decoded values, part by part, to name the
//! first differing [`DivergenceField`].
//!
//! Invariant: values are compared by their CGRF encoding, the bytes the hash covers, so
//! "equal" here means "hashes the same".

use packr_abi::Value;
use reprise_chain::{to_hex, ChainEvent};

use crate::expected_chain::ExpectedChain;
use crate::recorded::{classify_event, RecordedEvent};
use crate::replay_report::{Divergence, DivergenceField};

/// Compares replayed event `actual` with recorded event `idx`; `None` when it is verified.
/// `notes` (engine errors, unanswered host calls) are appended to the detail.
pub fn check_event(
    expected: &ExpectedChain,
    idx: usize,
    actual: Option<&ChainEvent>,
    notes: &[String],
) -> Option<Divergence> {
    let recorded = expected.events.get(idx);
    let is_stored_ok = expected.is_stored_hash_ok.get(idx).copied().unwrap_or(true);
    if let (Some(recorded), Some(actual)) = (recorded, actual) {
        if recorded.hash == actual.hash && is_stored_ok {
            return None;
        }
    }
    let recorded_meaning = expected.decoded.get(idx);
    let actual_meaning = actual.map(classify_event);
    let (field, mut detail) = match (
        recorded.zip(recorded_meaning),
        actual.zip(actual_meaning.as_ref()),
    ) {
        (None, None) => return None,
        (None, Some((_, meaning))) => (
            DivergenceField::ExtraEvent,
            format!(
                "the replay produced a {} after the end of the recording",
                describe(meaning)
            ),
        ),
        (Some((_, meaning)), None) => {
            if is_stored_ok {
                (
                    DivergenceField::MissingEvent,
                    format!(
                        "the recording has a {} here, which the replay did not produce",
                        describe(meaning)
                    ),
                )
            } else {
                (DivergenceField::StoredHash, stored_hash_detail())
            }
        }
        (Some((recorded, recorded_meaning)), Some((actual, actual_meaning))) => compare(
            expected,
            idx,
            (recorded, recorded_meaning),
            (actual, actual_meaning),
            is_stored_ok,
        ),
    };
    for note in notes {
        detail.push_str("; ");
        detail.push_str(note);
    }
    Some(Divergence {
        index: idx,
        field,
        expected: recorded.cloned(),
        actual: actual.cloned(),
        expected_hash: recorded.map(|event| to_hex(&event.hash)),
        actual_hash: actual.map(|event| to_hex(&event.hash)),
        detail,
    })
}

type Side<'a> = (&'a ChainEvent, &'a RecordedEvent);

fn compare(
    expected: &ExpectedChain,
    idx: usize,
    (recorded, recorded_meaning): Side<'_>,
    (actual, actual_meaning): Side<'_>,
    is_stored_ok: bool,
) -> (DivergenceField, String) {
    use DivergenceField as F;
    use RecordedEvent as E;
    let found = match (recorded_meaning, actual_meaning) {
        (
            E::HostCall { interface: ri, function: rf, input: rin, output: rout },
            E::HostCall { interface: ai, function: af, input: ain, output: aout },
        ) => {
            if ri != ai || rf != af {
                let is_recorded_later = expected.find_host_call(idx + 1, ai, af).is_some();
                let field = if is_recorded_later { F::MissingEvent } else { F::ExtraEvent };
                Some((field, format!(
                    "the recording has a call to {ri}/{rf} here, the replay called {ai}/{af}{}",
                    if is_recorded_later { " (recorded later: the recorded call was skipped)" } else { "" }
                )))
            } else if !same(rin, ain) {
                Some((F::HostInput, format!("the actor sent {ai}/{af} the input {ain}; the recording says {rin}")))
            } else if !same(rout, aout) {
                Some((F::HostOutput, format!("the output of {ai}/{af} is {aout}; the recording says {rout}")))
            } else {
                None
            }
        }
        (E::ExportCall { function: rf, params: rp }, E::ExportCall { function: af, params: ap }) => {
            (rf != af || !same(rp, ap)).then(|| {
                (F::Params, format!("the replay called {af} with {ap}; the recording says {rf} with {rp}"))
            })
        }
        (
            E::ExportResult { function, state: rs, response: rr },
            E::ExportResult { state: as_, response: ar, .. },
        ) => {
            if !same(rs, as_) {
                Some((F::State, format!("after {function} the state is {as_}; the recording says {rs}")))
            } else if !same(rr, ar) {
                Some((F::Response, format!("{function} responded {ar}; the recording says {rr}")))
            } else {
                None
            }
        }
        (E::ExportError { message: rm, .. }, E::ExportError { message: am, .. }) => (rm != am)
            .then(|| (F::Error, format!("the replay failed with \"{am}\"; the recording says \"{rm}\""))),
        (E::ExportResult { function, .. }, E::ExportError { message, .. }) => Some((
            F::Error,
            format!("{function} failed in the replay (\"{message}\") but returned a result in the recording"),
        )),
        (E::ExportError { message, function }, E::ExportResult { .. }) => Some((
            F::Error,
            format!("{function} returned a result in the replay but failed in the recording (\"{message}\")"),
        )),
        (E::HostCall { .. }, _) => Some((
            F::MissingEvent,
            format!("the recording has a {} here; the replay produced a {} instead",
                describe(recorded_meaning), describe(actual_meaning)),
        )),
        (E::ExportResult { .. } | E::ExportError { .. } | E::ExportCall { .. } | E::Shutdown, E::HostCall { .. }) => Some((
            F::ExtraEvent,
            format!("the replay made a {} that the recording does not have here (it has a {})",
                describe(actual_meaning), describe(recorded_meaning)),
        )),
        (E::Shutdown, E::Shutdown) => None,
        (E::Unknown { reason }, _) if is_stored_ok => Some((
            F::EventType,
            format!("the recorded event cannot be replayed: {reason}"),
        )),
        (E::Unknown { .. }, _) => None,
        _ => Some((
            F::EventType,
            format!("the recording has a {} here; the replay produced a {}",
                describe(recorded_meaning), describe(actual_meaning)),
        )),
    };
    if let Some(found) = found {
        return found;
    }
    if recorded.event_type != actual.event_type {
        return (
            F::EventType,
            format!(
                "event_type is \"{}\"; the recording says \"{}\"",
                actual.event_type, recorded.event_type
            ),
        );
    }
    if !is_stored_ok {
        return (F::StoredHash, stored_hash_detail());
    }
    (
        F::StoredHash,
        "the payloads agree but the hashes differ: the recorded parent link is broken".into(),
    )
}

fn stored_hash_detail() -> String {
    "the recorded event does not hash to its stored hash: it was changed after it was recorded"
        .into()
}

/// Equal CGRF bytes (falls back to structural equality if a value cannot be encoded).
fn same(left: &Value, right: &Value) -> bool {
    match (packr_abi::encode(left), packr_abi::encode(right)) {
        (Ok(left), Ok(right)) => left == right,
        _ => left == right,
    }
}

fn describe(event: &RecordedEvent) -> String {
    match event {
        RecordedEvent::ExportCall { function, .. } => format!("wasm-call of {function}"),
        RecordedEvent::ExportResult { function, .. } => format!("wasm-result of {function}"),
        RecordedEvent::ExportError { function, .. } => format!("wasm-error of {function}"),
        RecordedEvent::HostCall {
            interface,
            function,
            ..
        } => format!("host call {interface}/{function}"),
        RecordedEvent::Shutdown => "shutdown event".into(),
        RecordedEvent::Unknown { .. } => "unreadable event".into(),
    }
}
