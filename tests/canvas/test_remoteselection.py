"""Other people's selections on the canvas: the name tag reads at any zoom, and two
people on one card get tags that do not cover each other."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QMainWindow

from svx_desktop.canvas import CanvasController, MapScene, MapView
from svx_desktop.canvas.remoteselection import RemoteMark, RemoteSelections
from svx_desktop.editing import Document
from svx_desktop.fileformat.templates import load_template
from svx_desktop.live.awareness import PALETTE, Presence


def _on_screen(view: MapView, mark: RemoteMark) -> QRectF:
    tag = mark.tag
    return tag.deviceTransform(view.viewportTransform()).mapRect(tag.boundingRect())


def test_name_tags_keep_their_size_on_screen_and_never_overlap(qtbot: Any) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    doc = Document(load_template("bank"))
    scene = MapScene(doc.map)
    view = MapView(CanvasController(doc, scene))
    window.setCentralWidget(view)
    window.resize(1280, 720)
    window.show()
    card = doc.map.stakeholders[0].id
    marks = RemoteSelections(scene)
    marks.show(
        [
            Presence(1, "Ada (Room A)", PALETTE[0], frozenset({card})),
            Presence(2, "Bob (Room B)", PALETTE[1], frozenset({card})),
        ]
    )
    ada, bob = sorted(marks.marks(), key=lambda m: m.name)
    heights = []
    for zoom in (0.25, 1.0, 2.0):
        view.set_zoom(zoom)
        first, second = _on_screen(view, ada), _on_screen(view, bob)
        heights.append(round(first.height(), 1))
        assert not first.intersects(second), (zoom, first, second)
        # Each tag stands on (or above) its own outline's top-left corner.
        corner = view.mapFromScene(ada.mapToScene(ada.outline.topLeft()))
        assert abs(first.left() - corner.x()) <= 1 and first.bottom() <= corner.y() + 1
    assert len(set(heights)) == 1, f"a tag's height on screen changed with zoom: {heights}"
    assert heights[0] >= 10, "a name tag too small to read"
