#!/usr/bin/env bash
# The Windows build of Codingdesk, made on Linux, and its test under wine (issue 31).
#
#   scripts/windows.sh build          cross-build target/windows/x86_64-pc-windows-gnu/release/codingdesk.exe
#   scripts/windows.sh test [LINUX]   run the README's walk-through with that .exe under wine and with
#                                     the Linux binary LINUX (default target/debug/codingdesk), compare
#                                     what they print and write, check %APPDATA%, then open the
#                                     window under wine + Xvfb and read the desk back by OCR
#   scripts/windows.sh test-installer [SETUP]
#                                     install SETUP (default: the newest
#                                     target/package/codingdesk-*-setup.exe) silently under wine,
#                                     check what it put where, open a study the way a double-click
#                                     does, then uninstall and check that all of it is gone
#
# Needs (Debian): gcc-mingw-w64-x86-64 and `rustup target add x86_64-pc-windows-gnu` to build;
# wine, wine64, xvfb, xdotool, imagemagick, tesseract-ocr to test. .ci/run installs them.
# The test folders are target/wine-test and target/wine-installer-test (kept for a look: desk.png
# and double-click.png are the windows' screenshots).
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

# Runs the program under wine with the test-only stand-in for bcryptprimitives.dll where Windows
# keeps the real one (system32), so that the installed folder holds only what the installer put.
prepare_wine() {
  export WINEPREFIX=$PWD/target/wineprefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  export CODINGDESK_FFMPEG_DIR=$PWD/target/no-ffmpeg
  wineboot --init >/dev/null 2>&1 || true
  x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
    scripts/wine/bcryptprimitives-shim.c -ladvapi32
}

# The registry value NAME (empty: the key's default) of KEY, or nothing when it is not there.
registry_value() {
  local key=$1 name=$2 flag=(/v "$2")
  [[ -z $name ]] && flag=(/ve)
  wine reg query "$key" "${flag[@]}" 2>/dev/null | tr -d '\r' |
    sed -nE 's/^ +[^ ].*REG_[A-Z_]+ +(.*)$/\1/p' | head -1
}

test_installer() {
  local setup=${1:-$(ls -t target/package/codingdesk-*-windows-x64-setup.exe 2>/dev/null | head -1)}
  [[ -f $setup ]] || { echo "no installer: run scripts/package.sh VERSION first" >&2; exit 2; }
  local test_dir=$PWD/target/wine-installer-test
  rm -rf "$test_dir"
  mkdir -p "$test_dir"
  prepare_wine
  local localappdata appdata
  localappdata=$(wine cmd /c echo %LOCALAPPDATA% | tr -d '\r')
  appdata=$(wine cmd /c echo %APPDATA% | tr -d '\r')
  local program_dir="$localappdata\\Programs\\Codingdesk"
  local program_dir_unix shortcut
  program_dir_unix=$(winepath -u "$program_dir")
  shortcut="$(winepath -u "$appdata")/Microsoft/Windows/Start Menu/Programs/Codingdesk.lnk"
  local classes='HKCU\Software\Classes' uninstall='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Codingdesk'
  # As on a machine that never had it (the settings too: the first start follows the system's
  # language, English here).
  rm -rf "$program_dir_unix" "$shortcut" "$(winepath -u "$appdata")/codingdesk"
  wine reg delete "$classes\\.cdesk" /f >/dev/null 2>&1 || true

  echo "== $(basename "$setup") /S: installed for this user, without administrator rights"
  wine "$setup" /S
  local file
  for file in codingdesk.exe README.txt LICENSE-MIT THIRD-PARTY-LICENSES.html codingdesk.ico uninstall.exe; do
    [[ -f $program_dir_unix/$file ]] || { echo "the installer put no $file in $program_dir" >&2; exit 1; }
  done
  local zipped
  zipped=$(dirname "$setup")/$(basename "$setup" -setup.exe)/codingdesk.exe
  if [[ -f $zipped ]] && ! cmp -s "$zipped" "$program_dir_unix/codingdesk.exe"; then
    echo "the installed codingdesk.exe is not the one in the zip ($zipped)" >&2
    exit 1
  fi
  [[ -f $shortcut ]] || { echo "no Start-menu entry ($shortcut)" >&2; exit 1; }
  local prog_id command
  prog_id=$(registry_value "$classes\\.cdesk" "")
  [[ $prog_id == Codingdesk.Study ]] || { echo ".cdesk is registered as '$prog_id'" >&2; exit 1; }
  command=$(registry_value "$classes\\Codingdesk.Study\\shell\\open\\command" "")
  [[ $command == "\"$program_dir\\codingdesk.exe\" open \"%1\"" ]] ||
    { echo "a double-click on a .cdesk runs '$command'" >&2; exit 1; }
  [[ $(registry_value "$uninstall" DisplayName) == Codingdesk ]] ||
    { echo "not listed among the installed apps ($uninstall)" >&2; exit 1; }
  echo "   $program_dir: $(ls "$program_dir_unix" | tr '\n' ' ')"
  echo "   Start menu: Codingdesk.lnk; .cdesk opens with: $command"

  echo "== the installed program builds the sample"
  (cd "$test_dir" && wine "$program_dir_unix/codingdesk.exe" sample --out study.cdesk >/dev/null)
  [[ -f $test_dir/study.cdesk ]] || { echo "the installed program made no sample study" >&2; exit 1; }

  echo "== a double-click on the study, under wine + Xvfb"
  # Windows runs the registered command with the file for %1. wine 8's ShellExecute reads only
  # the machine's classes (HKLM), not the user's (HKCU\Software\Classes, which Windows merges in),
  # so the test runs that same command itself: verbatim as a batch file's line, where cmd puts
  # the file for %1 as Windows does.
  local study_windows
  study_windows=$(winepath -w "$test_dir/study.cdesk")
  printf '@%s\r\n' "$command" >"$test_dir/double-click.bat"
  local display=:89
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  trap 'kill "${xvfb_pid:-}" 2>/dev/null || true; wineserver -k 2>/dev/null || true' EXIT
  sleep 2
  (cd "$test_dir" && DISPLAY=$display LC_ALL=C.UTF-8 \
    wine cmd /c double-click.bat "$study_windows" >"$test_dir/window.log" 2>&1) &
  local window=""
  for _ in $(seq 1 120); do
    window=$(DISPLAY=$display xdotool search --name "Codingdesk" 2>/dev/null | head -1 || true)
    [[ -n $window ]] && break
    sleep 1
  done
  [[ -n $window ]] || { echo "no window:" >&2; cat "$test_dir/window.log" >&2; exit 1; }
  DISPLAY=$display xdotool windowsize "$window" 1280 800 windowmove "$window" 0 0 || true
  seen=""
  wait_for_words "$display" "$test_dir/double-click.png" 10 "Who is coding" "Li Na" || {
    cat "$test_dir/window.log" >&2
    exit 1
  }
  echo "   read on the screen: ${seen:0:200}"
  wineserver -k 2>/dev/null || true
  kill "$xvfb_pid" 2>/dev/null || true

  echo "== uninstall.exe /S: everything the installer put is gone, the user's files stay"
  local settings
  settings=$(winepath -u "$appdata")/codingdesk/settings.json
  [[ -f $settings ]] || { echo "the window kept no settings ($settings)" >&2; exit 1; }
  wine "$program_dir_unix/uninstall.exe" /S
  # The uninstaller runs from a copy of itself in %TEMP% and returns at once.
  for _ in $(seq 1 60); do
    [[ -d $program_dir_unix ]] || break
    sleep 1
  done
  [[ ! -d $program_dir_unix ]] || { echo "left behind: $(ls "$program_dir_unix")" >&2; exit 1; }
  [[ ! -f $shortcut ]] || { echo "the Start-menu entry is left" >&2; exit 1; }
  [[ -z $(registry_value "$classes\\.cdesk" "") ]] || { echo ".cdesk is still registered" >&2; exit 1; }
  [[ -z $(registry_value "$uninstall" DisplayName) ]] || { echo "still among the installed apps" >&2; exit 1; }
  [[ -f $settings && -f $test_dir/study.cdesk ]] || { echo "the user's settings or study went too" >&2; exit 1; }
  echo "   program, Start-menu entry, .cdesk type and uninstall entry gone; settings and the study kept"
}

case ${1:-} in
  build) build ;;
  test) shift; test_windows "$@" ;;
  test-installer) shift; test_installer "$@" ;;
  *) sed -n '2,17p' "$0" >&2; exit 2 ;;
esac
