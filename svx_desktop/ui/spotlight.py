"""Focus and filter: dim what the facilitator is not talking about (view layer only).

``Spotlight`` keeps what is *lit* for one window: with a focused stakeholder, only it,
its flows and the organisation; with a direction filter (provides only / expects only)
only the flows of that direction; with categories unticked, not the stakeholders of those
categories (nor their flows); while presentation mode reveals the map stakeholder by
stakeholder (``revealed``), only those revealed so far. Everything else is dimmed (what is
not revealed yet is hidden altogether) — cards, notes and labels get a
low opacity; arrows, which the canvas draws together in one cached layer, sit under a
veil in the background colour and the lit ones are drawn again above it. Nothing here
writes to the map: the model, the undo stack and the file never change.
"""

from __future__ import annotations

from collections.abc import Iterable

import shiboken6
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QUndoStack
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem, QWidget

from svx_desktop.canvas import style
from svx_desktop.canvas.flows import FlowArrowItem
from svx_desktop.canvas.scene import MapScene
from svx_desktop.model import Direction
from svx_desktop.ui.protocols import MapWindow

#: Opacity of a dimmed card, note or label.
DIM = 0.18
_VEIL_REACH = 1e6


class _Veil(QGraphicsRectItem):
    """Background-coloured wash over the arrow layer (under the cards)."""

    def __init__(self) -> None:
        super().__init__(QRectF(-_VEIL_REACH, -_VEIL_REACH, 2 * _VEIL_REACH, 2 * _VEIL_REACH))
        self.setPen(Qt.PenStyle.NoPen)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(0.5)
        #: Hide the arrows under it altogether (reveal) rather than dim them.
        self.opaque = False
        self.dim = DIM

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        colour = QColor(style.BACKGROUND)
        colour.setAlpha(255 if self.opaque else int(255 * (1 - self.dim)))
        painter.fillRect(option.exposedRect, colour)


class _LitArrows(QGraphicsItem):
    """Draws the lit arrows again, above the veil."""

    def __init__(self) -> None:
        super().__init__()
        self.arrows: list[FlowArrowItem] = []
        self._bounds = QRectF()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(0.6)

    def set_arrows(self, arrows: list[FlowArrowItem]) -> None:
        self.prepareGeometryChange()
        self.arrows = arrows
        bounds = QRectF()
        for a in arrows:
            bounds = bounds.united(a.paint_bounds)
        self._bounds = bounds
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        for arrow in self.arrows:
            if shiboken6.isValid(arrow) and not arrow.live:
                arrow.draw(painter, lod)


class Spotlight:
    """Focus and filters of one window. See the module docstring."""

    def __init__(self, window: MapWindow) -> None:
        self.window = window
        self.focus_id: str | None = None
        self.direction: Direction | None = None
        self.hidden_categories: set[str] = set()
        #: While revealing: the stakeholders shown so far (None: not revealing).
        self.revealed: set[str] | None = None
        #: Opacity of what is dimmed (presentation dims further than editing).
        self.dim = DIM
        #: Hide the labels of what is dimmed rather than dim them (a busy big map).
        self.hide_dimmed_labels = False
        self._veil: _Veil | None = None
        self._lit_arrows: _LitArrows | None = None
        self._scene: MapScene | None = None
        self._stack: QUndoStack | None = None
        self._dimming = False
        self.follow_document()

    # --------------------------------------------------------------- wiring
    def follow_document(self) -> None:
        """Start over on the window's current scene (after another map was opened)."""
        self.focus_id = None
        self.revealed = None
        self._veil = self._lit_arrows = None
        self._dimming = True  # the new scene's items are set up once
        scene = self.window.scene
        if scene is not self._scene:
            self._scene = scene
            scene.statusChanged.connect(self.apply)
        stack = self.window.document.undo_stack
        if stack is not self._stack:
            self._stack = stack
            stack.indexChanged.connect(self.apply)
        self.apply()

    # ---------------------------------------------------------------- state
    @property
    def active(self) -> bool:
        return (
            self.focus_id is not None
            or self.direction is not None
            or bool(self.hidden_categories)
            or self.revealed is not None
        )

    def focus(self, stakeholder_id: str | None) -> None:
        """Dim everything but this stakeholder, its flows and the organisation (None: off)."""
        self.focus_id = stakeholder_id
        self.apply()

    def toggle_focus(self) -> bool:
        """View ▸ Focus on Selection: focus the selected stakeholder, or end the focus."""
        if self.focus_id is not None:
            self.focus(None)
            return False
        scene = self.window.scene
        sel = scene.selection()
        target: str | None = None
        if sel.stakeholders:
            target = sel.stakeholders[0]
        elif sel.flows:
            vmap = self.window.document.map
            target = vmap.flow(sel.flows[0]).stakeholder_id
        if target is None:
            self.window.statusBar().showMessage("Select a stakeholder to focus on it", 3000)
            return False
        self.focus(target)
        return True

    def reveal(self, stakeholder_ids: set[str] | None) -> None:
        """Show only these stakeholders (and the organisation), hiding the rest altogether;
        None shows everything again."""
        self.revealed = None if stakeholder_ids is None else set(stakeholder_ids)
        self.apply()

    def set_direction(self, direction: Direction | None) -> None:
        """Show only flows of ``direction`` (None: both)."""
        self.direction = direction
        self.apply()

    def set_category_shown(self, category_id: str, shown: bool) -> None:
        if shown:
            self.hidden_categories.discard(category_id)
        else:
            self.hidden_categories.add(category_id)
        self.apply()

    def show_everything(self) -> None:
        self.focus_id = None
        self.direction = None
        self.hidden_categories.clear()
        self.apply()

    # ------------------------------------------------------------------ lit
    def lit(self) -> tuple[set[str], set[str]]:
        """(stakeholder ids, flow ids) that are not dimmed."""
        vmap = self.window.document.map
        if self.focus_id is not None and not vmap.has_stakeholder(self.focus_id):
            self.focus_id = None
        stakeholders = {
            s.id
            for s in vmap.stakeholders
            if s.category not in self.hidden_categories
            and (self.focus_id is None or s.id == self.focus_id)
            and (self.revealed is None or s.id in self.revealed)
        }
        flows = {
            f.id
            for f in vmap.flows
            if f.stakeholder_id in stakeholders
            and (self.direction is None or f.direction is self.direction)
        }
        return stakeholders, flows

    def is_dimmed(self, element_id: str) -> bool:
        item = self.window.scene.item_for(element_id)
        return item is not None and item.opacity() < 1.0

    def apply(self, *_args: object) -> None:
        """Set every item's opacity and the veil for the current focus and filters."""
        scene = self.window.scene
        if not shiboken6.isValid(scene):
            return
        active = self.active
        if not active and not self._dimming:
            return  # nothing dimmed, nothing to undo: edits on big maps stay cheap
        self._dimming = active
        stakeholders, flows = self.lit() if active else (set(), set())
        off = self.dim if self.revealed is None else 0.0
        self._set_opacity(
            ((i, not active or i.element_id in stakeholders) for i in scene.stakeholder_items()),
            off,
        )
        self._set_opacity(
            ((i, not active or i.element_id in flows) for i in scene.flow_items()),
            0.0 if self.hide_dimmed_labels else off,
        )
        self._set_opacity(
            ((i, self.focus_id is None and self.revealed is None) for i in scene.note_items()),
            off,
        )
        if not active:
            for extra in (self._veil, self._lit_arrows):
                if extra is not None and shiboken6.isValid(extra) and extra.scene() is not None:
                    scene.removeItem(extra)
            self._veil = self._lit_arrows = None
            return
        if self._veil is None or not shiboken6.isValid(self._veil):
            self._veil = _Veil()
            self._lit_arrows = _LitArrows()
            scene.addItem(self._veil)
            scene.addItem(self._lit_arrows)
        vmap = self.window.document.map
        keys = {(vmap.flow(f).stakeholder_id, vmap.flow(f).direction) for f in flows}
        arrows = [a for a in scene.arrow_items() if (a.stakeholder_id, a.direction) in keys]
        assert self._lit_arrows is not None
        self._lit_arrows.set_arrows(arrows)
        self._veil.opaque = self.revealed is not None
        self._veil.dim = self.dim
        self._veil.update()

    @staticmethod
    def _set_opacity(items: Iterable[tuple[QGraphicsItem, bool]], off: float = DIM) -> None:
        for item, lit in items:
            want = 1.0 if lit else off
            if item.opacity() != want:
                item.setOpacity(want)


__all__ = ["DIM", "Spotlight"]
