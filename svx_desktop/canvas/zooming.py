"""The zoom the map view and the journey view share.

``ZoomingView`` is a ``QGraphicsView`` that reads its zoom from its transform, turns
Ctrl +/−/0 and Ctrl+wheel into calls of ``set_zoom`` (so both views step by the same
``ZOOM_STEP``), and zooms one way: clamped to the view's ``min_zoom``…``max_zoom``, about
the pointer for a wheel or pinch and about the view's centre otherwise, exactly onto the
factor asked for. Each view follows a zoom up its own way in ``zoomed`` (level of detail,
an open editor) and emits ``zoomChanged``.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QTransform, QWheelEvent
from PySide6.QtWidgets import QGraphicsView

ZOOM_STEP = 1.2


class ZoomingView(QGraphicsView):
    """A view with ``zoom_in``/``zoom_out``/``zoom_100`` and Ctrl+wheel zoom on ``set_zoom``."""

    zoomChanged = Signal(float)

    #: The zoom range (1.0 = 100 %).
    min_zoom = 0.1
    max_zoom = 4.0

    def zoom_factor(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom to ``factor`` (1.0 = 100 %, within the view's range): about the pointer when
        ``anchor`` (the scene point under it) is given, else about the view's centre."""
        factor = min(max(factor, self.min_zoom), self.max_zoom)
        current = self.zoom_factor()
        if abs(factor - current) < 1e-9:
            return
        old_anchor = self.transformationAnchor()
        if anchor is None:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        else:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.scale(factor / current, factor / current)
        if self.transform().m11() != factor:  # 0.9999999999999999 is not 100 %
            self.setTransform(QTransform.fromScale(factor, factor))
        self.setTransformationAnchor(old_anchor)
        self.zoomed()

    def zoomed(self) -> None:
        """Follow up a ``set_zoom`` (the view's own level of detail, editors, signal)."""
        self.zoomChanged.emit(self.zoom_factor())

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
