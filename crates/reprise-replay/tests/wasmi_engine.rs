//! The wasmi engine on its own: the Pack convention around exports and imports, snapshots that
//! include private globals and survive memory growth, and the rewritten module's exports.

#![allow(clippy::unwrap_used)]

mod support;

use packr_abi::Value;
use reprise_replay::global_exports::expose_mutable_globals;
use reprise_replay::{
    ActorEngine, ActorInstance, EngineLimits, ExportOutcome, GlobalValue, HostImports, WasmiEngine,
};
use support::*;

/// Answers every import with `()` and remembers what it was asked.
#[derive(Default)]
struct RecordingHost {
    calls: Vec<(String, String, Value)>,
}

impl HostImports for RecordingHost {
    fn call_import(
        &mut self,
        interface: &str,
        function: &str,
        input: &[u8],
    ) -> Result<Vec<u8>, String> {
        let input = packr_abi::decode(input).map_err(|err| format!("{err:?}"))?;
        self.calls.push((interface.into(), function.into(), input));
        Ok(packr_abi::encode(&unit()).unwrap())
    }
}

fn instance(wasm: &[u8]) -> impl ActorInstance<RecordingHost> {
    let engine = WasmiEngine::new(wasm, EngineLimits::default()).unwrap();
    ActorEngine::<RecordingHost>::instantiate(&engine, RecordingHost::default()).unwrap()
}

fn input(params: Value) -> Vec<u8> {
    packr_abi::encode(&reprise_replay::flatten_input(none_bytes(), params)).unwrap()
}

#[test]
fn an_export_call_passes_cgrf_in_and_out_and_routes_imports_by_interface_and_name() {
    let mut actor = instance(&echo_actor());
    let message = Value::Tuple(vec![bytes(b"hi")]);
    let outcome = actor.call_export(HANDLE_SEND, &input(message)).unwrap();
    let ExportOutcome::Output(output) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(
        packr_abi::decode(&output).unwrap(),
        Value::Tuple(vec![none_bytes(), bytes(b"hi")])
    );
    assert_eq!(
        actor.host().calls,
        vec![(
            RUNTIME.to_owned(),
            "log".to_owned(),
            Value::String("[hello] send".into())
        )]
    );
}

#[test]
fn a_non_zero_status_returns_the_guest_error_text() {
    let mut actor = instance(&failing_actor());
    let outcome = actor.call_export(INIT, &input(unit())).unwrap();
    assert_eq!(
        outcome,
        ExportOutcome::GuestError {
            status: -1,
            message: "boom".into()
        }
    );
}

#[test]
fn a_missing_export_is_an_error_not_a_panic() {
    let mut actor = instance(&echo_actor());
    let err = actor.call_export("nope", &input(unit())).unwrap_err();
    assert_eq!(err.to_string(), "export 'nope': not exported");
}

#[test]
fn restoring_a_snapshot_puts_back_memory_and_the_private_bump_pointer() {
    let mut actor = instance(&echo_actor());
    actor.call_export(INIT, &input(unit())).unwrap();
    let snapshot = actor.snapshot().unwrap();
    assert_eq!(
        snapshot.globals.len(),
        1,
        "the bump pointer is a private mutable global"
    );
    let GlobalValue::I32(bump) = snapshot.globals[0] else {
        panic!()
    };
    actor
        .call_export(HANDLE_SEND, &input(Value::Tuple(vec![bytes(&[7; 300])])))
        .unwrap();
    assert_ne!(actor.snapshot().unwrap(), snapshot);
    actor.restore(&snapshot).unwrap();
    let restored = actor.snapshot().unwrap();
    assert_eq!(restored.globals, vec![GlobalValue::I32(bump)]);
    assert_eq!(restored, snapshot);
}

#[test]
fn restoring_after_memory_grew_starts_from_a_smaller_memory_again() {
    let mut actor = instance(&echo_actor());
    let snapshot = actor.snapshot().unwrap();
    // A 200 KiB message makes the bump allocator grow memory past its two initial pages.
    let big = Value::Tuple(vec![bytes(&vec![1; 200 * 1024])]);
    actor.call_export(HANDLE_SEND, &input(big)).unwrap();
    assert!(actor.snapshot().unwrap().memory.len() > snapshot.memory.len());
    actor.restore(&snapshot).unwrap();
    assert_eq!(actor.snapshot().unwrap(), snapshot);
    assert_eq!(
        actor.host().calls.len(),
        1,
        "the host survives re-instantiation"
    );
}

#[test]
fn exposing_globals_adds_exports_and_keeps_modules_without_mutable_globals_as_they_are() {
    let plain =
        wat::parse_str(r#"(module (global i32 (i32.const 1)) (memory (export "memory") 1))"#)
            .unwrap();
    let exposed = expose_mutable_globals(&plain).unwrap();
    assert_eq!(exposed.wasm, plain);
    assert!(exposed.global_exports.is_empty());

    // No export section at all, an imported global before the defined ones, a start section.
    let bare = wat::parse_str(
        r#"(module
             (import "env" "g" (global i32))
             (global (mut i64) (i64.const 5))
             (global f32 (f32.const 1))
             (global (mut f64) (f64.const 2))
             (func $start)
             (start $start))"#,
    )
    .unwrap();
    let exposed = expose_mutable_globals(&bare).unwrap();
    assert_eq!(
        exposed.global_exports,
        vec!["__reprise_global_1", "__reprise_global_3"]
    );
    let names: Vec<String> = wasmparser::Parser::new(0)
        .parse_all(&exposed.wasm)
        .filter_map(|payload| match payload.unwrap() {
            wasmparser::Payload::ExportSection(reader) => Some(
                reader
                    .into_iter()
                    .map(|export| export.unwrap().name.to_owned())
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(names, exposed.global_exports);
    wasmparser::Validator::new()
        .validate_all(&exposed.wasm)
        .unwrap();
}

#[test]
fn garbage_is_a_compile_error() {
    let err = WasmiEngine::new(b"\0asm garbage", EngineLimits::default())
        .err()
        .unwrap();
    assert!(
        err.to_string()
            .starts_with("the actor module does not compile"),
        "{err}"
    );
}
