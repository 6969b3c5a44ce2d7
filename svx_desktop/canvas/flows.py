"""Flow items: one curved arrow per stakeholder and direction, one label item per flow.

Flows of the same stakeholder and direction are bundled: they share one arrow
(``FlowArrowItem``) and their labels (``FlowItem``, one per flow, selectable) are stacked
beside it. ``provides`` arrows run stakeholder → organisation and ``expects`` arrows
organisation → stakeholder; each bends to its own left, so the two directions of a
stakeholder sit on separate offset curves with their labels on the outer sides.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from svx_desktop.canvas import style
from svx_desktop.canvas.nodes import plain_tooltip
from svx_desktop.model import Direction, Flow
from svx_desktop.model.geometry import Point, PolylineIndex
from svx_desktop.model.geometry import distance_to_segment as _segment_distance
from svx_desktop.model.stacks import Curve
from svx_desktop.model.stacks import flow_curve as _flow_curve

FLOW_TYPE = QGraphicsItem.UserType + 5

_HEAD_LENGTH = 13.0
_HEAD_HALF_WIDTH = 6.5
#: A stack further than this from its arrow gets a dotted leader line.
LEADER_MIN = 14.0  # how far each direction's ends sit from the centre line


def flow_curve(source: QRectF, target: QRectF) -> Curve | None:
    """The curve from the ``source`` box to the ``target`` box, bending to its left
    (``model.stacks.flow_curve``, which Arrange uses too). None when the boxes overlap."""
    return _flow_curve(
        (source.left(), source.top(), source.right(), source.bottom()),
        (target.left(), target.top(), target.right(), target.bottom()),
    )


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
        self._path = QPainterPath()
        self._head = QPolygonF()
        self._line = (QPointF(), QPointF())
        self._leader: tuple[QPointF, QPointF] | None = None
        #: What the arrow paints, in scene coordinates (curve, head, leader line).
        self.paint_bounds = QRectF()
        self._polyline: list[Point] = []

    def set_curve(self, curve: Curve | None, count: int) -> None:
        self.curve = curve
        self.count = count
        self._path = QPainterPath()
        self._head = QPolygonF()
        if curve is None or count == 0:
            self._leader = None
            self._update_bounds()
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

    def set_leader(self, on_curve: Point, at_label: Point) -> bool:
        """A thin line from the arrow to its label stack when the stack sits apart.

        Returns True if the leader changed.
        """
        leader = None
        if math.dist(on_curve, at_label) > LEADER_MIN:
            leader = (QPointF(*on_curve), QPointF(*at_label))
        if leader == self._leader:
            return False
        self._leader = leader
        self._update_bounds()
        return True

    def _update_bounds(self) -> None:
        """Recompute the painted bounds and the polyline used for hit tests."""
        if self.curve is None or self.count == 0:
            self.paint_bounds = QRectF()
            self._polyline = []
            return
        bounds = self._path.boundingRect().united(self._head.boundingRect())
        if self._leader is not None:
            bounds = bounds.united(QRectF(*self._leader).normalized())
        self.paint_bounds = bounds.adjusted(-4, -4, 4, 4)
        self._polyline = [self.curve.point(i / 16) for i in range(17)]

    def sceneBoundingRect(self) -> QRectF:
        """What the arrow paints, in scene coordinates (as for an item)."""
        return QRectF(self.paint_bounds)

    def distance(self, point: Point) -> float:
        """How far ``point`` is from the arrow's curve (or its leader line)."""
        segments = list(zip(self._polyline, self._polyline[1:], strict=False))
        if self._leader is not None:
            a, b = self._leader
            segments.append(((a.x(), a.y()), (b.x(), b.y())))
        return min((_segment_distance(point, a, b) for a, b in segments), default=math.inf)

    def pen_width(self) -> float:
        return min(2.0 + 0.5 * (self.count - 1), 4.0)

    def colour(self) -> QColor:
        return style.SELECTION_COLOUR if self.highlighted else style.flow_colour(self.direction)

    def samples(self) -> list[Point]:
        """Points along everything the arrow draws, no further apart than a grid cell."""
        if self.curve is None or self.count == 0:
            return []
        n = max(2, math.ceil(self.curve.length() / 512.0) + 1)
        points = [self.curve.point(i / (n - 1)) for i in range(n)]
        if self._leader is not None:
            a, b = self._leader
            m = max(2, math.ceil(QLineF(a, b).length() / 512.0) + 1)
            for i in range(m):
                t = i / (m - 1)
                points.append((a.x() + (b.x() - a.x()) * t, a.y() + (b.y() - a.y()) * t))
        return points

    def simple_line(self) -> QLineF:
        return QLineF(*self._line)

    def draw(self, painter: QPainter, lod: float) -> None:
        """Paint the arrow (used by the layer, and by the item itself while live)."""
        if self.curve is None or self.count == 0:
            return
        colour = self.colour()
        if lod < style.LOD_SIMPLE:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
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
        if self._leader is not None and lod >= style.LOD_LABELS:
            painter.setPen(QPen(colour, 1.3, Qt.PenStyle.DotLine))
            painter.drawLine(*self._leader)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(self._leader[0], 2.5, 2.5)


#: The old name: the arrow used to be a graphics item.
FlowArrowItem = FlowArrow


class LiveArrows(QGraphicsItem):
    """Draws the live arrows (those of the cards being dragged), uncached, each frame."""

    def __init__(self) -> None:
        super().__init__()
        self.arrows: list[FlowArrow] = []
        self._bounds = QRectF()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(1)

    def set_arrows(self, arrows: list[FlowArrow]) -> None:
        self.arrows = arrows
        self.refresh()

    def refresh(self) -> None:
        """The live arrows moved or changed: repaint where they were and where they are."""
        bounds = QRectF()
        for a in self.arrows:
            bounds = bounds.united(a.paint_bounds)
        self.prepareGeometryChange()
        self._bounds = bounds
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return QPainterPath()

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        for arrow in self.arrows:
            arrow.draw(painter, lod)


class ArrowLayer(QGraphicsItem):
    """Draws every arrow that is not live into one device-coordinate cached pixmap.

    Thousands of arrows then cost one blit a frame; when an arrow changes, only the area
    it covered and now covers is painted again (``track``), and that paint looks up the
    arrows in the exposed area through a grid index instead of walking them all.
    """

    _GROW = 4000.0

    def __init__(self) -> None:
        super().__init__()
        self._index = PolylineIndex(reach=12.0)
        self._painted: dict[int, QRectF] = {}
        self._arrows: dict[int, FlowArrowItem] = {}
        self._order: dict[int, int] = {}
        self._next = 0
        self._bulk = False
        self._bounds = QRectF(-self._GROW, -self._GROW, 2 * self._GROW, 2 * self._GROW)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(0)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return QPainterPath()  # never hit: the arrow items catch clicks

    def begin_bulk(self) -> None:
        """Record changes without repainting piecemeal (``end_bulk`` repaints once)."""
        self._bulk = True

    def end_bulk(self) -> None:
        self._bulk = False
        self.update()

    def arrow_at(self, point: Point, tolerance: float) -> FlowArrow | None:
        """The arrow nearest to ``point`` within ``tolerance`` (scene units), if any."""
        x, y = point
        best, best_d = None, tolerance
        for key in self._index.near((x - tolerance, y - tolerance, x + tolerance, y + tolerance)):
            arrow = self._arrows[key]
            if not arrow.paint_bounds.adjusted(
                -tolerance, -tolerance, tolerance, tolerance
            ).contains(QPointF(x, y)):
                continue
            d = arrow.distance(point)
            if d <= best_d:
                best, best_d = arrow, d
        return best

    def track(self, arrow: FlowArrowItem) -> None:
        """Record the arrow's current drawing and repaint where it was and where it is."""
        key = id(arrow)
        old = self._painted.get(key)
        r = QRectF(arrow.paint_bounds)
        if r.isEmpty():
            self._index.remove(key)
            self._painted.pop(key, None)
        else:
            self._index.set(key, arrow.samples())
            self._painted[key] = r
            if key not in self._arrows:
                self._arrows[key] = arrow
                self._order[key] = self._next
                self._next += 1
            if not self._bounds.contains(r):
                self.prepareGeometryChange()
                self._bounds = self._bounds.united(
                    r.adjusted(-self._GROW, -self._GROW, self._GROW, self._GROW)
                )
        if self._bulk:
            return
        if old is not None:
            self.update(old)
        if not r.isEmpty():
            self.update(r)

    def untrack(self, arrow: FlowArrowItem) -> None:
        key = id(arrow)
        old = self._painted.pop(key, None)
        self._index.remove(key)
        self._arrows.pop(key, None)
        self._order.pop(key, None)
        if old is not None:
            self.update(old)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        exposed = option.exposedRect
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        keys = self._index.near((exposed.left(), exposed.top(), exposed.right(), exposed.bottom()))
        arrows = [
            self._arrows[k]
            for k in sorted(keys, key=self._order.__getitem__)
            if not self._arrows[k].live and self._arrows[k].paint_bounds.intersects(exposed)
        ]
        if lod < style.LOD_SIMPLE:
            # Far out: plain lines, one call per colour.
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            groups: dict[tuple[Direction, bool], list[QLineF]] = {}
            for a in arrows:
                groups.setdefault((a.direction, a.highlighted), []).append(a.simple_line())
            for (direction, lit), lines in groups.items():
                colour = style.SELECTION_COLOUR if lit else style.flow_colour(direction)
                painter.setPen(QPen(colour, 0))
                painter.drawLines(lines)
            return
        for a in arrows:
            a.draw(painter, lod)


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
        self._shown = style.elide(flow.label, "label", style.LABEL_MAX_WIDTH) or "(no label)"
        fm = style.metrics("label")
        size = (fm.horizontalAdvance(self._shown) + 14, fm.height() + 6)
        if size != self._size:
            self._size = size
            self.setRect(QRectF(0, 0, size[0], size[1]))
        self.update()

    def tooltip_html(self) -> str:
        """The full label for a tooltip, escaped so it shows literally."""
        return plain_tooltip(self.label)

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

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
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
