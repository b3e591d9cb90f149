#!/usr/bin/env bash
# Makes the packages users install (issue 31):
#   target/package/codingdesk_VERSION_amd64.deb          Debian/Ubuntu: program, desktop entry, icon,
#                                                        .cdesk file type, licences (cargo-deb)
#   target/package/codingdesk-VERSION-windows-x64.zip    codingdesk.exe, README, licences
#   target/package/codingdesk-VERSION-windows-x64-setup.exe
#                                                        the same, installed per user with a
#                                                        Start-menu entry, the .cdesk file type and
#                                                        an uninstaller (NSIS: packaging/codingdesk.nsi)
# and target/package/THIRD-PARTY-LICENSES.html, generated from Cargo.lock by cargo-about and
# shipped in both.
#
#   scripts/package.sh VERSION
#
# Needs: cargo-about and cargo-deb (`cargo install --locked cargo-about cargo-deb`), zip, nsis
# (makensis), imagemagick (the installer's icon), and what scripts/windows.sh build needs
# (mingw-w64, the x86_64-pc-windows-gnu target).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
version=${1:?usage: scripts/package.sh VERSION (e.g. 0.1.0)}
out=target/package
mkdir -p "$out"

echo "== third-party licences (cargo-about)"
cargo about generate --fail --config packaging/about.toml packaging/about.hbs -o "$out/THIRD-PARTY-LICENSES.html"

echo "== Linux: release build and .deb (cargo-deb)"
cargo build --release --locked
cargo deb --no-build --deb-version "$version" --output "$out/codingdesk_${version}_amd64.deb"

echo "== Windows: cross build and zip"
exe=$(scripts/windows.sh build | tail -1)
folder=$out/codingdesk-$version-windows-x64
rm -rf "$folder" "$folder.zip"
mkdir -p "$folder"
cp "$exe" "$folder/codingdesk.exe"
cp packaging/README-Windows.txt "$folder/README.txt"
cp LICENSE-MIT "$out/THIRD-PARTY-LICENSES.html" "$folder/"
(cd "$out" && zip -q -r "$(basename "$folder").zip" "$(basename "$folder")")

echo "== Windows: installer (NSIS)"
convert assets/icon/codingdesk-256.png -define icon:auto-resize=256,64,48,32,16 "$out/codingdesk.ico"
makensis -V2 -DVERSION="$version" -DSOURCE="$PWD/$folder" -DICON="$PWD/$out/codingdesk.ico" \
  -DOUTFILE="$PWD/$folder-setup.exe" packaging/codingdesk.nsi
ls -l "$out"/*.deb "$folder.zip" "$folder-setup.exe"
