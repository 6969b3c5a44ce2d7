"""The zoom steps the map view and the journey view share.

``ZoomingView`` is a ``QGraphicsView`` that reads its zoom from its transform and turns
Ctrl +/−/0 and Ctrl+wheel into calls of its own ``set_zoom`` (each view clamps, anchors
and follows up a zoom its own way), so both views step by the same ``ZOOM_STEP``.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QGraphicsView

ZOOM_STEP = 1.2


class ZoomingView(QGraphicsView):
    """A view with ``zoom_in``/``zoom_out``/``zoom_100`` and Ctrl+wheel zoom on ``set_zoom``."""

    def zoom_factor(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom to ``factor`` (1.0 = 100 %), keeping ``anchor`` (a scene point) in place."""
        raise NotImplementedError

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom_factor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom_factor() / ZOOM_STEP)

    def zoom_100(self) -> None:
        self.set_zoom(1.0)

    def wheel_zoomed(self, event: QWheelEvent) -> bool:
        """Zoom about the pointer for a Ctrl+wheel ``event`` (and accept it); False for any
        other wheel event, which the view handles itself."""
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        steps = event.angleDelta().y() / 120.0
        if steps:
            anchor = self.mapToScene(event.position().toPoint())
            self.set_zoom(self.zoom_factor() * (ZOOM_STEP**steps), anchor)
        event.accept()
        return True
