"""The items of a journey scene: touch point cards, stage headers and the pending slot.

A ``TouchPointCard`` shows, top to bottom: its health (a pip and the step's name, on a
band in the step's colour — the palette and pip of the net-value ratings, so "dying"
looks the same on the map and here), a moment-of-truth mark, the name (two lines at
most), its channels as chips, and the expectations it serves. Everything it shows is
worked out in ``refresh`` (called by the scene from the model), so painting only draws;
cards are cached as device pixmaps, which keeps scrolling a long journey cheap. Items
draw and report nothing: the scene and the view decide what a click means.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QWidget

from svx_desktop.canvas import style
from svx_desktop.canvas.badge import health_colour
from svx_desktop.canvas.marks import paint_pip
from svx_desktop.canvas.style import Option
from svx_desktop.journey.layout import CARD_HEIGHT, CARD_WIDTH, Rect
from svx_desktop.model.health import Health

USER_TYPE = 65536
TOUCH_POINT_TYPE = USER_TYPE + 21
STAGE_TYPE = USER_TYPE + 22
PAD = 10.0
BAND = 24.0
CHIP_HEIGHT = 18.0
MOMENT_TEXT = "Moment of truth"
STAR_SIZE = 11.0
UNRATED = QColor("#C9CED6")


@cache
def font(role: str) -> QFont:
    """``name`` (bold), ``small``, ``small_bold`` and ``header`` (bold)."""
    f = QFont(style.font("label"))
    if role == "name":
        f.setPointSizeF(style.point_size("label") + 1)
        f.setBold(True)
    elif role == "header":
        f.setPointSizeF(style.point_size("label") + 1.5)
        f.setBold(True)
    else:
        f.setPointSizeF(max(7.5, style.point_size("label") - 1))
        f.setBold(role == "small_bold")
    return f


@cache
def metrics(role: str) -> QFontMetricsF:
    return QFontMetricsF(font(role))


def wrap(text: str, role: str | QFontMetricsF, width: float, lines: int) -> list[str]:
    """``text`` broken into at most ``lines`` lines of ``width`` in ``role``'s font (or
    these font metrics), the last one elided."""
    fm = metrics(role) if isinstance(role, str) else role
    words = style.one_line(text).split(" ")
    out: list[str] = []
    line = ""
    for n, word in enumerate(words):
        candidate = f"{line} {word}" if line else word
        if fm.horizontalAdvance(candidate) <= width or not line:
            line = candidate
            continue
        out.append(line)
        line = word
        if len(out) == lines - 1:
            line = " ".join(words[n:])
            break
    if line:
        out.append(line)
    out = out[:lines]
    return [fm.elidedText(t, Qt.TextElideMode.ElideRight, width) for t in out]


def star(centre: QPointF, radius: float) -> QPolygonF:
    """A five-pointed star (the moment-of-truth mark), drawn, not a font glyph."""
    points = []
    for n in range(10):
        r = radius if n % 2 == 0 else radius * 0.45
        angle = -math.pi / 2 + n * math.pi / 5
        points.append(QPointF(centre.x() + r * math.cos(angle), centre.y() + r * math.sin(angle)))
    return QPolygonF(points)


@dataclass(frozen=True)
class CardFace:
    """What a card shows, in words (the scene builds it from the model)."""

    name: str
    health: Health | None
    moment_of_truth: bool
    channels: tuple[str, ...]
    serves: tuple[str, ...]
    initiator_us: bool = False


def chip_rows(channels: tuple[str, ...], width: float) -> list[list[tuple[str, float]]]:
    """Channel chips (text, width) in at most two rows of ``width``; what does not fit
    becomes a "+N" chip."""
    fm = metrics("small")
    rows: list[list[tuple[str, float]]] = [[]]
    used = 0.0
    for n, name in enumerate(channels):
        text = fm.elidedText(name, Qt.TextElideMode.ElideRight, width - 12)
        w = fm.horizontalAdvance(text) + 12
        if used + w > width and rows[-1]:
            if len(rows) == 2:
                more = f"+{len(channels) - n}"
                rows[-1].append((more, fm.horizontalAdvance(more) + 12))
                while sum(c[1] + 4 for c in rows[-1]) - 4 > width and len(rows[-1]) > 1:
                    rows[-1].pop(-2)
                break
            rows.append([])
            used = 0.0
        rows[-1].append((text, w))
        used += w + 4
    return [r for r in rows if r]


class TouchPointCard(QGraphicsRectItem):
    """One touch point on the journey row (see the module docstring)."""

    def __init__(self, touch_point_id: str, face: CardFace) -> None:
        super().__init__(QRectF(0, 0, CARD_WIDTH, CARD_HEIGHT))
        self.element_id = touch_point_id
        self.setPen(Qt.PenStyle.NoPen)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.face = face
        self._name: list[str] = []
        self._chips: list[list[tuple[str, float]]] = []
        self._serves: list[str] = []
        self._laid_out = False
        self.refresh(face)

    def type(self) -> int:
        return TOUCH_POINT_TYPE

    def refresh(self, face: CardFace) -> None:
        self.face = face
        self._laid_out = False  # measured on the first paint: off-screen cards cost nothing
        tip = [face.name, f"Health: {face.health.label if face.health else 'not rated'}"]
        if face.moment_of_truth:
            tip.append("A moment of truth")
        if face.channels:
            tip.append("Channels: " + ", ".join(face.channels))
        tip.append("Started by " + ("the organisation" if face.initiator_us else "the stakeholder"))
        if face.serves:
            tip.append("Serves: " + "; ".join(face.serves))
        self.setToolTip(style.plain_tooltip("\n".join(tip)))
        self.update()

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self.rect(), 8, 8)
        return path

    def lay_out(self) -> None:
        """Break the name, chips and expectations into the lines the card draws."""
        face = self.face
        inner = CARD_WIDTH - 2 * PAD
        self._name = wrap(face.name, "name", inner, 2)
        self._chips = chip_rows(face.channels, inner)
        if face.serves:
            self._serves = wrap("Serves: " + ", ".join(face.serves), "small", inner, 2)
        else:
            self._serves = ["Serves no expectation yet"]
        self._laid_out = True

    def paint(self, painter: QPainter, option: Option, widget: QWidget | None = None) -> None:
        rect = self.rect()
        face = self.face
        if not self._laid_out:
            self.lay_out()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = self.isSelected()
        border = QPen(style.SELECTION_COLOUR, 3.0) if selected else QPen(style.CARD_BORDER, 1.2)
        if face.moment_of_truth and not selected:
            border = QPen(style.TEXT_COLOUR, 2.2)
        painter.setPen(border)
        painter.setBrush(style.CARD_FILL)
        painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 8, 8)
        band = QRectF(rect.left() + 1.6, rect.top() + 1.6, rect.width() - 3.2, BAND)
        clip = QPainterPath()
        clip.addRoundedRect(rect.adjusted(1.6, 1.6, -1.6, -1.6), 7, 7)
        painter.save()
        painter.setClipPath(clip)
        colour = health_colour(face.health) if face.health else UNRATED
        tint = QColor(colour)
        tint.setAlpha(46)
        painter.fillRect(band, tint)
        painter.fillRect(QRectF(band.left(), band.bottom() - 3, band.width(), 3), colour)
        painter.restore()
        cy = band.top() + (BAND - 3) / 2
        x = rect.left() + PAD
        if face.health is not None:
            paint_pip(painter, QPointF(x + 5, cy), face.health, 5.0)
            label = face.health.label
        else:
            label = "Not rated"
        painter.setFont(font("small_bold"))
        painter.setPen(style.TEXT_COLOUR)
        fm = metrics("small_bold")
        base = cy + (fm.ascent() - fm.descent()) / 2
        painter.drawText(QPointF(x + (15 if face.health else 0), base), label)
        if face.moment_of_truth:
            used = (15 if face.health else 0) + fm.horizontalAdvance(label) + 10 + STAR_SIZE + 4
            mark = MOMENT_TEXT
            if used + fm.horizontalAdvance(mark) > rect.width() - 2 * PAD:
                mark = "Moment"
            w = fm.horizontalAdvance(mark)
            painter.drawText(QPointF(rect.right() - PAD - w, base), mark)
            centre = QPointF(rect.right() - PAD - w - 4 - STAR_SIZE / 2, cy)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.TEXT_COLOUR)
            painter.drawPolygon(star(centre, STAR_SIZE / 2))
        y = band.bottom() + 8
        painter.setPen(style.TEXT_COLOUR)
        painter.setFont(font("name"))
        fm = metrics("name")
        for line in self._name:
            painter.drawText(QPointF(x, y + fm.ascent()), line)
            y += fm.lineSpacing()
        y = band.bottom() + 8 + 2 * metrics("name").lineSpacing() + 6
        painter.setFont(font("small"))
        fm = metrics("small")
        for row in self._chips:
            cx = x
            for text, w in row:
                chip = QRectF(cx, y, w, CHIP_HEIGHT)
                painter.setPen(QPen(style.CARD_BORDER, 1))
                painter.setBrush(style.BACKGROUND)
                painter.drawRoundedRect(chip, CHIP_HEIGHT / 2, CHIP_HEIGHT / 2)
                painter.setPen(style.TEXT_COLOUR)
                painter.drawText(chip, int(Qt.AlignmentFlag.AlignCenter), text)
                cx += w + 4
            y += CHIP_HEIGHT + 4
        if not self._chips:
            painter.setPen(style.CARD_BORDER)
            painter.drawText(QPointF(x, y + fm.ascent()), "No channel yet")
        y = rect.bottom() - PAD - 2 * fm.lineSpacing()
        painter.setPen(QColor(style.TEXT_COLOUR) if face.serves else style.CARD_BORDER)
        for line in self._serves:
            painter.drawText(QPointF(x, y + fm.ascent()), line)
            y += fm.lineSpacing()


class StageHeader(QGraphicsRectItem):
    """A stage's name over its cards (muted and dashed for the touch points in no stage)."""

    def __init__(self, stage_id: str | None, title: str, rect: Rect, count: int) -> None:
        super().__init__(QRectF(*rect))
        self.stage_id = stage_id
        self.title = title
        self.count = count
        self.setPen(Qt.PenStyle.NoPen)

    def type(self) -> int:
        return STAGE_TYPE

    def paint(self, painter: QPainter, option: Option, widget: QWidget | None = None) -> None:
        rect = self.rect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        staged = self.stage_id is not None
        pen = QPen(style.CARD_BORDER, 1.2)
        if not staged:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(style.CARD_FILL if staged else Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 6, 6)
        painter.setFont(font("header"))
        painter.setPen(style.TEXT_COLOUR if staged else style.CARD_BORDER)
        count = f"{self.count}"
        fm = metrics("header")
        cw = fm.horizontalAdvance(count)
        text_rect = rect.adjusted(12, 0, -20 - cw, 0)
        shown = fm.elidedText(self.title, Qt.TextElideMode.ElideRight, text_rect.width())
        flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.drawText(text_rect, int(flags), shown)
        painter.setPen(style.CARD_BORDER)
        painter.drawText(
            rect.adjusted(0, 0, -12, 0),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
            count,
        )


class PendingSlot(QGraphicsRectItem):
    """The dashed place a new touch point takes while its name is typed."""

    def __init__(self, rect: Rect) -> None:
        super().__init__(QRectF(*rect))
        self.setPen(Qt.PenStyle.NoPen)
        self.setZValue(-1)

    def paint(self, painter: QPainter, option: Option, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(style.SELECTION_COLOUR, 1.5, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 8, 8)


__all__ = [
    "MOMENT_TEXT",
    "CardFace",
    "PendingSlot",
    "StageHeader",
    "TouchPointCard",
    "chip_rows",
    "font",
    "metrics",
    "star",
    "wrap",
]
