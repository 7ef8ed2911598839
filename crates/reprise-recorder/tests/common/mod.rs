//! What the recorder's integration tests share: building the sample actors and checking that
//! captured chains are complete.

use std::path::Path;
use std::process::Command;

use reprise_chain::{verify_chain, ActorChain};

/// Builds every sample actor in release mode (`cargo build --release` in `actors_dir`), with
/// the actors workspace's own target and link flags, never the calling cargo's.
pub fn build_actors(actors_dir: &Path) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--release", "--quiet"])
        .arg("--target-dir")
        .arg(actors_dir.join("target"))
        .current_dir(actors_dir)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("CARGO_TARGET_DIR")
        .status()
        .unwrap();
    assert!(status.success(), "building the sample actors failed");
}

/// Every chain is complete: its first event has no parent hash and the whole chain verifies
/// from there.
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

/// Each chain's name and event types, one line each, for failure messages.
pub fn describe_chains(chains: &[ActorChain]) -> String {
    chains
        .iter()
        .map(|chain| {
            let types: Vec<String> = chain
                .events
                .iter()
                .map(|event| match event.event_type.as_str() {
                    "wasm" => format!(
                        "wasm({})",
                        String::from_utf8_lossy(&event.data)
                            .chars()
                            .filter(|c| c.is_ascii_graphic())
                            .collect::<String>()
                    ),
                    other => other.to_string(),
                })
                .collect();
            format!("{:?} {:?}: {}", chain.name, chain.id, types.join(", "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}
