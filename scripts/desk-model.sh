#!/usr/bin/env bash
# Plays the desk's model-based test (tests/gui_desk_model.rs) at length: ACTIONS actions (default
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
  CODINGDESK_MODEL_SEED="$seed" CODINGDESK_MODEL_ACTIONS="$actions" \
    cargo test --release --test gui_desk_model -- --nocapture 2>&1 | grep -E "^seed|panicked|left|right|after" || {
      echo "seed $seed: failed"; exit 1; }
done
