"""Gestures of the map scene that only show things: flow links, placeholders, tooltips.

``SceneGestures`` is mixed into ``MapScene``: the dashed line while a flow is dragged from
a handle (ending in a ``flowRequested`` signal, never a model change), the dashed
placeholder card or arrow while something is being named, and tooltips built on demand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsSceneHelpEvent, QToolTip

from svx_desktop.canvas import style
from svx_desktop.canvas.flows import flow_curve
from svx_desktop.canvas.nodes import HandleItem, NodeItem, OrganisationItem, StakeholderItem
from svx_desktop.model import Direction
from svx_desktop.model.stacks import STACK_GAP, stack_path, stack_rect

if TYPE_CHECKING:
    from svx_desktop.canvas.scene import MapScene

    _Base = MapScene
else:
    _Base = object


class SceneGestures(_Base):
    """Mixin for ``MapScene`` (see the module docstring)."""

    _link_source: HandleItem | None
    _link_line: QGraphicsPathItem | None
    _ghosts: list[QGraphicsItem]

    # ------------------------------------------------------------ flow links
    def begin_link(self, handle: HandleItem, pos: QPointF) -> None:
        self.end_link(None)
        self._link_source = handle
        line = QGraphicsPathItem()
        pen = QPen(style.flow_colour(handle.direction), 2.5, Qt.PenStyle.DashLine)
        line.setPen(pen)
        line.setZValue(50)
        self.addItem(line)
        self._link_line = line
        self.update_link(pos)

    def update_link(self, pos: QPointF) -> None:
        if self._link_source is None or self._link_line is None:
            return
        path = QPainterPath(self._link_source.scenePos())
        path.lineTo(pos)
        self._link_line.setPath(path)

    def end_link(self, pos: QPointF | None) -> None:
        source, line = self._link_source, self._link_line
        self._link_source = self._link_line = None
        if line is not None:
            self.removeItem(line)
        if source is None or pos is None:
            return
        target = self.node_at(pos)
        owner = source.owner()
        if isinstance(owner, StakeholderItem) and isinstance(target, OrganisationItem):
            self.flowRequested.emit(owner.element_id, Direction.PROVIDES.value)
        elif isinstance(owner, OrganisationItem) and isinstance(target, StakeholderItem):
            self.flowRequested.emit(target.element_id, Direction.EXPECTS.value)

    def node_at(self, pos: QPointF) -> NodeItem | None:
        for item in self.items(pos):
            if isinstance(item, NodeItem):
                return item
            parent = item.parentItem()
            if isinstance(parent, NodeItem):
                return parent
        return None

    # ----------------------------------------------------------------- ghosts
    def show_ghost_card(self, pos: QPointF) -> QRectF:
        """A dashed placeholder card where a stakeholder is being created."""
        self.clear_ghosts()
        w, h = style.CARD_MIN_WIDTH + 60, style.CARD_HEIGHT
        rect = QRectF(pos.x() - w / 2, pos.y() - h / 2, w, h)
        ghost = self.addRect(rect, QPen(QColor("#5A6270"), 1.5, Qt.PenStyle.DashLine))
        ghost.setBrush(QColor(255, 255, 255, 200))
        ghost.setZValue(40)
        self._ghosts.append(ghost)
        return rect

    def show_ghost_flow(self, stakeholder_id: str, direction: Direction) -> QRectF:
        """A dashed placeholder arrow for a flow being created; returns the label's place."""
        self.clear_ghosts()
        card_rect = self._stakeholders[stakeholder_id].scene_rect()
        org_rect = self._org.scene_rect()
        if direction is Direction.PROVIDES:
            curve = flow_curve(card_rect, org_rect)
        else:
            curve = flow_curve(org_rect, card_rect)
        if curve is not None and stakeholder_id not in [
            a.stakeholder_id for k, a in self._arrows.items() if k[1] is direction
        ]:
            path = QPainterPath(QPointF(*curve.p0))
            path.quadTo(QPointF(*curve.c), QPointF(*curve.p2))
            ghost = self.addPath(path, QPen(style.flow_colour(direction), 2, Qt.PenStyle.DashLine))
            ghost.setZValue(40)
            self._ghosts.append(ghost)
        width, height = 180.0, style.metrics("label").height() + 10
        stack = self.label_stack_rect(stakeholder_id, direction)
        if stack is not None:
            return QRectF(
                stack.left(), stack.bottom() + STACK_GAP, max(width, stack.width()), height
            )
        card = (card_rect.left(), card_rect.top(), card_rect.right(), card_rect.bottom())
        at = stack_path(curve, card, direction is Direction.EXPECTS)
        anchor, normal = at(0.5)
        r = stack_rect(anchor, normal, width, height, 6)
        return QRectF(r[0], r[1], width, height)

    def clear_ghosts(self) -> None:
        for g in self._ghosts:
            self.removeItem(g)
        self._ghosts.clear()

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:
        """Tooltips are built when asked for (plain text, escaped), not stored per item."""
        for item in self.items(event.scenePos()):
            html = getattr(item, "tooltip_html", None)
            if html is not None:
                QToolTip.showText(event.screenPos(), html())
                event.accept()
                return
        QToolTip.hideText()
        event.ignore()
