"""A shown main window over a map, with the panels and journey view of the app, focused
on its canvas (the journey tests' window)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QApplication, QDockWidget

from svx_desktop.editing import Document
from svx_desktop.model import ValueMap
from svx_desktop.ui import main as app_main

ALL = (
    app_main._attach_panels,
    app_main._attach_workshop,
    app_main._attach_sharing,
    app_main._attach_journeys,
)


def journey_window(
    make_window: Callable[..., Any],
    qtbot: Any,
    vmap: ValueMap,
    extensions: tuple[Callable[[Any], object], ...] = ALL,
) -> Any:
    w = make_window(Document(vmap))
    w.resize(1280, 720)
    w.extend(list(extensions))
    qtbot.wait(10)
    for dock in w.findChildren(QDockWidget):
        dock.show()
    w.view.setFocus()
    QApplication.processEvents()
    return w
