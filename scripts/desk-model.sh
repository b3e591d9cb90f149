#!/usr/bin/env bash
# Plays the desk's model-based test (tests/gui/desk_model.rs) at length: ACTIONS actions (default
# 10,000) for each of the seeds given (default 1 to 10), in a release build. Each seed prints
# "seed N: A actions, 0 mismatches"; a mismatch stops with the seed, the last actions, and what
# the project file holds against what the model says.
#   scripts/desk-model.sh                 # 10 seeds x 10,000 actions
#   ACTIONS=2000 scripts/desk-model.sh 7  # one seed
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
actions="${ACTIONS:-10000}"
seeds=("$@")
if [[ ${#seeds[@]} -eq 0 ]]; then seeds=(1 2 3 4 5 6 7 8 9 10); fi
for seed in "${seeds[@]}"; do
  log=$(mktemp)
  if CODINGDESK_MODEL_SEED="$seed" CODINGDESK_MODEL_ACTIONS="$actions" \
    cargo test --release --test gui desk_model:: -- --nocapture >"$log" 2>&1; then
    grep -E "^seed" "$log"
    rm -f "$log"
  else
    # The mismatch with the actions that led to it and what the file and the model hold.
    grep -E "panicked" -A16 "$log"
    echo "seed $seed: failed (whole output: $log; CODINGDESK_MODEL_FRAMES=N replays it frame by frame)"
    exit 1
  fi
done
