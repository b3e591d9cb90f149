#!/usr/bin/env bash
# Benchmark: `codingdesk describe` and `codingdesk correlate` over a 100,000-unit project, whole
# process (open the file, read the units, compute, print). Target (release build, 2 cores):
# <= 100 ms each. Best of 5 runs.
#
#   scripts/bench-analysis.sh [ROWS]        # default 100000; output in bench-out/
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rows=${1:-100000}
out=bench-out
mkdir -p "$out"
cargo build --release --no-default-features --quiet
bin=target/release/codingdesk

csv="$out/units-$rows.csv"
[[ -f $csv ]] || python3 scripts/make-units.py "$rows" "$csv"
project="$out/analysis-$rows.cdesk"
if [[ ! -f $project ]]; then
  $bin new "$project" --codebook city-image >/dev/null
  $bin import "$project" "$csv" >/dev/null
fi

measure() { # label, command... : best of 5 (s), max RSS (KiB), last output line
  printf '%-44s ' "$1"; shift
  python3 scripts/timeit.py 5 "$@"
}
measure "describe likes,comments" $bin describe "$project" --fields likes,comments
measure "describe 4 fields --below 500" $bin describe "$project" --fields likes,comments,shares,favorites --below 500
measure "correlate likes comments (pearson)" $bin correlate "$project" likes comments
measure "correlate 4 fields (spearman)" $bin correlate "$project" likes comments shares city_gdp --method spearman
measure "timeline by month" $bin timeline "$project" --by month
