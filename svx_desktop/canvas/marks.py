"""Small filled or stroked shapes shared by the legend, the card badges and the pictures.

A ``Mark`` is a ``QPainterPath`` with a colour, filled, or stroked ``stroke`` wide when
that is above 0. ``pip_marks`` and ``badge_marks`` give a health pip and a whole badge
(``canvas.badge``) as marks in a theme's colours, so the export drawing, the legend and any
painter (``paint_mark``) draw them from the same shapes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from svx_desktop.canvas.badge import (
    HEALTH_COLOURS,
    PIP_RADIUS,
    BadgeLayout,
    badge_font,
    badge_layout,
    balance_colour,
    balance_role,
    pip_paths,
)
from svx_desktop.model.health import Health
from svx_desktop.model.netvalue import NetFigures

#: The width a health pip's ring and cross are stroked at.
PIP_STROKE = 1.4


class Mark(NamedTuple):
    path: QPainterPath
    colour: str
    stroke: float = 0.0


def pip_marks(centre: QPointF, step: Health, radius: float = PIP_RADIUS) -> list[Mark]:
    """A health pip (``badge.pip_paths``) in its step's colour."""
    outline, fill = pip_paths(centre, step, radius)
    colour = HEALTH_COLOURS[step]
    marks = [Mark(outline, colour, PIP_STROKE)]
    if not fill.isEmpty():
        marks.append(Mark(fill, colour))
    return marks


def badge_marks(layout: BadgeLayout, colours: Mapping[str, str]) -> list[Mark]:
    """A badge's balance glyph and health pip, in the theme ``colours``."""
    figures = layout.figures
    marks = [Mark(layout.glyph, colours[balance_role(figures.balance)])]
    if layout.pip is not None and figures.worst is not None:
        marks += pip_marks(layout.pip, figures.worst)
    return marks


def paint_mark(painter: QPainter, mark: Mark) -> None:
    """Fill ``mark`` in its colour, or stroke it with round caps."""
    if mark.stroke > 0:
        pen = QPen(QColor(mark.colour), mark.stroke)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(mark.colour))
    painter.drawPath(mark.path)


def paint_pip(painter: QPainter, centre: QPointF, step: Health, radius: float = PIP_RADIUS) -> None:
    """Draw a health pip (``pip_marks``) with ``painter``."""
    for mark in pip_marks(centre, step, radius):
        paint_mark(painter, mark)


def paint_badge(
    painter: QPainter, card: QRectF, figures: NetFigures | None, avoid: QPointF | None = None
) -> None:
    """Draw the badge of ``figures`` in the card ``card`` (item coordinates), away from
    ``avoid`` (the flow handle), from the same ``badge_marks`` the pictures draw."""
    layout = badge_layout(card, figures, avoid)
    if layout is None:
        return
    balance = layout.figures.balance
    colour = balance_colour(balance)
    painter.save()
    for mark in badge_marks(layout, {balance_role(balance): colour.name()}):
        paint_mark(painter, mark)
    painter.setFont(badge_font())
    painter.setPen(colour)
    painter.drawText(layout.baseline, layout.text)
    painter.restore()


__all__ = [
    "PIP_STROKE",
    "Mark",
    "badge_marks",
    "paint_badge",
    "paint_mark",
    "paint_pip",
    "pip_marks",
]
