#!/usr/bin/env bash
# Replay throughput in headless Chromium against `verify_chain` of the same chains in the same
# page (benches/browser_replay.rs), in the release profile the app ships with; with --native,
# the native twin (crates/reprise-replay/examples/bench_replay.rs) runs right after, so both
# tables come from one sitting. Prints markdown tables for BENCHMARKS.md; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

echo "## browser (headless Chromium, wasm32, release)"
# --nocapture: the table is printed with console_log!, shown only when output is not captured.
cargo test --release --target wasm32-unknown-unknown -p reprise-web --bench browser_replay \
  -- --nocapture 2>&1 | grep -E '^\|'

if [ "${1:-}" = "--native" ]; then
  echo
  echo "## native (wasmi, release)"
  cargo run --release -q -p reprise-replay --example bench_replay
fi
