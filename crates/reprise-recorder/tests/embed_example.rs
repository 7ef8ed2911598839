//! The embedding example (`examples/embed.rs`), run as a test: its host records the sample
//! actors of `actors/` (built here) on the real Theater 0.3.29 runtime, and the capture
//! directory it leaves holds one complete chain per actor (each verifies from a root without a
//! parent hash), with parents and modules.
//!
//! The example changes the working directory, so this binary holds this one test only.

#![allow(clippy::unwrap_used)]

#[allow(dead_code)]
#[path = "../examples/embed.rs"]
mod embed;

mod common;

use std::time::Duration;

use reprise_chain::{spawned_child_id, verify_chain};
use reprise_store::{module_path, DurableLog};

#[test]
fn the_embedding_example_records_every_sample_actor_completely() {
    let actors_dir = embed::default_actors_dir();
    reprise_testkit::sample_actors::build_sample_actors();
    let capture = tempfile::tempdir().unwrap();
    let tokio_runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let report = tokio_runtime
        .block_on(embed::record_sample_actors(capture.path(), &actors_dir))
        .unwrap_or_else(|err| panic!("the example failed: {err:#}"));
    tokio_runtime.shutdown_timeout(Duration::from_secs(1));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);

    let (log, recovery) = DurableLog::open(capture.path()).unwrap();
    assert!(recovery.bad_lines.is_empty(), "{recovery:?}");
    let chains = log.to_actor_chains().unwrap();
    assert_eq!(report.num_actors, 3, "{}", common::describe_chains(&chains));
    assert_eq!(chains.len(), 3);
    let num_events: usize = chains.iter().map(|chain| chain.events.len()).sum();
    assert_eq!(
        num_events as u64, report.num_events,
        "every event is in the log"
    );
    reprise_testkit::chain_checks::check_every_chain_complete(&chains);

    let supervisor = chains
        .iter()
        .find(|chain| chain.name.as_deref() == Some("supervisor"))
        .unwrap();
    assert_eq!(supervisor.parent, None);
    let children: Vec<String> = supervisor
        .events
        .iter()
        .filter_map(spawned_child_id)
        .collect();
    assert_eq!(children.len(), 2);
    for chain in &chains {
        let sha256 = chain.wasm_sha256.as_deref().unwrap();
        let module = std::fs::read(module_path(capture.path(), sha256).unwrap()).unwrap();
        assert_eq!(reprise_store::wasm_sha256_hex(&module), sha256);
        if chain.id != supervisor.id {
            assert!(children.contains(chain.id.as_ref().unwrap()));
            assert_eq!(chain.parent, supervisor.id);
            assert_eq!(chain.name.as_deref(), Some("counter"));
            assert!(verify_chain(&chain.events).is_verified());
            assert_eq!(chain.events.last().unwrap().event_type, "shutdown");
        }
    }
}
