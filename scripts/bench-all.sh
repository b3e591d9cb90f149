#!/usr/bin/env bash
# Every benchmark beside its peer, in one run, on this machine: medians of whole-process wall
# times (and max RSS), with the ratio to the peer. Peers go into a throw-away venv.
#
#   agree      codingdesk agree (nominal α), whole process, vs Python `krippendorff` three ways:
#              whole process from the same CSV through pandas, whole process from a pre-parsed
#              .npy, and the `alpha()` call alone timed inside Python; 1e6 units x 3 and x 5 coders
#   import     codingdesk import of a 100,000-row scraper CSV into a new project vs pandas
#              read_csv + DataFrame.to_sql into a new SQLite file
#   describe   codingdesk describe / correlate on the 100,000-unit project vs pandas reading the
#              same file's unit table and computing describe() / corr()
#   window     (needs Xvfb and xdotool; skipped otherwise) the window shown after start, the most
#              it held (VmHWM) and each frame's CPU time (CODINGDESK_FRAME_TIMES), with the
#              100,000-unit project, and with the same units and 720,000 codes, open as a coder's
#              desk (paging and stepping through the queue by keyboard) and in supervisor mode
#              (showing every tab)
#
#   scripts/bench-all.sh [RUNS]       # default 5 runs per measurement; output in bench-out/all/
# Benchmarks stay out of the test suite: `cargo bench` and scripts only.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-5}
out=$PWD/bench-out/all
mkdir -p "$out"
cargo build --release --no-default-features --quiet
cp target/release/codingdesk "$out/codingdesk-cli"
cli=$out/codingdesk-cli

venv=$out/venv
if ! "$venv/bin/python" -c "import numpy, pandas, krippendorff" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet numpy pandas krippendorff
fi
py=$venv/bin/python

# The same seeded data for every side.
"$py" - "$out" <<'PY'
import sys, os, numpy as np
out = sys.argv[1]
for units, coders in ((1_000_000, 3), (1_000_000, 5)):
    name = f"{out}/nominal-{units}x{coders}"
    if os.path.exists(name + ".csv"):
        continue
    rng = np.random.default_rng(units * 10 + coders)
    truth = rng.integers(1, 7, size=units)
    data = np.repeat(truth[:, None], coders, axis=1).astype(float)
    noise = rng.random((units, coders)) < 0.25
    data[noise] = rng.integers(1, 7, size=noise.sum())
    data[rng.random((units, coders)) < 0.10] = np.nan
    np.save(name + ".npy", data)
    with open(name + ".csv", "w") as f:
        f.write(",".join(f"c{i+1}" for i in range(coders)) + "\n")
        for row in data:
            f.write(",".join("" if np.isnan(v) else str(int(v)) for v in row) + "\n")
PY
units_csv=$out/units-100000.csv
[[ -f $units_csv ]] || python3 scripts/make-units.py 100000 "$units_csv"

cat > "$out/alpha_csv.py" <<'PY'
import sys, pandas as pd, krippendorff
data = pd.read_csv(sys.argv[1]).to_numpy(dtype=float)
print(repr(float(krippendorff.alpha(reliability_data=data.T, level_of_measurement="nominal"))))
PY
cat > "$out/alpha_npy.py" <<'PY'
import sys, numpy as np, krippendorff
data = np.load(sys.argv[1])
print(repr(float(krippendorff.alpha(reliability_data=data.T, level_of_measurement="nominal"))))
PY
cat > "$out/alpha_call.py" <<'PY'
import sys, time, statistics, numpy as np, krippendorff
data = np.load(sys.argv[1])
times = []
for _ in range(int(sys.argv[2])):
    started = time.perf_counter()
    krippendorff.alpha(reliability_data=data.T, level_of_measurement="nominal")
    times.append(time.perf_counter() - started)
print(f"{statistics.median(times):.4f}\t{min(times):.4f}\t{max(times):.4f}\t0\tcall alone")
PY
cat > "$out/pandas_import.py" <<'PY'
import sys, os, sqlite3, pandas as pd
csv, db = sys.argv[1], sys.argv[2]
for f in (db, db + "-journal"):
    if os.path.exists(f):
        os.remove(f)
frame = pd.read_csv(csv)
con = sqlite3.connect(db)
frame.to_sql("unit", con, index=False)
con.commit()
con.close()
print(len(frame))
PY
cat > "$out/pandas_describe.py" <<'PY'
import sys, sqlite3, pandas as pd
con = sqlite3.connect(sys.argv[1])
frame = pd.read_sql_query("SELECT likes, comments, shares, favorites FROM unit", con)
if sys.argv[2] == "describe":
    print(frame[["likes", "comments"]].describe().to_string().splitlines()[-1])
else:
    print(frame["likes"].corr(frame["comments"]))
PY
cat > "$out/median.py" <<'PY'
"""median.py N SETUP COMMAND...: runs SETUP (a shell line, untimed) then COMMAND, N times after
one untimed run (files in the page cache for every side alike); prints the median and spread of
the wall times (s), the max RSS (KiB) and the last output line."""
import os, statistics, subprocess, sys, time
runs, setup, command = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
if setup:
    subprocess.run(setup, shell=True, check=True, stdout=subprocess.DEVNULL)
subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
times, rss, last = [], 0, ""
for _ in range(runs):
    if setup:
        subprocess.run(setup, shell=True, check=True, stdout=subprocess.DEVNULL)
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    output = child.stdout.read()
    child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    times.append(time.perf_counter() - started)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)}")
    rss = max(rss, usage.ru_maxrss)
    lines = output.decode("utf-8", "replace").strip().splitlines()
    last = lines[-1] if lines else ""
print(f"{statistics.median(times):.4f}\t{min(times):.4f}\t{max(times):.4f}\t{rss}\t{last}")
PY
# Processes of under a second are measured at least 15 times: their medians move less.
quick_runs=$((runs > 15 ? runs : 15))
measure() { "$py" "$out/median.py" "$quick_runs" "$@"; }
field() { cut -f"$1" <<<"$2"; }

rows=()
row() { # work, ours, peer name, peer
  local ratio
  ratio=$(awk -v o="$(field 1 "$2")" -v p="$(field 1 "$4")" 'BEGIN { printf "%.1fx", p / o }')
  rows+=("$(printf '%-30s %7s s [%s–%s] %7s MB | %-26s %7s s %7s MB | %s' "$1" \
    "$(field 1 "$2")" "$(field 2 "$2")" "$(field 3 "$2")" "$(($(field 4 "$2") / 1024))" "$3" \
    "$(field 1 "$4")" "$(($(field 4 "$4") / 1024))" "$ratio")")
}

echo "agree: nominal α …" >&2
for coders in 3 5; do
  name=$out/nominal-1000000x$coders
  ours=$(measure "" "$cli" agree "$name.csv" --level nominal --format json)
  peer_csv=$(measure "" "$py" "$out/alpha_csv.py" "$name.csv")
  peer_npy=$(measure "" "$py" "$out/alpha_npy.py" "$name.npy")
  row "agree 1e6 x $coders" "$ours" "krippendorff (pandas CSV)" "$peer_csv"
  row "agree 1e6 x $coders" "$ours" "krippendorff (.npy)" "$peer_npy"
  peer_call=$("$py" "$out/alpha_call.py" "$name.npy" "$quick_runs")
  row "agree 1e6 x $coders" "$ours" "krippendorff call alone" "$peer_call"
  ours_alpha=$("$cli" agree "$name.csv" --level nominal --format json |
    "$py" -c 'import json,sys; print(repr(json.load(sys.stdin)["measures"]["krippendorff_alpha"]))')
  peer_alpha=$(field 5 "$peer_npy")
  same=$("$py" -c "print(abs($ours_alpha - $peer_alpha) < 1e-9)")
  rows+=("  α 1e6 x $coders: codingdesk $ours_alpha, krippendorff $peer_alpha, same to 1e-9: $same")
done

echo "import: 100,000 rows …" >&2
project=$out/import.cdesk
ours=$(measure "rm -f $project $project-wal $project-shm && $cli new $project --codebook city-image" \
  "$cli" import "$project" "$units_csv")
peer=$(measure "" "$py" "$out/pandas_import.py" "$units_csv" "$out/pandas.sqlite")
row "import 100,000 rows" "$ours" "pandas read_csv + to_sql" "$peer"

echo "describe / correlate …" >&2
ours=$(measure "" "$cli" describe "$project" --fields likes,comments)
peer=$(measure "" "$py" "$out/pandas_describe.py" "$project" describe)
row "describe likes,comments" "$ours" "pandas describe()" "$peer"
ours=$(measure "" "$cli" correlate "$project" likes comments)
peer=$(measure "" "$py" "$out/pandas_describe.py" "$project" corr)
row "correlate likes comments" "$ours" "pandas corr()" "$peer"

window=()
if command -v Xvfb >/dev/null && command -v xdotool >/dev/null; then
  # A study as it is while coding: the 100,000 units, every one coded by one coder on the six
  # categories (Ana) and a 10% reliability subsample by two more (720,000 codes).
  coded=$out/coded.cdesk
  if [[ ! -f $coded || $cli -nt $coded ]]; then
    echo "window: building a 100,000-unit study with 720,000 codes …" >&2
    rm -f "$coded" "$coded-wal" "$coded-shm"
    "$cli" new "$coded" --codebook tiktok-six >/dev/null
    "$cli" import "$coded" "$units_csv" >/dev/null
    "$py" - "$units_csv" "$out/codes.csv" <<'PY'
import csv, random, sys
rng = random.Random(7)
with open(sys.argv[1], newline="") as units, open(sys.argv[2], "w") as out:
    out.write("unit_id,coder,variable,value\n")
    for index, row in enumerate(csv.DictReader(units)):
        uid = row["aweme_id"]
        for coder in ["Ana"] + (["Bo", "Cy"] if index % 10 == 0 else []):
            several = lambda: ";".join(map(str, rng.sample([1, 2, 3], rng.randint(1, 2))))
            for variable, value in (("theme", rng.choice([1, 2, 3, 4, 9])),
                                    ("shooting", several()), ("emotion", rng.choice([1, 2, 3])),
                                    ("narrative", several()), ("source", rng.choice([1, 2, 3, 4])),
                                    ("comment_attitude", rng.choice([1, 2, 3]))):
                out.write(f"{uid},{coder},{variable},{value}\n")
PY
    "$cli" import-codes "$coded" "$out/codes.csv" >/dev/null
  fi
  echo "window: start-up, frame times and RSS with 100,000 units …" >&2
  cargo build --release --quiet
  gui=$PWD/target/release/codingdesk
  export CODINGDESK_CONFIG_DIR=$out/config
  mkdir -p "$CODINGDESK_CONFIG_DIR"
  printf '{"coders": {"%s": "bench", "%s": "Ana"}, "language": "en"}' "$project" "$coded" \
    >"$CODINGDESK_CONFIG_DIR/settings.json"
  unset WAYLAND_DISPLAY
  # A display that answers (Xvfb can take seconds on a busy machine, or find its number taken).
  for _ in 1 2 3; do
    display=:$((90 + RANDOM % 900))
    Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb=$!
    trap 'kill $xvfb 2>/dev/null' EXIT
    export DISPLAY=$display
    answered=
    for _ in $(seq 100); do
      xdotool getdisplaygeometry >/dev/null 2>&1 && answered=1 && break
      sleep 0.1
    done
    [[ -n $answered ]] && break
    kill $xvfb 2>/dev/null || true
  done
  frames=$out/frames.txt
  for study in "$project" "$coded"; do
    for mode in desk supervisor; do
      flag=()
      [[ $mode == supervisor ]] && flag=(--supervisor)
      starts=() peak=0
      : >"$frames.all"
      for _ in $(seq "$runs"); do
        start=$(date +%s%N)
        CODINGDESK_FRAME_TIMES=$frames "$gui" open "$study" "${flag[@]}" >"$out/window.log" 2>&1 &
        app=$!
        waited=0
        retried=0
        until xdotool search --onlyvisible --name Codingdesk >/dev/null 2>&1; do
          # The display now and then refuses a first connection on a busy machine: once more.
          if ! kill -0 $app 2>/dev/null && ((retried == 0)) &&
            grep -q "connection to X server" "$out/window.log"; then
            retried=1
            sleep 1
            start=$(date +%s%N)
            CODINGDESK_FRAME_TIMES=$frames "$gui" open "$study" "${flag[@]}" >"$out/window.log" 2>&1 &
            app=$!
          fi
          if ! kill -0 $app 2>/dev/null || ((waited > 3000)); then
            window+=("window: it did not open (see $out/window.log)")
            kill $app 2>/dev/null || true
            break 4
          fi
          sleep 0.01
          waited=$((waited + 1))
        done
        end=$(date +%s%N)
        starts+=($(((end - start) / 1000000)))
        sleep 3
        if [[ $mode == supervisor ]]; then
          # Every tab once (their places in the English window at 1280x800), each given time
          # to read and draw what it shows.
          for x in 46 122 207 296 384 466 534 600 659; do
            xdotool mousemove "$x" 37 click 1
            sleep 1.5
          done
        else
          # Through the queue as a coder does: a page at a time, then unit by unit.
          win=$(xdotool search --onlyvisible --name Codingdesk | head -n 1)
          xdotool windowactivate --sync "$win" 2>/dev/null || xdotool windowfocus "$win"
          xdotool mousemove 650 650 click 1
          for _ in $(seq 20); do xdotool key Next; sleep 0.2; done
          for _ in $(seq 30); do xdotool key ctrl+Right; sleep 0.15; done
        fi
        hwm=$(awk '/VmHWM/ {print $2}' "/proc/$app/status")
        ((hwm > peak)) && peak=$hwm
        kill $app
        wait $app 2>/dev/null || true
        # The first frame lays out and uploads the fonts: start-up, measured above.
        tail -n +2 "$frames" >>"$frames.all"
      done
      median=$(printf '%s\n' "${starts[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
      frame=$(sort -n "$frames.all" | awk '{a[NR]=$1} END {
        printf "%.1f / %.1f / %.1f ms (%d frames)", a[int((NR+1)/2)], a[int(NR*0.95)], a[NR], NR }')
      what=units
      [[ $study == "$coded" ]] && what="units, 720k codes"
      window+=("$(printf 'window, %-10s (%s) shown after %5s ms, peak RSS %4s MB, frame CPU median/p95/max %s' \
        "$mode" "$what" "$median" "$((peak / 1024))" "$frame")")
    done
  done
else
  window+=("window: skipped (needs Xvfb and xdotool)")
fi

echo
echo "codingdesk $(git describe --always --dirty 2>/dev/null), $(nproc) cores, medians of $quick_runs runs (the window: $runs) [min–max]"
printf '%-30s %-35s | %-26s %-18s | %s\n' "work" "codingdesk (median, RSS)" "peer" "(median, RSS)" "ratio"
printf '%s\n' "${rows[@]}"
printf '%s\n' "${window[@]}"
