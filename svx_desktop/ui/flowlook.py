"""View ▸ Weighted Flows and View ▸ Colour by Met Today: how the canvas draws its arrows.

Two checkable actions in each window's View menu set ``canvas.flows.LOOK`` (line width by
the importance of an arrow's flows; arrows coloured by their worst "met today", unrated
ones as before). They are view settings, kept in ``QSettings`` and shared by every
window, never saved into a map. ``attach(window)`` adds the actions and applies the saved
settings; toggling one repaints every open map.
"""

from __future__ import annotations

from PySide6.QtGui import QAction

from svx_desktop.canvas.flows import LOOK
from svx_desktop.ui import mainwindow, themes
from svx_desktop.ui.protocols import MapWindow, as_widget
from svx_desktop.ui.settings import settings

WEIGHTED_KEY = "view/weighted_flows"
BY_MET_KEY = "view/colour_by_met_today"
#: (settings key, attribute of ``LOOK``, menu text, status tip)
OPTIONS = (
    (
        WEIGHTED_KEY,
        "weighted",
        "&Weighted Flows",
        "Draw each arrow as wide as the importance of its flows",
    ),
    (
        BY_MET_KEY,
        "by_met",
        "Colour by &Met Today",
        "Colour each expects arrow by its worst “met today” (dead red … alive green)",
    ),
)


def saved(key: str) -> bool:
    value = settings().value(key, False)
    return value is True or (isinstance(value, str) and value.lower() == "true")


def load() -> None:
    """Set ``LOOK`` from the saved settings."""
    for key, attribute, _text, _tip in OPTIONS:
        setattr(LOOK, attribute, saved(key))


def set_option(key: str, on: bool) -> None:
    """Turn one option on or off, save it, and redraw every window with it."""
    for k, attribute, _text, _tip in OPTIONS:
        if k == key:
            setattr(LOOK, attribute, on)
    settings().setValue(key, on)
    for window in mainwindow.windows():
        for action in window.findChildren(QAction, f"flowlook-{key}"):
            if action.isChecked() != on:
                action.setChecked(on)
        themes.repaint(window)


def attach(window: MapWindow) -> list[QAction]:
    """Add the two options to ``window``'s View menu (before its panels)."""
    load()
    actions = []
    for key, attribute, text, tip in OPTIONS:
        action = QAction(text, as_widget(window))
        action.setObjectName(f"flowlook-{key}")
        action.setCheckable(True)
        action.setChecked(bool(getattr(LOOK, attribute)))
        action.setStatusTip(tip)
        action.toggled.connect(lambda on, k=key: set_option(k, on))
        actions.append(action)
    menu = window.view_menu
    menu.insertActions(window.panels_separator, actions)
    menu.insertSeparator(actions[0])
    themes.repaint(window)
    return actions


__all__ = ["BY_MET_KEY", "OPTIONS", "WEIGHTED_KEY", "attach", "load", "set_option"]
