"""Real sizes of what the canvas shows, for the Qt-free placement and layout code.

The model's placement (``next_free_position``) and layout (``radial_layout``) estimate
sizes from text length; the UI passes the canvas's own measurements instead: those of
the scene's items (``MapScene.element_sizes``) and of the label font (``style.label_size``).
"""

from __future__ import annotations

from svx_desktop.canvas import style
from svx_desktop.canvas.scene import MapScene
from svx_desktop.model.geometry import Size


def element_sizes(scene: MapScene) -> dict[str, Size]:
    """``{element id: (width, height)}`` of the organisation, every card and every note."""
    return scene.element_sizes()


def label_size(text: str) -> Size:
    """How big one flow label is drawn (elided as the canvas elides it)."""
    return style.label_size(text)[1]
