#!/usr/bin/env bash
# The app's initial download: every file of a release build (dist/, from
# `trunk build --release`) gzip -9 compressed, as a server with compression sends it, and the
# total against issue 10's budget of 1 MB (1,000,000 bytes). Sizes are bytes, not timings, so
# the check is exact; it fails when the total is past the budget or dist/ is missing.
#
#   scripts/bench-download-size.sh [DIST_DIR]     (default: dist)
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:-dist}
budget_bytes=1000000
[ -f "$dist/index.html" ] || { echo "bench-download-size: no release build in $dist/ (run trunk build --release)" >&2; exit 2; }

printf '| file | bytes | gzip -9 bytes |\n|---|---:|---:|\n'
total_raw_bytes=0
total_gzip_bytes=0
for file in "$dist"/*; do
  [ -f "$file" ] || continue
  raw_bytes=$(stat -c %s "$file")
  gzip_bytes=$(gzip -9 -c "$file" | wc -c)
  total_raw_bytes=$((total_raw_bytes + raw_bytes))
  total_gzip_bytes=$((total_gzip_bytes + gzip_bytes))
  printf '| %s | %d | %d |\n' "$(basename "$file")" "$raw_bytes" "$gzip_bytes"
done
printf '| **total** | %d | **%d** (budget %d) |\n' "$total_raw_bytes" "$total_gzip_bytes" "$budget_bytes"
if [ "$total_gzip_bytes" -gt "$budget_bytes" ]; then
  echo "bench-download-size: the app's download is $total_gzip_bytes bytes gzipped, past the $budget_bytes-byte budget" >&2
  exit 1
fi
