"""The optional toolbar (View ▸ Toolbar) and the canvas refit when the Exchanges table shows.

``attach(window, kit)`` gives a main window a toolbar of the actions a facilitator reaches
for with the mouse — new, open, save, undo, redo, add stakeholder/provides/expects/note,
quick capture, fit, arrange, presentation — all the window's own actions, so their keys
and enabled states are shared. View ▸ Toolbar shows or hides it; the choice is saved
(``view/toolbar``) and applies to every window, hidden by default so the canvas keeps its
room on a 1280×720 projector. Presentation mode hides it with the other toolbars.

Showing the Exchanges table (View ▸ Exchanges) takes height from the canvas, so the map
is framed again in the smaller canvas once the dock has its size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QToolBar

from svx_desktop.ui.protocols import MapWindow, as_widget
from svx_desktop.ui.settings import settings

if TYPE_CHECKING:
    from svx_desktop.ui.workshop import Workshop

SETTING = "view/toolbar"


def saved_shown() -> bool:
    """Whether the toolbar was last left shown (hidden at first)."""
    value = settings().value(SETTING, False)
    return value is True or str(value).lower() == "true"


def attach(window: MapWindow, kit: Workshop) -> QToolBar:
    """Build the toolbar of ``window`` and its View ▸ Toolbar action (``kit.actions``)."""
    widget = as_widget(window)
    bar = QToolBar("Toolbar", widget)
    bar.setObjectName("svxToolbar")
    bar.setMovable(False)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    a = kit.actions
    keymap = window.keymap
    groups = (
        (window.new_action, window.open_action, window.save_action),
        (window.undo_action, window.redo_action),
        (
            keymap["add_stakeholder"],
            keymap["add_provides"],
            keymap["add_expects"],
            a["note"],
            a["capture"],
        ),
        (keymap["fit"], a["arrange"], a["present"]),
    )
    for i, group in enumerate(groups):
        if i:
            bar.addSeparator()
        for action in group:
            bar.addAction(action)
    widget.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    shown = saved_shown()
    bar.setVisible(shown)
    toggle = bar.toggleViewAction()
    toggle.setText("&Toolbar")
    toggle.setChecked(shown)
    # The user's choice is saved, not every hide (presentation mode hides it too).
    toggle.triggered.connect(lambda checked: _remember(checked))
    a["toolbar"] = toggle
    window.view_menu.insertAction(window.panels_separator, toggle)
    _refit_with_exchanges(window)
    return bar


def _remember(shown: bool) -> None:
    s = settings()
    s.setValue(SETTING, shown)
    s.sync()
    from svx_desktop.ui import mainwindow

    for other in mainwindow.windows():  # every window follows the choice
        bar = other.findChild(QToolBar, "svxToolbar")
        if bar is not None and bar.isVisible() != shown:
            bar.toggleViewAction().setChecked(shown)
            bar.setVisible(shown)


def _refit_with_exchanges(window: MapWindow) -> None:
    """View ▸ Exchanges shown: fit the map into the canvas that is left."""
    for dock in as_widget(window).findChildren(QDockWidget):
        if dock.windowTitle() == "Exchanges":
            dock.toggleViewAction().triggered.connect(
                lambda checked, w=window: _refit_soon(w) if checked else None
            )


def _refit_soon(window: MapWindow) -> None:
    def refit() -> None:
        layout = as_widget(window).layout()
        if layout is not None:
            layout.activate()
        window.view.fit_all()

    QTimer.singleShot(0, refit)


__all__ = ["SETTING", "attach", "saved_shown"]
