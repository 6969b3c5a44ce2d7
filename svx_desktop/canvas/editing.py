"""The view's editing entry points: create, rename, delete, nudge, cycle — keyboard first.

``CanvasEditing`` owns the inline editors of one ``MapView`` and turns what they commit
into undo commands on the scene's document. Creating is one undo step: nothing is pushed
until the name (or label) is committed, so Escape leaves no trace and one undo removes
the stakeholder or flow together with its name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont

from svx_desktop.canvas import style
from svx_desktop.canvas.flows import FlowItem
from svx_desktop.canvas.nodes import NodeItem, NoteItem, OrganisationItem, StakeholderItem
from svx_desktop.editing import AddElements, EditElements, MoveElements, RemoveElements
from svx_desktop.model import Direction, Flow, ModelError, Stakeholder
from svx_desktop.model.placement import angular_order, next_free_position

if TYPE_CHECKING:
    from svx_desktop.canvas.inline import LineEditor, TextEditor
    from svx_desktop.canvas.scene import MapScene
    from svx_desktop.canvas.view import MapView


class CanvasEditing:
    """Inline editing for one view. See the module docstring."""

    def __init__(self, view: MapView) -> None:
        self.view = view
        # The editors are built when first needed: a window paints sooner without them.
        self._line: LineEditor | None = None
        self._text: TextEditor | None = None
        self._rect = QRectF()
        self._on_commit: Callable[[str], None] | None = None

    @property
    def line(self) -> LineEditor:
        """The one-line editor for names and labels."""
        if self._line is None:
            from svx_desktop.canvas.inline import LineEditor  # with the first editor

            self._line = LineEditor(self.view.viewport())
            self._connect(self._line)
        return self._line

    @property
    def text(self) -> TextEditor:
        """The multi-line editor for notes."""
        if self._text is None:
            from svx_desktop.canvas.inline import TextEditor

            self._text = TextEditor(self.view.viewport())
            self._connect(self._text)
        return self._text

    def _connect(self, editor: LineEditor | TextEditor) -> None:
        editor.signals.committed.connect(self._committed)
        editor.signals.cancelled.connect(self._cancelled)

    @property
    def scene(self) -> MapScene:
        return self.view.map_scene

    # ---------------------------------------------------------------- editors
    def is_editing(self) -> bool:
        return self.active_editor() is not None

    def active_editor(self) -> LineEditor | TextEditor | None:
        if self._line is not None and self._line.is_open:
            return self._line
        if self._text is not None and self._text.is_open:
            return self._text
        return None

    def open_editor(
        self,
        scene_rect: QRectF,
        text: str,
        on_commit: Callable[[str], None],
        multiline: bool = False,
    ) -> None:
        self.commit_open()
        self._rect = QRectF(scene_rect)
        self._on_commit = on_commit
        editor = self.text if multiline else self.line
        self.reposition(editor)
        # Scroll the place and the editor over it into view (a new card's place may lie
        # outside the part of the map on screen, or outside the map so far).
        shown = self.view.mapToScene(editor.geometry()).boundingRect()
        editor.begin(text)
        self.view.reveal(self._rect.united(shown))
        self.reposition()

    def reposition(self, editor: LineEditor | TextEditor | None = None) -> None:
        editor = editor or self.active_editor() or self.line
        zoom = self.view.zoom_factor()
        f = QFont(style.font("label"))
        f.setPointSizeF(min(max(11.0 * zoom, 10.0), 28.0))
        editor.setFont(f)
        r = self.view.mapFromScene(self._rect).boundingRect()
        height = max(
            r.height(), int(editor.fontMetrics().height() * (4 if editor is self.text else 1)) + 12
        )
        width = max(r.width(), 180)
        editor.setGeometry(r.center().x() - width // 2, r.center().y() - height // 2, width, height)

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

    def _push(self, command: object) -> bool:
        try:
            self.scene.document.push(command)  # type: ignore[arg-type]
        except ModelError:
            return False
        return True

    # ----------------------------------------------------------- stakeholders
    def new_stakeholder_at(self, pos: QPointF) -> None:
        """Open a name editor for a stakeholder to be created at ``pos``."""
        self.commit_open()
        rect = self.scene.show_ghost_card(pos)
        where = (pos.x(), pos.y())

        def create(name: str) -> None:
            if not name.strip():
                return
            s = Stakeholder(name=name.strip(), position=where)
            if self._push(AddElements(self.scene.map, stakeholders=[s])):
                self.scene.select_ids([s.id])

        self.open_editor(rect, "", create)

    def next_free_place(self) -> QPointF:
        """Where a new stakeholder goes (``model.placement``, with the real card sizes)."""
        scene = self.scene
        sizes: dict[str, tuple[float, float]] = {}
        for item in (scene.organisation_item, *scene.stakeholder_items(), *scene.note_items()):
            r = item.scene_rect()
            sizes[item.element_id] = (r.width(), r.height())
        x, y = next_free_position(scene.map, sizes=sizes)
        return QPointF(x, y)

    # ------------------------------------------------------------------ flows
    def target_stakeholder(self) -> str | None:
        """The stakeholder a new flow goes to: the selected one (or the selected flow's)."""
        sel = self.scene.selected_ids()
        stakeholders: list[str] = sel["stakeholders"]  # type: ignore[assignment]
        if len(stakeholders) == 1:
            return stakeholders[0]
        flows: list[str] = sel["flows"]  # type: ignore[assignment]
        owners = {self.scene.map.flow(f).stakeholder_id for f in flows}
        if not stakeholders and len(owners) == 1:
            return owners.pop()
        return None

    def new_flow(self, stakeholder_id: str, direction: Direction) -> None:
        self.commit_open()
        if not self.scene.map.has_stakeholder(stakeholder_id):
            return
        rect = self.scene.show_ghost_flow(stakeholder_id, direction)

        def create(label: str) -> None:
            if not label.strip():
                return
            f = Flow(stakeholder_id, direction, label.strip())
            if self._push(AddElements(self.scene.map, flows=[f])):
                self.scene.select_ids([stakeholder_id])

        self.open_editor(rect, "", create)

    # ----------------------------------------------------------------- rename
    def rename(self, item: object) -> bool:
        m = self.scene.map
        if isinstance(item, StakeholderItem):
            kind, field = "stakeholder", "name"
        elif isinstance(item, FlowItem):
            kind, field = "flow", "label"
        elif isinstance(item, OrganisationItem):
            kind, field = "organisation", "name"
        elif isinstance(item, NoteItem):
            kind, field = "note", "text"
        else:
            return False
        element_id = item.element_id
        old = item.edit_text()

        def apply(text: str) -> None:
            value = text if kind == "note" else text.strip()
            if value == old or (kind != "note" and not value):
                return
            self._push(EditElements(m, kind, {element_id: {field: value}}))  # type: ignore[arg-type]

        self.open_editor(item.editor_rect(), old, apply, multiline=(kind == "note"))
        return True

    # ----------------------------------------------------------- other edits
    def delete_selection(self) -> bool:
        sel = self.scene.selected_ids()
        st: list[str] = sel["stakeholders"]  # type: ignore[assignment]
        fl: list[str] = sel["flows"]  # type: ignore[assignment]
        no: list[str] = sel["notes"]  # type: ignore[assignment]
        if not (st or fl or no):
            return False
        return self._push(RemoveElements(self.scene.map, st, fl, no))

    def nudge(self, dx: float, dy: float) -> bool:
        m = self.scene.map
        before: dict[str, tuple[float, float]] = {}
        after: dict[str, tuple[float, float]] = {}
        for item in self.scene.selectedItems():
            if isinstance(item, NodeItem):
                x, y = m.position_of(item.element_id)
                before[item.element_id] = (x, y)
                after[item.element_id] = (x + dx, y + dy)
        if not after:
            return False
        return self._push(MoveElements(m, before, after, nudge=True))

    def focus_next(self, backwards: bool = False) -> str | None:
        scene = self.scene
        m = scene.map
        if not m.stakeholders:
            return None
        order = angular_order(m.organisation.position, {s.id: s.position for s in m.stakeholders})
        current: list[str] = scene.selected_ids()["stakeholders"]  # type: ignore[assignment]
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
