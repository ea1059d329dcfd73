#!/usr/bin/env bash
# Package the one-folder bundle as a .deb and a .tar.gz.
#   installer/linux/build-deb.sh DIST_DIR OUT_DIR VERSION
# DIST_DIR holds hall-counter/ (PyInstaller's output). The .deb puts it under
# /opt/hall-counter, the launchers hall-counter and counter-app on PATH, a desktop entry and
# the icon; it declares the X/xcb libraries Qt's xcb platform plugin loads at run time.
set -euo pipefail

dist="$(cd "$1" && pwd)"
out="$(mkdir -p "$2" && cd "$2" && pwd)"
version="$3"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
arch="$(dpkg --print-architecture)"
bundle="$dist/hall-counter"
test -x "$bundle/hall-counter" || { echo "build-deb: no bundle at $bundle" >&2; exit 1; }

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
    "$stage/usr/share/icons/hicolor/256x256/apps" "$stage/DEBIAN"
cp -a "$bundle" "$stage/opt/hall-counter"
ln -s /opt/hall-counter/hall-counter "$stage/usr/bin/hall-counter"
ln -s /opt/hall-counter/counter-app "$stage/usr/bin/counter-app"
install -m 0644 "$root/installer/linux/hall-counter.desktop" "$stage/usr/share/applications/"
install -m 0644 "$root/counter_app/resources/icons/hall-counter.png" \
    "$stage/usr/share/icons/hicolor/256x256/apps/hall-counter.png"

size_kb="$(du -sk "$stage" | cut -f1)"
cat > "$stage/DEBIAN/control" <<CONTROL
Package: hall-counter
Version: $version
Architecture: $arch
Maintainer: Hall Counter developers <hall-counter@localhost>
Installed-Size: $size_kb
Section: misc
Priority: optional
Depends: libc6, libegl1, libfontconfig1, libdbus-1-3, libxkbcommon0, libxkbcommon-x11-0,
 libxcb1, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0,
 libxcb-render-util0, libxcb-shape0, libxcb-xfixes0, libxcb-xkb1, libx11-xcb1
Recommends: fonts-wqy-zenhei | fonts-noto-cjk
Description: Hall Counter (营业厅柜台收费): electricity-bill cash desk
 The counter program of a power-supply business hall: cash and card payments,
 ESC/POS receipts, card readers, shifts, and an offline queue to the central
 ledger. The ledger service itself is installed separately (pip install
 'hall-counter[ledger]').
CONTROL

deb="$out/hall-counter_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zgzip --build "$stage" "$deb" >/dev/null
tarball="$out/hall-counter-${version}-linux-${arch}.tar.gz"
tar -C "$dist" -czf "$tarball" hall-counter
ls -l "$deb" "$tarball"
