"""Gestures of the map scene that only show things: flow links and placeholders.

``LinkDrag`` owns the dashed line while a flow is dragged from a handle and says which
flow was asked for when it is dropped (never a model change); ``Ghosts`` owns the dashed
placeholder card or arrow shown while something is being named. Both are composed into
``MapScene`` and draw with items of the scene they are given.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsScene

from svx_desktop.canvas import style
from svx_desktop.canvas.nodes import HandleItem, NodeItem, OrganisationItem, StakeholderItem
from svx_desktop.model import Direction
from svx_desktop.model.stacks import STACK_GAP, Curve, stack_path, stack_rect


def node_at(scene: QGraphicsScene, pos: QPointF) -> NodeItem | None:
    """The node (or the node of the handle) under ``pos``, if any."""
    for item in scene.items(pos):
        if isinstance(item, NodeItem):
            return item
        parent = item.parentItem()
        if isinstance(parent, NodeItem):
            return parent
    return None


class LinkDrag:
    """A flow dragged from a handle: stakeholder → organisation provides, the reverse
    expects. ``requested(stakeholder id, direction)`` is called on a valid drop."""

    def __init__(self, scene: QGraphicsScene, requested: Callable[[str, Direction], None]) -> None:
        self._scene = scene
        self._requested = requested
        self._source: HandleItem | None = None
        self._line: QGraphicsPathItem | None = None

    def begin(self, handle: HandleItem, pos: QPointF) -> None:
        self.end(None)
        self._source = handle
        line = QGraphicsPathItem()
        line.setPen(QPen(style.flow_colour(handle.direction), 2.5, Qt.PenStyle.DashLine))
        line.setZValue(50)
        self._scene.addItem(line)
        self._line = line
        self.move(pos)

    def move(self, pos: QPointF) -> None:
        if self._source is None or self._line is None:
            return
        path = QPainterPath(self._source.scenePos())
        path.lineTo(pos)
        self._line.setPath(path)

    def end(self, pos: QPointF | None) -> None:
        source, line = self._source, self._line
        self._source = self._line = None
        if line is not None:
            self._scene.removeItem(line)
        if source is None or pos is None:
            return
        target = node_at(self._scene, pos)
        owner = source.owner()
        if isinstance(owner, StakeholderItem) and isinstance(target, OrganisationItem):
            self._requested(owner.element_id, Direction.PROVIDES)
        elif isinstance(owner, OrganisationItem) and isinstance(target, StakeholderItem):
            self._requested(target.element_id, Direction.EXPECTS)


class Ghosts:
    """Dashed placeholders for what is being named (at most one shown at a time)."""

    def __init__(self, scene: QGraphicsScene) -> None:
        self._scene = scene
        self._items: list[QGraphicsItem] = []

    def card(self, pos: QPointF) -> QRectF:
        """A dashed placeholder card centred on ``pos``; returns its rectangle."""
        self.clear()
        w, h = style.CARD_MIN_WIDTH + 60, style.CARD_HEIGHT
        rect = QRectF(pos.x() - w / 2, pos.y() - h / 2, w, h)
        ghost = self._scene.addRect(rect, QPen(QColor("#5A6270"), 1.5, Qt.PenStyle.DashLine))
        ghost.setBrush(QColor(255, 255, 255, 200))
        ghost.setZValue(40)
        self._items.append(ghost)
        return rect

    def flow(
        self,
        card_rect: QRectF,
        direction: Direction,
        curve: Curve | None,
        stack: QRectF | None,
        dashed: bool,
    ) -> QRectF:
        """For a flow being created: a dashed arrow along ``curve`` if ``dashed`` (the
        bundle has no arrow yet); returns where its label goes: under the ``stack`` of
        labels the bundle has, else beside the middle of the curve."""
        self.clear()
        if curve is not None and dashed:
            path = QPainterPath(QPointF(*curve.p0))
            path.quadTo(QPointF(*curve.c), QPointF(*curve.p2))
            pen = QPen(style.flow_colour(direction), 2, Qt.PenStyle.DashLine)
            ghost = self._scene.addPath(path, pen)
            ghost.setZValue(40)
            self._items.append(ghost)
        width, height = 180.0, style.label_size("")[1][1] + 4
        if stack is not None:
            return QRectF(
                stack.left(), stack.bottom() + STACK_GAP, max(width, stack.width()), height
            )
        card = (card_rect.left(), card_rect.top(), card_rect.right(), card_rect.bottom())
        at = stack_path(curve, card, direction is Direction.EXPECTS)
        anchor, normal = at(0.5)
        r = stack_rect(anchor, normal, width, height, 6)
        return QRectF(r[0], r[1], width, height)

    def clear(self) -> None:
        for g in self._items:
            self._scene.removeItem(g)
        self._items.clear()
