"""Simple vector glyphs for stakeholder categories, drawn with QPainter (no icon files).

Each glyph is a filled ``QPainterPath`` in a 20 × 20 box centred on (0, 0), built once and
cached. Unknown icon keys (a map's own categories) get the generic "other" glyph.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

GLYPH_SIZE = 20.0


def _person(path: QPainterPath, cx: float, cy: float, s: float) -> None:
    """A head and shoulders, ``s`` the overall height, (cx, cy) the centre."""
    path.addEllipse(QPointF(cx, cy - 0.28 * s), 0.2 * s, 0.2 * s)
    body = QPainterPath()
    body.moveTo(cx - 0.36 * s, cy + 0.5 * s)
    body.cubicTo(cx - 0.36 * s, cy, cx + 0.36 * s, cy, cx + 0.36 * s, cy + 0.5 * s)
    body.closeSubpath()
    path.addPath(body)


def _customer() -> QPainterPath:
    p = QPainterPath()
    _person(p, 0, 0, 19)
    return p


def _employee() -> QPainterPath:
    p = QPainterPath()
    _person(p, 0, -1, 17)
    p.addRect(QRectF(-7, 6.5, 14, 3))  # a desk
    return p


def _community() -> QPainterPath:
    p = QPainterPath()
    _person(p, -5.5, 1.5, 12)
    _person(p, 5.5, 1.5, 12)
    _person(p, 0, -1.5, 14)
    return p


def _supplier() -> QPainterPath:
    p = QPainterPath()  # a lorry
    p.addRect(QRectF(-10, -5, 12, 10))
    p.addRect(QRectF(3, -1, 7, 6))
    p.addEllipse(QPointF(-5, 7), 2.6, 2.6)
    p.addEllipse(QPointF(6, 7), 2.6, 2.6)
    return p


def _owner() -> QPainterPath:
    p = QPainterPath()  # a pie chart with a slice out
    p.moveTo(0, 0)
    p.arcTo(QRectF(-9, -8, 18, 18), 90, 270)
    p.closeSubpath()
    p.moveTo(2, -2)
    p.arcTo(QRectF(-7, -11, 18, 18), 0, 90)
    p.closeSubpath()
    return p


def _regulator() -> QPainterPath:
    p = QPainterPath()  # a building with columns
    roof = QPainterPath()
    roof.moveTo(-10, -4)
    roof.lineTo(0, -10)
    roof.lineTo(10, -4)
    roof.closeSubpath()
    p.addPath(roof)
    for x in (-8, -3, 2, 7):
        p.addRect(QRectF(x - 0.5, -2.5, 2.5, 9))
    p.addRect(QRectF(-10, 7.5, 20, 2.5))
    return p


def _partner() -> QPainterPath:
    p = QPainterPath()  # two linked rings
    outer = QPainterPath()
    outer.addEllipse(QPointF(-4, 0), 7, 7)
    outer.addEllipse(QPointF(-4, 0), 4.3, 4.3)
    second = QPainterPath()
    second.addEllipse(QPointF(4, 0), 7, 7)
    second.addEllipse(QPointF(4, 0), 4.3, 4.3)
    p.addPath(outer)
    p.addPath(second)
    return p


def _other() -> QPainterPath:
    p = QPainterPath()  # three dots
    for x in (-6.5, 0, 6.5):
        p.addEllipse(QPointF(x, 0), 2.6, 2.6)
    return p


_BUILDERS = {
    "customer": _customer,
    "person": _customer,
    "employee": _employee,
    "community": _community,
    "supplier": _supplier,
    "owner": _owner,
    "regulator": _regulator,
    "partner": _partner,
    "other": _other,
}


@cache
def glyph(icon: str) -> QPainterPath:
    """The glyph for an icon key (a category's ``icon``)."""
    return _BUILDERS.get(icon, _other)()


def icon_keys() -> tuple[str, ...]:
    return tuple(_BUILDERS)
