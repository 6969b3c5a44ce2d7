"""``MapWindow``: what the window's helpers use of a main window, and nothing more.

The panels, the overlay bars and the workshop tools (arrange, clipboard, find, spotlight,
presentation, templates) are built for one ``MainWindow`` but cannot import it (it imports
them). They type their window as ``MapWindow``: the map being edited, its scene and view,
the menus and actions they extend, the hooks they call and the status bar they talk
through. The Qt side of the window (a parent for their widgets, its geometry, its menu
bar) is reached with ``as_widget``, which checks that the window really is one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QStatusBar, QWidget

from svx_desktop.editing import Document

if TYPE_CHECKING:
    from svx_desktop.canvas.keymap import CanvasKeymap
    from svx_desktop.canvas.scene import MapScene
    from svx_desktop.canvas.view import MapView
    from svx_desktop.ui.workshop import Workshop


class MapWindow(Protocol):
    """One map in one window, as its helpers see it."""

    document: Document
    scene: MapScene
    view: MapView
    #: The canvas keys (N, P, E, arrows…) as actions, for the view the window shows.
    keymap: CanvasKeymap
    #: The workshop toolkit, set by ``workshop.attach``.
    workshop: Workshop
    #: Actions whose keys act on the map only while the canvas has the focus.
    canvas_actions: tuple[QAction, ...]
    #: The menus and actions the tools extend; ``panels_separator`` is where View ▸ lists
    #: the panels (tools insert their entries before it).
    file_menu: QMenu
    edit_menu: QMenu
    view_menu: QMenu
    help_menu: QMenu
    panels_separator: QAction
    new_action: QAction
    open_action: QAction
    save_action: QAction
    undo_action: QAction
    redo_action: QAction
    add_stakeholder_action: QAction
    add_expects_action: QAction

    @property
    def documentChanged(self) -> SignalInstance:
        """Emitted with the new ``Document`` after Open replaced the window's map."""
        ...

    #: How tools commit typing of their own (called by ``commit_typing``).
    typing_committers: list[Callable[[], None]]
    #: Extra (section, action, keys) rows for the shortcuts sheet, one callable a tool.
    sheet_sections: list[Callable[[], list[tuple[str, str, str]]]]

    def commit_typing(self) -> None:
        """Commit whatever is being typed in an inline editor or a panel field."""

    def add_dock(
        self, widget: QWidget, title: str, area: Qt.DockWidgetArea = ...
    ) -> QDockWidget: ...

    def show_document(self, document: Document) -> bool:
        """Show ``document`` here if this window is blank, else in a new window."""
        ...

    def statusBar(self) -> QStatusBar: ...


def as_widget(window: MapWindow) -> QMainWindow:
    """The window as the Qt main window it is (a parent for bars and dialogs)."""
    if not isinstance(window, QMainWindow):
        raise TypeError(f"{window!r} is not a QMainWindow")
    return window


__all__ = ["MapWindow", "as_widget"]
