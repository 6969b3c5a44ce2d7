"""Flow items: one curved arrow per stakeholder and direction, one label item per flow.

Flows of the same stakeholder and direction are bundled: they share one arrow
(``FlowArrowItem``) and their labels (``FlowItem``, one per flow, selectable) are stacked
beside it. ``provides`` arrows run stakeholder → organisation and ``expects`` arrows
organisation → stakeholder; each bends to its own left, so the two directions of a
stakeholder sit on separate offset curves with their labels on the outer sides.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from svx_desktop.canvas import style
from svx_desktop.canvas.labels import Point
from svx_desktop.canvas.nodes import border_point, plain_tooltip
from svx_desktop.model import Direction, Flow

FLOW_TYPE = QGraphicsItem.UserType + 5
ARROW_TYPE = QGraphicsItem.UserType + 6

#: Gap between a label and the next in a stack.
STACK_GAP = 3.0
_HEAD_LENGTH = 13.0
_HEAD_HALF_WIDTH = 6.5
_OFFSET = 8.0
#: A stack further than this from its arrow gets a dotted leader line.
LEADER_MIN = 14.0  # how far each direction's ends sit from the centre line


@dataclass(frozen=True)
class Curve:
    """A quadratic Bézier from ``p0`` to ``p2`` bending through control point ``c``."""

    p0: Point
    c: Point
    p2: Point
    bend_side: Point  # unit normal pointing to the side the curve bulges to

    def point(self, t: float) -> Point:
        u = 1 - t
        return (
            u * u * self.p0[0] + 2 * u * t * self.c[0] + t * t * self.p2[0],
            u * u * self.p0[1] + 2 * u * t * self.c[1] + t * t * self.p2[1],
        )

    def at(self, t: float) -> tuple[Point, Point]:
        """Point and outward normal at ``t`` (for placing labels)."""
        return self.point(t), self.bend_side

    def length(self) -> float:
        return math.dist(self.p0, self.p2)


def flow_curve(source: QRectF, target: QRectF) -> Curve | None:
    """The curve from the ``source`` box to the ``target`` box, bending to its left.

    None when the boxes overlap (nothing sensible to draw).
    """
    sc, tc = source.center(), target.center()
    dx, dy = tc.x() - sc.x(), tc.y() - sc.y()
    dist = math.hypot(dx, dy)
    if dist < 1e-6 or source.adjusted(-4, -4, 4, 4).intersects(target):
        return None
    ux, uy = dx / dist, dy / dist
    nx, ny = -uy, ux  # the left-hand normal (y grows downwards)
    a = border_point(source, dx, dy)
    b = border_point(target, -dx, -dy)
    p0 = (a.x() + nx * _OFFSET + ux * 2, a.y() + ny * _OFFSET + uy * 2)
    p2 = (b.x() + nx * _OFFSET - ux * 3, b.y() + ny * _OFFSET - uy * 3)
    span = math.dist(p0, p2)
    bend = min(max(0.14 * span, 12.0), 60.0)
    c = ((p0[0] + p2[0]) / 2 + nx * bend, (p0[1] + p2[1]) / 2 + ny * bend)
    return Curve(p0, c, p2, (nx, ny))


class FlowArrowItem(QGraphicsItem):
    """The curved arrow of one stakeholder's flows in one direction."""

    def __init__(self, stakeholder_id: str, direction: Direction) -> None:
        super().__init__()
        self.stakeholder_id = stakeholder_id
        self.direction = direction
        self.curve: Curve | None = None
        self.count = 0
        self.highlighted = False
        self._path = QPainterPath()
        self._head = QPolygonF()
        self._bounds = QRectF()
        self._line = (QPointF(), QPointF())
        self._leader: tuple[QPointF, QPointF] | None = None
        self.setZValue(0)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)

    def type(self) -> int:
        return ARROW_TYPE

    def set_curve(self, curve: Curve | None, count: int) -> None:
        self.prepareGeometryChange()
        self.curve = curve
        self.count = count
        self._path = QPainterPath()
        self._head = QPolygonF()
        if curve is None or count == 0:
            self._leader = None
            self._bounds = QRectF()
            return
        p0, c, p2 = QPointF(*curve.p0), QPointF(*curve.c), QPointF(*curve.p2)
        self._line = (p0, p2)
        tx, ty = p2.x() - c.x(), p2.y() - c.y()
        norm = math.hypot(tx, ty) or 1.0
        tx, ty = tx / norm, ty / norm
        base = QPointF(p2.x() - tx * _HEAD_LENGTH, p2.y() - ty * _HEAD_LENGTH)
        self._path.moveTo(p0)
        self._path.quadTo(c, base)
        self._head = QPolygonF(
            [
                p2,
                QPointF(base.x() - ty * _HEAD_HALF_WIDTH, base.y() + tx * _HEAD_HALF_WIDTH),
                QPointF(base.x() + ty * _HEAD_HALF_WIDTH, base.y() - tx * _HEAD_HALF_WIDTH),
            ]
        )
        self._update_bounds()

    def set_leader(self, on_curve: Point, at_label: Point) -> None:
        """A thin line from the arrow to its label stack when the stack sits apart."""
        leader = None
        if math.dist(on_curve, at_label) > LEADER_MIN:
            leader = (QPointF(*on_curve), QPointF(*at_label))
        if leader != self._leader:
            self.prepareGeometryChange()
            self._leader = leader
            self._update_bounds()

    def _update_bounds(self) -> None:
        if self.curve is None or self.count == 0:
            self._bounds = QRectF()
            return
        bounds = self._path.boundingRect().united(self._head.boundingRect())
        if self._leader is not None:
            bounds = bounds.united(QRectF(*self._leader).normalized())
        self._bounds = bounds.adjusted(-4, -4, 4, 4)

    def pen_width(self) -> float:
        return min(2.0 + 0.5 * (self.count - 1), 4.0)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        path = stroker.createStroke(self._path)
        path.addPolygon(self._head)
        return path

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        if self.curve is None:
            return
        colour = style.SELECTION_COLOUR if self.highlighted else style.flow_colour(self.direction)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < style.LOD_SIMPLE:
            painter.setPen(QPen(colour, 0))
            painter.drawLine(*self._line)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(colour, self.pen_width())
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(self._head)
        if self._leader is not None:
            leader_pen = QPen(colour, 1.3, Qt.PenStyle.DotLine)
            painter.setPen(leader_pen)
            painter.drawLine(*self._leader)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(self._leader[0], 2.5, 2.5)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self.scene()
        if scene is not None and hasattr(scene, "arrow_clicked"):
            scene.arrow_clicked(self, event.modifiers())
            event.accept()
        else:
            event.ignore()


class FlowItem(QGraphicsItem):
    """One flow's label beside its arrow: selectable, renameable, plain text."""

    kind = "flow"

    def __init__(self, flow: Flow) -> None:
        super().__init__()
        self.element_id = flow.id
        self.stakeholder_id = flow.stakeholder_id
        self.direction = flow.direction
        self.label = ""
        self._shown = ""
        self._size = (10.0, 10.0)
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(5)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.refresh(flow)

    def type(self) -> int:
        return FLOW_TYPE

    def refresh(self, flow: Flow) -> None:
        self.stakeholder_id = flow.stakeholder_id
        self.direction = flow.direction
        self.label = flow.label
        self._shown = style.elide(flow.label, "label", style.LABEL_MAX_WIDTH) or "(no label)"
        fm = style.metrics("label")
        size = (fm.horizontalAdvance(self._shown) + 14, fm.height() + 6)
        if size != self._size:
            self.prepareGeometryChange()
            self._size = size
        self.setToolTip(plain_tooltip(flow.label))
        self.update()

    @property
    def shown_label(self) -> str:
        """The label as drawn (elided when long); always plain text."""
        return self._shown

    @property
    def size(self) -> tuple[float, float]:
        return self._size

    def edit_text(self) -> str:
        return self.label

    def editor_rect(self) -> QRectF:
        return self.sceneBoundingRect()

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self._size[0], self._size[1])

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            scene = self.scene()
            if scene is not None and hasattr(scene, "flow_selection_changed"):
                scene.flow_selection_changed(self)
        return super().itemChange(change, value)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        rect = self.boundingRect()
        colour = style.flow_colour(self.direction)
        if lod < style.LOD_LABELS:
            painter.fillRect(rect, colour)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.isSelected():
            painter.setPen(QPen(style.SELECTION_COLOUR, 2.5))
        else:
            painter.setPen(QPen(colour, 1.2))
        painter.setBrush(QColor(255, 255, 255, 240))
        painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 5, 5)
        painter.setFont(style.font("label"))
        painter.setPen(style.flow_text_colour(self.direction) if self.label else QColor("#777"))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), self._shown)
