#!/usr/bin/env bash
# Installs the .deb scripts/package.sh made, as a user would (apt-get install ./codingdesk_*.deb),
# then, as a non-root user: builds the sample with the installed program, and starts the window
# with the desktop entry's own command on a study, under Xvfb, and reads the screen back by OCR.
#
#   scripts/deb-test.sh [DEB]        (default: the newest target/package/codingdesk_*.deb)
#
# Needs root (or sudo) for apt-get and useradd; xvfb, xdotool, imagemagick, tesseract-ocr.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/read-screen.sh
deb=${1:-$(ls -t target/package/codingdesk_*.deb | head -1)}
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi

echo "== apt-get install ./$(basename "$deb")"
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$(realpath "$deb")" >/dev/null
command -v codingdesk
dpkg -L codingdesk | grep -E 'bin/codingdesk|applications/codingdesk.desktop|mime/packages|icons/.*codingdesk.png|THIRD-PARTY'
# The .cdesk file type is known to the system once the package is in.
grep -q 'glob pattern="\*.cdesk"' /usr/share/mime/packages/codingdesk.xml
if command -v update-mime-database >/dev/null; then
  $sudo update-mime-database /usr/share/mime
  grep -q 'application/x-codingdesk-study' /usr/share/mime/globs2
fi

user=codingdesk-test
id "$user" >/dev/null 2>&1 || $sudo useradd --create-home --shell /bin/bash "$user"
as_user() { $sudo -u "$user" -H env -u CODINGDESK_SAMPLES -u XDG_DATA_HOME -u XDG_CONFIG_HOME \
  LC_ALL=C.UTF-8 PATH=/usr/bin:/bin "$@"; }
# sudo may be missing on a root CI machine: run as the user with runuser there.
if [[ -z $sudo ]]; then
  as_user() { runuser -u "$user" -- env -u CODINGDESK_SAMPLES -u XDG_DATA_HOME -u XDG_CONFIG_HOME \
    HOME="/home/$user" LC_ALL=C.UTF-8 PATH=/usr/bin:/bin "$@"; }
fi

echo "== the installed program builds the sample as $user"
study=$(as_user codingdesk sample --force 2>/dev/null | tail -1)
echo "   $study"
[[ $study == /home/$user/.local/share/codingdesk/samples/* ]]
# Read whole, then shown in part: `| head` would close the pipe on the program mid-write, which
# ends it by SIGPIPE (as Unix tools end) and fails this script under pipefail.
status=$(as_user codingdesk status "$study")
head -3 <<<"$status"
[[ $status == *"travel guide"* ]] || { echo "status does not name the sample" >&2; exit 1; }

echo "== the window, started with the desktop entry's command"
exec_line=$(sed -n 's/^Exec=//p' /usr/share/applications/codingdesk.desktop)
command=${exec_line//%f/$study}
echo "   $command"
shots=$(mktemp -d)
chmod 777 "$shots"
display=:88
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; pkill -u '"$user"' codingdesk 2>/dev/null || true' EXIT
sleep 2
# shellcheck disable=SC2086 # the desktop entry's command line, split as a launcher splits it
as_user env DISPLAY=$display $command >"$shots/window.log" 2>&1 &
seen=""
wait_for_words "$display" "$shots/window.png" 5 "Who is coding" "Li Na" "Wang Hao" "travel guide" || {
  cat "$shots/window.log" >&2
  exit 1
}
echo "   read on the screen: ${seen:0:200}"
mkdir -p target/package
cp "$shots/window.png" target/package/deb-window.png
echo "   the installed window opened the study: target/package/deb-window.png"
