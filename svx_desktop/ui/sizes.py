"""Real sizes of what the canvas shows, for the Qt-free placement and layout code.

The model's placement (``next_free_position``) and layout (``radial_layout``) estimate
sizes from text length; the UI passes the canvas's own measurements instead, read off
the scene's items (cards, the organisation box, notes) and the label font.
"""

from __future__ import annotations

from svx_desktop.canvas import style
from svx_desktop.canvas.scene import MapScene
from svx_desktop.model.geometry import Size


def element_sizes(scene: MapScene) -> dict[str, Size]:
    """``{element id: (width, height)}`` of the organisation, every card and every note."""
    out: dict[str, Size] = {}
    org = scene.organisation_item
    r = org.scene_rect()
    out[org.element_id] = (r.width(), r.height())
    for item in (*scene.stakeholder_items(), *scene.note_items()):
        r = item.scene_rect()
        out[item.element_id] = (r.width(), r.height())
    return out


def label_size(text: str) -> Size:
    """How big one flow label is drawn (elided as the canvas elides it)."""
    shown = style.elide(text, "label", style.LABEL_MAX_WIDTH) or "(no label)"
    fm = style.metrics("label")
    return (fm.horizontalAdvance(shown) + 14, fm.height() + 6)
