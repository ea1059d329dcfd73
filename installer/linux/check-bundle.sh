#!/usr/bin/env bash
# Check a built .deb as a technician would use it:
#   installer/linux/check-bundle.sh dist/hall-counter_VERSION_ARCH.deb
# Installs it with apt (root, or sudo without a password) or, failing that, unpacks it into a
# temporary root; finds no missing library behind Qt's platform plugins (ldd); then runs
# `hall-counter --selftest --json` offscreen and under Xvfb. Exit 0 only when all pass.
set -euo pipefail

deb="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}
log() { printf '\n== %s\n' "$*"; }

installed=0
if as_root true 2>/dev/null; then
    log "apt-get install $deb"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb"
    installed=1
    app=/opt/hall-counter
    launcher=/usr/bin/hall-counter
    trap 'as_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q hall-counter >/dev/null' EXIT
else
    unpacked="$(mktemp -d)"
    trap 'rm -rf "$unpacked"' EXIT
    log "dpkg-deb -x (no root: the package's Depends are not installed by this check)"
    dpkg-deb -x "$deb" "$unpacked"
    app="$unpacked/opt/hall-counter"
    launcher="$app/hall-counter"
fi

log "ldd of Qt's platform plugins"
status=0
for plugin in "$app"/_internal/PySide6/Qt/plugins/platforms/lib{qxcb,qoffscreen,qminimal}.so; do
    missing=$(LD_LIBRARY_PATH="$app/_internal" ldd "$plugin" | grep 'not found' || true)
    if [ -n "$missing" ]; then
        echo "$(basename "$plugin"): $missing" >&2
        status=1
    else
        echo "$(basename "$plugin"): every library found"
    fi
done

selftest() {
    local out
    out="$("$@" --selftest --json)" || { echo "$out"; return 1; }
    echo "$out" | python3 -c '
import json, sys
report = json.load(sys.stdin)
print(" ".join(c["check"] + "=" + ("ok" if c["ok"] else "FAIL") for c in report["checks"]))
sys.exit(0 if report["passed"] else 1)'
}
log "hall-counter --selftest (offscreen)"
work="$(mktemp -d)"
(cd "$work" && HOME="$work" QT_QPA_PLATFORM=offscreen selftest "$launcher") || status=1
log "hall-counter --selftest (Xvfb, xcb)"
(cd "$work" && HOME="$work" env -u QT_QPA_PLATFORM xvfb-run -a -s '-screen 0 1366x768x24' \
    "$launcher" --selftest --json | python3 -c 'import json,sys; r=json.load(sys.stdin); p=r["checks"][0]; print("platform:", p["detail"]); sys.exit(0 if r["passed"] and p["detail"] == "xcb" else 1)') || status=1
rm -rf "$work"
[ "$installed" = 1 ] && echo "installed with apt and removed again"
exit "$status"
