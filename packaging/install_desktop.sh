#!/bin/sh
# Install SVX's desktop integration for the current user (freedesktop.org layout):
#   the launcher     $XDG_DATA_HOME/applications/svx-desktop.desktop
#   the .svx type    $XDG_DATA_HOME/mime/packages/org.example.svx.xml
#   the icons        $XDG_DATA_HOME/icons/hicolor/{16x16..512x512,scalable}/{apps,mimetypes}/
#   AppStream data   $XDG_DATA_HOME/metainfo/org.example.svx.metainfo.xml
# then refreshes the MIME, desktop and icon caches where those tools exist, and makes SVX
# the default for .svx files unless the user already chose another application.
#
# usage: install_desktop.sh ICON_DIR [EXECUTABLE]
#   ICON_DIR    rendered icons (build/icons from `make icons`)
#   EXECUTABLE  what the launcher runs (default: svx-desktop on PATH, e.g. from pipx;
#               give the bundle's dist/svx/svx-desktop to launch the bundle)
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ICONS=${1:?usage: install_desktop.sh ICON_DIR [EXECUTABLE]}
EXE=${2:-svx-desktop}
DATA=${XDG_DATA_HOME:-$HOME/.local/share}

[ -d "$ICONS/hicolor" ] || { echo "install-desktop: no icons in $ICONS (make icons)" >&2; exit 1; }
case "$EXE" in
  */*) [ -x "$EXE" ] || { echo "install-desktop: $EXE is not executable" >&2; exit 1; }
       EXE=$(cd "$(dirname "$EXE")" && pwd)/$(basename "$EXE") ;;
  *) command -v "$EXE" >/dev/null 2>&1 ||
       echo "install-desktop: note: $EXE is not on PATH yet (pipx install . puts it there)" >&2 ;;
esac

mkdir -p "$DATA/applications" "$DATA/mime/packages" "$DATA/metainfo" "$DATA/icons/hicolor"
# The launcher, pointing at EXECUTABLE (a path with spaces is quoted as the spec asks).
sed "s|^Exec=svx-desktop |Exec=\"$EXE\" |" "$HERE/svx-desktop.desktop" \
  > "$DATA/applications/svx-desktop.desktop"
cp "$HERE/svx-mime.xml" "$DATA/mime/packages/org.example.svx.xml"
cp "$HERE/org.example.svx.metainfo.xml" "$DATA/metainfo/org.example.svx.metainfo.xml"
cp -R "$ICONS/hicolor/." "$DATA/icons/hicolor/"

if command -v update-mime-database >/dev/null 2>&1; then
  update-mime-database "$DATA/mime"
fi
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database "$DATA/applications"
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
  gtk-update-icon-cache -q -f -t "$DATA/icons/hicolor" || true
fi
if command -v xdg-mime >/dev/null 2>&1; then
  current=$(xdg-mime query default application/x-svx 2>/dev/null || true)
  if [ -z "$current" ]; then
    xdg-mime default svx-desktop.desktop application/x-svx
  elif [ "$current" != "svx-desktop.desktop" ]; then
    echo "install-desktop: note: .svx files stay with $current (your choice)" >&2
  fi
fi
echo "install-desktop: SVX installed for $(id -un) under $DATA"
