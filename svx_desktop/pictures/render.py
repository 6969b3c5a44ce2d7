"""PNG, PDF and print from a ``Drawing``, all through ``paint.paint_drawing``.

``png_bytes`` renders at a scale of 1×–4× (default 2×; a picture past ``MAX_PIXELS`` is
scaled down to fit, see ``png_scale``), transparent or on the white export background, and
encodes it with ``pngfile.png_file`` (Qt's encoder takes longer than the drawing).
``pdf_bytes`` writes vectors with ``QPdfWriter`` on A4 or Letter, landscape or portrait,
fitted inside 10 mm margins; text stays text and Qt embeds (subsets of) the fonts.
``print_drawing`` paints onto a ``QPrinter`` the print dialog has set up. Files are written
by the callers through an atomic write, so nothing here leaves a partial file.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)

from svx_desktop.canvas.drawing import Drawing
from svx_desktop.pictures.options import (
    MAX_SCALE,
    MIN_SCALE,
    ORIENTATIONS,
    PICTURE_FORMATS,
    PictureError,
    PictureOptions,
)
from svx_desktop.pictures.paint import paint_drawing
from svx_desktop.pictures.pngfile import png_file, scratch

PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
#: The most pixels a PNG gets (4,000 × 4,000: plenty for a slide or a poster; a map past
#: that is drawn smaller rather than taking seconds and hundreds of megabytes).
MAX_PIXELS = 16_000_000
MAX_SIDE = 30_000
PDF_RESOLUTION = 1200


def png_scale(drawing: Drawing, scale: float) -> float:
    """The scale a PNG is drawn at: ``scale`` clamped to 1–4, less if the picture would be
    bigger than ``MAX_PIXELS`` or ``MAX_SIDE``."""
    scale = min(max(scale, MIN_SCALE), MAX_SCALE)
    w, h = drawing.bounds[2], drawing.bounds[3]
    if w * h * scale * scale > MAX_PIXELS:
        scale = math.sqrt(MAX_PIXELS / (w * h))
    return min(scale, MAX_SIDE / max(w, h, 1.0))


def _frame(drawing: Drawing, scale: float, transparent: bool) -> tuple[int, int, QImage.Format]:
    """A PNG's width, height and the format it is drawn in."""
    scale = png_scale(drawing, scale)
    w = max(1, math.ceil(drawing.bounds[2] * scale))
    h = max(1, math.ceil(drawing.bounds[3] * scale))
    # An opaque picture needs no alpha channel (the same pixels, drawn a little faster).
    fmt = QImage.Format.Format_ARGB32_Premultiplied if transparent else QImage.Format.Format_RGB32
    return w, h, fmt


def _draw(image: QImage, drawing: Drawing, transparent: bool) -> None:
    if image.isNull():
        raise PictureError(f"not enough memory for a {image.width()} × {image.height()} picture")
    # The background in one fill of the whole image (not a second fill of the drawing).
    image.fill(Qt.GlobalColor.transparent if transparent else QColor(drawing.background))
    painter = QPainter(image)
    try:
        rect = QRectF(0, 0, image.width(), image.height())
        paint_drawing(painter, drawing, rect, background=False)
    finally:
        painter.end()


def png_image(drawing: Drawing, scale: float = 2.0, transparent: bool = False) -> QImage:
    w, h, fmt = _frame(drawing, scale, transparent)
    image = QImage(w, h, fmt)
    _draw(image, drawing, transparent)
    return image


def png_bytes(drawing: Drawing, scale: float = 2.0, transparent: bool = False) -> bytes:
    """The PNG file of ``drawing`` (see the module docstring)."""
    w, h, fmt = _frame(drawing, scale, transparent)
    # Drawn in memory of our own (``pngfile.scratch``: huge pages, far fewer page faults
    # than a 64 MB ``QImage``), which no image outlives: it is encoded and dropped here.
    try:
        memory = scratch(w * h * 4)
    except (OSError, MemoryError) as error:
        raise PictureError(f"not enough memory for a {w} × {h} picture") from error
    view = memoryview(memory)
    image = QImage(view, w, h, w * 4, fmt)
    try:
        _draw(image, drawing, transparent)
        # RGB for an opaque picture (three bytes a pixel encode faster than four).
        return png_file(image, alpha=transparent)
    finally:
        del image
        view.release()


def page_layout(page: str = "a4", orientation: str = "landscape") -> QPageLayout:
    if page not in PAGE_SIZES:
        raise PictureError(f"unknown page size {page!r} (use a4 or letter)")
    if orientation not in ORIENTATIONS:
        raise PictureError(f"unknown orientation {orientation!r} (use landscape or portrait)")
    return QPageLayout(
        QPageSize(PAGE_SIZES[page]),
        QPageLayout.Orientation.Landscape
        if orientation == "landscape"
        else QPageLayout.Orientation.Portrait,
        QMarginsF(10, 10, 10, 10),
        QPageLayout.Unit.Millimeter,
    )


def _paint_pages(device: QPagedPaintDevice, drawing: Drawing) -> None:
    painter = QPainter()
    if not painter.begin(device):
        raise PictureError("the page could not be opened for drawing")
    try:
        rect = device.pageLayout().paintRectPixels(device.logicalDpiX())
        paint_drawing(painter, drawing, QRectF(0, 0, rect.width(), rect.height()))
    finally:
        painter.end()


def pdf_bytes(
    drawing: Drawing, page: str = "a4", orientation: str = "landscape", title: str = ""
) -> bytes:
    """A one-page vector PDF of ``drawing`` fitted to the page (see the module docstring)."""
    layout = page_layout(page, orientation)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(layout)
    writer.setTitle(title)
    writer.setCreator("SVX")
    _paint_pages(writer, drawing)
    del writer
    buffer.close()
    return bytes(data.data())


def print_drawing(drawing: Drawing, printer: QPagedPaintDevice) -> None:
    """Print ``drawing`` on one page of ``printer`` (a ``QPrinter`` the dialog set up)."""
    _paint_pages(printer, drawing)


def picture_bytes(drawing: Drawing, fmt: str, options: PictureOptions, title: str = "") -> bytes:
    """``drawing`` as a file of picture format ``fmt`` (a key of ``PICTURE_FORMATS``)."""
    if fmt == "svg":
        from svx_desktop.pictures.svg import drawing_svg_bytes

        return drawing_svg_bytes(drawing, options.transparent)
    if fmt == "png":
        return png_bytes(drawing, options.scale, options.transparent)
    if fmt == "pdf":
        return pdf_bytes(drawing, options.page, options.orientation, title)
    raise PictureError(f"unknown picture format {fmt!r} (one of: {', '.join(PICTURE_FORMATS)})")
