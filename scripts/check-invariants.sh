#!/usr/bin/env bash
# Architecture invariants the compiler cannot see, checked on every test run:
# 1. the core crate depends on no browser, UI, async-runtime or networking crate;
# 2. no source file puts text into the DOM as HTML.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0

forbidden='^(leptos|leptos_[a-z_]+|web-sys|js-sys|wasm-bindgen|wasm-bindgen-futures|gloo[a-z-]*|tokio|reqwest|hyper|axum|tungstenite)$'
core_deps=$(cargo tree -p reprise-chain -e normal --prefix none --format '{p}' | awk '{print $1}' | sort -u)
if bad=$(grep -E "$forbidden" <<<"$core_deps"); then
  echo "invariant broken: reprise-chain depends on $(tr '\n' ' ' <<<"$bad")(see ARCHITECTURE.md)"
  status=1
fi

if hits=$(grep -rnE 'inner_html|set_inner_html|insertAdjacentHTML|outerHTML|document\.write' src/ e2e/*.ts e2e/**/*.ts 2>/dev/null); then
  echo "invariant broken: payload text must never reach the DOM as HTML:"
  echo "$hits"
  status=1
fi

[ "$status" -eq 0 ] && echo "invariants: ok (core dependencies, no HTML sinks)"
exit "$status"
