"""Layers: items that draw many things at once, so a big map costs a few blits a frame.

``CachedLayer`` is the one cached paint layer: a mouse-transparent item that draws into
a device-coordinate cached pixmap, grows its bounds as what it draws spreads out, and
repaints only the areas it is told changed. ``ArrowLayer`` draws every arrow that is not
being dragged (found through a grid index of the area exposed); ``CardLayer`` draws the
stakeholder cards far out, where each card alone would be one pixmap too many.
``LiveArrows`` draws the arrows of the cards being dragged, uncached, each frame.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from svx_desktop.canvas import style
from svx_desktop.canvas.flows import FlowArrow
from svx_desktop.canvas.nodes import SELECTION_MARGIN, StakeholderItem
from svx_desktop.model import Direction
from svx_desktop.model.geometry import Point, PolylineIndex


class _DrawOnly(QGraphicsItem):
    """An item that only draws: never hit by the mouse, bounds kept by its subclass."""

    def __init__(self, z: float) -> None:
        super().__init__()
        self._bounds = QRectF()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(z)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return QPainterPath()  # never hit: the items underneath catch clicks


class CachedLayer(_DrawOnly):
    """Draws many things into one device-coordinate cached pixmap (see the docstring)."""

    _GROW = 4000.0

    def __init__(self, z: float) -> None:
        super().__init__(z)
        self._bounds = QRectF(-self._GROW, -self._GROW, 2 * self._GROW, 2 * self._GROW)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def cover(self, rect: QRectF) -> None:
        """Grow the bounds (generously, so it happens seldom) to hold ``rect``."""
        if not self._bounds.contains(rect):
            self.prepareGeometryChange()
            g = self._GROW
            self._bounds = self._bounds.united(rect.adjusted(-g, -g, g, g))


class CardLayer(CachedLayer):
    """Far out, draws every stakeholder card as a simple block into one cached pixmap.

    Below ``style.LOD_SIMPLE`` the cards themselves paint nothing (they still take clicks
    and drags); this layer looks up the cards in the exposed area through the scene's grid
    and draws them, so a whole-map view costs one blit instead of thousands of pixmaps.
    """

    def __init__(self, cards: Callable[[QRectF], list[StakeholderItem]]) -> None:
        super().__init__(3)
        self._cards = cards

    def repaint(self, rect: QRectF) -> None:
        """Draw the cards in ``rect`` (scene coordinates) again."""
        self.cover(rect)
        if self.isVisible():
            m = SELECTION_MARGIN
            self.update(rect.adjusted(-m, -m, m, m))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        for card in self._cards(option.exposedRect):  # type: ignore[attr-defined]
            if not card.live:
                card.paint_simple(painter, card.pos())


class ArrowLayer(CachedLayer):
    """Draws every arrow that is not live into one device-coordinate cached pixmap.

    Thousands of arrows then cost one blit a frame; when an arrow changes, only the area
    it covered and now covers is painted again (``track``), and that paint looks up the
    arrows in the exposed area through a grid index instead of walking them all.
    """

    def __init__(self) -> None:
        super().__init__(0)
        self._index = PolylineIndex(reach=12.0)
        self._painted: dict[int, QRectF] = {}
        self._arrows: dict[int, FlowArrow] = {}
        self._order: dict[int, int] = {}
        self._next = 0
        self._bulk = False

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
            arrow = self._arrows[key]  # type: ignore[index]
            if not arrow.paint_bounds.adjusted(
                -tolerance, -tolerance, tolerance, tolerance
            ).contains(QPointF(x, y)):
                continue
            d = arrow.distance(point)
            if d <= best_d:
                best, best_d = arrow, d
        return best

    def track(self, arrow: FlowArrow) -> None:
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
            self.cover(r)
        if self._bulk:
            return
        if old is not None:
            self.update(old)
        if not r.isEmpty():
            self.update(r)

    def untrack(self, arrow: FlowArrow) -> None:
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
        exposed: QRectF = option.exposedRect  # type: ignore[attr-defined]
        lod = style.lod(option, painter)
        keys = self._index.near((exposed.left(), exposed.top(), exposed.right(), exposed.bottom()))
        arrows = [
            self._arrows[k]
            for k in sorted(keys, key=self._order.__getitem__)  # type: ignore[index]
            if not self._arrows[k].live and self._arrows[k].paint_bounds.intersects(exposed)  # type: ignore[index]
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


class LiveArrows(_DrawOnly):
    """Draws the live arrows (those of the cards being dragged), uncached, each frame."""

    def __init__(self) -> None:
        super().__init__(1)
        self.arrows: list[FlowArrow] = []

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

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        lod = style.lod(option, painter)
        for arrow in self.arrows:
            arrow.draw(painter, lod)
