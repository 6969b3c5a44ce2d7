"""The view's inline editing: open an editor over what is being named, then hand the text on.

``CanvasEditing`` owns the inline editors of one ``MapView`` (built when first needed) and
hands what they commit to the ``CanvasController``, which pushes the command. Creating is
one undo step: nothing is pushed until the name (or label) is committed, so Escape leaves
no trace and one undo removes the stakeholder or flow together with its name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGraphicsItem

from svx_desktop.canvas import style
from svx_desktop.canvas.controller import RENAMES, CanvasController
from svx_desktop.canvas.flows import FlowItem
from svx_desktop.canvas.nodes import NodeItem
from svx_desktop.canvas.scene import MapScene
from svx_desktop.model import Direction
from svx_desktop.model.geometry import CARD_SIZE

if TYPE_CHECKING:
    from svx_desktop.canvas.inline import InlineEditor
    from svx_desktop.canvas.view import MapView


class CanvasEditing:
    """Inline editing for one view. See the module docstring."""

    def __init__(self, view: MapView) -> None:
        self.view = view
        # The editors are built when first needed: a window paints sooner without them.
        self._editors: dict[bool, InlineEditor] = {}
        self._rect = QRectF()
        self._on_commit: Callable[[str], None] | None = None

    def editor(self, multiline: bool) -> InlineEditor:
        """The editor for notes (``multiline``) or for names and labels."""
        editor = self._editors.get(multiline)
        if editor is None:
            from svx_desktop.canvas.inline import InlineEditor  # with the first editor

            editor = InlineEditor(self.view.viewport(), multiline)
            editor.committed.connect(self._committed)
            editor.cancelled.connect(self._cancelled)
            self._editors[multiline] = editor
        return editor

    @property
    def line(self) -> InlineEditor:
        """The one-line editor for names and labels."""
        return self.editor(multiline=False)

    @property
    def text(self) -> InlineEditor:
        """The multi-line editor for notes."""
        return self.editor(multiline=True)

    @property
    def scene(self) -> MapScene:
        return self.view.map_scene

    @property
    def controller(self) -> CanvasController:
        return self.view.controller

    # ---------------------------------------------------------------- editors
    def is_editing(self) -> bool:
        return self.active_editor() is not None

    def active_editor(self) -> InlineEditor | None:
        return next((e for e in self._editors.values() if e.is_open), None)

    def open_editor(
        self,
        scene_rect: QRectF,
        text: str,
        on_commit: Callable[[str], None],
        multiline: bool = False,
        also: QRectF | None = None,
    ) -> None:
        """Open an editor over ``scene_rect`` and bring both into view (with ``also``, the
        area the map spreads out to when the new element is committed)."""
        self.commit_open()
        self._rect = QRectF(scene_rect)
        self._on_commit = on_commit
        editor = self.editor(multiline)
        self.reposition(editor)
        # Scroll the place and the editor over it into view (a new card's place may lie
        # outside the part of the map on screen, or outside the map so far).
        editor.begin(text)
        # The editor is at least as wide as the place; keep half its width to spare
        # around the place, at whatever zoom the view eases out to.
        margin = max(40, editor.widget.width() // 2 + 8, editor.widget.height() // 2 + 8)
        self.view.reveal(self._rect, margin, also)
        self.reposition()

    def reposition(self, editor: InlineEditor | None = None) -> None:
        editor = editor or self.active_editor() or self.line
        widget = editor.widget
        zoom = self.view.zoom_factor()
        f = QFont(style.font("label"))
        f.setPointSizeF(min(max(11.0 * zoom, 10.0), 28.0))
        widget.setFont(f)
        r = self.view.mapFromScene(self._rect).boundingRect()
        lines = 4 if editor.multiline else 1
        height = max(r.height(), int(widget.fontMetrics().height() * lines) + 12)
        width = max(r.width(), 180)
        widget.setGeometry(r.center().x() - width // 2, r.center().y() - height // 2, width, height)

    def keep_on_screen(self) -> None:
        """Scroll so the open editor lies inside the viewport (after a zoom)."""
        editor = self.active_editor()
        if editor is None:
            return
        port = self.view.viewport().rect()
        box = editor.widget.geometry()
        if port.contains(box):
            return
        self.view.ensureVisible(self.view.mapToScene(box).boundingRect(), 8, 8)
        self.reposition()

    def commit_open(self) -> None:
        editor = self.active_editor()
        if editor is not None:
            editor.finish(commit=True)

    def cancel_open(self) -> None:
        editor = self.active_editor()
        if editor is not None:
            editor.finish(commit=False)

    def _committed(self, text: str) -> None:
        callback, self._on_commit = self._on_commit, None
        self.scene.clear_ghosts()
        self.view.setFocus()
        if callback is not None:
            callback(text)

    def _cancelled(self) -> None:
        self._on_commit = None
        self.scene.clear_ghosts()
        self.view.setFocus()

    # ----------------------------------------------------------------- create
    def new_stakeholder_at(
        self, pos: QPointF, moves: Mapping[str, tuple[float, float]] | None = None
    ) -> None:
        """Open a name editor for a stakeholder to be created at ``pos`` (the stakeholders
        in ``moves`` move to make room for it when it is created)."""
        self.commit_open()
        rect = self.scene.show_ghost_card(pos)
        where = (pos.x(), pos.y())

        def create(name: str) -> None:
            if name.strip():
                self.controller.add_stakeholder(name.strip(), where, moves=moves)

        self.open_editor(rect, "", create, also=self._spread(moves))

    def _spread(self, moves: Mapping[str, tuple[float, float]] | None) -> QRectF | None:
        """Where the elements in ``moves`` will be (their sizes round their new centres)."""
        if not moves:
            return None
        sizes = self.scene.element_sizes()
        out = QRectF()
        for key, (x, y) in moves.items():
            w, h = sizes.get(key, CARD_SIZE)
            out = out.united(QRectF(x - w / 2, y - h / 2, w, h))
        return out

    def new_flow(self, stakeholder_id: str, direction: Direction) -> None:
        """Open a label editor for a flow of ``stakeholder_id`` to be created."""
        self.commit_open()
        if not self.scene.map.has_stakeholder(stakeholder_id):
            return
        rect = self.scene.show_ghost_flow(stakeholder_id, direction)

        def create(label: str) -> None:
            if label.strip():
                self.controller.add_flow(stakeholder_id, direction, label.strip())

        self.open_editor(rect, "", create)

    def new_note_at(self, rect: QRectF, position: tuple[float, float]) -> None:
        """Open a note editor over ``rect`` for a note to be created at ``position``."""

        def create(text: str) -> None:
            if text.strip():
                self.controller.add_note(text, position)

        self.open_editor(rect, "", create, multiline=True)

    def rename(self, item: QGraphicsItem) -> bool:
        """Open the editor on a node or a flow label; the rename is pushed on commit."""
        if not isinstance(item, NodeItem | FlowItem) or item.kind not in RENAMES:
            return False
        kind, element_id, old = item.kind, item.element_id, item.edit_text()

        def apply(text: str) -> None:
            self.controller.rename(kind, element_id, text, old)

        self.open_editor(item.editor_rect(), old, apply, multiline=(kind == "note"))
        return True

    # ------------------------------------------------------------- stepping
    def focus_next(self, backwards: bool = False) -> str | None:
        """Select the next stakeholder clockwise around the organisation (and show it)."""
        scene = self.scene
        m = scene.map
        if not m.stakeholders:
            return None
        from svx_desktop.model.placement import angular_order  # not needed to paint

        order = angular_order(m.organisation.position, {s.id: s.position for s in m.stakeholders})
        current = scene.selection().stakeholders
        if current and current[0] in order:
            i = order.index(current[0])
            nxt = order[(i - 1) % len(order)] if backwards else order[(i + 1) % len(order)]
        else:
            nxt = order[-1] if backwards else order[0]
        scene.select_ids([nxt])
        item = scene.item_for(nxt)
        if item is not None:
            self.view.ensureVisible(item, 60, 60)
        return nxt
