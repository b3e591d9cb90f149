#!/usr/bin/env bash
# Benchmark: `codingdesk agree --level nominal` against the Python `krippendorff` package on the
# same seeded data (6 categories, 10% missing), whole process each, in one run.
# Targets: >= 20x faster than Python at 1e6 units x 3 coders; a 10,000-resample bootstrap on
# 1e3 x 3 under 0.2 s. Peak memory (max RSS) is printed to check it grows linearly.
#
#   scripts/bench-agree.sh            # output in bench-out/agree/
# Needs python3 with venv (a throw-away venv gets numpy and krippendorff from PyPI).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=bench-out/agree
mkdir -p "$out"
cargo build --release --no-default-features --quiet
bin=$PWD/target/release/codingdesk

venv=$out/venv
if ! "$venv/bin/python" -c "import numpy, pandas, krippendorff" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet numpy pandas krippendorff
fi
py=$venv/bin/python

# Seeded data: CSV for codingdesk, the same matrix as .npy for Python (so Python is not
# charged for CSV parsing).
"$py" - "$out" <<'PY'
import sys, numpy as np, os
out = sys.argv[1]
for units in (1000, 100_000, 1_000_000):
    for coders in (3, 5):
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

# Two Python whole processes: from the same CSV (pandas, the usual way), and from a pre-parsed
# .npy array (no parsing at all: the most favourable case for Python).
cat > "$out/alpha_csv.py" <<'PY'
import sys, pandas as pd, krippendorff
data = pd.read_csv(sys.argv[1]).to_numpy(dtype=float)
print(krippendorff.alpha(reliability_data=data.T, level_of_measurement="nominal"))
PY
cat > "$out/alpha_npy.py" <<'PY'
import sys, numpy as np, krippendorff
data = np.load(sys.argv[1])
print(krippendorff.alpha(reliability_data=data.T, level_of_measurement="nominal"))
PY

# Best of 5 runs, timed the same way for every side: "seconds<TAB>max RSS KiB<TAB>last line".
measure() { python3 scripts/timeit.py 5 "$@"; }
field() { cut -f"$1" <<<"$2"; }

printf '%-11s %-36s %-26s %-26s %s\n' "data" "codingdesk agree (s, max RSS, alpha)" "python, CSV (pandas)" "python, .npy" "ratio csv / npy"
for units in 100000 1000000; do
  for coders in 3 5; do
    name="$out/nominal-${units}x${coders}"
    ours=$(measure "$bin" agree "$name.csv" --level nominal --format csv)
    csv=$(measure "$py" "$out/alpha_csv.py" "$name.csv")
    npy=$(measure "$py" "$out/alpha_npy.py" "$name.npy")
    ours_alpha=$(field 3 "$ours" | awk -F, '{print $(NF-4)}')
    python_alpha=$(field 3 "$npy")
    ratios=$(awk -v a="$(field 1 "$csv")" -v b="$(field 1 "$npy")" -v o="$(field 1 "$ours")" 'BEGIN { printf "%.1fx / %.1fx", a / o, b / o }')
    printf '%-11s %-36s %-26s %-26s %s\n' "${units}x${coders}" \
      "$(field 1 "$ours") s $(field 2 "$ours") KiB ${ours_alpha:0:8}" \
      "$(field 1 "$csv") s $(field 2 "$csv") KiB" "$(field 1 "$npy") s $(field 2 "$npy") KiB" "$ratios"
    [[ ${python_alpha:0:12} == "${ours_alpha:0:12}" ]] || echo "  alpha differs: python $python_alpha, codingdesk $ours_alpha"
  done
done

echo
echo "bootstrap, 10,000 resamples on 1e3 x 3 (whole process, best of 5):"
echo "  $(field 1 "$(measure "$bin" agree "$out/nominal-1000x3.csv" --bootstrap 10000 --format csv)") s"
