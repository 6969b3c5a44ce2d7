"""File ▸ New from Template…: pick a bundled template from a list with a live preview.

``TemplateDialog`` lists the templates (``fileformat.templates.list_templates``), shows
the selected one drawn by a real, read-only ``MapView`` and its description. Accepting
gives a fresh map (new ids, timestamps now) that opens as *Untitled* — never tied to the
template's file — in the current window if it is blank, else in a new window.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from svx_desktop.canvas import CanvasController, MapScene
from svx_desktop.canvas.view import MapView
from svx_desktop.editing import Document
from svx_desktop.fileformat.templates import list_templates, load_template
from svx_desktop.model import ValueMap
from svx_desktop.ui import dialogs
from svx_desktop.ui.labels import plain_label
from svx_desktop.ui.protocols import MapWindow, as_widget

_NAME = Qt.ItemDataRole.UserRole


class TemplateDialog(QDialog):
    """The template picker. See the module docstring."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New from Template")
        self.list = QListWidget(self)
        self.list.setObjectName("svxTemplateList")
        self.description = plain_label(self, wrap=True)
        self.description.setMinimumHeight(48)
        self._preview_doc = Document()
        self._shown: str | None = None
        self._scene = MapScene(self._preview_doc.map, self)
        #: One read-only view for every template: choosing another swaps its scene.
        self.preview = MapView(CanvasController(self._preview_doc, self._scene), self)
        self.preview.setObjectName("svxTemplatePreview")
        self.preview.setInteractive(False)
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview.setMinimumSize(420, 300)
        off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff  # a picture of the template
        self.preview.setHorizontalScrollBarPolicy(off)
        self.preview.setVerticalScrollBarPolicy(off)
        self.preview.show_legend = False
        self.preview.installEventFilter(self)
        for name, title, description in list_templates():
            item = QListWidgetItem(title)
            item.setData(_NAME, name)
            item.setToolTip(description)
            self.list.addItem(item)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Create")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        right = QVBoxLayout()
        right.addWidget(self.preview, 1)
        right.addWidget(self.description)
        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.list.setMaximumWidth(240)
        self.resize(900, 560)
        # Connected once the layout holds every widget: the first template shows in place.
        self.list.currentItemChanged.connect(lambda *_: self._show_selected())
        self.list.itemDoubleClicked.connect(lambda *_: self.accept())
        if self.list.count():
            self.list.setCurrentRow(0)
            self._show_selected()

    # ------------------------------------------------------------------ API
    def names(self) -> list[str]:
        """The template names listed, in order."""
        return [str(self.list.item(i).data(_NAME)) for i in range(self.list.count())]

    def select(self, name: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(_NAME) == name:
                self.list.setCurrentRow(i)
                return
        raise KeyError(name)

    def selected_name(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(_NAME))

    def preview_map(self) -> ValueMap:
        """The map the preview shows now."""
        return self._preview_doc.map

    def chosen_map(self) -> ValueMap | None:
        """A fresh map from the selected template (new ids), or None."""
        name = self.selected_name()
        return None if name is None else load_template(name)

    # -------------------------------------------------------------- preview
    def _show_selected(self) -> None:
        name = self.selected_name()
        if name is None or name == self._shown:
            return
        self._shown = name
        item = self.list.currentItem()
        self.description.setText(str(item.toolTip()) if item is not None else "")
        old_scene = self._scene
        self._preview_doc = Document(load_template(name))
        self._scene = MapScene(self._preview_doc.map, self)
        self.preview.set_controller(CanvasController(self._preview_doc, self._scene))
        old_scene.detach()
        old_scene.deleteLater()
        self.preview.fit_all()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.preview and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.preview.fit_all()  # the template fills the pane at every size
        return super().eventFilter(watched, event)


def new_from_template(window: MapWindow, name: str | None = None) -> MapWindow | None:
    """File ▸ New from Template…: ask (unless ``name`` is given), then open the new map.

    Returns the window that shows it, or None when cancelled.
    """
    if name is None:
        dialog = TemplateDialog(as_widget(window))
        try:
            if dialogs.run_modal(dialog) != QDialog.DialogCode.Accepted.value:
                return None
            vmap = dialog.chosen_map()
        finally:
            dialog.deleteLater()
        if vmap is None:
            return None
    else:
        vmap = load_template(name)
    document = Document(vmap)
    if window.show_document(document):
        return window
    from svx_desktop.ui import mainwindow

    return mainwindow.windows()[-1]


__all__ = ["TemplateDialog", "new_from_template"]
