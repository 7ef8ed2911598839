//! What the recorder's integration tests share beyond reprise-testkit: a readable summary of
//! captured chains for failure messages.

use reprise_chain::ActorChain;

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
