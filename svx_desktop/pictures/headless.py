"""Pictures of a map without a window: an offscreen scene built from a loaded map.

``ensure_gui()`` starts a ``QApplication`` on Qt's offscreen platform when none runs (the
platform is chosen here, before Qt starts, so ``svx export`` needs no display);
``map_drawing(vmap)`` lays the map out as a ``MapScene`` would (``canvas.maplayout``: the
same cards, placer and arrows the editor shows, without graphics items) and reads its
``Drawing``, with Python's cycle collector held off meanwhile (``canvas.gcpause``).
"""

from __future__ import annotations

import os

from svx_desktop.canvas.drawing import Drawing
from svx_desktop.canvas.gcpause import gc_paused
from svx_desktop.model import ValueMap


def ensure_gui() -> None:
    """A ``QApplication`` for drawing; offscreen unless one already runs."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QApplication(["svx"])
        app.setApplicationName("svx")
        globals()["_app"] = app  # keep it alive for the process


def map_drawing(vmap: ValueMap, notes: bool = True) -> Drawing:
    """The export drawing of the whole map, from its ``MapLayout`` (the scene's geometry
    without graphics items)."""
    ensure_gui()
    from svx_desktop.canvas.drawing import scene_drawing
    from svx_desktop.canvas.maplayout import MapLayout

    with gc_paused():
        return scene_drawing(MapLayout(vmap), notes=notes)
