"""Where a main window sits and how its panels are laid out, remembered between sessions.

Geometry and dock layout go to ``QSettings`` (``window/geometry``, ``window/state``) when a
window closes and come back for the next first window. Without a saved geometry the window
takes most of the screen (85 % each way, centred; a large screen is used too) and its
panels get a first-start layout that leaves the canvas room: on a narrow screen such as a
1280×720 projector, side panels share one tabbed column on the right and bottom panels
start hidden.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from svx_desktop.ui.settings import settings

GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
NARROW_WIDTH = 1500
#: How much of the screen's available width and height a first window takes.
SCREEN_SHARE = 0.85


def restore(window: QMainWindow, use_saved_geometry: bool) -> bool:
    """Restore geometry and dock state; True if no dock state was restored."""
    s = settings()
    geometry = s.value(GEOMETRY_KEY)
    if not (use_saved_geometry and geometry is not None and window.restoreGeometry(geometry)):
        default_geometry(window)
    state = s.value(STATE_KEY)
    return not (state is not None and window.restoreState(state))


def save(window: QMainWindow) -> None:
    s = settings()
    s.setValue(GEOMETRY_KEY, window.saveGeometry())
    s.setValue(STATE_KEY, window.saveState())
    s.sync()


def default_geometry(window: QMainWindow) -> None:
    """Most of the screen (``SCREEN_SHARE`` of it each way, whatever its size), centred."""
    screen = window.screen()
    if screen is None:
        window.resize(1200, 800)
        return
    area = screen.availableGeometry()
    width = int(area.width() * SCREEN_SHARE)
    height = int(area.height() * SCREEN_SHARE)
    window.resize(width, height)
    window.move(area.center() - QPoint(width // 2, height // 2))


def default_dock_layout(window: QMainWindow, docks: Sequence[QDockWidget]) -> None:
    """First start: panels that leave the canvas room to breathe (see the module docstring)."""
    area = Qt.DockWidgetArea
    side = [
        d
        for d in docks
        if window.dockWidgetArea(d) in (area.LeftDockWidgetArea, area.RightDockWidgetArea)
    ]
    others = [d for d in docks if d not in side]
    if window.width() < NARROW_WIDTH:
        for dock in side:
            if window.dockWidgetArea(dock) != area.RightDockWidgetArea:
                window.addDockWidget(area.RightDockWidgetArea, dock)
        for dock in side[1:]:
            window.tabifyDockWidget(side[0], dock)
        if side:
            side[0].raise_()
            width = min(300, window.width() // 4)
            window.resizeDocks(side[:1], [width], Qt.Orientation.Horizontal)
        for dock in others:
            dock.hide()
    else:
        if side:
            window.resizeDocks(side, [260] * len(side), Qt.Orientation.Horizontal)
        if others:
            window.resizeDocks(others, [200] * len(others), Qt.Orientation.Vertical)
