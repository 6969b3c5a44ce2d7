"""The channel view window: a journey's stakeholder in the middle, its channels around it.

``ChannelRingDialog(document, stakeholder_id)`` shows a ``journey.ring.ChannelRingScene``
in a non-modal window opened from the journey view ("Channel View…", Journey ▸ Channel
View…). It is read-only and follows the map, closing when its stakeholder leaves; the
picture is fitted to the window as it is resized, and Ctrl+wheel zooms.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QResizeEvent, QShowEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QVBoxLayout, QWidget

from svx_desktop.editing import Document
from svx_desktop.journey.ring import ChannelRingScene
from svx_desktop.ui.stakeholderwindow import StakeholderWindow


class RingView(QGraphicsView):
    def __init__(self, scene: ChannelRingScene, parent: QWidget) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.fitted = True

    def fit(self) -> None:
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        if self.transform().m11() > 1.0:
            self.resetTransform()
        self.fitted = True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fitted:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            factor = 1.2 ** (event.angleDelta().y() / 120.0)
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
            self.scale(factor, factor)
            self.fitted = False
            event.accept()
            return
        super().wheelEvent(event)


class ChannelRingDialog(StakeholderWindow):
    """The channel view of one stakeholder (see the module docstring)."""

    def __init__(self, document: Document, stakeholder_id: str, parent: QWidget | None = None):
        super().__init__(document, stakeholder_id, "channelRing", parent)
        self.ring = ChannelRingScene(document.map, stakeholder_id, self)
        self.view = RingView(self.ring, self)
        self.ring.changed.connect(lambda _r: self._retitle())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.resize(900, 640)
        self._retitle()

    def _retitle(self) -> None:
        vmap = self.document.map
        if vmap.has_stakeholder(self.stakeholder_id):
            self.setWindowTitle(f"Channels of {vmap.stakeholder(self.stakeholder_id).name}")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.view.fit()


__all__ = ["ChannelRingDialog"]
