//! An in-memory engine for testing the replayer without WebAssembly (Ruffle's null backends).
//!
//! The "actor" is a Rust closure: it gets the export name, the decoded input
//! (`Tuple([state, ...params])`) and a function for making host calls, and returns what the
//! export returns. Host calls go through the real [`HostImports`] path as CGRF bytes, so the
//! replayer sees exactly what a wasm guest would cause.
//!
//! Invariant: a fake instance's only state is the number of export calls it has served; its
//! snapshot holds that number, so tests can see restores happen.

use std::sync::Arc;

use packr_abi::Value;

use crate::engine::{
    ActorEngine, ActorInstance, EngineError, ExportOutcome, HostImports, InstanceSnapshot,
};

/// Makes a host call from inside a fake export: `(interface, function, input) -> output`.
pub type FakeHostCall<'a> = dyn FnMut(&str, &str, Value) -> Result<Value, String> + 'a;

/// The behaviour of a fake actor.
pub type FakeBehaviour = dyn Fn(&str, Value, &mut FakeHostCall<'_>) -> FakeResult + Send + Sync;

/// What a fake export returns.
#[derive(Debug, Clone, PartialEq)]
pub enum FakeResult {
    /// Status 0 with this value as CGRF output.
    Output(Value),
    /// A non-zero status with this error text.
    GuestError(String),
    /// The engine gives up on the call (a trap, fuel, the memory cap).
    Failure(EngineError),
}

/// An engine whose actor is a Rust closure.
#[derive(Clone)]
pub struct FakeEngine {
    behaviour: Arc<FakeBehaviour>,
}

impl FakeEngine {
    /// An engine running `behaviour` for every export call.
    pub fn new(
        behaviour: impl Fn(&str, Value, &mut FakeHostCall<'_>) -> FakeResult + Send + Sync + 'static,
    ) -> Self {
        Self {
            behaviour: Arc::new(behaviour),
        }
    }
}

impl<H: HostImports> ActorEngine<H> for FakeEngine {
    type Instance = FakeInstance<H>;

    fn instantiate(&self, host: H) -> Result<FakeInstance<H>, EngineError> {
        Ok(FakeInstance {
            behaviour: Arc::clone(&self.behaviour),
            host,
            num_calls: 0,
        })
    }
}

/// One fake actor instance.
pub struct FakeInstance<H> {
    behaviour: Arc<FakeBehaviour>,
    host: H,
    num_calls: u64,
}

impl<H> FakeInstance<H> {
    /// Export calls served since instantiation (or as restored from a snapshot).
    pub fn num_calls(&self) -> u64 {
        self.num_calls
    }
}

impl<H: HostImports> ActorInstance<H> for FakeInstance<H> {
    fn call_export(&mut self, name: &str, input: &[u8]) -> Result<ExportOutcome, EngineError> {
        self.num_calls += 1;
        let input =
            reprise_chain::decode::decode_cgrf(input).map_err(|message| EngineError::Abi {
                export: name.to_owned(),
                message,
            })?;
        let host = &mut self.host;
        let mut call_host =
            |interface: &str, function: &str, value: Value| -> Result<Value, String> {
                let bytes = packr_abi::encode(&value).map_err(|err| format!("{err:?}"))?;
                let output = host.call_import(interface, function, &bytes)?;
                reprise_chain::decode::decode_cgrf(&output)
            };
        match (self.behaviour)(name, input, &mut call_host) {
            FakeResult::Output(value) => packr_abi::encode(&value)
                .map(ExportOutcome::Output)
                .map_err(|err| EngineError::Abi {
                    export: name.to_owned(),
                    message: format!("{err:?}"),
                }),
            FakeResult::GuestError(message) => Ok(ExportOutcome::GuestError {
                status: -1,
                message,
            }),
            FakeResult::Failure(err) => Err(err),
        }
    }

    fn host(&self) -> &H {
        &self.host
    }

    fn host_mut(&mut self) -> &mut H {
        &mut self.host
    }

    fn snapshot(&self) -> Result<InstanceSnapshot, EngineError> {
        Ok(InstanceSnapshot {
            memory: self.num_calls.to_le_bytes().to_vec(),
            globals: Vec::new(),
        })
    }

    fn restore(&mut self, snapshot: &InstanceSnapshot) -> Result<(), EngineError> {
        let bytes: [u8; 8] = snapshot
            .memory
            .as_slice()
            .try_into()
            .map_err(|_| EngineError::Snapshot("not a fake-engine snapshot".into()))?;
        self.num_calls = u64::from_le_bytes(bytes);
        Ok(())
    }
}
