#!/usr/bin/env bash
# Installs everything Reprise needs to build and test, idempotently: each step checks what is
# already there and does nothing if it is current. Safe to run on every CI run and every demo.
# Versions and pitfalls: see ARCHITECTURE.md ("Toolchain") — never Debian's binaryen, never a
# downloaded browser.
# Usage: scripts/setup.sh [--tests]   (--tests adds what only the test tiers need: the real
# theater-server, ~15 minutes to compile once, and the sample actors' crates)
set -euo pipefail
cd "$(dirname "$0")/.."
for_tests=false
[ "${1:-}" = "--tests" ] && for_tests=true

TRUNK_VERSION=0.21.14
# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)

say() { printf '\n== setup: %s\n' "$*"; }

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing Debian chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# GNU time (/usr/bin/time): the verify benchmark's peak-memory column (its smoke run is a test).
if $for_tests && [ ! -x /usr/bin/time ]; then
  say "installing Debian time"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq time >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (takes ~11 minutes cold)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install --locked wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" \
    || cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# The real theater-server, for `reprise record`'s integration test (crates/reprise-cli/tests/
# record_server.rs). A debug build: it only has to speak the protocol, and it builds faster.
THEATER_SERVER_VERSION=0.3.10
if $for_tests && ! theater-server --version 2>/dev/null | grep -qx "theater-server $THEATER_SERVER_VERSION"; then
  say "installing theater-server-cli $THEATER_SERVER_VERSION (debug build, ~15 minutes cold)"
  cargo install theater-server-cli --version "=$THEATER_SERVER_VERSION" --debug
fi

# npm packages: Playwright (driving Debian's chromium) and binaryen's wasm-opt.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund
fi

say "fetching crates"
cargo fetch --locked >/dev/null 2>&1 || cargo fetch
# The sample actors (their own wasm32 workspace), built by the Theater tier's live recording tests.
if $for_tests; then
  cargo fetch --locked --manifest-path actors/Cargo.toml >/dev/null 2>&1 \
    || cargo fetch --manifest-path actors/Cargo.toml
fi
say "done"
