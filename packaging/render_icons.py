"""Render SVX's icons from the one SVG master, ``resources/icons/svx.svg``.

``python packaging/render_icons.py OUT`` writes, with Qt's ``QSvgRenderer`` (PySide6 is
already a dependency, so nothing else is needed):

- ``OUT/hicolor/NxN/apps/svx-desktop.png`` for N in 16 … 512 and
  ``OUT/hicolor/scalable/apps/svx-desktop.svg`` (the freedesktop icon theme layout), plus
  the same pictures as ``mimetypes/application-x-svx`` for ``.svx`` files;
- ``OUT/svx.ico`` (Windows: 16 … 256, PNG-compressed entries) and ``OUT/svx.icns`` (macOS:
  16 … 1024), both written here byte by byte, since Qt's writers for them are optional
  plugins.

The outputs are build products (``build/icons`` from ``make icons``), not committed: the app
itself uses the SVG (Qt's SVG icon engine renders every size), and generated copies in
the repository could only drift from the master.
"""

from __future__ import annotations

import shutil
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MASTER = ROOT / "resources" / "icons" / "svx.svg"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
APP_NAME = "svx-desktop"
MIME_ICON = "application-x-svx"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS entry types holding PNG data, by pixel size.
ICNS_TYPES = {
    16: b"icp4",
    32: b"icp5",
    64: b"icp6",
    128: b"ic07",
    256: b"ic08",
    512: b"ic09",
    1024: b"ic10",
}


def render_png(size: int, master: Path = MASTER) -> bytes:
    """The master rendered at ``size`` × ``size`` pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    if QGuiApplication.instance() is None:
        QGuiApplication._svx_icons_app = QGuiApplication([])  # type: ignore[attr-defined]
    renderer = QSvgRenderer(str(master))
    if not renderer.isValid():
        raise SystemExit(f"{master}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding the given PNGs (allowed since Windows Vista)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        data = pngs[size]
        edge = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns holding the given PNGs."""
    body = b"".join(
        ICNS_TYPES[size] + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
        for size in sorted(pngs)
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def render_all(out: Path, master: Path = MASTER) -> list[Path]:
    """Write every icon under ``out``; returns the files written."""
    written: list[Path] = []
    pngs = {size: render_png(size, master) for size in sorted({*SIZES, *ICNS_TYPES})}
    for size in SIZES:
        for context, name in (("apps", APP_NAME), ("mimetypes", MIME_ICON)):
            path = out / "hicolor" / f"{size}x{size}" / context / f"{name}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(pngs[size])
            written.append(path)
    for context, name in (("apps", APP_NAME), ("mimetypes", MIME_ICON)):
        path = out / "hicolor" / "scalable" / context / f"{name}.svg"
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(master, path)
        written.append(path)
    (out / "svx.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    (out / "svx.icns").write_bytes(icns_bytes({s: pngs[s] for s in ICNS_TYPES}))
    written += [out / "svx.ico", out / "svx.icns"]
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: render_icons.py OUT_DIR", file=sys.stderr)
        return 2
    files = render_all(Path(argv[1]))
    print(f"render_icons: {len(files)} files in {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
