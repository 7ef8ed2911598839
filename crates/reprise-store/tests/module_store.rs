//! The module store on the real sample modules: names are the recording's `wasm_sha256`,
//! a module is stored once, a damaged file is refused and repaired, and no name leaves the
//! modules folder.

#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::PathBuf;

use reprise_store::{ModuleLoadError, ModuleStore, MODULES_DIR_NAME};
use reprise_testkit::theater_scenario::{counter_wasm, scenario_actors, supervisor_wasm};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("reprise-modules-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

#[test]
fn modules_are_named_as_the_recording_names_them_and_stored_once() {
    let dir = temp_dir("names");
    let store = ModuleStore::new(&dir);
    let (counter, supervisor) = (counter_wasm(), supervisor_wasm());
    let counter_sha = store.store(&counter).unwrap();
    let supervisor_sha = store.store(&supervisor).unwrap();
    for chain in scenario_actors() {
        let expected = match chain.name.as_deref() {
            Some("counter") => &counter_sha,
            _ => &supervisor_sha,
        };
        assert_eq!(chain.wasm_sha256.as_ref(), Some(expected));
    }
    assert_eq!(store.store(&counter).unwrap(), counter_sha);
    assert_eq!(store.load(&counter_sha).unwrap(), counter);
    assert_eq!(store.load(&supervisor_sha).unwrap(), supervisor);
    let mut names: Vec<String> = fs::read_dir(dir.join(MODULES_DIR_NAME))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let mut expected = vec![
        format!("{counter_sha}.wasm"),
        format!("{supervisor_sha}.wasm"),
    ];
    expected.sort();
    assert_eq!(
        names, expected,
        "one file per module, no temporary file left"
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_damaged_module_is_refused_and_storing_it_again_repairs_it() {
    let dir = temp_dir("damaged");
    let store = ModuleStore::new(&dir);
    let counter = counter_wasm();
    let sha = store.store(&counter).unwrap();
    let path = dir.join(MODULES_DIR_NAME).join(format!("{sha}.wasm"));
    let mut damaged = counter.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0x01;
    fs::write(&path, &damaged).unwrap();
    match store.load(&sha) {
        Err(ModuleLoadError::Damaged { actual, .. }) => assert_ne!(actual, sha),
        other => panic!("expected Damaged, got {other:?}"),
    }
    assert_eq!(store.store(&counter).unwrap(), sha);
    assert_eq!(store.load(&sha).unwrap(), counter);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn only_stored_sha256_names_load() {
    let dir = temp_dir("names-only");
    let store = ModuleStore::new(&dir);
    store.store(&supervisor_wasm()).unwrap();
    assert!(matches!(
        store.load(&"0".repeat(64)),
        Err(ModuleLoadError::Missing { .. })
    ));
    for bad in ["../events.log", "", &"A".repeat(64)] {
        assert!(matches!(
            store.load(bad),
            Err(ModuleLoadError::NotASha256(_))
        ));
    }
    fs::remove_dir_all(&dir).unwrap();
}
