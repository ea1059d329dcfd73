#!/usr/bin/env bash
# Build the one-folder Linux bundle dist/hall-counter/ with PyInstaller (not run in CI).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

make venv
if ! .venv/bin/python -c 'import PyInstaller' >/dev/null 2>&1; then
    .venv/bin/pip install 'pyinstaller>=6.6'
fi
.venv/bin/pyinstaller --noconfirm --clean \
    --distpath dist --workpath build/pyinstaller \
    installer/hall-counter.spec
cp installer/linux/hall-counter.desktop dist/hall-counter/
echo "built dist/hall-counter/ (run dist/hall-counter/hall-counter;" \
    "install the .desktop file with desktop-file-install)"
