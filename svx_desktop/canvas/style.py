"""Colours, fonts, sizes and text helpers shared by the canvas items.

Flow colours are from the Okabe-Ito palette (blue for ``provides``, orange for
``expects``), which stays distinguishable for the common forms of colour blindness; the
two directions also differ by arrow direction and by the side of the line their labels sit
on, so colour is never the only cue. Sizes are in scene units (pixels at 100 % zoom).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from svx_desktop.model import Direction

PROVIDES_COLOUR = QColor("#0072B2")
EXPECTS_COLOUR = QColor("#E69F00")
#: Darker shades for text and outlines (orange text on white is hard to read).
PROVIDES_TEXT = QColor("#005A8C")
EXPECTS_TEXT = QColor("#8F5A00")
SELECTION_COLOUR = QColor("#D81B60")
CARD_FILL = QColor("#FFFFFF")
CARD_BORDER = QColor("#8A94A3")
TEXT_COLOUR = QColor("#1B1F24")
ORGANISATION_FILL = QColor("#1F2A36")
ORGANISATION_TEXT = QColor("#FFFFFF")
NOTE_FILL = QColor("#FFF2A8")
NOTE_BORDER = QColor("#D9C24A")
BACKGROUND = QColor("#F7F8FA")
GRID_COLOUR = QColor("#E6E9EE")

#: Card geometry (a stakeholder's position is the card's centre).
CARD_HEIGHT = 46.0
CARD_MIN_WIDTH = 130.0
CARD_MAX_WIDTH = 270.0
CARD_BAND = 34.0
ORG_MIN_WIDTH = 220.0
ORG_MAX_WIDTH = 300.0
ORG_MIN_HEIGHT = 96.0
NOTE_WIDTH = 180.0
HANDLE_RADIUS = 7.0
#: Longest label drawn on the canvas, in pixels at 100 %; longer labels are elided.
LABEL_MAX_WIDTH = 240.0
#: Characters kept before eliding (laying out 10,000 characters to show 30 is waste).
TEXT_PREFIX = 400

#: Below this level of detail labels are hidden and shapes are drawn simply.
LOD_LABELS = 0.32
#: Below this, names are hidden too and shapes lose antialiasing and detail.
LOD_SIMPLE = 0.22


#: Font sizes by role, in points at 100 % zoom: the editing type scale.
BASE_POINTS: dict[str, float] = {
    "name": 12.0,
    "label": 11.0,
    "organisation": 16.0,
    "note": 11.0,
    "legend": 11.0,
}
_points: dict[str, float] = dict(BASE_POINTS)
#: False while presenting: flow handles and other editing furniture are not drawn.
EDITING_FURNITURE = True


def set_type_scale(points: Mapping[str, float] | None) -> bool:
    """Use these point sizes for their roles (the others keep ``BASE_POINTS``); None goes
    back to the editing sizes. Returns True if a size changed: the caller then re-lays the
    scenes out (``MapScene.restyle``), as items measure their text when refreshed."""
    wanted = dict(BASE_POINTS)
    for role, size in (points or {}).items():
        if role in wanted:
            wanted[role] = max(1.0, float(size))
    if wanted == _points:
        return False
    _points.update(wanted)
    font.cache_clear()
    metrics.cache_clear()
    label_size.cache_clear()
    card_size.cache_clear()
    card_height.cache_clear()
    return True


def point_size(role: str) -> float:
    """The point size ``role``'s text is drawn at now (at 100 % zoom)."""
    return _points[role]


def type_scale(role: str = "label") -> float:
    """How much larger than the editing size ``role``'s text is now (1.0 when editing)."""
    return _points[role] / BASE_POINTS[role]


def text_detail(zoom: float) -> float:
    """The level of detail text is seen at, at ``zoom``: larger type reads further out."""
    return zoom * type_scale("label")


def flow_colour(direction: Direction) -> QColor:
    return PROVIDES_COLOUR if direction is Direction.PROVIDES else EXPECTS_COLOUR


def flow_text_colour(direction: Direction) -> QColor:
    return PROVIDES_TEXT if direction is Direction.PROVIDES else EXPECTS_TEXT


@cache
def font(role: str) -> QFont:
    """The font for a role: ``name``, ``label``, ``organisation``, ``note``, ``legend``."""
    f = QFont()
    f.setStyleHint(QFont.StyleHint.SansSerif)
    f.setPointSizeF(_points[role])
    if role in ("name", "organisation"):
        f.setBold(True)
    return f


@cache
def metrics(role: str) -> QFontMetricsF:
    return QFontMetricsF(font(role))


def one_line(text: str) -> str:
    """Text for a single line on the canvas: a bounded prefix with whitespace folded."""
    return " ".join(text[:TEXT_PREFIX].split())


def elide(text: str, role: str, width: float) -> str:
    """``text`` as one line, elided with "…" to fit ``width`` pixels in ``role``'s font."""
    return metrics(role).elidedText(one_line(text), Qt.TextElideMode.ElideRight, width)


def text_width(text: str, role: str) -> float:
    return metrics(role).horizontalAdvance(text)


def fitted(text: str, role: str, width: float) -> tuple[str, float]:
    """``elide(text, role, width)`` and the width of what it returns, measured once.

    Most text fits: one measurement then tells both, and Qt's ``elidedText`` (which
    returns text that fits unchanged) is asked only for text that does not (or that holds
    U+009C, which it reads as a separator of length variants)."""
    line = one_line(text)
    fm = metrics(role)
    advance = fm.horizontalAdvance(line)
    if advance <= width and "\x9c" not in line:
        return line, advance
    shown = fm.elidedText(line, Qt.TextElideMode.ElideRight, width)
    return shown, fm.horizontalAdvance(shown)


@lru_cache(maxsize=4096)
def label_size(label: str) -> tuple[str, tuple[float, float]]:
    """A flow label as drawn (elided, or a placeholder when empty) and its box's size.

    Remembered by label (maps repeat "money" and "advice" many times over; eliding is
    the dearest part of making a label item), until the type scale changes."""
    shown, advance = fitted(label, "label", LABEL_MAX_WIDTH * type_scale("label"))
    fm = metrics("label")
    if not shown:
        shown = "(no label)"
        advance = fm.horizontalAdvance(shown)
    return shown, (advance + 14, fm.height() + 6)


@lru_cache(maxsize=4096)
def card_size(name: str) -> tuple[str, float]:
    """A stakeholder's name as drawn on its card (elided when long) and the card's width.

    Remembered by name, like ``label_size``, until the type scale changes."""
    widest = CARD_MAX_WIDTH * type_scale("name")
    shown, advance = fitted(name, "name", widest - CARD_BAND - 20)
    width = CARD_BAND + 20 + advance
    return shown, min(max(width, CARD_MIN_WIDTH), widest)


@cache
def card_height() -> float:
    """A stakeholder card's height: ``CARD_HEIGHT``, taller when names are set larger."""
    return max(CARD_HEIGHT, metrics("name").height() + 18)


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally, line breaks kept (Qt guesses rich text
    from a tooltip's tags, so the text is escaped inside a rich-text paragraph)."""
    shown = text[: TEXT_PREFIX * 2]
    return "<p style='white-space:pre-wrap'>" + _escape(shown) + "</p>"


def _escape(text: str) -> str:
    """``html.escape(text)`` without importing ``html`` (and its entity table) at start-up."""
    for raw, entity in _ENTITIES:
        text = text.replace(raw, entity)
    return text


_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))


#: What ``QGraphicsItem.paint`` is given besides the painter.
Option = QStyleOptionGraphicsItem


def lod(option: Option, painter: QPainter) -> float:
    """The level of detail an item is painted at (1.0 at 100 % zoom, in the editing type;
    larger type reads further out, see ``text_detail``)."""
    return text_detail(float(option.levelOfDetailFromTransform(painter.worldTransform())))


def luminance(colour: QColor) -> float:
    return 0.2126 * colour.redF() + 0.7152 * colour.greenF() + 0.0722 * colour.blueF()


def contrast_ink(colour: QColor) -> QColor:
    """Black or white, whichever reads better on ``colour``."""
    return QColor("#1B1F24") if luminance(colour) > 0.55 else QColor("#FFFFFF")


#: The colours a theme may replace (``apply_colours``); the defaults above are the light,
#: colour-blind-safe palette.
THEME_COLOURS = (
    "PROVIDES_COLOUR",
    "EXPECTS_COLOUR",
    "PROVIDES_TEXT",
    "EXPECTS_TEXT",
    "SELECTION_COLOUR",
    "CARD_FILL",
    "CARD_BORDER",
    "TEXT_COLOUR",
    "ORGANISATION_FILL",
    "ORGANISATION_TEXT",
    "NOTE_FILL",
    "NOTE_BORDER",
    "BACKGROUND",
    "GRID_COLOUR",
)


def apply_colours(colours: dict[str, str]) -> None:
    """Theme hook: replace some of ``THEME_COLOURS`` (names → colour strings).

    Items read these module attributes when they paint, so the caller repaints the scenes
    (and drops the items' caches with ``update()``) afterwards.
    """
    for name, value in colours.items():
        if name in THEME_COLOURS:
            globals()[name] = QColor(value)


def current_colours() -> dict[str, str]:
    """The theme colours in use now, as ``#rrggbb`` strings."""
    return {name: globals()[name].name() for name in THEME_COLOURS}
