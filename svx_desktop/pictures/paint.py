"""Draw a ``Drawing`` with a ``QPainter``: the one painter behind PNG, PDF and print.

``paint_drawing(painter, drawing, target)`` scales the drawing's bounds into ``target``
(device coordinates, aspect kept, centred) and paints it in the export theme the drawing
carries. Fonts are sized in the drawing's units whatever the device's resolution, so a
1,200 dpi PDF and a 2× PNG lay text out alike; text stays text on vector devices.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF

from svx_desktop.canvas.drawing import Card, Drawing, Mark, PathData, Rect, Text
from svx_desktop.canvas.gcpause import gc_paused


def qpath(path: PathData) -> QPainterPath:
    out = QPainterPath()
    move, line, cubic = out.moveTo, out.lineTo, out.cubicTo  # looked up once a path
    for cmd, c in path:
        if cmd == "C":
            cubic(*c)
        elif cmd == "L":
            line(*c)
        elif cmd == "M":
            move(*c)
        else:
            out.closeSubpath()
    return out


def _fit(drawing: Drawing, target: QRectF) -> tuple[float, float, float]:
    x, y, w, h = drawing.bounds
    scale = min(target.width() / w, target.height() / h) if w > 0 and h > 0 else 1.0
    dx = target.left() + (target.width() - w * scale) / 2 - x * scale
    dy = target.top() + (target.height() - h * scale) / 2 - y * scale
    return scale, dx, dy


_LEFT = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft) | int(
    Qt.TextFlag.TextSingleLine
)
_CENTRED = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignHCenter) | int(
    Qt.TextFlag.TextSingleLine
)
#: A label's box: white at 94 % opacity (``QColor`` reads ``#AARRGGBB``).
_LABEL_FILL = "#f0ffffff"
#: Marks the text pen (``setPen(QColor)``) apart from the pens ``pen`` makes.
_TEXT_PEN = -1.0
_UNKNOWN = object()


@lru_cache(maxsize=256)
def _band_at_origin(size: tuple[float, float], radius: float, band: Rect) -> QPainterPath:
    inside = QPainterPath()
    inside.addRoundedRect(QRectF(0, 0, *size).adjusted(0.6, 0.6, -0.6, -0.6), radius, radius)
    shape = QPainterPath()
    shape.addRect(QRectF(*band))
    return shape.intersected(inside)


def _band_shape(card: Rect, radius: float, band: Rect) -> QPainterPath:
    """A card's colour band clipped to the inside of its rounded border, relative to the
    card's top-left corner (one shape per size of card, built once)."""
    x, y = card[0], card[1]
    bx = band[0] - x
    # The border's right-hand corners never reach a band at the left: a card wider than
    # that is measured as if it ended there, so cards of any width share one shape.
    width = min(card[2], bx + band[2] + radius + 2.0)
    return _band_at_origin((width, card[3]), radius, (bx, band[1] - y, band[2], band[3]))


class _Painter:
    def __init__(self, painter: QPainter, drawing: Drawing) -> None:
        self.p = painter
        self.d = drawing
        self._colours: dict[str, QColor] = {}
        # What the painter holds now (``_UNKNOWN`` until set here), so that an unchanged
        # pen, brush or font is not set again: the same picture with less state churn.
        self._pen: object = _UNKNOWN
        self._brush: object = _UNKNOWN
        self._font = ""
        self._pens: dict[tuple[str, float, bool], QPen] = {}
        # Pens and brushes as objects made once (the same state as ``setPen(Qt.NoPen)``
        # or ``setBrush(QColor)``, without PySide picking an overload for each call).
        self._no_pen = QPen(Qt.PenStyle.NoPen)
        self._brushes: dict[str | None, QBrush] = {None: QBrush(), "": QBrush()}
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

    def colour(self, name: str) -> QColor:
        colour = self._colours.get(name)
        if colour is None:
            colour = self._colours[name] = QColor(name)
        return colour

    def pen(self, colour: str, width: float, round_cap: bool = False) -> None:
        """Set a solid pen, unless it is the one set already (no state change to record)."""
        key = (colour, width, round_cap)
        if key != self._pen:
            pen = self._pens.get(key)
            if pen is None:
                pen = self._new_pen(key)
            self.p.setPen(pen)
            self._pen = key

    def _new_pen(self, key: tuple[str, float, bool]) -> QPen:
        """A drawing has a few dozen pens: each is made once."""
        colour, width, round_cap = key
        qcolour = self.colour(colour)
        # Text's pen: its colour only (as ``setPen(QColor)``).
        pen = QPen(qcolour) if width == _TEXT_PEN else QPen(qcolour, width)
        if round_cap:
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self._pens[key] = pen
        return pen

    def no_pen(self) -> None:
        if self._pen is not None:
            self.p.setPen(self._no_pen)
            self._pen = None

    def brush(self, colour: str | None) -> None:
        """Fill with ``colour`` (None: no fill), unless that is the fill set already."""
        if colour != self._brush:
            brush = self._brushes.get(colour)
            if brush is None:  # a colour's first fill (no fill is there from the start)
                brush = self._brushes[colour] = QBrush(self.colour(colour or ""))
            self.p.setBrush(brush)
            self._brush = colour

    def text(self, t: Text) -> None:
        if t.role != self._font:
            self.p.setFont(self.fonts[t.role])
            self._font = t.role
        if (t.colour, _TEXT_PEN, False) != self._pen:
            self.pen(t.colour, _TEXT_PEN)
        self.p.drawText(QRectF(*t.rect), _CENTRED if t.align == "center" else _LEFT, t.text)

    def card(self, card: Card) -> None:
        p = self.p
        self.pen(card.border, card.border_width)
        self.brush(card.fill)
        if card.outline:
            p.drawPath(qpath(card.outline))
        else:
            p.drawRoundedRect(QRectF(*card.rect), card.radius, card.radius)
        if card.band is not None:
            # The band inside the card's rounded border: one shape for every card of a
            # size, moved into place (a clip path per card cost more than the card).
            band = _band_shape(card.rect, card.radius, card.band)
            self.no_pen()
            self.brush(card.band_colour)
            p.drawPath(band.translated(card.rect[0], card.rect[1]))
        if card.glyph:
            self.no_pen()
            self.brush(card.glyph_colour)
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
        """As ``marks.paint_mark``: filled in its colour, or stroked with round caps."""
        if mark.stroke > 0:
            self.pen(mark.colour, mark.stroke, True)
            self.brush(None)
        else:
            self.no_pen()
            self.brush(mark.colour)
        self.p.drawPath(qpath(mark.path))

    def arrows(self) -> None:
        """The arrows, each a curve, its head and its leader to the label (if any)."""
        p = self.p
        draw_path, draw_polygon = p.drawPath, p.drawPolygon
        pen, brush, no_pen = self.pen, self.brush, self.no_pen
        for a in self.d.arrows:
            if (a.colour, a.width, True) != self._pen:
                pen(a.colour, a.width, True)
            if self._brush is not None:
                brush(None)
            draw_path(qpath(a.path))
            if self._pen is not None:
                no_pen()
            brush(a.colour)
            draw_polygon(QPolygonF([QPointF(x, y) for x, y in a.head]))
            if a.leader is not None:  # solid, in the labels' darker shade, as on screen
                leader = a.leader_colour or a.colour
                start = QPointF(*a.leader[0])
                pen(leader, a.leader_width, True)
                p.drawLine(start, QPointF(*a.leader[1]))
                no_pen()
                brush(leader)
                p.drawEllipse(start, 3.0, 3.0)

    def labels(self) -> None:
        """The flow labels: a rounded box in the arrow's colour, the text in it."""
        p = self.p
        draw_box, text = p.drawRoundedRect, self.text
        for lb in self.d.labels:
            if (lb.border, 1.2, False) != self._pen:
                self.pen(lb.border, 1.2)
            if self._brush != _LABEL_FILL:
                self.brush(_LABEL_FILL)
            x, y, w, h = lb.rect
            draw_box(QRectF(x + 1, y + 1, w - 2, h - 2), 5, 5)
            text(lb.text)

    def paint(self, background: bool) -> None:
        p, d = self.p, self.d
        if background:
            p.fillRect(QRectF(*d.bounds), QColor(d.background))
        for t in d.title:
            self.text(t)
        self.arrows()
        for card in d.cards:
            self.card(card)
        self.labels()
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
    # Thousands of short-lived points and rectangles: no collector passes over the map.
    with gc_paused():
        _Painter(painter, drawing).paint(background)
    painter.restore()
