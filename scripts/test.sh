#!/usr/bin/env bash
# Runs every test tier, as CI does: static checks, native tests, browser tests in headless
# Chromium (wasm-bindgen-test), and end-to-end Playwright tests against the release build.
# Usage: scripts/test.sh            (installs missing tools first, idempotently)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --tests
source scripts/env.sh

step() { printf '\n==== %s\n' "$*"; }

step "static checks: rustfmt, clippy (native and wasm32), invariants"
cargo fmt --all -- --check
cargo clippy --all-targets -- -D warnings
cargo clippy -p reprise-recorder -p reprise-fixtures -p reprise-cli --features reprise-cli/theater --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p reprise-web --all-targets -- -D warnings
bash scripts/check-invariants.sh

step "tier 1: native tests (core and CLI, fixture-driven)"
cargo test

step "tier 1b: the real Theater runtime in-process (reprise-recorder, reprise-fixtures, reprise run; not in the default build)"
cargo test -p reprise-recorder -p reprise-fixtures
cargo test -p reprise-cli --features theater --test run_cmd --test run_store_request

step "benchmarks at smoke size (fail when reprise gen or verify does; assert no speed)"
cargo build -q -p reprise-cli
REPRISE="${CARGO_TARGET_DIR:-target}/debug/reprise" bash scripts/bench-verify.sh smoke

step "tier 2: browser tests (wasm-bindgen-test in headless Chromium)"
cargo test --target wasm32-unknown-unknown -p reprise-web

step "tier 3: end-to-end tests (Playwright + Chromium against the release build)"
trunk build --release --offline
bash scripts/bench-download-size.sh dist
npx playwright test -c e2e
