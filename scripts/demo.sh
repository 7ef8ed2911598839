#!/usr/bin/env bash
# Starts Reprise on its built-in demo session: installs what is missing (idempotently), builds
# the release app and serves it on http://127.0.0.1:8080 (loopback only). Ctrl-C stops it.
# Usage: scripts/demo.sh [PORT]
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-8080}
bash scripts/setup.sh
source scripts/env.sh
trunk build --release --offline
printf '\nReprise is running: http://127.0.0.1:%s/  (drop a chain file on the page, or try\n' "$port"
printf '  http://127.0.0.1:%s/?src=/fixtures/theater-repo/runtime-test.chain.json)\n\n' "$port"
exec node e2e/serve.mjs "$port"
