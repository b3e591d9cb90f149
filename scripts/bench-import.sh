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
if [[ ! -f $csv ]]; then
  python3 - "$rows" "$csv" <<'PY'
import csv, random, sys
rows, path = int(sys.argv[1]), sys.argv[2]
rng = random.Random(7)
accounts = ["深圳新闻网", "第一现场", "深圳卫视", "深圳交警", "深圳公安", "爱游深圳", "cq_walker", "hotpot_lily"]
with open(path, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["aweme_id", "nickname", "desc", "create_time", "duration_ms", "digg_count",
                "comment_count", "share_count", "collect_count", "share_url", "city_gdp"])
    for i in range(rows):
        likes = int(10 ** rng.uniform(2, 7))
        w.writerow([f"7{i:018d}", rng.choice(accounts), f"重庆洪崖洞夜景太美了 #{i} 山城 8D魔幻城市",
                    rng.randint(1483228800, 1698710400), rng.randint(4000, 640000), likes,
                    likes // rng.randint(5, 50), likes // rng.randint(10, 100),
                    f"{likes / 10000:.1f}万" if likes > 10000 else likes // 3,
                    f"https://www.douyin.com/video/7{i:018d}", round(rng.uniform(1, 4), 2)])
PY
fi

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
