"""Find (Ctrl+F): type to highlight matching stakeholders and flows, Enter cycles.

The find bar floats over the top of the canvas. Every stakeholder whose name and every
flow whose label contains the typed text (ignoring case) gets a halo drawn around it
(view-layer items, never part of the map); Enter (Shift+Enter backwards, F3 / Shift+F3
too) moves to the next match, selects it and centres the view on it. Esc clears the
halos and closes the bar. Matches follow edits while the bar is open.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPainterPath, QPen, QUndoStack
from PySide6.QtWidgets import QGraphicsPathItem

from svx_desktop.canvas.nodes import NodeItem
from svx_desktop.ui.bars import OverlayBar, escape_closes
from svx_desktop.ui.protocols import MapWindow

HALO_COLOUR = QColor("#FFB000")
CURRENT_COLOUR = QColor("#D81B60")


class _Halo(QGraphicsPathItem):
    """A rounded outline around one match."""

    def __init__(self, rect: QRectF, current: bool) -> None:
        super().__init__()
        path = QPainterPath()
        path.addRoundedRect(rect.adjusted(-6, -6, 6, 6), 9, 9)
        self.setPath(path)
        colour = QColor(CURRENT_COLOUR if current else HALO_COLOUR)
        self.setPen(QPen(colour, 5 if current else 4))
        fill = QColor(colour)
        fill.setAlpha(40)
        self.setBrush(fill)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(6)


class _EnterKeys(QObject):
    """Enter / Shift+Enter in the find input step through the matches."""

    def __init__(self, bar: FindBar) -> None:
        super().__init__(bar)
        self.bar = bar

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            backwards = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.bar.next_match(backwards)
            return True
        return False


class FindBar(OverlayBar):
    """The find bar of one main window. See the module docstring."""

    def __init__(self, window: MapWindow) -> None:
        super().__init__(window, edge="top")
        self.setObjectName("svxFindBar")
        self.edit = self.add_line(
            "Find:",
            "svxFindLine",
            "Find stakeholders and flows",
            "Enter: next match · Shift+Enter: previous · Esc: close",
        )
        self.row.addWidget(self.hint)
        self.edit.textChanged.connect(self.search)
        self.edit.installEventFilter(_EnterKeys(self))
        escape_closes(self.edit, self)
        #: Ids of the matches, in map order (each stakeholder, then its matching flows).
        self.matches: list[str] = []
        self.current = -1
        self._halos: list[_Halo] = []
        self._stack: QUndoStack | None = None
        self.follow_document()

    def follow_document(self) -> None:
        self._halos = []
        stack = self.window_.document.undo_stack
        if stack is not self._stack:
            self._stack = stack
            stack.indexChanged.connect(self._refresh)
        self._refresh()

    # ---------------------------------------------------------------- open
    def open(self) -> None:
        super().open()
        if self.edit.text():
            self.search(self.edit.text())

    def close_bar(self) -> None:
        """Esc: halos gone, bar closed, the current match stays selected."""
        self._clear_halos()
        self.matches, self.current = [], -1
        super().close_bar()

    # --------------------------------------------------------------- search
    def search(self, text: str) -> list[str]:
        """Highlight everything matching ``text`` (case-insensitive substring)."""
        key = text.strip().casefold()
        vmap = self.window_.document.map
        matches: list[str] = []
        if key:
            for s in vmap.stakeholders:
                if key in s.name.casefold():
                    matches.append(s.id)
                matches.extend(f.id for f in vmap.flows_of(s.id) if key in f.label.casefold())
        self.matches = matches
        self.current = -1
        self._draw()
        if not key:
            self.show_hint("")
        elif not matches:
            self.show_hint("No matches", error=True)
        else:
            self.show_hint(f"{len(matches)} match{'es' if len(matches) != 1 else ''}")
        return matches

    def next_match(self, backwards: bool = False) -> str | None:
        """Go to the next (or previous) match: select it and centre the view on it."""
        if not self.matches:
            return None
        step = -1 if backwards else 1
        if self.current < 0:
            self.current = len(self.matches) - 1 if backwards else 0
        else:
            self.current = (self.current + step) % len(self.matches)
        element_id = self.matches[self.current]
        window = self.window_
        window.scene.select_ids([element_id])
        item = window.scene.item_for(element_id)
        if item is not None:
            window.view.centerOn(item)
        self._draw()
        self.show_hint(f"{self.current + 1} of {len(self.matches)}")
        return element_id

    @property
    def halo_count(self) -> int:
        return len(self._halos)

    # -------------------------------------------------------------- drawing
    def _refresh(self, *_args: object) -> None:
        if self.isVisible() and self.edit.text():
            current = self.matches[self.current] if 0 <= self.current < len(self.matches) else None
            self.search(self.edit.text())
            if current in self.matches:
                self.current = self.matches.index(current)
                self._draw()

    def _clear_halos(self) -> None:
        for halo in self._halos:
            if shiboken6.isValid(halo) and halo.scene() is not None:
                halo.scene().removeItem(halo)
        self._halos = []

    def _draw(self) -> None:
        self._clear_halos()
        scene = self.window_.scene
        for n, element_id in enumerate(self.matches):
            item = scene.item_for(element_id)
            if item is None:
                continue
            rect = item.scene_rect() if isinstance(item, NodeItem) else item.sceneBoundingRect()
            halo = _Halo(rect, current=(n == self.current))
            scene.addItem(halo)
            self._halos.append(halo)


__all__ = ["FindBar"]
