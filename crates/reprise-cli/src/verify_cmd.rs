//! `reprise verify`: parse each input (a file, or a capture directory's log), verify each
//! actor's chain, report in words or JSON.

use std::path::Path;

use reprise_chain::verify_json::{ActorJson, FileJson, VerifyJson};
use reprise_chain::{parse_file, verify_chain};

use crate::chain_input::read_chain_input;
use crate::exit_code::Outcome;
use crate::stdout_line::print_line;

/// Verifies `files`; prints the report to stdout and returns the worst outcome.
pub fn run(files: &[std::path::PathBuf], is_json: bool) -> Outcome {
    let mut outcome = Outcome::Verified;
    let mut report = VerifyJson { files: Vec::new() };
    for path in files {
        let (entry, file_outcome) = verify_one(path, is_json);
        outcome = outcome.max(file_outcome);
        report.files.push(entry);
    }
    if is_json {
        match serde_json::to_string_pretty(&report) {
            Ok(text) => print_line(&text),
            Err(err) => {
                eprintln!("reprise: cannot write the JSON report: {err}");
                return Outcome::Unusable;
            }
        }
    }
    outcome
}

fn verify_one(path: &Path, is_json: bool) -> (FileJson, Outcome) {
    let mut shown = path.display().to_string();
    let loaded = read_chain_input(path).and_then(|input| {
        shown = input.shown;
        parse_file(&shown, &input.bytes)
    });
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(err) => {
            if !is_json {
                print_line(&format!("{shown}: unusable"));
            }
            eprintln!("reprise: {err}");
            return (FileJson::failed(&shown, &err), Outcome::Unusable);
        }
    };
    let mut outcome = Outcome::Verified;
    let mut actors = Vec::with_capacity(loaded.actors.len());
    if !is_json {
        print_line(&format!(
            "{shown} ({}, {} actor(s))",
            loaded.format.as_str(),
            loaded.actors.len()
        ));
    }
    for (actor_idx, chain) in loaded.actors.iter().enumerate() {
        let verdict = verify_chain(&chain.events);
        if !verdict.is_verified() {
            outcome = Outcome::Broken;
        }
        if !is_json {
            let name = chain
                .id
                .clone()
                .unwrap_or_else(|| format!("actor {actor_idx}"));
            print_line(&format!("  {name}: {}", verdict.summary()));
        }
        actors.push(ActorJson::new(chain, &verdict));
    }
    (FileJson::parsed(&shown, loaded.format, actors), outcome)
}
