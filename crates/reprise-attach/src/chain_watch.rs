//! `ChainWatch`: what one actor's recorded events say about the recording, decided event by
//! event without I/O: a first event whose parent was not seen means the chain is partial (the
//! actor ran before the subscription), a link to anything but the previous event means
//! events were lost in between, a `supervisor/spawn` output names a child to follow, and a
//! `shutdown` is the last event a chain records.
//!
//! Invariant: every event is judged against the one received before it (or, first, against
//! the last event an earlier recording left in the log), never against itself.

use reprise_chain::event::short_hex;
use reprise_chain::{spawned_child_id, ChainEvent};

/// How many hex digits of a hash a notice shows.
const SHORT_HASH_LEN: usize = 8;

/// What one event tells about the recording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainFinding {
    /// The first event's parent was not seen: the chain is partial.
    Partial {
        /// The unseen parent's short hash.
        parent_hash: String,
    },
    /// The event does not follow the previous one.
    Gap {
        /// The event's short hash.
        hash: String,
        /// The previous event's short hash.
        previous: String,
    },
    /// The event is a spawn that returned this child's id.
    Spawned(String),
    /// The event is the chain's `shutdown`: nothing can follow.
    Ended,
}

/// One actor's chain as recorded so far.
#[derive(Debug, Clone, Default)]
pub struct ChainWatch {
    last_hash: Option<Vec<u8>>,
    has_ended: bool,
}

impl ChainWatch {
    /// A watch that continues from `last_logged_hash`, the last event of this actor an
    /// earlier recording into the same log kept (`None`: nothing was kept).
    pub fn continuing(last_logged_hash: Option<Vec<u8>>) -> Self {
        Self {
            last_hash: last_logged_hash,
            has_ended: false,
        }
    }

    /// Takes the next event received; returns what it tells, in this order: a break in the
    /// chain, a spawn, the end.
    pub fn take(&mut self, event: &ChainEvent) -> Vec<ChainFinding> {
        let mut findings = Vec::new();
        match (&self.last_hash, &event.parent_hash) {
            (None, Some(parent)) => findings.push(ChainFinding::Partial {
                parent_hash: short_hex(parent, SHORT_HASH_LEN),
            }),
            (Some(last), parent) if parent.as_ref() != Some(last) => {
                findings.push(ChainFinding::Gap {
                    hash: short_hex(&event.hash, SHORT_HASH_LEN),
                    previous: short_hex(last, SHORT_HASH_LEN),
                })
            }
            _ => {}
        }
        self.last_hash = Some(event.hash.clone());
        if let Some(child_id) = spawned_child_id(event) {
            findings.push(ChainFinding::Spawned(child_id));
        }
        self.has_ended = event.event_type == "shutdown";
        if self.has_ended {
            findings.push(ChainFinding::Ended);
        }
        findings
    }

    /// Whether the last event taken was the chain's `shutdown`.
    pub fn has_ended(&self) -> bool {
        self.has_ended
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::test_fixtures::{scenario, scenario_child_ids};

    #[test]
    fn a_chain_from_its_first_event_is_whole_and_its_spawns_are_found() {
        let supervisor = scenario().remove(0);
        let mut watch = ChainWatch::default();
        let mut spawned = Vec::new();
        let mut num_ends = 0;
        for event in &supervisor.events {
            for finding in watch.take(event) {
                match finding {
                    ChainFinding::Spawned(child_id) => spawned.push(child_id),
                    ChainFinding::Ended => num_ends += 1,
                    other => panic!("a whole chain gave {other:?}"),
                }
            }
        }
        assert_eq!(num_ends, 1, "the supervisor's chain ends with its shutdown");
        spawned.sort();
        assert_eq!(spawned, scenario_child_ids());
    }

    #[test]
    fn attaching_mid_way_is_partial_once_and_a_lost_event_is_a_gap() {
        let counter = scenario().remove(1);
        let events = &counter.events;
        let mut watch = ChainWatch::default();
        let first = watch.take(&events[3]);
        assert_eq!(
            first,
            vec![ChainFinding::Partial {
                parent_hash: short_hex(events[2].hash.as_slice(), 8)
            }]
        );
        assert_eq!(watch.take(&events[4]), vec![]);
        // events[5] never arrives.
        assert_eq!(
            watch.take(&events[6]),
            vec![ChainFinding::Gap {
                hash: short_hex(&events[6].hash, 8),
                previous: short_hex(&events[4].hash, 8),
            }]
        );
    }

    #[test]
    fn a_recording_that_continues_the_log_is_neither_partial_nor_broken() {
        let counter = scenario().remove(1);
        let events = &counter.events;
        let mut watch = ChainWatch::continuing(Some(events[4].hash.clone()));
        for event in &events[5..] {
            let findings = watch.take(event);
            assert!(
                findings
                    .iter()
                    .all(|finding| *finding == ChainFinding::Ended),
                "{findings:?}"
            );
        }
        // Continuing from another event of the log is a gap, not a partial chain.
        let mut watch = ChainWatch::continuing(Some(events[1].hash.clone()));
        assert!(matches!(
            watch.take(&events[5]).as_slice(),
            [ChainFinding::Gap { .. }]
        ));
    }

    #[test]
    fn shutdown_ends_the_chain() {
        let chain = scenario()
            .into_iter()
            .find(|chain| {
                chain
                    .events
                    .last()
                    .is_some_and(|e| e.event_type == "shutdown")
            })
            .unwrap();
        let mut watch = ChainWatch::default();
        for event in &chain.events {
            assert!(!watch.has_ended());
            watch.take(event);
        }
        assert!(watch.has_ended());
    }
}
