#!/usr/bin/env bash
# Runs the seeded mutation fuzzer (tests/files/fuzz.rs) with many cases per family in a release build and
# prints the counts per family. CI runs a small slice of the same cases in `cargo test`.
#   scripts/fuzz.sh [CASES_PER_FAMILY] [SEED]      (defaults: 10000, 2026)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cases=${1:-10000}
seed=${2:-2026}
CODINGDESK_FUZZ_CASES=$cases CODINGDESK_FUZZ_SEED=$seed \
  cargo test --release --test files fuzz:: -- --nocapture 2>&1 | grep -E '^(fuzz |PANIC|test result)'
