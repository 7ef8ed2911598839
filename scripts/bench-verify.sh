#!/usr/bin/env bash
# CLI verification against `sha1sum` of the same file, in one sitting: for each size, writes a
# valid chain with `reprise gen` (the real CGRF payloads of fixtures/theater-0.3.29 cycled,
# compact, as Theater writes replay files), then times `sha1sum FILE`, `reprise verify FILE`
# (release build), and the plain Node and Python verifiers of benches/verifiers/ over it.
# Prints a markdown table for BENCHMARKS.md: best wall time of the runs, speed as a ratio of
# sha1sum's (sha1sum time ÷ tool time: 1.00× is as fast as sha1sum), peak RSS (/usr/bin/time)
# and RSS ÷ file size. A verifier that fails or does not say "verified" is shown as failed (the
# plain Node one cannot hold a 1 GB file in one string); the script fails only when sha1sum or
# reprise does. Generated files are deleted on exit. Asserts no speed: ratios are for people.
#
#   scripts/bench-verify.sh [SIZE...]     SIZE: smoke | small (default) | 324mb | 1gb
#
# smoke (2,000 events, ~2 MB, one run each) is cheap enough for CI. 324mb (300,000 events) and
# 1gb (900,000) need that much free disk in BENCH_DIR (default: a temp dir under /tmp) and take
# minutes for the Python verifier. REPRISE=path/to/reprise skips the build; RUNS=N overrides
# the runs per tool (default 3; 1 for smoke).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(small)

if [ -z "${REPRISE:-}" ]; then
  cargo build --release -q -p reprise-cli
  REPRISE="${CARGO_TARGET_DIR:-target}/release/reprise"
fi
payloads=fixtures/theater-0.3.29/scenario.bundle.json
bench_dir=$(mktemp -d "${BENCH_DIR:-/tmp}/reprise-bench-verify.XXXXXX")
trap 'rm -rf "$bench_dir"' EXIT

# Runs "${@:2}" once; prints "<wall ms> <peak RSS KiB>", or "failed" (the reason on stderr)
# when the command fails or its output does not match the pattern $1 (a verifier must say the
# chain verified).
time_once() {
  local start end expected=$1
  shift
  start=$(date +%s%N)
  if ! /usr/bin/time -f '%M' -o "$bench_dir/rss" "$@" >"$bench_dir/out" 2>&1 ||
    ! grep -q "$expected" "$bench_dir/out"; then
    echo "bench-verify: failed: $*" >&2
    tail -n 5 "$bench_dir/out" >&2
    echo failed
    return
  fi
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) $(tail -n1 "$bench_dir/rss")"
}

echo "| file | tool | best wall time | vs. sha1sum | peak RSS | RSS ÷ file |"
echo "|---|---|---:|---:|---:|---:|"
for size in "${sizes[@]}"; do
  case "$size" in
    smoke) num_events=2000; runs=${RUNS:-1} ;;
    small) num_events=30000; runs=${RUNS:-3} ;;
    324mb) num_events=300000; runs=${RUNS:-3} ;;
    1gb) num_events=900000; runs=${RUNS:-2} ;;
    *) echo "bench-verify: unknown size $size (smoke, small, 324mb, 1gb)" >&2; exit 2 ;;
  esac
  file="$bench_dir/chain-$size.json"
  "$REPRISE" gen --events "$num_events" --payloads-from "$payloads" "$file"
  file_bytes=$(stat -c %s "$file")
  cat "$file" >/dev/null # into the page cache, so every tool reads from memory alike
  tools=(sha1sum reprise node python)
  declare -A best_ms=() peak_kib=() failed=()
  # Interleaved rounds: load that comes and goes hits every tool alike.
  for ((round = 0; round < runs; round++)); do
    for tool in "${tools[@]}"; do
      expected=verified
      case "$tool" in
        sha1sum) cmd=(sha1sum "$file"); expected='^[0-9a-f]\{40\} ' ;;
        reprise) cmd=("$REPRISE" verify "$file") ;;
        node) cmd=(node --max-old-space-size=16384 benches/verifiers/verify_chain.mjs "$file") ;;
        python) cmd=(python3 benches/verifiers/verify_chain.py "$file") ;;
      esac
      read -r ms kib < <(time_once "$expected" "${cmd[@]}")
      if [ "$ms" = failed ]; then
        failed[$tool]=1
        continue
      fi
      if [ -z "${best_ms[$tool]:-}" ] || [ "$ms" -lt "${best_ms[$tool]}" ]; then
        best_ms[$tool]=$ms
      fi
      if [ -z "${peak_kib[$tool]:-}" ] || [ "$kib" -gt "${peak_kib[$tool]}" ]; then
        peak_kib[$tool]=$kib
      fi
    done
  done
  label="$size: $num_events events, $(awk -v b="$file_bytes" 'BEGIN { printf "%.0f MB", b / 1e6 }'), best of $runs"
  if [ -n "${failed[sha1sum]:-}${failed[reprise]:-}" ]; then
    echo "bench-verify: sha1sum or reprise failed on $file" >&2
    exit 1
  fi
  for tool in "${tools[@]}"; do
    if [ -n "${failed[$tool]:-}" ] || [ -z "${best_ms[$tool]:-}" ]; then
      echo "| $label | $tool | failed (see stderr) | | | |"
      continue
    fi
    awk -v label="$label" -v tool="$tool" -v ms="${best_ms[$tool]}" -v base="${best_ms[sha1sum]}" \
      -v kib="${peak_kib[$tool]}" -v bytes="$file_bytes" 'BEGIN {
        ratio = (ms > 0) ? base / ms : 0
        printf "| %s | %s | %.2f s | %.2f× | %.0f MB | %.2f× |\n",
          label, tool, ms / 1000, ratio, kib * 1024 / 1e6, kib * 1024 / bytes
      }'
  done
  rm -f "$file"
  unset best_ms peak_kib failed
done
