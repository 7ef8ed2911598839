//! `reprise verify`: verify each input (a file, or a capture directory's log), each actor's
//! chain, and report in words or JSON.
//!
//! A chain array or capture log that streaming shows intact is reported from
//! `stream_verify` (memory independent of its size, hashed on every core); everything else —
//! broken chains, unparseable input, bundles — takes the exact whole-file path (parse, then
//! `verify_chain`), which names the first break and words every error. Both print through
//! [`report_actors`], so the output cannot differ in form. `REPRISE_VERIFY_EXACT=1` forces
//! the exact path for every input (the differential tests compare the two).

use std::path::Path;

use reprise_chain::verify_json::{ActorJson, FileJson, VerifyJson};
use reprise_chain::{parse_file, verify_chain, ActorChain, InputFormat, VerifyReport};

use crate::chain_input::read_chain_input;
use crate::exit_code::Outcome;
use crate::stdout_line::print_line;
use crate::stream_verify::verify_streaming;

/// Set to `1`, every input takes the exact whole-file path.
const EXACT_ENV: &str = "REPRISE_VERIFY_EXACT";

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

/// Verifies one input: streaming when it can show it intact, else the exact path.
pub fn verify_one(path: &Path, is_json: bool) -> (FileJson, Outcome) {
    let is_exact_forced = std::env::var_os(EXACT_ENV).is_some_and(|value| value == "1");
    let streamed = if is_exact_forced {
        None
    } else {
        verify_streaming(path)
    };
    if let Some(streamed) = streamed {
        let actors = streamed
            .actors
            .into_iter()
            .map(|(id, report)| {
                let chain = ActorChain {
                    id,
                    ..ActorChain::default()
                };
                (chain, report)
            })
            .collect();
        return report_actors(&streamed.shown, streamed.format, actors, is_json);
    }
    verify_one_exactly(path, is_json)
}

/// The whole-file path: read, parse, `verify_chain` each actor.
pub fn verify_one_exactly(path: &Path, is_json: bool) -> (FileJson, Outcome) {
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
    let actors = loaded
        .actors
        .into_iter()
        .map(|chain| {
            let report = verify_chain(&chain.events);
            (chain, report)
        })
        .collect();
    report_actors(&shown, loaded.format, actors, is_json)
}

/// Prints (unless `is_json`) and returns one file's verdicts.
fn report_actors(
    shown: &str,
    format: InputFormat,
    actors: Vec<(ActorChain, VerifyReport)>,
    is_json: bool,
) -> (FileJson, Outcome) {
    let mut outcome = Outcome::Verified;
    if !is_json {
        print_line(&format!(
            "{shown} ({}, {} actor(s))",
            format.as_str(),
            actors.len()
        ));
    }
    let mut entries = Vec::with_capacity(actors.len());
    for (actor_idx, (chain, verdict)) in actors.iter().enumerate() {
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
        entries.push(ActorJson::new(chain, verdict));
    }
    (FileJson::parsed(shown, format, entries), outcome)
}
