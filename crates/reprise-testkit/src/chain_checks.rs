//! Checks that captured chains are what a lossless recorder must produce, shared by every
//! test that records the real runtime.

use reprise_chain::{verify_chain, ActorChain};

/// Every chain is complete: it has events, its first event has no parent hash, and the whole
/// chain verifies from there (nothing partial).
pub fn check_every_chain_complete(chains: &[ActorChain]) {
    for chain in chains {
        assert!(!chain.events.is_empty(), "{:?} has no events", chain.id);
        assert_eq!(chain.events[0].parent_hash, None, "{:?}", chain.id);
        let report = verify_chain(&chain.events);
        assert!(
            report.is_verified() && report.partial_from.is_none(),
            "{:?}: {}",
            chain.id,
            report.summary()
        );
    }
}
