"""The map legend — one drawing for the view and every picture: its rows, size, place, marks.

``legend_layout(left, top)`` lays the rows out (``ENTRIES``: the two flow directions, then
the card badge's balance glyphs and health pips) and ``legend_marks(layout, colours)`` gives
every shape of it as a path to fill or stroke in a theme's colours (the screen's by default,
the export theme for pictures). ``paint_legend(painter, box)`` paints that into any
``QPainter`` (the view's foreground); the export drawing (``canvas.drawing``) carries the same
layout and marks, so SVG, PNG, PDF and print show the legend the screen shows.
``legend_corner`` picks the first corner of an area (bottom left, bottom right, top left,
top right) where the box covers nothing, asking ``covers(rect)`` about each; None when every
corner is taken. Each direction's sample arrow points the way its text says: ``provides →``
towards the organisation, ``expects ←`` from it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF

from svx_desktop.canvas import style
from svx_desktop.canvas.badge import balance_glyph_path, balance_role
from svx_desktop.canvas.marks import Mark, paint_mark, pip_marks
from svx_desktop.model.health import Health

#: Space kept between the legend and the edge of what it sits in.
EDGE = 12.0
#: The legend's rows: (kind, text). ``provides``/``expects`` show a sample arrow,
#: ``balance`` the badge's ▲ and ▼, ``health`` the badge's pips from dead to alive.
ENTRIES: tuple[tuple[str, str], ...] = (
    ("provides", "provides → organisation"),
    ("expects", "expects ← organisation"),
    ("balance", "gives more / gets more"),
    ("health", "met today: dead … alive"),
)
#: The pips the health row shows, left to right.
LEGEND_PIPS = (Health.DEAD, Health.INDIFFERENT, Health.ALIVE)
_SYMBOL = 42.0  # the symbol column's width
_TEXT_KEYS = {"provides": "PROVIDES_TEXT", "expects": "EXPECTS_TEXT"}


@dataclass(frozen=True)
class LegendRow:
    kind: str
    text: str
    symbol: QRectF  # the sample's box
    text_rect: QRectF


@dataclass(frozen=True)
class LegendLayout:
    box: QRectF
    rows: tuple[LegendRow, ...]


def _row_height() -> float:
    return style.metrics("legend").height() + 8


def legend_size() -> tuple[float, float]:
    """The legend box's width and height (device pixels at 100 %)."""
    fm = style.metrics("legend")
    width = 20 + _SYMBOL + max(fm.horizontalAdvance(t) for _, t in ENTRIES)
    return width + 16, len(ENTRIES) * _row_height() + 12


def legend_layout(left: float = 0.0, top: float = 0.0) -> LegendLayout:
    """The legend's box with its top-left corner at (left, top), and each row's parts."""
    w, h = legend_size()
    row_h = _row_height()
    rows = []
    for i, (kind, text) in enumerate(ENTRIES):
        y = top + 6 + i * row_h
        symbol = QRectF(left + 10, y + (row_h - 12) / 2, _SYMBOL, 12.0)
        text_rect = QRectF(symbol.right() + 8, y, w - _SYMBOL - 26, row_h)
        rows.append(LegendRow(kind, text, symbol, text_rect))
    return LegendLayout(QRectF(left, top, w, h), tuple(rows))


def _arrow(symbol: QRectF, towards_right: bool) -> tuple[QPainterPath, QPainterPath]:
    """A sample arrow's shaft (to stroke 3 wide) and head (to fill) in ``symbol``."""
    y, x0, x1 = symbol.center().y(), symbol.left(), symbol.right()
    shaft, head = QPainterPath(), QPainterPath()
    if towards_right:
        shaft.moveTo(x0, y)
        shaft.lineTo(x1 - 8, y)
        tip, base = x1, x1 - 10
    else:
        shaft.moveTo(x0 + 8, y)
        shaft.lineTo(x1, y)
        tip, base = x0, x0 + 10
    head.addPolygon(QPolygonF([QPointF(tip, y), QPointF(base, y - 5), QPointF(base, y + 5)]))
    head.closeSubpath()
    return shaft, head


def legend_marks(layout: LegendLayout, colours: Mapping[str, str]) -> list[Mark]:
    """Every sample of ``layout`` as paths in the theme ``colours`` (names as in
    ``style.THEME_COLOURS``); the box and the texts are drawn by the caller."""
    marks: list[Mark] = []
    for row in layout.rows:
        s = row.symbol
        cy = s.center().y()
        if row.kind in _TEXT_KEYS:
            colour = colours["PROVIDES_COLOUR" if row.kind == "provides" else "EXPECTS_COLOUR"]
            shaft, head = _arrow(s, row.kind == "provides")
            marks += [Mark(shaft, colour, 3.0), Mark(head, colour)]
        elif row.kind == "balance":
            for dx, balance in ((8.0, 1), (24.0, -1)):
                path = balance_glyph_path(QPointF(s.left() + dx, cy), balance)
                marks.append(Mark(path, colours[balance_role(balance)]))
        elif row.kind == "health":
            for i, step in enumerate(LEGEND_PIPS):
                marks += pip_marks(QPointF(s.left() + 6 + 15 * i, cy), step)
    return marks


def row_ink(kind: str, colours: Mapping[str, str]) -> str:
    """The colour of a row's text in the theme ``colours``."""
    return colours[_TEXT_KEYS.get(kind, "TEXT_COLOUR")]


def corners(area: QRectF) -> list[QRectF]:
    """The legend's possible places in ``area``, in order of preference."""
    w, h = legend_size()
    left, right = area.left() + EDGE, area.right() - EDGE - w
    top, bottom = area.top() + EDGE, area.bottom() - EDGE - h
    places = ((left, bottom), (right, bottom), (left, top), (right, top))
    return [QRectF(x, y, w, h) for x, y in places]


def legend_corner(area: QRectF, covers: Callable[[QRectF], bool]) -> QRectF | None:
    """The first corner of ``area`` where the legend covers nothing (see the docstring)."""
    if area.width() < legend_size()[0] + 2 * EDGE or area.height() < legend_size()[1] + 2 * EDGE:
        return None
    for rect in corners(area):
        if not covers(rect):
            return rect
    return None


def paint_legend(
    painter: QPainter,
    box: QRectF,
    colours: Mapping[str, str] | None = None,
    font: QFont | None = None,
) -> None:
    """Paint the legend into ``box`` (its size is ``legend_size()``) of any painter, in
    the theme ``colours`` (the screen's when None) and ``font`` (the legend role's)."""
    colours = style.current_colours() if colours is None else colours
    layout = legend_layout(box.left(), box.top())
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(colours["CARD_BORDER"]), 1))
    painter.setBrush(QColor(colours["CARD_FILL"]))
    painter.drawRoundedRect(layout.box, 6, 6)
    for mark in legend_marks(layout, colours):
        paint_mark(painter, mark)
    painter.setFont(font or style.font("legend"))
    for row in layout.rows:
        painter.setPen(QColor(row_ink(row.kind, colours)))
        flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.drawText(row.text_rect, int(flags) | int(Qt.TextFlag.TextSingleLine), row.text)
    painter.restore()


def draw_legend(painter: QPainter, bottom_left: QPointF) -> None:
    """The legend with its bottom-left corner at ``bottom_left`` (device pixels)."""
    width, height = legend_size()
    paint_legend(painter, QRectF(bottom_left.x(), bottom_left.y() - height, width, height))


__all__ = [
    "EDGE",
    "ENTRIES",
    "LegendLayout",
    "LegendRow",
    "corners",
    "draw_legend",
    "legend_corner",
    "legend_layout",
    "legend_marks",
    "legend_size",
    "paint_legend",
    "row_ink",
]
