"""The flow legend: its size, where it may go, and its painting into any ``QPainter``.

``legend_size`` is the box's size in device pixels, ``paint_legend(painter, rect)`` paints
it into a rectangle of any painter (the view's foreground, an exported picture), and
``legend_corner`` picks the first corner of a view (bottom left, bottom right, top left,
top right) where the box covers nothing of the map, asking ``covers(rect)`` about each;
None when every corner is taken (the view then leaves the legend out rather than hide a
card or a label under it). Each row's sample arrow points the way its text says:
``provides →`` towards the organisation, ``expects ←`` from it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen, QPolygonF

from svx_desktop.canvas import style
from svx_desktop.model import Direction

#: Space kept between the legend and the view's edge.
EDGE = 12.0

ROWS = (
    (Direction.PROVIDES, "provides → organisation"),
    (Direction.EXPECTS, "expects ← organisation"),
)


def legend_size() -> tuple[float, float]:
    """The legend box's width and height (device pixels)."""
    fm = style.metrics("legend")
    width = 62 + max(fm.horizontalAdvance(t) for _, t in ROWS)
    return width + 16, 2 * (fm.height() + 8) + 12


def corners(view: QRectF) -> list[QRectF]:
    """The legend's possible places in a view of ``view`` (device pixels), in order of
    preference."""
    w, h = legend_size()
    left, right = view.left() + EDGE, view.right() - EDGE - w
    top, bottom = view.top() + EDGE, view.bottom() - EDGE - h
    places = ((left, bottom), (right, bottom), (left, top), (right, top))
    return [QRectF(x, y, w, h) for x, y in places]


def legend_corner(view: QRectF, covers: Callable[[QRectF], bool]) -> QRectF | None:
    """The first corner of ``view`` where the legend covers nothing (see the docstring)."""
    for rect in corners(view):
        if not covers(rect):
            return rect
    return None


def paint_legend(painter: QPainter, box: QRectF) -> None:
    """Paint the legend into ``box`` (its size is ``legend_size()``) of any painter."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(style.CARD_BORDER, 1))
    painter.setBrush(style.CARD_FILL)
    painter.drawRoundedRect(box, 6, 6)
    fm = style.metrics("legend")
    painter.setFont(style.font("legend"))
    y = box.top() + 6 + (fm.height() + 8) / 2
    for direction, text in ROWS:
        colour = style.flow_colour(direction)
        x0, x1 = box.left() + 10, box.left() + 52
        towards = direction is Direction.PROVIDES  # the head at the right: "→"
        painter.setPen(QPen(colour, 3))
        if towards:
            painter.drawLine(QPointF(x0, y), QPointF(x1 - 8, y))
            tip, base = x1, x1 - 10
        else:
            painter.drawLine(QPointF(x0 + 8, y), QPointF(x1, y))
            tip, base = x0, x0 + 10
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(
            QPolygonF([QPointF(tip, y), QPointF(base, y - 5), QPointF(base, y + 5)])
        )
        painter.setPen(style.flow_text_colour(direction))
        painter.drawText(
            QRectF(x1 + 8, y - fm.height() / 2, box.width(), fm.height()),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            text,
        )
        y += fm.height() + 8
    painter.restore()


def draw_legend(painter: QPainter, bottom_left: QPointF) -> None:
    """The legend with its bottom-left corner at ``bottom_left`` (device pixels)."""
    width, height = legend_size()
    paint_legend(painter, QRectF(bottom_left.x(), bottom_left.y() - height, width, height))


__all__ = ["EDGE", "ROWS", "corners", "draw_legend", "legend_corner", "legend_size", "paint_legend"]
