"""The journey mark on a stakeholder card: how many touch points it has, and the worst.

In the card's top-right corner (inside the card, which keeps its size, clear of the name
and of the net badge at the bottom) a small mark shows a journey glyph (three linked
dots), the number of touch points and a health pip for the worst health rated among them
(the net badge's pip: the step reads from its shape as well as its colour). Nothing is
drawn for a stakeholder without touch points. ``JourneyMarkFollower`` keeps each card's
mark in step with the map's journey events; a card repaints only when its mark changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath

from svx_desktop.canvas import style

# The badge's type and pip, so the two marks of a card look alike.
from svx_desktop.canvas.badge import BADGE_HEIGHT, PIP_RADIUS, _metrics, badge_font
from svx_desktop.canvas.cardfollower import CardFollower
from svx_desktop.canvas.marks import Mark, paint_mark, pip_marks
from svx_desktop.editing.follow import Handlers
from svx_desktop.model import (
    TouchPointAdded,
    TouchPointChanged,
    TouchPointRemoved,
    ValueMap,
)
from svx_desktop.model.health import Health

if TYPE_CHECKING:
    from svx_desktop.canvas.nodes import StakeholderItem

GLYPH_WIDTH = 14.0


@dataclass(frozen=True)
class JourneyMark:
    """A stakeholder's touch-point count and worst health (None: none rated)."""

    count: int
    worst: Health | None

    def describe(self) -> str:
        n = self.count
        text = f"{n} touch point{'s' if n != 1 else ''}"
        if self.worst is not None:
            text += f", the worst {self.worst.label.lower()}"
        return text


def mark_of(vmap: ValueMap, stakeholder_id: str) -> JourneyMark | None:
    count = len(vmap.journeys.journey(stakeholder_id))
    if not count:
        return None
    return JourneyMark(count, vmap.journeys.worst_health(stakeholder_id))


def mark_rect(card: QRectF, mark: JourneyMark | None) -> QRectF:
    """Where the mark sits in a card's rectangle (empty when there is none)."""
    if mark is None:
        return QRectF()
    width = GLYPH_WIDTH + 3 + _metrics().horizontalAdvance(str(mark.count))
    if mark.worst is not None:
        width += 5 + 2 * PIP_RADIUS
    return QRectF(card.right() - 8 - width, card.top() + 3, width, BADGE_HEIGHT)


def mark_parts(
    card: QRectF, mark: JourneyMark | None, ink: str
) -> tuple[list[Mark], QRectF, str] | None:
    """The mark's shapes (glyph in ``ink``, health pip), the count's box and text, in the
    coordinates of ``card``; None when there is no mark. The canvas and the pictures both
    draw from these."""
    rect = mark_rect(card, mark)
    if rect.isEmpty() or mark is None:
        return None
    cy = rect.center().y()
    x = rect.left()
    line = QPainterPath(QPointF(x + 2, cy))
    line.lineTo(QPointF(x + GLYPH_WIDTH - 2, cy))
    dots = QPainterPath()
    for dx in (2.0, GLYPH_WIDTH / 2, GLYPH_WIDTH - 2):
        dots.addEllipse(QPointF(x + dx, cy), 2.0, 2.0)
    shapes = [Mark(line, ink, 1.2), Mark(dots, ink)]
    if mark.worst is not None:
        shapes += pip_marks(QPointF(rect.right() - PIP_RADIUS, cy), mark.worst)
    text = str(mark.count)
    left = x + GLYPH_WIDTH + 3
    text_rect = QRectF(left, rect.top(), _metrics().horizontalAdvance(text) + 2, rect.height())
    return shapes, text_rect, text


def paint_journey_mark(painter: QPainter, card: QRectF, mark: JourneyMark | None) -> None:
    """Draw ``mark`` in the card ``card`` (item coordinates)."""
    parts = mark_parts(card, mark, style.CARD_BORDER.darker(140).name())
    if parts is None:
        return
    shapes, text_rect, text = parts
    painter.save()
    for shape in shapes:
        paint_mark(painter, shape)
    painter.setFont(badge_font())
    painter.setPen(style.TEXT_COLOUR)
    painter.drawText(
        text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text
    )
    painter.restore()


class JourneyMarkFollower(CardFollower):
    """Keeps every card's journey mark in step with the map's touch points."""

    def _fill(self) -> None:
        for sid in self.map.journeys.stakeholders_with_journeys():
            self.refresh(sid)

    def _handlers(self) -> Handlers:
        return {
            TouchPointAdded: lambda e: self.refresh(e.stakeholder_id),
            TouchPointRemoved: lambda e: self.refresh(e.touch_point.stakeholder_id),
            TouchPointChanged: self._changed,
        }

    def _show(self, card: StakeholderItem, stakeholder_id: str) -> None:
        mark = mark_of(self.map, stakeholder_id)
        if mark != card.journey_mark:
            card.journey_mark = mark
            card.update()

    def _changed(self, event: TouchPointChanged) -> None:
        if "health" in event.fields:
            self.refresh(event.stakeholder_id)


__all__ = [
    "JourneyMark",
    "JourneyMarkFollower",
    "mark_of",
    "mark_parts",
    "mark_rect",
    "paint_journey_mark",
]
