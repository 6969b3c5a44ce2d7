"""The quick PNG encoder: files that Qt's reader (and ``file``, where installed) accept, with
exactly the pixels that were drawn, opaque or transparent, at odd widths."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from svx_desktop.canvas.drawing import scene_drawing
from svx_desktop.canvas.scene import MapScene
from svx_desktop.fileformat import load
from svx_desktop.pictures.pngfile import png_file
from svx_desktop.pictures.render import png_bytes, png_image

EXAMPLE = Path(__file__).parents[2] / "resources" / "examples" / "bank.svx"


def _drawn(width: int, height: int, transparent: bool) -> QImage:
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent if transparent else Qt.GlobalColor.white)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(0, 114, 178, 160))
    p.drawEllipse(QPointF(width / 2, height / 2), width / 3, height / 3)
    p.setPen(QColor("#8F5A00"))
    p.drawText(QRectF(0, 0, width, height), "Näive ✓ text", Qt.AlignmentFlag.AlignCenter)
    p.end()
    return image


@pytest.mark.parametrize("transparent", [False, True])
@pytest.mark.parametrize("width", [1, 7, 101])
def test_png_file_holds_the_pixels_drawn(qapp: object, width: int, transparent: bool) -> None:
    image = _drawn(width, 53, transparent)
    back = QImage.fromData(png_file(image, alpha=transparent))
    assert not back.isNull()
    assert (back.width(), back.height()) == (width, 53)
    assert back.hasAlphaChannel() is transparent
    fmt = QImage.Format.Format_RGBA8888 if transparent else QImage.Format.Format_RGB888
    assert back.convertToFormat(fmt) == image.convertToFormat(fmt)


def test_a_map_png_is_what_qt_would_have_written(qapp: object, tmp_path: Path) -> None:
    scene = MapScene(load(EXAMPLE).map)
    drawing = scene_drawing(scene)
    scene.detach()
    data = png_bytes(drawing, scale=1)
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82")
    image = png_image(drawing, scale=1).convertToFormat(QImage.Format.Format_RGB888)
    assert QImage.fromData(data).convertToFormat(QImage.Format.Format_RGB888) == image
    # Not much bigger than Qt's own encoding of the same pixels.
    qt_file = tmp_path / "qt.png"
    assert image.save(str(qt_file), "PNG")
    assert len(data) < 2 * qt_file.stat().st_size
    if shutil.which("file"):
        out = tmp_path / "ours.png"
        out.write_bytes(data)
        described = subprocess.run(["file", str(out)], capture_output=True, text=True).stdout
        assert "PNG image data" in described and "8-bit/color RGB" in described
