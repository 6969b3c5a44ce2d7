"""Charters as a PDF: the charters' HTML page (``export.charters``) printed by Qt.

``charters_pdf`` lays the page out with a ``QTextDocument`` (Qt's rich-text engine; the
HTML is the escaped page the HTML export writes, so a promise's text stays text) and
prints it with ``QPdfWriter`` on the page size and orientation of ``ExportOptions``
(default A4 portrait here: charters are read, not hung on a wall), breaking pages where
the text needs. ``register()`` (with the picture formats) adds ``charters-pdf`` to the
export table; importing this module loads no Qt.
"""

from __future__ import annotations

from svx_desktop.export.common import ExportOptions
from svx_desktop.model import ValueMap


def charters_pdf(vmap: ValueMap, options: ExportOptions | None = None) -> bytes:
    """The charters of ``vmap`` as PDF bytes (see the module docstring)."""
    from svx_desktop.pictures.headless import ensure_gui

    ensure_gui()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QPdfWriter, QTextDocument

    from svx_desktop.export.charters import write_charters_html
    from svx_desktop.pictures.render import PDF_RESOLUTION, page_layout

    options = options or ExportOptions(orientation="portrait")
    html = write_charters_html(vmap, options).decode("utf-8")
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(page_layout(options.page, options.orientation))
    writer.setTitle(f"{vmap.organisation.name}: charters")
    writer.setCreator("SVX")
    document = QTextDocument()
    document.setHtml(html)
    document.print_(writer)
    del writer
    buffer.close()
    return bytes(data.data())


__all__ = ["charters_pdf"]
