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
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainterPath, QPolygonF

from svx_desktop.canvas import style
from svx_desktop.canvas.cardfollower import CardFollower
from svx_desktop.editing.follow import Handlers
from svx_desktop.model import FlowAdded, FlowChanged, FlowRemoved
from svx_desktop.model.health import Health
from svx_desktop.model.netvalue import NetFigures, figures_of, net_figures

if TYPE_CHECKING:
    from svx_desktop.canvas.nodes import StakeholderItem

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
_Rect = tuple[float, float, float, float]  # left, top, width, height
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
def badge_font() -> QFont:
    """The badge figure's font: the label font at 8 pt, bold."""
    f = QFont(style.font("label"))
    f.setPointSizeF(8.0)
    f.setBold(True)
    return f


@cache
def _metrics() -> QFontMetricsF:
    return QFontMetricsF(badge_font())


@lru_cache(maxsize=512)
def _advance(text: str) -> float:
    """The width of a badge's figure (a map has few distinct figures; cards measure them
    twice each)."""
    return _metrics().horizontalAdvance(text)


def badge_rect(card: QRectF, figures: NetFigures | None, avoid: QPointF | None = None) -> QRectF:
    """Where the badge sits in a card's rectangle (empty when there is no badge): the
    bottom-right corner, or bottom-left (beside the band) when ``avoid`` (the flow
    handle's centre) is nearer the right one."""
    box = badge_box(
        cast(_Rect, card.getRect()), figures, None if avoid is None else (avoid.x(), avoid.y())
    )
    return QRectF() if box is None else QRectF(*box)


def badge_box(
    card: _Rect, figures: NetFigures | None, avoid: tuple[float, float] | None = None
) -> _Rect | None:
    """``badge_rect`` in plain numbers: (left, top, width, height) of the card and of the
    badge (None when there is no badge); ``avoid`` is (x, y)."""
    if figures is None or not figures.has_flows:
        return None
    width = 8 + 3 + _advance(balance_text(figures.balance))
    if figures.worst is not None:
        width += 5 + 2 * PIP_RADIUS
    x, y, w, h = card
    top = y + h - 3 - BADGE_HEIGHT
    right = (x + w - 8 - width, top, width, BADGE_HEIGHT)
    if avoid is None:
        return right
    left = (x + style.CARD_BAND + 8, top, width, BADGE_HEIGHT)
    middle = top + BADGE_HEIGHT / 2

    def gap(r: _Rect) -> float:
        return math.dist((r[0] + width / 2, middle), avoid)

    return left if gap(left) > gap(right) + 1 else right


@dataclass(frozen=True)
class BadgeLayout:
    """Where each part of a badge goes (the card's coordinates): the figure's text (left
    end of its baseline, and its box for writers that centre text in a box), the balance
    glyph to fill, and the health pip's centre (None while no expectation is rated)."""

    rect: QRectF
    text: str
    baseline: QPointF
    text_rect: QRectF
    glyph: QPainterPath
    pip: QPointF | None
    figures: NetFigures


def badge_layout(
    card: QRectF, figures: NetFigures | None, avoid: QPointF | None = None
) -> BadgeLayout | None:
    """The badge's parts in ``card`` (None when there is no badge); the canvas and every
    picture export draw from this one layout."""
    rect = badge_rect(card, figures, avoid)
    if rect.isEmpty() or figures is None:
        return None
    fm = _metrics()
    cy = rect.center().y()
    x = rect.right()
    pip = None
    if figures.worst is not None:
        x -= PIP_RADIUS
        pip = QPointF(x, cy)
        x -= PIP_RADIUS + 5
    text = balance_text(figures.balance)
    width = _advance(text)
    baseline = QPointF(x - width, cy + (fm.ascent() - fm.descent()) / 2)
    text_rect = QRectF(x - width, cy - fm.height() / 2, width, fm.height())
    glyph = balance_glyph_path(QPointF(x - width - 3 - 4, cy), figures.balance)
    return BadgeLayout(rect, text, baseline, text_rect, glyph, pip, figures)


def balance_role(balance: int) -> str:
    """The theme colour (a ``style.THEME_COLOURS`` name) of the figure and glyph: the
    provides text shade when the stakeholder gives more, the expects shade when it gets
    more, the card border when even."""
    return "PROVIDES_TEXT" if balance > 0 else "EXPECTS_TEXT" if balance < 0 else "CARD_BORDER"


def balance_colour(balance: int) -> QColor:
    """``balance_role``'s colour in the screen theme."""
    return QColor(getattr(style, balance_role(balance)))


def balance_glyph_path(centre: QPointF, balance: int) -> QPainterPath:
    """The balance glyph to fill: ▲ (gives more), ▼ (gets more) or = (even)."""
    path = QPainterPath()
    cx, cy = centre.x(), centre.y()
    if balance == 0:
        path.addRect(QRectF(cx - 4, cy - 3, 8, 1.8))
        path.addRect(QRectF(cx - 4, cy + 1.2, 8, 1.8))
        return path
    d = -1 if balance > 0 else 1  # the tip points up for ▲
    tip, base = cy + 4 * d, cy - 3.5 * d
    path.addPolygon(QPolygonF([QPointF(cx, tip), QPointF(cx - 4.5, base), QPointF(cx + 4.5, base)]))
    path.closeSubpath()
    return path


def pip_paths(
    centre: QPointF, step: Health, radius: float = PIP_RADIUS
) -> tuple[QPainterPath, QPainterPath]:
    """The health pip as (outline to stroke 1.4 wide, part to fill), both in its colour: a
    ring filled a quarter per step above dead; dead is a crossed, empty ring."""
    box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
    outline, fill = QPainterPath(), QPainterPath()
    outline.addEllipse(box)
    if step is Health.DEAD:
        d = radius * math.sqrt(0.5)
        outline.moveTo(centre + QPointF(-d, -d))
        outline.lineTo(centre + QPointF(d, d))
        outline.moveTo(centre + QPointF(-d, d))
        outline.lineTo(centre + QPointF(d, -d))
        return outline, fill
    quarters = int(step) - 1  # dying 1 … alive 4
    if quarters >= 4:
        fill.addEllipse(box)
    else:
        fill.moveTo(centre)
        fill.arcTo(box, 90.0, -90.0 * quarters)  # clockwise from twelve o'clock
        fill.closeSubpath()
    return outline, fill


def badge_tooltip(figures: NetFigures | None) -> str:
    """The badge in words (``NetFigures.describe``), "" when there is no badge."""
    return "" if figures is None else figures.describe()


class BadgeFollower(CardFollower):
    """Keeps every card's figures in step with the map (flows added, changed, removed)."""

    def _fill(self) -> None:
        for figures in net_figures(self.map):
            card = self._cards.get(figures.stakeholder_id)
            if card is not None:
                card.figures = figures  # new cards, not painted yet: no update needed

    def _handlers(self) -> Handlers:
        return {
            FlowAdded: lambda e: self.refresh(self.map.flow(e.flow_id).stakeholder_id),
            FlowRemoved: lambda e: self.refresh(e.flow.stakeholder_id),
            FlowChanged: self._flow_changed,
        }

    def _show(self, card: StakeholderItem, stakeholder_id: str) -> None:
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
    "BadgeLayout",
    "badge_font",
    "badge_layout",
    "badge_rect",
    "badge_tooltip",
    "balance_colour",
    "balance_glyph",
    "balance_glyph_path",
    "balance_role",
    "balance_text",
    "health_colour",
    "pip_paths",
]
