"""The stakeholder-centred channel view: the stakeholder in the middle, its channels around.

The method's picture turned around: ``ChannelRingScene(vmap, stakeholder_id)`` puts the
stakeholder in the centre and, on a ring around it, one card per channel its touch points
happen through — each card listing those touch points with their health pip (the map's
health palette and shapes) — so a customer-experience team sees at once whether the
stakeholder can reach the organisation the way *it* prefers, and how alive each way is.
Channels no touch point uses are named under the ring. It is read-only (the same
data as the journey, no new entry) and rebuilds itself from the map's journey events.
The ring is made large enough that no two cards overlap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QLineF, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QGraphicsScene, QWidget

from svx_desktop.canvas import style
from svx_desktop.canvas.badge import health_colour
from svx_desktop.canvas.marks import paint_pip
from svx_desktop.canvas.style import Option
from svx_desktop.editing.follow import follow
from svx_desktop.journey.items import font, metrics, star
from svx_desktop.model import (
    JOURNEY_EVENTS,
    StakeholderChanged,
    ValueMap,
)
from svx_desktop.model.health import Health

CARD_WIDTH = 210.0
HEADER = 30.0
ROW = 22.0
MAX_ROWS = 8
CENTRE_WIDTH = 220.0
CENTRE_HEIGHT = 64.0
GAP = 24.0


@dataclass(frozen=True)
class Row:
    name: str
    health: Health | None
    moment: bool


class ChannelCard(QGraphicsRectItem):
    """One channel on the ring: its name, its touch points and their health."""

    def __init__(self, channel: str, rows: list[Row]) -> None:
        shown = rows[:MAX_ROWS]
        more = len(rows) - len(shown)
        height = HEADER + ROW * (len(shown) + (1 if more else 0)) + 6
        super().__init__(QRectF(-CARD_WIDTH / 2, -height / 2, CARD_WIDTH, height))
        self.channel = channel
        self.rows = shown
        self.more = more
        self.setPen(Qt.PenStyle.NoPen)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        worst = [r.health for r in rows if r.health is not None]
        self.worst = min(worst) if worst else None

    def paint(self, painter: QPainter, option: Option, widget: QWidget | None = None) -> None:
        rect = self.rect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        edge = health_colour(self.worst) if self.worst else style.CARD_BORDER
        painter.setPen(QPen(edge, 2.0))
        painter.setBrush(style.CARD_FILL)
        painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 7, 7)
        painter.setFont(font("name"))
        painter.setPen(style.TEXT_COLOUR)
        head = QRectF(rect.left() + 10, rect.top(), rect.width() - 20, HEADER)
        count = str(len(self.rows) + self.more)
        fm = metrics("name")
        title = fm.elidedText(
            self.channel,
            Qt.TextElideMode.ElideRight,
            head.width() - fm.horizontalAdvance(count) - 8,
        )
        align = Qt.AlignmentFlag.AlignVCenter
        painter.drawText(head, int(align | Qt.AlignmentFlag.AlignLeft), title)
        painter.setPen(style.CARD_BORDER)
        painter.drawText(head, int(align | Qt.AlignmentFlag.AlignRight), count)
        painter.drawLine(
            QPointF(rect.left() + 8, rect.top() + HEADER),
            QPointF(rect.right() - 8, rect.top() + HEADER),
        )
        small = metrics("small")
        painter.setFont(font("small"))
        y = rect.top() + HEADER + 3
        for row in self.rows:
            cy = y + ROW / 2
            x = rect.left() + 12
            if row.health is not None:
                paint_pip(painter, QPointF(x + 5, cy), row.health)
            else:
                painter.setPen(QPen(style.CARD_BORDER, 1, Qt.PenStyle.DotLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(QPointF(x + 5, cy), 4.5, 4.5)
            x += 16
            width = rect.right() - 10 - x
            if row.moment:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(style.TEXT_COLOUR)
                painter.drawPolygon(star(QPointF(rect.right() - 16, cy), 5.0))
                width -= 16
            painter.setPen(style.TEXT_COLOUR)
            text = small.elidedText(row.name, Qt.TextElideMode.ElideRight, width)
            painter.drawText(
                QRectF(x, y, width, ROW), int(align | Qt.AlignmentFlag.AlignLeft), text
            )
            y += ROW
        if self.more:
            painter.setPen(style.CARD_BORDER)
            painter.drawText(
                QRectF(rect.left() + 28, y, rect.width() - 38, ROW),
                int(align | Qt.AlignmentFlag.AlignLeft),
                f"and {self.more} more",
            )


class CentreCard(QGraphicsRectItem):
    """The stakeholder, in the middle."""

    def __init__(self, name: str, unused: list[str]) -> None:
        super().__init__(QRectF(-CENTRE_WIDTH / 2, -CENTRE_HEIGHT / 2, CENTRE_WIDTH, CENTRE_HEIGHT))
        self.name = name
        self.unused = unused
        self.setPen(Qt.PenStyle.NoPen)

    def paint(self, painter: QPainter, option: Option, widget: QWidget | None = None) -> None:
        rect = self.rect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.ORGANISATION_FILL)
        painter.drawRoundedRect(rect, 10, 10)
        painter.setPen(style.ORGANISATION_TEXT)
        painter.setFont(font("header"))
        fm = metrics("header")
        text = fm.elidedText(self.name, Qt.TextElideMode.ElideRight, rect.width() - 20)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)


def ring_places(sizes: list[tuple[float, float]]) -> tuple[float, list[QPointF]]:
    """The ring's radius and each card's centre, clockwise from twelve o'clock, the
    radius grown until no card touches another or the centre."""
    n = len(sizes)
    if n == 0:
        return 0.0, []
    radius = max(CENTRE_HEIGHT + 140.0, sum(max(w, h) + GAP for w, h in sizes) / (2 * math.pi))
    centre = QRectF(-CENTRE_WIDTH / 2, -CENTRE_HEIGHT / 2, CENTRE_WIDTH, CENTRE_HEIGHT)
    for _ in range(200):
        places = [
            QPointF(radius * math.sin(2 * math.pi * i / n), -radius * math.cos(2 * math.pi * i / n))
            for i in range(n)
        ]
        rects = [
            QRectF(p.x() - w / 2, p.y() - h / 2, w, h).adjusted(
                -GAP / 2, -GAP / 2, GAP / 2, GAP / 2
            )
            for p, (w, h) in zip(places, sizes, strict=True)
        ]
        clash = any(r.intersects(centre) for r in rects) or any(
            rects[i].intersects(rects[j]) for i in range(n) for j in range(i + 1, n)
        )
        if not clash:
            return radius, places
        radius *= 1.08
    return radius, places


class ChannelRingScene(QGraphicsScene):
    """The channel view of one stakeholder (see the module docstring)."""

    def __init__(self, vmap: ValueMap, stakeholder_id: str, parent: QObject | None = None):
        super().__init__(parent)
        self.map = vmap
        self.stakeholder_id = stakeholder_id
        self.setBackgroundBrush(style.BACKGROUND)
        self.cards: dict[str, ChannelCard] = {}
        self.centre: CentreCard | None = None
        self.rebuild()
        handlers: dict[type, object] = {e: self._changed for e in JOURNEY_EVENTS}
        handlers[StakeholderChanged] = self._changed
        self._subscription = follow(vmap, self, handlers)  # type: ignore[arg-type]

    def detach(self) -> None:
        self._subscription.close()

    def _changed(self, _event: object) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        self.clear()
        self.cards = {}
        vmap = self.map
        if not vmap.has_stakeholder(self.stakeholder_id):
            return
        j = vmap.journeys
        journey = j.journey(self.stakeholder_id)
        used: dict[str, list[Row]] = {}
        for tp in journey:
            for c in tp.channels:
                used.setdefault(c, []).append(Row(tp.name, tp.health, tp.moment_of_truth))
        channels = [c for c in j.channels if c.id in used]
        unused = [c.name for c in j.channels if c.id not in used]
        self.centre = CentreCard(vmap.stakeholder(self.stakeholder_id).name, unused)
        cards = [ChannelCard(c.name, used[c.id]) for c in channels]
        _radius, places = ring_places([(c.rect().width(), c.rect().height()) for c in cards])
        for channel, card, place in zip(channels, cards, places, strict=True):
            colour = QColor(health_colour(card.worst)) if card.worst else QColor(style.CARD_BORDER)
            line = self.addLine(QLineF(QPointF(0, 0), place), QPen(colour, 2.0))
            line.setZValue(-1)
            card.setPos(place)
            self.addItem(card)
            self.cards[channel.id] = card
        self.addItem(self.centre)
        self.unused_note = ""
        if unused:
            box = self.itemsBoundingRect()
            note = self.addSimpleText("Channels not used: " + ", ".join(unused), font("small"))
            note.setBrush(style.TEXT_COLOUR)
            width = note.boundingRect().width()
            note.setPos(box.center().x() - width / 2, box.bottom() + 16)
            self.unused_note = note.text()
        self.setSceneRect(self.itemsBoundingRect().adjusted(-40, -40, 40, 40))


__all__ = ["ChannelCard", "ChannelRingScene", "ring_places"]
