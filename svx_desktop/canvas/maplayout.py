"""A map laid out exactly as ``MapScene`` lays it out, without graphics items: for pictures.

``MapLayout(vmap)`` measures every card, note, the organisation and every label with the
canvas's own functions (``style.card_size``, ``style.label_size``, ``nodes.organisation_shape``,
``nodes.note_shape``), fills the same ``ObstacleGrid`` in the same order, and lets the
scene's own ``Bundles`` place the arrows and label stacks (the same placer, order and
leader lines), with the net badges and journey marks the scene's followers would show. It
answers the questions ``canvas.drawing.scene_drawing`` asks of a scene (the whole map, no
selection), through light stand-ins for the items that carry the same geometry, so an
export draws what the editor shows while skipping the thousands of ``QGraphicsItem``
objects an editor needs for interaction (half the time of a big map's export).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor

from svx_desktop.canvas import style
from svx_desktop.canvas.bundles import Bundles, rect_tuple
from svx_desktop.canvas.flows import FlowArrow
from svx_desktop.canvas.journeymarks import JourneyMark, mark_of
from svx_desktop.canvas.nodes import (
    SELECTION_MARGIN,
    border_point,
    note_shape,
    organisation_shape,
)
from svx_desktop.model import Category, Direction, Flow, Note, Stakeholder, ValueMap
from svx_desktop.model.geometry import ObstacleGrid, Point, Rect
from svx_desktop.model.netvalue import NetFigures, net_figures


class _Node:
    """What a picture reads of a node item: its box about its position.

    The box is kept as plain floats, in scene coordinates as the bundles and the grid ask
    for them (``scene_box``, ``scene_centre``: the floats ``QRectF.translated`` and
    ``center`` give), and as ``QRectF`` only for the drawing, which asks a few times."""

    kind = "node"

    def __init__(
        self, element_id: str, rect: tuple[float, float, float, float], position: Point
    ) -> None:
        self.element_id = element_id
        #: The box about the position: x, y, width, height (as ``QRectF`` holds them).
        self._rect = rect
        x, y, w, h = rect
        px, py = self._pos = (float(position[0]), float(position[1]))
        left, top = x + px, y + py
        self._box = (left, top, left + w, top + h)
        self._centre = (left + w / 2, top + h / 2)

    def pos(self) -> QPointF:
        return QPointF(*self._pos)

    def body_rect(self) -> QRectF:
        return QRectF(*self._rect)

    def scene_rect(self) -> QRectF:
        left, top, _, _ = self._box
        return QRectF(left, top, self._rect[2], self._rect[3])

    def scene_box(self) -> Rect:
        return self._box

    def scene_centre(self) -> Point:
        return self._centre

    def isVisible(self) -> bool:
        return True


def _xywh(rect: QRectF) -> tuple[float, float, float, float]:
    return (rect.x(), rect.y(), rect.width(), rect.height())


class _Handle:
    def __init__(self, at: Point) -> None:
        self._at = at

    def pos(self) -> QPointF:
        return QPointF(*self._at)


class LaidOrganisation(_Node):
    kind = "organisation"

    def __init__(self, vmap: ValueMap) -> None:
        org = vmap.organisation
        self.lines, rect = organisation_shape(org)
        super().__init__(org.id, _xywh(rect), org.position)
        self.name = org.name


class LaidNote(_Node):
    kind = "note"

    def __init__(self, note: Note) -> None:
        self.lines, rect = note_shape(note)
        super().__init__(note.id, _xywh(rect), note.position)


class LaidCard(_Node):
    """A stakeholder card as ``StakeholderItem`` draws it (name, colour, badge, mark)."""

    kind = "stakeholder"

    def __init__(
        self, stakeholder: Stakeholder, category: Category, organisation: Point, height: float
    ) -> None:
        self.name = stakeholder.name
        self.shown_name, width = style.card_size(stakeholder.name)
        x, y = -width / 2, -height / 2
        super().__init__(stakeholder.id, (x, y, width, height), stakeholder.position)
        self.colour = QColor(stakeholder.colour or category.colour)
        self.icon = category.icon
        self.category_name = category.name
        self.figures: NetFigures | None = None
        self.journey_mark: JourneyMark | None = None
        # The flow handle on the edge facing the organisation (``place_handle``).
        dx, dy = organisation[0] - self._pos[0], organisation[1] - self._pos[1]
        if dx == 0 and dy == 0:
            dx = 1.0
        at = border_point(QRectF(x, y, width, height), dx, dy)
        self.handle = _Handle((at.x(), at.y()))


class LaidLabel:
    """A flow label as ``FlowItem`` draws it: moved into place by the bundles."""

    def __init__(self, flow: Flow) -> None:
        self.element_id = flow.id
        self.stakeholder_id = flow.stakeholder_id
        self.direction = flow.direction
        self.label = flow.label
        self.shown_label, self.size = style.label_size(flow.label)
        self._x = self._y = 0.0

    def setPos(self, x: float, y: float) -> None:
        self._x, self._y = x, y

    def isSelected(self) -> bool:
        return False

    def isVisible(self) -> bool:
        return True

    def sceneBoundingRect(self) -> QRectF:
        return QRectF(self._x, self._y, self.size[0], self.size[1])


class _ArrowList:
    """Stands in for the scene's ``ArrowLayer``: the arrows without a grid index (which a
    layout would build only for the legend to ask where arrows run, a few times)."""

    def __init__(self) -> None:
        self._arrows: dict[int, FlowArrow] = {}

    def begin_bulk(self) -> None:
        pass

    def end_bulk(self) -> None:
        pass

    def track(self, arrow: FlowArrow) -> None:
        self._arrows[id(arrow)] = arrow

    def untrack(self, arrow: FlowArrow) -> None:
        self._arrows.pop(id(arrow), None)

    def arrows_near(self, rect: Rect) -> list[FlowArrow]:
        """The arrows whose drawing reaches into ``rect`` (left, top, right, bottom)."""
        box = QRectF(rect[0], rect[1], rect[2] - rect[0], rect[3] - rect[1])
        left, top, right, bottom = rect
        out: list[FlowArrow] = []
        for a in self._arrows.values():
            # Most arrows are far away: ruled out by their control points' box before
            # their exact bounds (and so their paths) are made.
            rough = a.rough_bounds()
            if rough is None or (
                rough[2] < left or right < rough[0] or rough[3] < top or bottom < rough[1]
            ):
                continue
            if a.paint_bounds.intersects(box):
                out.append(a)
        return out


class MapLayout:
    """The geometry of a whole map as its scene has it (see the module docstring)."""

    def __init__(self, vmap: ValueMap) -> None:
        self.map = vmap
        self._grid = ObstacleGrid()
        self.organisation_item = LaidOrganisation(vmap)
        org = self.organisation_item
        grid = self._grid
        grid.set("org", org.scene_box())
        self._cards: dict[str, LaidCard] = {}
        height = style.card_height()
        category = vmap.category
        for s in vmap.stakeholders:
            card = self._cards[s.id] = LaidCard(s, category(s.category), org._pos, height)
            grid.set(("card", s.id), card.scene_box())
        self._notes: dict[str, LaidNote] = {}
        for n in vmap.notes:
            note = self._notes[n.id] = LaidNote(n)
            grid.set(("note", n.id), note.scene_box())
        self._labels = {f.id: LaidLabel(f) for f in vmap.flows}
        self.bundles = Bundles(
            vmap,
            org,  # type: ignore[arg-type]
            self._cards,  # type: ignore[arg-type]
            self._labels,  # type: ignore[arg-type]
            self._grid,
        )
        self.bundles.layer = _ArrowList()  # type: ignore[assignment]
        # Every arrow first, then every label stack, as the scene does.
        self.bundles.place_all()
        for figures in net_figures(vmap):
            owner = self._cards.get(figures.stakeholder_id)
            if owner is not None:
                owner.figures = figures
        for sid in vmap.journeys.stakeholders_with_journeys():
            if sid in self._cards:
                self._cards[sid].journey_mark = mark_of(vmap, sid)

    def ensure_labels(self) -> None:
        self.bundles.ensure_labels()

    def stakeholder_items(self) -> list[LaidCard]:
        return list(self._cards.values())

    def flow_items(self) -> list[LaidLabel]:
        self.ensure_labels()
        return list(self._labels.values())

    def note_items(self) -> list[LaidNote]:
        return list(self._notes.values())

    def arrow_items(self) -> list[FlowArrow]:
        return list(self.bundles.arrows.values())

    def label_stack_rect(self, stakeholder_id: str, direction: Direction) -> Rect | None:
        """The stack's rectangle as (left, top, right, bottom), as the grid holds it."""
        self.ensure_labels()
        return self._grid.get(("stack", stakeholder_id, direction))

    def occupied(self, rect: QRectF) -> bool:
        """Whether a node (with its selection margin, as an item's bounds), a label or an
        arrow lies in ``rect``: the scene's ``occupied`` asked of this layout (with the
        arithmetic of ``QRectF.adjusted`` and ``intersects``, on floats)."""
        m = SELECTION_MARGIN
        area = (rect.x(), rect.y(), rect.width(), rect.height())
        nodes = [self.organisation_item, *self._cards.values(), *self._notes.values()]
        for node in nodes:
            left, top, _, _ = node._box
            _, _, w, h = node._rect
            if _intersects((left - m, top - m, w + m + m, h + m + m), area):
                return True
        for label in self._labels.values():
            if _intersects((label._x, label._y, *label.size), area):
                return True
        return self.bundles.arrow_within(rect_tuple(rect), 1.0)


def _intersects(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """``QRectF(*a).intersects(QRectF(*b))`` for (x, y, width, height) tuples."""
    for p, extent, q, other in ((a[0], a[2], b[0], b[2]), (a[1], a[3], b[1], b[3])):
        lo1 = hi1 = p
        if extent < 0:
            lo1 += extent
        else:
            hi1 += extent
        lo2 = hi2 = q
        if other < 0:
            lo2 += other
        else:
            hi2 += other
        if lo1 == hi1 or lo2 == hi2 or lo1 >= hi2 or lo2 >= hi1:
            return False
    return True


__all__ = ["LaidCard", "LaidLabel", "LaidNote", "LaidOrganisation", "MapLayout"]
