"""Layers: items that draw many things at once, so a big map costs a few blits a frame.

``CachedLayer`` is the one cached paint layer: a mouse-transparent item that draws into
a device-coordinate cached pixmap, grows its bounds as what it draws spreads out, and
repaints only the areas it is told changed. ``ArrowLayer`` draws every arrow that is not
being dragged (found through a grid index of the area exposed); ``CardLayer`` draws the
stakeholder cards far out, where each card alone would be one pixmap too many.
``LiveArrows`` draws the arrows of the cards being dragged, uncached, each frame.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import cast

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QWidget

from svx_desktop.canvas import style
from svx_desktop.canvas.flows import FlowArrow
from svx_desktop.canvas.nodes import SELECTION_MARGIN, StakeholderItem
from svx_desktop.canvas.style import Option
from svx_desktop.model.geometry import Point, PolylineIndex, Rect


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

    Below ``style.LOD_SIMPLE`` (``simple``) the cards themselves paint nothing (they still
    take clicks and drags); this layer looks up the cards in the exposed area through the
    scene's grid and draws them, so a whole-map view costs one blit instead of thousands
    of pixmaps. A card being dragged (*live*) paints itself; the layer leaves it out.
    """

    def __init__(
        self,
        cards_in: Callable[[QRectF], list[StakeholderItem]],
        cards: Mapping[str, StakeholderItem],
    ) -> None:
        super().__init__(3)
        self._cards_in = cards_in
        self._cards = cards
        self.simple = False
        self._live: set[str] = set()
        self._selected: set[str] = set()
        self.setVisible(False)

    def set_simple(self, simple: bool, selected: set[str]) -> None:
        """Draw the cards here (``simple``) or let each card draw itself."""
        if simple == self.simple:
            return
        self.simple = simple
        for card in self._cards.values():
            card.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, simple and not card.live)
        self._selected = selected
        self.setVisible(simple)
        self.update()

    def added(self, card: StakeholderItem) -> None:
        if self.simple:
            card.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
            self.repaint(card.scene_rect())

    def removed(self, sid: str, card: StakeholderItem | None) -> None:
        if card is not None and self.simple:
            self.repaint(card.scene_rect())
        self._live.discard(sid)
        self._selected.discard(sid)

    def moved(self, card: StakeholderItem, old: Rect | None) -> None:
        if self.simple and not card.live:
            if old is not None:
                self.repaint(QRectF(old[0], old[1], old[2] - old[0], old[3] - old[1]))
            self.repaint(card.scene_rect())

    def select(self, selected: set[str]) -> None:
        """Far out, draw the cards whose selection changed again."""
        if not self.simple:
            return
        for sid in selected ^ self._selected:
            card = self._cards.get(sid)
            if card is not None:
                self.repaint(card.scene_rect())
        self._selected = selected

    def make_live(self, card: StakeholderItem) -> None:
        """``card`` is being dragged: it paints itself, outside the layer."""
        if card.live:
            return
        card.live = True
        self._live.add(card.element_id)
        if self.simple:
            card.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, False)
            self.repaint(card.scene_rect())  # erases it from the layer

    def end_live(self) -> None:
        for sid in self._live:
            card = self._cards.get(sid)
            if card is not None:
                card.live = False
                if self.simple:
                    card.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
                    self.repaint(card.scene_rect())
        self._live.clear()

    def repaint(self, rect: QRectF) -> None:
        """Draw the cards in ``rect`` (scene coordinates) again."""
        self.cover(rect)
        if self.isVisible():
            m = SELECTION_MARGIN
            self.update(rect.adjusted(-m, -m, m, m))

    def paint(self, painter: QPainter, option: Option, widget: QWidget | None = None) -> None:
        for card in self._cards_in(option.exposedRect):
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
        self._bulk = 0  # how many bulk changes are open (they nest)
        #: Arrows changed during a bulk change, indexed once when it ends (or when asked).
        self._waiting: dict[int, FlowArrow] = {}

    def _near(self, rect: Rect) -> set[int]:
        """The keys (``id`` of each arrow) of the arrows that may cross ``rect``."""
        self._index_waiting()
        return cast("set[int]", self._index.near(rect))

    def _index_waiting(self) -> None:
        if not self._waiting:
            return
        waiting, self._waiting = self._waiting, {}
        for arrow in waiting.values():
            self._record(arrow)

    def arrows_near(self, rect: Rect) -> list[FlowArrow]:
        """The arrows that may cross ``rect`` (as last tracked)."""
        return [self._arrows[k] for k in self._near(rect)]

    def begin_bulk(self) -> None:
        """Record changes without repainting piecemeal (``end_bulk`` repaints once; bulk
        changes nest, and the outermost end indexes and repaints)."""
        self._bulk += 1

    def end_bulk(self) -> None:
        self._bulk = max(self._bulk - 1, 0)
        if self._bulk == 0:
            self._index_waiting()
            self.update()

    def arrow_at(self, point: Point, tolerance: float) -> FlowArrow | None:
        """The arrow nearest to ``point`` within ``tolerance`` (scene units), if any."""
        x, y = point
        best, best_d = None, tolerance
        for key in self._near((x - tolerance, y - tolerance, x + tolerance, y + tolerance)):
            arrow = self._arrows[key]
            if not arrow.paint_bounds.adjusted(
                -tolerance, -tolerance, tolerance, tolerance
            ).contains(QPointF(x, y)):
                continue
            d = arrow.distance(point)
            if d <= best_d:
                best, best_d = arrow, d
        return best

    def track(self, arrow: FlowArrow) -> None:
        """Record the arrow's current drawing and repaint where it was and where it is.

        During a bulk change the arrow is only noted: one that changes several times
        (its curve, then its leader line) is indexed once, when the change ends."""
        if self._bulk:
            key = id(arrow)
            self._waiting[key] = arrow
            self._register(key, arrow)
            return
        old = self._painted.get(id(arrow))
        r = self._record(arrow)
        if old is not None:
            self.update(old)
        if not r.isEmpty():
            self.update(r)

    def _record(self, arrow: FlowArrow) -> QRectF:
        """Index the arrow's current drawing; what it paints now."""
        key = id(arrow)
        r = QRectF(arrow.paint_bounds)
        if r.isEmpty():
            self._index.remove(key)
            self._painted.pop(key, None)
        else:
            self._index.set(key, arrow.samples())
            self._painted[key] = r
            self._register(key, arrow)
            self.cover(r)
        return r

    def _register(self, key: int, arrow: FlowArrow) -> None:
        """Note a newly tracked arrow: the painting order is the order of first tracking."""
        if key not in self._arrows:
            self._arrows[key] = arrow
            self._order[key] = self._next
            self._next += 1

    def untrack(self, arrow: FlowArrow) -> None:
        key = id(arrow)
        self._waiting.pop(key, None)
        old = self._painted.pop(key, None)
        self._index.remove(key)
        self._arrows.pop(key, None)
        self._order.pop(key, None)
        if old is not None:
            self.update(old)

    def paint(self, painter: QPainter, option: Option, widget: QWidget | None = None) -> None:
        exposed: QRectF = option.exposedRect
        lod = style.lod(option, painter)
        keys = self._near((exposed.left(), exposed.top(), exposed.right(), exposed.bottom()))
        arrows = [
            self._arrows[k]
            for k in sorted(keys, key=self._order.__getitem__)
            if not self._arrows[k].live and self._arrows[k].paint_bounds.intersects(exposed)
        ]
        if lod < style.LOD_SIMPLE:
            # Far out: plain lines, one call per colour.
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            groups: dict[int, tuple[QColor, list[QLineF]]] = {}
            for a in arrows:
                colour = a.colour()
                groups.setdefault(colour.rgba(), (colour, []))[1].append(a.simple_line())
            for colour, lines in groups.values():
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

    def paint(self, painter: QPainter, option: Option, widget: QWidget | None = None) -> None:
        lod = style.lod(option, painter)
        for arrow in self.arrows:
            arrow.draw(painter, lod)
