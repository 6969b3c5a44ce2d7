"""Draw a ``Drawing`` with a ``QPainter``: the one painter behind PNG, PDF and print.

``paint_drawing(painter, drawing, target)`` scales the drawing's bounds into ``target``
(device coordinates, aspect kept, centred) and paints it in the export theme the drawing
carries. Fonts are sized in the drawing's units whatever the device's resolution, so a
1,200 dpi PDF and a 2× PNG lay text out alike; text stays text on vector devices.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF

from svx_desktop.canvas import marks
from svx_desktop.canvas.drawing import Card, Drawing, Mark, PathData, Text


def qpath(path: PathData) -> QPainterPath:
    out = QPainterPath()
    for cmd, c in path:
        if cmd == "M":
            out.moveTo(c[0], c[1])
        elif cmd == "L":
            out.lineTo(c[0], c[1])
        elif cmd == "C":
            out.cubicTo(c[0], c[1], c[2], c[3], c[4], c[5])
        else:
            out.closeSubpath()
    return out


def _fit(drawing: Drawing, target: QRectF) -> tuple[float, float, float]:
    x, y, w, h = drawing.bounds
    scale = min(target.width() / w, target.height() / h) if w > 0 and h > 0 else 1.0
    dx = target.left() + (target.width() - w * scale) / 2 - x * scale
    dy = target.top() + (target.height() - h * scale) / 2 - y * scale
    return scale, dx, dy


class _Painter:
    def __init__(self, painter: QPainter, drawing: Drawing) -> None:
        self.p = painter
        self.d = drawing
        dpi = painter.device().logicalDpiY() or 96
        self.fonts: dict[str, QFont] = {}
        for role, f in drawing.fonts.items():
            font = QFont(f.family)
            font.setStyleHint(QFont.StyleHint.SansSerif)
            font.setPointSizeF(f.pixel_size * 72.0 / dpi)
            font.setBold(f.bold)
            # Plain letters, no "fi" ligatures: text copied or searched in a PDF stays as typed.
            font.setFeature(QFont.Tag("liga"), 0)
            self.fonts[role] = font

    def text(self, t: Text) -> None:
        self.p.setFont(self.fonts[t.role])
        self.p.setPen(QColor(t.colour))
        flags = Qt.AlignmentFlag.AlignVCenter | (
            Qt.AlignmentFlag.AlignHCenter if t.align == "center" else Qt.AlignmentFlag.AlignLeft
        )
        self.p.drawText(QRectF(*t.rect), int(flags) | int(Qt.TextFlag.TextSingleLine), t.text)

    def card(self, card: Card) -> None:
        p = self.p
        rect = QRectF(*card.rect)
        p.setPen(QPen(QColor(card.border), card.border_width))
        p.setBrush(QColor(card.fill))
        if card.outline:
            p.drawPath(qpath(card.outline))
        else:
            p.drawRoundedRect(rect, card.radius, card.radius)
        if card.band is not None:
            clip = QPainterPath()
            clip.addRoundedRect(rect.adjusted(0.6, 0.6, -0.6, -0.6), card.radius, card.radius)
            p.save()
            p.setClipPath(clip, Qt.ClipOperation.IntersectClip)
            p.fillRect(QRectF(*card.band), QColor(card.band_colour))
            p.restore()
        if card.glyph:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(card.glyph_colour))
            p.drawPath(qpath(card.glyph))
        for mark in card.marks:
            self.mark(mark)
        for t in card.texts:
            self.text(t)
        if card.badge is not None:
            for mark in card.badge.marks:
                self.mark(mark)
            self.text(card.badge.text)

    def mark(self, mark: Mark) -> None:
        marks.paint_mark(self.p, marks.Mark(qpath(mark.path), mark.colour, mark.stroke))

    def paint(self, background: bool) -> None:
        p, d = self.p, self.d
        if background:
            p.fillRect(QRectF(*d.bounds), QColor(d.background))
        for t in d.title:
            self.text(t)
        for a in d.arrows:
            colour = QColor(a.colour)
            pen = QPen(colour, a.width)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(qpath(a.path))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawPolygon(QPolygonF([QPointF(x, y) for x, y in a.head]))
            if a.leader is not None:  # solid, in the labels' darker shade, as on screen
                leader = QColor(a.leader_colour or a.colour)
                pen = QPen(leader, a.leader_width, Qt.PenStyle.SolidLine)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                p.setPen(pen)
                p.drawLine(QPointF(*a.leader[0]), QPointF(*a.leader[1]))
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(leader)
                p.drawEllipse(QPointF(*a.leader[0]), 3.0, 3.0)
        for card in d.cards:
            self.card(card)
        for lb in d.labels:
            p.setPen(QPen(QColor(lb.border), 1.2))
            p.setBrush(QColor(255, 255, 255, 240))
            p.drawRoundedRect(QRectF(*lb.rect).adjusted(1, 1, -1, -1), 5, 5)
            self.text(lb.text)
        for note in d.notes:
            self.card(note)
        if d.legend is not None:  # the view's legend (canvas.legend), in the export theme
            self.card(d.legend)


def paint_drawing(
    painter: QPainter, drawing: Drawing, target: QRectF, background: bool = True
) -> None:
    """Paint ``drawing`` fitted into ``target`` (device coordinates)."""
    scale, dx, dy = _fit(drawing, target)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.translate(dx, dy)
    painter.scale(scale, scale)
    _Painter(painter, drawing).paint(background)
    painter.restore()
