"""The base of the non-modal windows about one stakeholder (its charter, its channel view).

``StakeholderWindow(document, stakeholder_id, object_name, parent)`` is a non-modal
``QDialog`` that keeps the document and the stakeholder's id and closes itself when that
stakeholder is removed from the map (a delete, or the undo of its creation), so no window
goes on showing a stakeholder the map no longer has. Undoing the removal does not reopen it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from svx_desktop.editing import Document
from svx_desktop.editing.follow import follow
from svx_desktop.model import StakeholderRemoved


class StakeholderWindow(QDialog):
    """A non-modal window about one stakeholder (see the module docstring)."""

    def __init__(
        self,
        document: Document,
        stakeholder_id: str,
        object_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setModal(False)
        self.document = document
        self.stakeholder_id = stakeholder_id
        self._removal = follow(document.map, self, {StakeholderRemoved: self._removed})

    def _removed(self, event: StakeholderRemoved) -> None:
        if event.stakeholder.id == self.stakeholder_id:
            self.close()


__all__ = ["StakeholderWindow"]
