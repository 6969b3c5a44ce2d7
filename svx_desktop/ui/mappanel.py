"""``MapPanel``: the base of the docked panels, each following one map and its canvas.

A panel is built over a ``Document`` and, when it has one, the window's ``MapScene``: it
makes its widgets in ``build``, then ``set_document`` runs. ``set_document`` (also after
File ▸ Open) ends the old subscription and selection connection and makes new ones: the
panel follows the map's events through ``editing.follow`` with the handlers it names in
``handlers`` and the canvas's selection through ``_selection_changed``, then
``document_shown`` fills it afresh. The panel never writes to the map; its edits are
commands pushed on the document.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from svx_desktop.editing import Document
from svx_desktop.editing.follow import Handlers, Subscription, follow
from svx_desktop.model import ValueMap

if TYPE_CHECKING:
    from svx_desktop.canvas.scene import MapScene


class MapPanel(QWidget):
    """A dock's contents over one document and its scene. See the module docstring."""

    #: The panel's object name (its dock's saved place is found by it).
    object_name = ""

    def __init__(
        self,
        document: Document,
        scene: MapScene | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(self.object_name)
        self.document = document
        self.scene: MapScene | None = None
        self._subscription: Subscription | None = None
        self.build()
        self.set_document(document, scene)

    def build(self) -> None:
        """Make the panel's widgets (before it is given its document)."""

    @property
    def map(self) -> ValueMap:
        return self.document.map

    def set_document(self, document: Document, scene: MapScene | None = None) -> None:
        """Follow another document and its scene."""
        if self.scene is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self.scene.selectionChanged.disconnect(self._selection_changed)
        if self._subscription is not None:
            self._subscription.close()
        self.document = document
        self.scene = scene
        handlers = self.handlers()
        self._subscription = follow(document.map, self, handlers) if handlers else None
        if scene is not None:
            scene.selectionChanged.connect(self._selection_changed)
        self.document_shown()

    def handlers(self) -> Handlers:
        """``{EventType: handler}`` for the map's events this panel follows."""
        return {}

    def _selection_changed(self) -> None:
        """The canvas's selection changed."""

    def document_shown(self) -> None:
        """Show the (new) document's content."""


__all__ = ["MapPanel"]
