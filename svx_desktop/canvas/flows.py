"""Flow items: one curved arrow per stakeholder and direction, one label item per flow.

Flows of the same stakeholder and direction are bundled: they share one arrow
(``FlowArrowItem``) and their labels (``FlowItem``, one per flow, selectable) are stacked
beside it. ``provides`` arrows run stakeholder → organisation and ``expects`` arrows
organisation → stakeholder; each bends to its own left, so the two directions of a
stakeholder sit on separate offset curves with their labels on the outer sides.

``LOOK`` holds the two view settings (View ▸ Weighted Flows, View ▸ Colour by Met Today;
kept in ``QSettings`` by the window, never in the map) that every arrow reads when it
paints: line width by the total importance of its flows, and the colour of the worst
"met today" among them (an arrow with nothing rated keeps its direction's colour).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QWidget,
)

from svx_desktop.canvas import style
from svx_desktop.canvas.badge import health_colour
from svx_desktop.canvas.nodes import USER_TYPE
from svx_desktop.canvas.style import Option
from svx_desktop.model import Direction, Flow
from svx_desktop.model.geometry import Point, Rect
from svx_desktop.model.geometry import distance_to_segment as _segment_distance
from svx_desktop.model.health import Health
from svx_desktop.model.legible import HEAD_HALF_WIDTH, HEAD_LENGTH
from svx_desktop.model.stacks import Curve

if TYPE_CHECKING:
    from svx_desktop.canvas.drawingdata import PathData

FLOW_TYPE = USER_TYPE + 5

_HEAD_LENGTH = HEAD_LENGTH
_HEAD_HALF_WIDTH = HEAD_HALF_WIDTH
#: A stack further than this from its arrow gets a leader line, ``LEADER_WIDTH`` wide.
LEADER_MIN = 14.0
LEADER_WIDTH = 2.0


@dataclass
class FlowLook:
    """How arrows are drawn: ``weighted`` by importance, coloured ``by_met`` today."""

    weighted: bool = False
    by_met: bool = False


#: The look every arrow paints with (set by the window from its view settings).
LOOK = FlowLook()


class FlowArrow:
    """The curved arrow of one stakeholder's flows in one direction.

    Not a graphics item: thousands of long arrows as items would cost memory in the
    scene's index and time in every paint. The scene's ``ArrowLayer`` draws them into one
    cached pixmap and finds the one under the mouse (``distance``); while the arrow is
    *live* (its stakeholder is being dragged) the ``LiveArrows`` item draws it instead.
    """

    def __init__(self, stakeholder_id: str, direction: Direction) -> None:
        self.stakeholder_id = stakeholder_id
        self.direction = direction
        self.curve: Curve | None = None
        self.count = 0
        self.highlighted = False
        self.live = False
        #: Its flows, as ``set_flows`` was last given them (the bundle's label stack).
        self.flows: tuple[Flow, ...] = ()
        #: The curve's start and end (the simple line drawn far out).
        self._ends = (0.0, 0.0, 0.0, 0.0)
        #: What it draws, as floats: the curve's start, control point and end at the
        #: head's base, then the head's tip and wings (None: nothing to draw).
        self._shape: tuple[float, ...] | None = None
        #: The leader line's ends (on the curve, at the label stack), if it has one.
        self._leader_at: tuple[float, float, float, float] | None = None
        # Made from ``_shape`` when first asked for (``path``, ``head``, ``paint_bounds``):
        # a layout for a picture never needs the bounds of thousands of arrows.
        self._path: QPainterPath | None = None
        self._head: QPolygonF | None = None
        self._curve_bounds: QRectF | None = None
        self._bounds: QRectF | None = None
        self._leader: tuple[QPointF, QPointF] | None = None
        #: The curve as 17 points for hit tests, made on the first hit test after a change
        #: (opening a map of thousands of arrows needs none of them).
        self._polyline: list[Point] | None = None

    def set_curve(self, curve: Curve | None, count: int) -> None:
        self.curve = curve
        self.count = count
        self._path = self._head = self._curve_bounds = self._bounds = None
        self._polyline = None
        if curve is None or count == 0:
            self._shape = None
            self._leader_at = self._leader = None
            return
        (x0, y0), (cx, cy), (x2, y2) = curve.p0, curve.c, curve.p2
        self._ends = (x0, y0, x2, y2)
        tx, ty = x2 - cx, y2 - cy
        norm = math.hypot(tx, ty) or 1.0
        tx, ty = tx / norm, ty / norm
        scale = style.type_scale("label")  # arrows keep in step with larger type
        length, half = _HEAD_LENGTH * scale, _HEAD_HALF_WIDTH * scale
        bx, by = x2 - tx * length, y2 - ty * length
        self._shape = (
            x0,
            y0,
            cx,
            cy,
            bx,
            by,
            x2,
            y2,
            bx - ty * half,
            by + tx * half,
            bx + ty * half,
            by - tx * half,
        )

    def set_flows(self, flows: Iterable[Flow]) -> None:
        """Note its flows: the label stack, and what the view settings read (``weight``,
        ``worst``, worked out only when a view setting asks)."""
        self.flows = tuple(flows)

    @property
    def weight(self) -> int:
        """The total importance of its flows."""
        return sum(f.importance for f in self.flows)

    @property
    def worst(self) -> Health | None:
        """The worst "met today" among its flows (None when none is rated)."""
        rated = [f.met_today for f in self.flows if f.met_today is not None]
        return min(rated) if rated else None

    def set_leader(self, on_curve: Point, at_label: Point) -> bool:
        """A thin line from the arrow to its label stack when the stack sits apart.

        Returns True if the leader changed.
        """
        at = None
        if math.dist(on_curve, at_label) > LEADER_MIN:
            at = (on_curve[0], on_curve[1], at_label[0], at_label[1])
        old = self._leader_at
        if at is None or old is None:
            if at is old:
                return False
        elif (QPointF(at[0], at[1]), QPointF(at[2], at[3])) == self.leader:
            return False  # as near as ``QPointF`` equality tells
        self._leader_at = at
        self._leader = None
        self._bounds = None
        self._polyline = None
        return True

    @property
    def paint_bounds(self) -> QRectF:
        """What the arrow paints, in scene coordinates (curve, head, leader line)."""
        bounds = self._bounds
        if bounds is None:
            bounds = self._bounds = self._paint_bounds()
        return bounds

    def _paint_bounds(self) -> QRectF:
        if self.curve is None or self.count == 0:
            return QRectF()
        bounds = self._curve_bounds
        if bounds is None:
            bounds = self._curve_bounds = self.path.boundingRect().united(self.head.boundingRect())
        leader = self.leader
        if leader is not None:
            bounds = bounds.united(QRectF(*leader).normalized())
        return bounds.adjusted(-4, -4, 4, 4)

    def rough_bounds(self) -> Rect | None:
        """A box (left, top, right, bottom) round everything the arrow paints, a little
        larger than ``paint_bounds`` (the curve's control points, not its extremes): to
        rule arrows out without making their paths. None when it paints nothing."""
        shape = self._shape
        if shape is None or self.curve is None or self.count == 0:
            return None
        xs, ys = list(shape[0::2]), list(shape[1::2])
        if self._leader_at is not None:
            xs += self._leader_at[0::2]
            ys += self._leader_at[1::2]
        return (min(xs) - 5, min(ys) - 5, max(xs) + 5, max(ys) + 5)

    def sceneBoundingRect(self) -> QRectF:
        """What the arrow paints, in scene coordinates (as for an item)."""
        return QRectF(self.paint_bounds)

    def distance(self, point: Point) -> float:
        """How far ``point`` is from the arrow's curve (or its leader line)."""
        if self._polyline is None:
            curve = self.curve
            if curve is None or self.count == 0:
                self._polyline = []
            else:
                self._polyline = [curve.point(i / 16) for i in range(17)]
        segments = list(zip(self._polyline, self._polyline[1:], strict=False))
        if self._leader_at is not None:
            x0, y0, x1, y1 = self._leader_at
            segments.append(((x0, y0), (x1, y1)))
        return min((_segment_distance(point, a, b) for a, b in segments), default=math.inf)

    def pen_width(self) -> float:
        scale = style.type_scale("label")
        if LOOK.weighted:
            return min(1.0 + 1.1 * math.sqrt(self.weight), 8.0) * scale
        return min(2.0 + 0.5 * (self.count - 1), 4.0) * scale

    def colour(self) -> QColor:
        if self.highlighted:
            return style.SELECTION_COLOUR
        if LOOK.by_met:
            worst = self.worst
            if worst is not None:
                return health_colour(worst)
        return style.flow_colour(self.direction)

    def samples(self) -> list[Point]:
        """Points along everything the arrow draws, no further apart than a grid cell."""
        if self.curve is None or self.count == 0:
            return []
        n = max(2, math.ceil(self.curve.length() / 512.0) + 1)
        points = [self.curve.point(i / (n - 1)) for i in range(n)]
        if self.leader is not None:
            a, b = self.leader
            m = max(2, math.ceil(QLineF(a, b).length() / 512.0) + 1)
            for i in range(m):
                t = i / (m - 1)
                points.append((a.x() + (b.x() - a.x()) * t, a.y() + (b.y() - a.y()) * t))
        return points

    def simple_line(self) -> QLineF:
        return QLineF(*self._ends)

    def draw(self, painter: QPainter, lod: float) -> None:
        """Paint the arrow (used by the layer, and by the item itself while live)."""
        if self.curve is None or self.count == 0:
            return
        colour = self.colour()
        if lod < style.LOD_SIMPLE:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(QPen(colour, 0))
            painter.drawLine(self.simple_line())
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(colour, self.pen_width())
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(self.head)
        leader = self.leader
        if leader is not None and lod >= style.LOD_LABELS:
            pen = self.leader_pen()
            painter.setPen(pen)
            painter.drawLine(*leader)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pen.color())
            painter.drawEllipse(leader[0], 3.0, 3.0)

    def leader_pen(self) -> QPen:
        """The leader line's pen: solid, in the darker shade of the arrow's colour (the
        one its labels' text uses), wide enough to follow from the back of the room."""
        colour = (
            style.SELECTION_COLOUR if self.highlighted else style.flow_text_colour(self.direction)
        )
        pen = QPen(colour, LEADER_WIDTH * style.type_scale("label"), Qt.PenStyle.SolidLine)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        return pen

    def outline(self) -> tuple[PathData, tuple[Point, ...]] | None:
        """The line as one cubic curve (what ``path`` holds: Qt raises the quadratic the
        same way) and the head's three points, as floats; None with nothing to draw. What
        a picture reads, without making the Qt shapes."""
        shape = self._shape
        if shape is None:
            return None
        x0, y0, cx, cy, x2, y2 = shape[:6]
        curve = (
            ("M", (x0, y0)),
            (
                "C",
                (
                    (x0 + 2 * cx) / 3,
                    (y0 + 2 * cy) / 3,
                    (x2 + 2 * cx) / 3,
                    (y2 + 2 * cy) / 3,
                    x2,
                    y2,
                ),
            ),
        )
        return curve, ((shape[6], shape[7]), (shape[8], shape[9]), (shape[10], shape[11]))

    @property
    def leader_ends(self) -> tuple[float, float, float, float] | None:
        """The leader line's ends as floats (x0, y0, x1, y1), if the stack sits apart."""
        return self._leader_at

    @property
    def leader(self) -> tuple[QPointF, QPointF] | None:
        """The leader line from the arrow to its label stack, if the stack sits apart."""
        leader = self._leader
        if leader is None and self._leader_at is not None:
            x0, y0, x1, y1 = self._leader_at
            leader = self._leader = (QPointF(x0, y0), QPointF(x1, y1))
        return leader

    @property
    def path(self) -> QPainterPath:
        """The arrow's line as painted (scene coordinates), without its head."""
        path = self._path
        if path is None:
            path = self._path = QPainterPath()
            shape = self._shape
            if shape is not None:
                path.moveTo(shape[0], shape[1])
                path.quadTo(shape[2], shape[3], shape[4], shape[5])
        return path

    @property
    def head(self) -> QPolygonF:
        head = self._head
        if head is None:
            shape = self._shape
            if shape is None:
                head = self._head = QPolygonF()
            else:
                head = self._head = QPolygonF(
                    [
                        QPointF(shape[6], shape[7]),
                        QPointF(shape[8], shape[9]),
                        QPointF(shape[10], shape[11]),
                    ]
                )
        return head


#: The old name: the arrow used to be a graphics item.
FlowArrowItem = FlowArrow


class FlowItem(QGraphicsRectItem):
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
        self.setPen(QPen(Qt.PenStyle.NoPen))
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
        self._shown, size = style.label_size(flow.label)
        if size != self._size:
            self._size = size
            self.setRect(QRectF(0, 0, size[0], size[1]))
        self.update()

    def tooltip_html(self) -> str:
        """The full label for a tooltip, escaped so it shows literally."""
        return style.plain_tooltip(self.label)

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

    def paint(self, painter: QPainter, option: Option, widget: QWidget | None = None) -> None:
        lod = style.lod(option, painter)
        rect = self.rect()
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
