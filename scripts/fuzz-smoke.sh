#!/usr/bin/env bash
# A short run of every fuzz target in fuzz/ (cargo-fuzz, libFuzzer, nightly): a smoke test that
# the targets build and find nothing quickly, not a fuzzing campaign.
# Usage: scripts/fuzz-smoke.sh [SECONDS_PER_TARGET]   (default 10)
# Needs: `rustup toolchain install nightly` and `cargo install cargo-fuzz --locked`. Builds into
# fuzz/target (ignored), or $CARGO_TARGET_DIR when set.
# A crash leaves its input in fuzz/artifacts/<target>/ and fails the script; replay it with
#   cargo +nightly fuzz run <target> fuzz/artifacts/<target>/<crash file>
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
seconds=${1:-10}
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz-smoke: needs nightly and cargo-fuzz (cargo install cargo-fuzz --locked)" >&2
    exit 2
fi
for target in $(cargo +nightly fuzz list); do
    printf '\n==== fuzz %s for %ss\n' "$target" "$seconds"
    # -rss_limit_mb: the share-link reader may inflate an embedded session up to its 16 MiB cap.
    # New inputs go to fuzz/corpus/<target> (ignored); fuzz/seeds/<target> holds committed seeds.
    mkdir -p "fuzz/corpus/$target"
    seeds=()
    [ -d "fuzz/seeds/$target" ] && seeds=("fuzz/seeds/$target")
    cargo +nightly fuzz run "$target" "fuzz/corpus/$target" "${seeds[@]}" -- \
        -max_total_time="$seconds" -rss_limit_mb=1024
done
