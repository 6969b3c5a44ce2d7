"""Right-click menus on the canvas: the actions that apply to what was clicked.

``CanvasMenus(window)`` watches the window's view for context-menu events (a right-click,
the Menu key) and shows a menu built from the actions the window already has — the
canvas keymap's (rename, delete, add provides/expects, focus…) and the workshop's (cut,
copy, paste, duplicate, arrange) — so a menu entry, its key and its enabled state can
never disagree. A card, a flow, a note or the organisation clicked while not selected is
selected first, as in every editor. Empty canvas offers "Add Stakeholder Here" and "Add
Note Here" at the clicked point. ``menu_for`` builds the menu without showing it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtWidgets import QMenu

from svx_desktop.canvas import style
from svx_desktop.canvas.flows import FlowItem
from svx_desktop.canvas.nodes import HandleItem, NodeItem
from svx_desktop.ui.protocols import MapWindow, as_widget

if TYPE_CHECKING:
    from svx_desktop.ui.workshop import Workshop

#: What each kind of target offers, by action name (``None`` is a separator). Names are
#: keymap entries or workshop actions; "here" entries are the menu's own.
MENUS: dict[str, tuple[str | None, ...]] = {
    "stakeholder": (
        "rename",
        "add_provides",
        "add_expects",
        "focus",
        None,
        "cut",
        "copy",
        "paste",
        "duplicate",
        None,
        "delete",
    ),
    "flow": ("rename", "add_provides", "add_expects", "focus", None, "delete"),
    "note": ("rename", None, "cut", "copy", "paste", "duplicate", None, "delete"),
    "organisation": ("rename", None, "paste", None, "arrange", "fit"),
    "canvas": (
        "stakeholder_here",
        "note_here",
        "paste",
        None,
        "select_all",
        "arrange",
        "fit",
    ),
}


def add_to_menu(menu: QMenu, items: Sequence[QAction | QMenu | None]) -> None:
    """Add actions and submenus to ``menu`` in order; None adds a separator."""
    for item in items:
        if item is None:
            menu.addSeparator()
        elif isinstance(item, QMenu):
            menu.addMenu(item)
        else:
            menu.addAction(item)


class CanvasMenus(QObject):
    """The canvas context menus of one window (see the module docstring)."""

    def __init__(self, window: MapWindow, kit: Workshop) -> None:
        super().__init__(as_widget(window))
        self.window = window
        self.kit = kit
        self._here = QPointF()
        widget = as_widget(window)
        self.stakeholder_here = QAction("Add &Stakeholder Here", widget)
        self.stakeholder_here.triggered.connect(self._add_stakeholder_here)
        self.note_here = QAction("Add &Note Here", widget)
        self.note_here.triggered.connect(self._add_note_here)
        window.view.viewport().installEventFilter(self)
        window.view.installEventFilter(self)  # the Menu key goes to the view itself

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
            view = self.window.view
            port = view.viewport()
            if watched is port:
                pos = event.pos()
            elif watched is view:  # from the keyboard: at the selection, else the centre
                pos = self._keyboard_point()
            else:
                return False
            if view.is_editing_text():
                view.editing.commit_open()
            menu = self.menu_for(pos)
            menu.exec(port.mapToGlobal(pos))
            menu.deleteLater()
            return True
        return False

    def _keyboard_point(self) -> QPoint:
        view = self.window.view
        items = view.map_scene.selectedItems()
        if items:
            return view.mapFromScene(items[0].sceneBoundingRect().center())
        return view.viewport().rect().center()

    # -------------------------------------------------------------- building
    def target_at(self, pos: QPoint) -> str:
        """What is at viewport point ``pos`` ("stakeholder", "flow", "note",
        "organisation" or "canvas"); a target not yet selected becomes the selection."""
        view = self.window.view
        scene = view.map_scene
        item = view.itemAt(pos)
        if isinstance(item, HandleItem):
            item = item.owner()
        if isinstance(item, NodeItem | FlowItem) and item.kind in MENUS:
            if not item.isSelected():
                scene.select_ids([item.element_id])
            return item.kind
        scene_pos = view.mapToScene(pos)
        arrow = scene.arrow_at(scene_pos, 6.0 / (view.zoom_factor() or 1.0))
        if arrow is not None:
            flows = scene.map.flows_of(arrow.stakeholder_id, arrow.direction)
            wanted = [f.id for f in flows]
            if set(wanted) - set(scene.selection().flows):
                scene.select_ids(wanted)
            return "flow"
        return "canvas"

    def menu_for(self, pos: QPoint) -> QMenu:
        """The menu for viewport point ``pos`` (not shown)."""
        kind = self.target_at(pos)
        self._here = self.window.view.mapToScene(pos)
        editable = not self.window.document.read_only
        self.stakeholder_here.setEnabled(editable)
        self.note_here.setEnabled(editable)
        menu = QMenu(as_widget(self.window))
        menu.setObjectName(f"svxCanvasMenu-{kind}")
        add_to_menu(menu, [None if name is None else self._action(name) for name in MENUS[kind]])
        return menu

    def _action(self, name: str) -> QAction:
        if name == "stakeholder_here":
            return self.stakeholder_here
        if name == "note_here":
            return self.note_here
        if name in self.kit.actions:
            return self.kit.actions[name]
        return self.window.keymap[name]

    # ------------------------------------------------------------------- here
    def _add_stakeholder_here(self) -> None:
        self.window.view.add_stakeholder_at(QPointF(self._here))

    def _add_note_here(self) -> None:
        x, y = self._here.x(), self._here.y()
        rect = QRectF(x - style.NOTE_WIDTH / 2, y - 35, style.NOTE_WIDTH, 70)
        self.window.view.editing.new_note_at(rect, (round(x, 1), round(y, 1)))


__all__ = ["MENUS", "CanvasMenus"]
