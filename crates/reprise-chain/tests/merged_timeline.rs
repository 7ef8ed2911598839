//! The merged timeline puts several actors' events in arrival (seq) order.

use reprise_chain::{MergedRow, MergedTimeline};

fn row(seq: u64, actor_idx: usize, event_idx: usize) -> MergedRow {
    MergedRow {
        seq,
        actor_idx,
        event_idx,
    }
}

#[test]
fn interleaved_actors_merge_in_seq_order() {
    let timeline = MergedTimeline::build(&[vec![2, 3, 9], vec![5, 6], vec![], vec![4, 10]]);
    assert_eq!(
        timeline.rows(),
        &[
            row(2, 0, 0),
            row(3, 0, 1),
            row(4, 3, 0),
            row(5, 1, 0),
            row(6, 1, 1),
            row(9, 0, 2),
            row(10, 3, 1),
        ]
    );
    assert_eq!(timeline.len(), 7);
    assert_eq!(timeline.row(2), Some(row(4, 3, 0)));
    assert_eq!(timeline.row(7), None);
    assert_eq!(timeline.pos_of_seq(9), Some(5));
    assert_eq!(timeline.pos_of_seq(7), None);
}

#[test]
fn actors_in_sequence_stay_whole_and_nothing_is_empty() {
    // The scenario as `reprise serve` loads it: each actor's record, then its events.
    let counts = [76, 15, 12, 15];
    let mut next_seq = 1;
    let seqs: Vec<Vec<u64>> = counts
        .iter()
        .map(|&num_events| {
            next_seq += 1; // the actor record
            let seqs = (next_seq..next_seq + num_events).collect();
            next_seq += num_events;
            seqs
        })
        .collect();
    let timeline = MergedTimeline::build(&seqs);
    assert_eq!(timeline.len(), 118);
    assert!(timeline
        .rows()
        .windows(2)
        .all(|pair| pair[0].seq < pair[1].seq));
    assert_eq!(timeline.row(0), Some(row(2, 0, 0)));
    assert_eq!(timeline.row(76), Some(row(79, 1, 0)));
    assert_eq!(timeline.row(117), Some(row(122, 3, 14)));
    assert!(MergedTimeline::build(&[vec![], vec![]]).is_empty());
}
