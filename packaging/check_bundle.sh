#!/bin/sh
# Check a built bundle (default dist/svx) the way a facilitator's machine would run it: no
# Python on PATH, an empty environment (env -i) with a minimal PATH and a throw-away HOME.
#   1. svx --version, svx templates
#   2. svx info and svx validate on the bundled example (read from inside the bundle)
#   3. svx export, when the bundled svx has that command (else a note says it was skipped)
#   4. svx-desktop to its first painted window, offscreen, with the example, and exit
# Exits non-zero on the first failure. Used by `make bundle-check` and tests/test_bundle.py.
set -eu

BUNDLE=$(cd "${1:-dist/svx}" && pwd)
[ -x "$BUNDLE/svx" ] && [ -x "$BUNDLE/svx-desktop" ] || {
  echo "bundle-check: no bundle in $BUNDLE (run make bundle first)" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/svx-bundle-check.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
EXAMPLE=$(find "$BUNDLE" -path '*svx_desktop/resources/examples/bank.svx' | head -n 1)
[ -n "$EXAMPLE" ] || { echo "bundle-check: the example is not inside the bundle" >&2; exit 1; }

# An empty environment whose PATH is an empty folder: no Python (nor anything else) to find.
run() {
  env -i PATH="$WORK/bin" HOME="$WORK/home" LANG=C.UTF-8 TMPDIR="$WORK" \
    XDG_RUNTIME_DIR="$WORK/run" QT_QPA_PLATFORM=offscreen SVX_DATA_DIR="$WORK/data" \
    SVX_NO_SINGLE_INSTANCE=1 "$@"
}
mkdir -p "$WORK/bin" "$WORK/home" "$WORK/run" && chmod 700 "$WORK/run"

step() { printf 'bundle-check: %s\n' "$*"; }

step "svx --version"
run "$BUNDLE/svx" --version
step "svx templates"
run "$BUNDLE/svx" templates >/dev/null
step "svx info (bundled example)"
run "$BUNDLE/svx" info "$EXAMPLE" --json > "$WORK/info.json"
grep -q '"title": "Example: Bank"' "$WORK/info.json" || {
  echo "bundle-check: svx info did not describe the example" >&2; head -c 600 "$WORK/info.json" >&2
  exit 1; }
step "svx validate (bundled example)"
run "$BUNDLE/svx" validate "$EXAMPLE"

if run "$BUNDLE/svx" --help 2>&1 | grep -qw export; then
  step "svx export (bundled example)"
  run "$BUNDLE/svx" export --help > "$WORK/export-help.txt" 2>&1
  for fmt in svg csv graphml; do
    if grep -qw "$fmt" "$WORK/export-help.txt"; then
      run "$BUNDLE/svx" export "$EXAMPLE" -o "$WORK/bank.$fmt"
      [ -s "$WORK/bank.$fmt" ] || { echo "bundle-check: svx export wrote no $fmt" >&2; exit 1; }
      step "  wrote bank.$fmt ($(wc -c < "$WORK/bank.$fmt") bytes)"
      break
    fi
  done
else
  step "note: this svx has no export command yet; export check skipped"
fi

step "svx-desktop to the first painted window (offscreen, bank.svx)"
run SVX_EXIT_AFTER_FIRST_PAINT=1 SVX_STARTUP_TIMES=1 "$BUNDLE/svx-desktop" "$EXAMPLE" \
  2> "$WORK/gui.txt" || {
  echo "bundle-check: svx-desktop failed:" >&2; cat "$WORK/gui.txt" >&2; exit 1; }
for event in first-paint map-shown ready; do
  grep -q "startup $event " "$WORK/gui.txt" || {
    echo "bundle-check: svx-desktop never reported $event:" >&2; cat "$WORK/gui.txt" >&2; exit 1; }
done
step "ok: $(du -sm "$BUNDLE" | cut -f1) MB in $BUNDLE"
