"""The picture formats and their options, without Qt (``svx export`` reads them cheaply).

``PICTURE_FORMATS`` maps a format name to its file extension and description;
``PictureOptions`` says how a picture is made: the PNG's scale (1×–4×) and background,
the PDF's page size and orientation, whether parking-lot notes are drawn, and whether
only the selection is (in the app).
"""

from __future__ import annotations

from dataclasses import dataclass

#: The picture formats: name → (extension, description).
PICTURE_FORMATS = {
    "svg": (".svg", "SVG picture (vector, with ids for scripts)"),
    "png": (".png", "PNG image"),
    "pdf": (".pdf", "PDF page (vector)"),
}
PAGES = ("a4", "letter")
ORIENTATIONS = ("landscape", "portrait")
MIN_SCALE = 1.0
MAX_SCALE = 4.0


class PictureError(Exception):
    """A picture could not be made (the message says why, in one line)."""


@dataclass(frozen=True)
class PictureOptions:
    """How a picture is made (see the module docstring)."""

    scale: float = 2.0
    transparent: bool = False
    page: str = "a4"
    orientation: str = "landscape"
    notes: bool = True
    selection_only: bool = False
