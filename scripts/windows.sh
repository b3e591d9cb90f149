#!/usr/bin/env bash
# The Windows build of Codingdesk, made on Linux, and its test under wine (issue 31).
#
#   scripts/windows.sh build          cross-build target/windows/x86_64-pc-windows-gnu/release/codingdesk.exe
#   scripts/windows.sh test [LINUX]   run the README's walk-through with that .exe under wine and with
#                                     the Linux binary LINUX (default target/debug/codingdesk), compare
#                                     what they print and write, check %APPDATA%, then open the
#                                     window under wine + Xvfb and read the desk back by OCR
#
# Needs (Debian): gcc-mingw-w64-x86-64 and `rustup target add x86_64-pc-windows-gnu` to build;
# wine, wine64, xvfb, xdotool, imagemagick, tesseract-ocr to test. .ci/run installs them.
# The test folder is target/wine-test (kept for a look: desk.png is the window's screenshot).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/read-screen.sh

target=x86_64-pc-windows-gnu
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR_WINDOWS:-target/windows}
exe=$CARGO_TARGET_DIR/$target/release/codingdesk.exe

build() {
  rustup target add "$target" >/dev/null
  # The linker is set in .cargo/config.toml (x86_64-w64-mingw32-gcc).
  cargo build --release --target "$target"
  echo "$exe"
}

# Runs `codingdesk ARGS` on one side (linux or windows) in the current folder; stdout with
# Windows line ends made Unix ones, so that the two sides compare.
run_side() {
  local side=$1
  shift
  if [[ $side == windows ]]; then
    wine "$test_dir/bin/codingdesk.exe" "$@" | tr -d '\r'
  else
    "$linux" "$@"
  fi
}

walk_through() {
  local side=$1
  local dir=$test_dir/$side
  rm -rf "$dir"
  mkdir -p "$dir"
  cp -r samples/chongqing-tiktok/. "$dir/"
  cd "$dir"
  local step=0
  record() {
    step=$((step + 1))
    run_side "$side" "$@" >"$(printf 'step-%02d.out' "$step")" 2>"$(printf 'step-%02d.err' "$step")" || {
      echo "== $side: codingdesk $* failed:" >&2
      cat "$(printf 'step-%02d.err' "$step")" >&2
      return 1
    }
  }
  record --lang en sample --out sample.cdesk
  record --lang en new study.cdesk --codebook tiktok-six --title "Walk-through"
  record --lang en import study.cdesk units.csv
  record --lang en import-codes study.cdesk codes.csv
  record --lang en agreement study.cdesk
  record --lang en stats study.cdesk
  record --lang zh stats study.cdesk
  record --lang en crosstab study.cdesk theme emotion
  record --lang en primary study.cdesk "Li Na"
  for format in long-csv wide-csv spss sav xlsx recal qdc html; do
    record --lang en export study.cdesk --format "$format" --out "export-$format.out"
  done
  record --lang en report study.cdesk --out report.html
  record --lang en package study.cdesk --coder "Wang Hao" --out package.cdesk
  record --lang en merge study.cdesk package.cdesk
  record --lang en copy study.cdesk copy.cdesk
  record --lang en status copy.cdesk --format json
  cd - >/dev/null
}

test_windows() {
  linux=$(realpath "${1:-target/debug/codingdesk}")
  [[ -f $exe ]] || { echo "no $exe: run scripts/windows.sh build first" >&2; exit 2; }
  [[ -x $linux ]] || { echo "no Linux binary at $linux" >&2; exit 2; }
  test_dir=$PWD/target/wine-test
  rm -rf "$test_dir"
  mkdir -p "$test_dir/bin"
  cp "$exe" "$test_dir/bin/"
  # Test-only stand-in for bcryptprimitives.dll, which wine 8 lacks: see the file's comment.
  x86_64-w64-mingw32-gcc -shared -O2 -o "$test_dir/bin/bcryptprimitives.dll" \
    scripts/wine/bcryptprimitives-shim.c -ladvapi32
  export WINEPREFIX=$PWD/target/wineprefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  # ffmpeg is not on wine's PATH: the sample gets pictures on both sides.
  export CODINGDESK_FFMPEG_DIR=$test_dir/no-ffmpeg
  wineboot --init >/dev/null 2>&1 || true

  echo "== the walk-through on Linux and under wine"
  walk_through linux
  walk_through windows
  local failed=0
  # Paths aside (`.\` and `Z:\…\windows` against `./` and `/…/linux`), and what differs
  # between any two runs (times, a package's random id), both print the same.
  normalize() {
    sed -E -e 's#\\\\#/#g' -e 's#\\#/#g' -e "s#(Z:)?$test_dir/(linux|windows)#STUDY#g" \
      -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9:.]{5,12}Z?/TIME/g' \
      -e 's/"id": "[0-9a-f]{32}"/"id": ID/' "$1"
  }
  for out in "$test_dir"/linux/step-*.out; do
    local name
    name=$(basename "$out")
    if ! diff <(normalize "$out") <(normalize "$test_dir/windows/$name"); then
      echo "== $name differs between Linux and Windows" >&2
      failed=1
    fi
  done
  # Files whose bytes depend only on the data are the same bytes.
  for file in export-long-csv.out export-wide-csv.out export-qdc.out export-spss.out \
    export-recal.out/theme.csv; do
    if ! cmp "$test_dir/linux/$file" "$test_dir/windows/$file"; then
      echo "== $file differs between Linux and Windows" >&2
      failed=1
    fi
  done
  [[ $failed == 0 ]] || exit 1
  echo "   $(ls "$test_dir"/linux/step-*.out | wc -l) commands print the same; exports identical"

  echo "== settings and samples under %APPDATA%"
  local appdata
  appdata=$(wine cmd /c echo %APPDATA% | tr -d '\r')
  local appdata_unix
  appdata_unix=$(winepath -u "$appdata")
  # As on a first start: nothing of an earlier run.
  rm -rf "$appdata_unix/codingdesk"
  local made
  made=$(cd "$test_dir" && wine "$test_dir/bin/codingdesk.exe" sample | tr -d '\r' | tail -1)
  case $made in
    "$appdata\\codingdesk\\samples\\chongqing-tiktok\\chongqing-tiktok.cdesk") ;;
    *) echo "the sample was built at '$made', not under %APPDATA% ($appdata)" >&2; exit 1 ;;
  esac
  [[ -f $appdata_unix/codingdesk/samples/chongqing-tiktok/chongqing-tiktok.cdesk ]]
  ls -d "$appdata_unix"/codingdesk/samples/sources-* >/dev/null
  echo "   sample and its unpacked sources in $appdata\\codingdesk\\samples"

  echo "== the window under wine + Xvfb"
  local display=:87
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  trap 'kill "${xvfb_pid:-}" 2>/dev/null || true; wineserver -k 2>/dev/null || true' EXIT
  sleep 2
  # A coder's package opens straight in that coder's desk.
  (cd "$test_dir/windows" && DISPLAY=$display LC_ALL=C.UTF-8 \
    wine "$test_dir/bin/codingdesk.exe" open package.cdesk >"$test_dir/window.log" 2>&1) &
  local window=""
  for _ in $(seq 1 120); do
    window=$(DISPLAY=$display xdotool search --name "Codingdesk" 2>/dev/null | head -1 || true)
    [[ -n $window ]] && break
    sleep 1
  done
  [[ -n $window ]] || { echo "no window under wine:" >&2; cat "$test_dir/window.log" >&2; exit 1; }
  DISPLAY=$display xdotool windowsize "$window" 1280 800 windowmove "$window" 0 0 || true
  # The first frames take a while on a busy 2-core machine (llvmpipe through wine's OpenGL).
  seen=""
  wait_for_words "$display" "$test_dir/desk.png" 10 \
    "Wang Hao" "Theme and focus" "Emotional tendency" "Shooting technique" || {
    cat "$test_dir/window.log" >&2
    exit 1
  }
  echo "   read on the screen: ${seen:0:300}"
  echo "   the desk is drawn under wine: $test_dir/desk.png"
  # The window remembered the study in %APPDATA%, by a plain path (not \\?\Z:\…).
  local settings=$appdata_unix/codingdesk/settings.json
  grep -q 'package.cdesk' "$settings" || { echo "the study is not in $settings" >&2; exit 1; }
  if grep -qF '\\\\?\\' "$settings"; then
    echo "$settings keeps a verbatim path (\\?\):" >&2
    cat "$settings" >&2
    exit 1
  fi
  echo "   remembered in %APPDATA%\\codingdesk\\settings.json: $(grep -o '"[^"]*package.cdesk"' "$settings" | head -1)"
}

case ${1:-} in
  build) build ;;
  test) shift; test_windows "$@" ;;
  *) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
