#!/usr/bin/env bash
# Rebuilds the sample actors (actors/) and regenerates fixtures/theater-0.3.29/ on the real Theater runtime.
set -euo pipefail; cd "$(dirname "$0")/.." && exec cargo run -q -p reprise-fixtures --bin reprise-record-fixtures -- "$@"
