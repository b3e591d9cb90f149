#!/usr/bin/env bash
# Benchmark: import a generated 100,000-row CSV into a new project, then `codingdesk status` on it.
# Targets (release build, 2 cores): import <= 2 s, status <= 0.2 s. Whole-process wall times.
#
#   scripts/bench-import.sh [ROWS]        # default 100000; output in bench-out/
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rows=${1:-100000}
out=bench-out
mkdir -p "$out"
cargo build --release --no-default-features --quiet
bin=target/release/codingdesk

csv="$out/units-$rows.csv"
[[ -f $csv ]] || python3 scripts/make-units.py "$rows" "$csv"

project="$out/bench.cdesk"
measure() { # label, command...
  local label=$1; shift
  local start end ms
  start=$(date +%s%N)
  "$@" >/dev/null
  end=$(date +%s%N)
  ms=$(((end - start) / 1000000))
  printf '%-36s %5d.%03d s\n' "$label" $((ms / 1000)) $((ms % 1000))
}
for run in 1 2 3; do
  rm -f "$project" "$project"-wal "$project"-shm
  $bin new "$project" --codebook city-image >/dev/null
  measure "import $rows rows (run $run)" $bin import "$project" "$csv"
done
for run in 1 2 3; do
  measure "status on $rows units (run $run)" $bin status "$project"
done
