# Sourced by the other scripts: puts the project's own tools first on PATH so trunk finds
# npm binaryen's wasm-opt (never Debian's, which corrupts the release build).
REPRISE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$REPRISE_ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
