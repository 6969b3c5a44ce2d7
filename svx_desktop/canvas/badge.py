"""The net badge on a stakeholder card, and the colours of the health steps.

In the card's bottom-right corner (inside the card, which keeps its size) the badge shows
the stakeholder's balance — a ▲ when it gives more than it gets (weighted by importance),
a ▼ when it gets more, a = when even, with the signed figure — and a *health pip* for the
worst "met today" among its expectations: a small circle filled by step (a cross for
dead, a quarter for dying, half, three quarters, full for alive), so the step reads from
its shape as well as from its colour. Nothing is drawn for a stakeholder with no flows,
and no pip while none of its expectations is rated. ``BadgeFollower`` keeps each card's
figures in step with the map's events; the card's tooltip explains them in words.
"""

from __future__ import annotations

import math
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from svx_desktop.canvas import style
from svx_desktop.editing.follow import follow
from svx_desktop.model import Direction, FlowAdded, FlowChanged, FlowRemoved, StakeholderAdded
from svx_desktop.model.health import Health
from svx_desktop.model.netvalue import NetFigures, figures_of, net_figures

if TYPE_CHECKING:
    from svx_desktop.canvas.nodes import StakeholderItem
    from svx_desktop.model import ValueMap

#: One colour per step, dead (dark red) to alive (dark green); grey in the middle. The
#: pip's shape says the step too, so the colour is never the only cue.
HEALTH_COLOURS: dict[Health, str] = {
    Health.DEAD: "#B2182B",
    Health.DYING: "#E0663A",
    Health.INDIFFERENT: "#8C8C8C",
    Health.LIVELY: "#5AAE61",
    Health.ALIVE: "#1B7837",
}
PIP_RADIUS = 4.5
BADGE_HEIGHT = 11.0


def health_colour(step: Health) -> QColor:
    return QColor(HEALTH_COLOURS[step])


def balance_glyph(balance: int) -> str:
    """▲ gives more than it gets, ▼ gets more than it gives, = even."""
    return "▲" if balance > 0 else "▼" if balance < 0 else "="


def balance_text(balance: int) -> str:
    """The balance as shown on the badge: "+2", "−3" (a real minus sign) or "0"."""
    return f"+{balance}" if balance > 0 else f"−{-balance}" if balance < 0 else "0"


@cache
def _font() -> QFont:
    f = QFont(style.font("label"))
    f.setPointSizeF(8.0)
    f.setBold(True)
    return f


@cache
def _metrics() -> QFontMetricsF:
    return QFontMetricsF(_font())


def badge_rect(card: QRectF, figures: NetFigures | None, avoid: QPointF | None = None) -> QRectF:
    """Where the badge sits in a card's rectangle (empty when there is no badge): the
    bottom-right corner, or bottom-left (beside the band) when ``avoid`` (the flow
    handle's centre) is nearer the right one."""
    if figures is None or not figures.has_flows:
        return QRectF()
    width = 8 + 3 + _metrics().horizontalAdvance(balance_text(figures.balance))
    if figures.worst is not None:
        width += 5 + 2 * PIP_RADIUS
    top = card.bottom() - 3 - BADGE_HEIGHT
    right = QRectF(card.right() - 8 - width, top, width, BADGE_HEIGHT)
    if avoid is None:
        return right
    left = QRectF(card.left() + style.CARD_BAND + 8, top, width, BADGE_HEIGHT)

    def gap(r: QRectF) -> float:
        return math.dist((r.center().x(), r.center().y()), (avoid.x(), avoid.y()))

    return left if gap(left) > gap(right) + 1 else right


def paint_badge(
    painter: QPainter, card: QRectF, figures: NetFigures | None, avoid: QPointF | None = None
) -> None:
    """Draw the badge of ``figures`` in the card ``card`` (item coordinates), away from
    ``avoid`` (the flow handle)."""
    rect = badge_rect(card, figures, avoid)
    if rect.isEmpty() or figures is None:
        return
    painter.save()
    cy = rect.center().y()
    x = rect.right()
    if figures.worst is not None:
        x -= PIP_RADIUS
        paint_pip(painter, QPointF(x, cy), figures.worst)
        x -= PIP_RADIUS + 5
    text = balance_text(figures.balance)
    width = _metrics().horizontalAdvance(text)
    colour = _balance_colour(figures.balance)
    painter.setFont(_font())
    painter.setPen(colour)
    fm = _metrics()
    painter.drawText(QPointF(x - width, cy + (fm.ascent() - fm.descent()) / 2), text)
    x -= width + 3
    _paint_balance_glyph(painter, QPointF(x - 4, cy), figures.balance, colour)
    painter.restore()


def _balance_colour(balance: int) -> QColor:
    if balance > 0:
        return style.flow_text_colour(Direction.PROVIDES)
    if balance < 0:
        return style.flow_text_colour(Direction.EXPECTS)
    return QColor(style.CARD_BORDER)


def _paint_balance_glyph(painter: QPainter, centre: QPointF, balance: int, colour: QColor) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    cx, cy = centre.x(), centre.y()
    if balance == 0:
        painter.drawRect(QRectF(cx - 4, cy - 3, 8, 1.8))
        painter.drawRect(QRectF(cx - 4, cy + 1.2, 8, 1.8))
        return
    d = -1 if balance > 0 else 1  # the tip points up for ▲
    tip, base = cy + 4 * d, cy - 3.5 * d
    painter.drawPolygon(
        QPolygonF([QPointF(cx, tip), QPointF(cx - 4.5, base), QPointF(cx + 4.5, base)])
    )


def paint_pip(painter: QPainter, centre: QPointF, step: Health, radius: float = PIP_RADIUS) -> None:
    """The health pip: a ring filled a quarter per step above dead; dead is a crossed ring."""
    colour = health_colour(step)
    box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(colour, 1.4))
    painter.drawEllipse(box)
    if step is Health.DEAD:
        d = radius * math.sqrt(0.5)
        painter.drawLine(centre + QPointF(-d, -d), centre + QPointF(d, d))
        painter.drawLine(centre + QPointF(-d, d), centre + QPointF(d, -d))
        return
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    quarters = int(step) - 1  # dying 1 … alive 4
    if quarters >= 4:
        painter.drawEllipse(box)
        return
    path = QPainterPath(centre)
    path.arcTo(box, 90.0, -90.0 * quarters)  # clockwise from twelve o'clock
    path.closeSubpath()
    painter.drawPath(path)


def badge_tooltip(figures: NetFigures | None) -> str:
    """The badge in words (``NetFigures.describe``), "" when there is no badge."""
    return "" if figures is None else figures.describe()


class BadgeFollower(QObject):
    """Keeps every card's figures in step with the map (flows added, changed, removed)."""

    def __init__(self, vmap: ValueMap, cards: dict[str, StakeholderItem], parent: QObject) -> None:
        super().__init__(parent)
        self.map = vmap
        self._cards = cards
        for figures in net_figures(vmap):
            card = cards.get(figures.stakeholder_id)
            if card is not None:
                card.figures = figures  # new cards, not painted yet: no update needed
        self._subscription = follow(
            vmap,
            self,
            {
                StakeholderAdded: lambda e: self.refresh(e.stakeholder_id),
                FlowAdded: lambda e: self.refresh(self.map.flow(e.flow_id).stakeholder_id),
                FlowRemoved: lambda e: self.refresh(e.flow.stakeholder_id),
                FlowChanged: self._flow_changed,
            },
        )

    def close(self) -> None:
        self._subscription.close()

    def refresh(self, stakeholder_id: str) -> None:
        card = self._cards.get(stakeholder_id)
        if card is not None and self.map.has_stakeholder(stakeholder_id):
            card.set_figures(figures_of(self.map, stakeholder_id))

    def _flow_changed(self, event: FlowChanged) -> None:
        if "stakeholder_id" in event.fields:  # moved to another stakeholder: redo all
            for figures in net_figures(self.map):
                card = self._cards.get(figures.stakeholder_id)
                if card is not None:
                    card.set_figures(figures)
            return
        if event.fields & {"importance", "direction", "met_today", "dependence"}:
            self.refresh(self.map.flow(event.flow_id).stakeholder_id)


__all__ = [
    "HEALTH_COLOURS",
    "BadgeFollower",
    "badge_rect",
    "badge_tooltip",
    "balance_glyph",
    "balance_text",
    "health_colour",
    "paint_badge",
    "paint_pip",
]
