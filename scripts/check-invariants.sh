#!/usr/bin/env bash
# Architecture invariants the compiler cannot see, checked on every test run:
# 1. the pure crates (core, replay, the app's state) depend on no browser, UI, async-runtime or
#    networking crate;
# 2. wasmi is named only by the wasmi engine's own files (the engine seam holds);
# 3. no source file puts text into the DOM as HTML;
# 4. in the web crate, only src/browser/ names web APIs (web-sys, js-sys, wasm-bindgen, gloo):
#    components reach the DOM through Leptos and browser/, and the state holds no web type;
# 5. the inner loop (`cargo test` / `cargo clippy` on the default members) links no Theater:
#    `reprise run` is behind reprise-cli's `theater` feature, the recorder and the fixture
#    tooling are not default members.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0

forbidden='^(leptos|leptos_[a-z_]+|web-sys|js-sys|wasm-bindgen|wasm-bindgen-futures|gloo[a-z-]*|tokio|reqwest|hyper|axum|tungstenite)$'
for crate in reprise-chain reprise-replay reprise-app; do
  deps=$(cargo tree -p "$crate" -e normal --prefix none --format '{p}' | awk '{print $1}' | sort -u)
  if bad=$(grep -E "$forbidden" <<<"$deps"); then
    echo "invariant broken: $crate depends on $(tr '\n' ' ' <<<"$bad")(see ARCHITECTURE.md)"
    status=1
  fi
done

# 2. The engine seam.
if hits=$(grep -rln 'wasmi::' crates/reprise-replay/src | grep -vE '/wasmi_(engine|guest)\.rs$'); then
  echo "invariant broken: wasmi used outside the wasmi engine: $hits"
  status=1
fi

# 3. No HTML sinks.
if hits=$(grep -rnE 'inner_html|set_inner_html|insertAdjacentHTML|outerHTML|document\.write' src/ e2e/*.ts e2e/**/*.ts 2>/dev/null); then
  echo "invariant broken: payload text must never reach the DOM as HTML:"
  echo "$hits"
  status=1
fi

# 4. Web APIs only in src/browser/ (the worker's entry point in src/bin/ only calls into it).
if hits=$(grep -rnE '\b(web_sys|js_sys|wasm_bindgen|wasm_bindgen_futures|gloo[a-z_]*)::' src/ \
  | grep -vE '^src/browser/'); then
  echo "invariant broken: only src/browser/ may touch web APIs:"
  echo "$hits"
  status=1
fi

# 5. No Theater in the default build (cargo tree fails to find the package when none links it).
if theater_tree=$(cargo tree -e all -i theater 2>&1); then
  echo "invariant broken: a default member links Theater (keep it behind reprise-cli's theater feature):"
  echo "$theater_tree" | head -20
  status=1
elif ! grep -q "did not match any packages" <<<"$theater_tree"; then
  echo "invariant not checked: cargo tree failed: $theater_tree"
  status=1
fi

[ "$status" -eq 0 ] && echo "invariants: ok (pure-crate dependencies, engine seam, no HTML sinks, web APIs in browser/, no Theater in the default build)"
exit "$status"
