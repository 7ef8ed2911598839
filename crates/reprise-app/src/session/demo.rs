//! The built-in demo session shown while nothing else is open: a ten-event C2 chain that ships
//! inside the app, analysed by the worker like any opened file.

/// The name the demo is shown and reported under.
pub const DEMO_PATH: &str = "c2-ten-events.chain.json";

/// The demo chain's bytes.
pub const DEMO_BYTES: &[u8] =
    include_bytes!("../../../../fixtures/vectors/c2-ten-events.chain.json");
