"""Picture formats in the export table: ``svg``, ``png`` and ``pdf`` for ``svx export``.

``register()`` adds them to ``svx_desktop.export.formats`` (the Qt-free table the data
formats live in) with writers that import Qt only when called: they lay the map out as
its scene would (``headless.map_drawing``, which selects Qt's offscreen platform before Qt
starts) and write the picture from its drawing. Importing this module loads no Qt.
"""

from __future__ import annotations

from svx_desktop.export.common import ExportOptions
from svx_desktop.export.formats import EXPORT_FORMATS, ExportFormat, Writer, register_export
from svx_desktop.model import ValueMap
from svx_desktop.pictures.options import PICTURE_FORMATS, PictureOptions


def picture_options(options: ExportOptions) -> PictureOptions:
    return PictureOptions(
        scale=options.scale,
        transparent=options.transparent,
        page=options.page,
        orientation=options.orientation,
        notes=options.include_notes,
    )


def map_svg(vmap: ValueMap, notes: bool = True) -> str:
    """The whole map as SVG text (the HTML report embeds it)."""
    from svx_desktop.canvas.gcpause import gc_paused
    from svx_desktop.pictures.headless import map_drawing
    from svx_desktop.pictures.svg import drawing_svg

    with gc_paused():  # the drawing is freed before the collector runs again (see below)
        return drawing_svg(map_drawing(vmap, notes=notes))


def _writer(fmt: str) -> Writer:
    def write(vmap: ValueMap, options: ExportOptions) -> bytes:
        from svx_desktop.canvas.gcpause import gc_paused
        from svx_desktop.pictures.headless import map_drawing
        from svx_desktop.pictures.render import picture_bytes

        with gc_paused():
            drawing = map_drawing(vmap, notes=options.include_notes)
            title = vmap.meta.title or vmap.organisation.name
            data = picture_bytes(drawing, fmt, picture_options(options), title)
            # Freed while the collector is still held off: else its first pass after the
            # pause walks every record of the drawing once more, just before it goes.
            del drawing
        return data

    write.__name__ = f"write_{fmt}"
    return write


def _charters_pdf(vmap: ValueMap, options: ExportOptions) -> bytes:
    from svx_desktop.pictures.charters import charters_pdf

    return charters_pdf(vmap, options)


def register() -> None:
    """Add the picture formats (and the charters' PDF) to the export table (once)."""
    for name, (ext, description) in PICTURE_FORMATS.items():
        if name not in EXPORT_FORMATS:
            register_export(ExportFormat(name, (ext,), description, _writer(name)))
    if "charters-pdf" not in EXPORT_FORMATS:
        register_export(
            ExportFormat(
                "charters-pdf", (".pdf",), "charters as a PDF document", _charters_pdf, "charters"
            )
        )
