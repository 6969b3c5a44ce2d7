"""The category palette dock: every category with its colour and icon, draggable to the canvas.

The list shows the built-in categories followed by the map's own. Dragging an entry
starts a drag carrying the MIME type ``application/x-svx-category`` (``CATEGORY_MIME``)
whose payload is the category id encoded as UTF-8 (plus the category name as plain
text); the canvas view creates a stakeholder of that category where it is dropped. The
map's own categories can be added, renamed (inline, F2 or double-click) and recoloured,
and removed while no stakeholder uses them; each of these is one undo step
(``AddCategory``, ``EditElements(kind="category")``, ``RemoveCategory``).

The canvas accepts such a drop through ``CategoryDropFilter`` (installed on a ``MapView``
by ``panels.attach_panels``): it adds a stakeholder of the dropped category where it
lands, named after the category, as one undo step, and opens its name editor.

This module also holds the helpers the other panels share: ``category_icon`` (a colour
swatch with the category's glyph) and ``ask_colour``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QMimeData, QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDropEvent,
    QIcon,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from svx_desktop.canvas import style
from svx_desktop.canvas.glyphs import GLYPH_SIZE, glyph
from svx_desktop.editing import (
    AddCategory,
    EditElements,
    MapCommand,
    RemoveCategory,
)
from svx_desktop.editing.follow import Handlers
from svx_desktop.model import (
    BUILTIN_CATEGORY_IDS,
    MAX_LABEL_LENGTH,
    CategoriesChanged,
    Category,
    StakeholderAdded,
    StakeholderChanged,
    StakeholderRemoved,
)
from svx_desktop.model.categories import new_category_slot
from svx_desktop.ui import dialogs
from svx_desktop.ui.buttons import tool_button
from svx_desktop.ui.mappanel import MapPanel

if TYPE_CHECKING:
    from svx_desktop.canvas.view import MapView

#: MIME type of a category dragged from the palette; the payload is the category id (UTF-8).
CATEGORY_MIME = "application/x-svx-category"

#: Item data role holding the category id of a palette entry.
CATEGORY_ID_ROLE = Qt.ItemDataRole.UserRole + 1

#: Colours offered to new categories, in turn (Okabe-Ito-like, distinct from the built-ins).


# --------------------------------------------------------------------- shared helpers
def category_icon(colour: str, icon: str = "other", size: int = 16) -> QIcon:
    """A rounded colour swatch with the category's glyph (as drawn on the canvas cards)."""
    return QIcon(category_pixmap(colour, icon, size))


@lru_cache(maxsize=512)
def category_pixmap(colour: str, icon: str = "other", size: int = 16) -> QPixmap:
    """The pixmap behind ``category_icon`` (cached: tables ask for it on every paint)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    fill = QColor(colour)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = QPainterPath()
    rect = QRectF(0.5, 0.5, size - 1.0, size - 1.0)
    path.addRoundedRect(rect, size / 5, size / 5)
    painter.fillPath(path, fill)
    painter.setPen(fill.darker(150))
    painter.drawPath(path)
    if size >= 12:
        scale = size * 0.8 / GLYPH_SIZE
        painter.translate(rect.center())
        painter.scale(scale, scale)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.contrast_ink(fill))
        painter.drawPath(glyph(icon))
    painter.end()
    return pixmap


def ask_colour(parent: QWidget | None, initial: str, title: str) -> QColor | None:
    """Ask for a colour with a ``QColorDialog`` (through ``dialogs.run_modal``, so tests
    can answer it); None when cancelled."""
    dialog = QColorDialog(QColor(initial), parent)
    dialog.setWindowTitle(title)
    if dialogs.run_modal(dialog) != QDialog.DialogCode.Accepted.value:
        return None
    chosen = dialog.selectedColor()
    if not chosen.isValid():
        chosen = dialog.currentColor()
    return chosen if chosen.isValid() else None


# ----------------------------------------------------------------------------- drop
class CategoryDropFilter(QObject):
    """Lets a ``MapView`` accept categories dragged from the palette (``CATEGORY_MIME``).

    An event filter on the view's viewport, so the view itself needs no drop code; other
    drags (files for the window) pass through untouched.
    """

    def __init__(self, view: MapView) -> None:
        super().__init__(view)
        self.view = view
        view.viewport().setAcceptDrops(True)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        if not isinstance(event, QDropEvent) or not event.mimeData().hasFormat(CATEGORY_MIME):
            return False
        if self.view.controller.read_only:
            event.ignore()
            return True
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        if kind == QEvent.Type.Drop:
            raw = bytes(event.mimeData().data(CATEGORY_MIME).data())
            category_id = raw.decode("utf-8", errors="replace")
            pos = self.view.mapToScene(event.position().toPoint())
            drop_category(self.view, category_id, (pos.x(), pos.y()))
        return True


def drop_category(
    view: MapView,
    category_id: str,
    position: tuple[float, float],
    moves: Mapping[str, tuple[float, float]] | None = None,
) -> str | None:
    """Add a stakeholder of ``category_id`` at ``position`` (one undo step, with the
    ``moves`` that make room for it), select it and open its name editor; returns its
    id (None if refused)."""
    stakeholder_id = view.controller.drop_category(category_id, position, moves)
    if stakeholder_id is None:
        return None
    view.setFocus(Qt.FocusReason.OtherFocusReason)
    view.rename_selection()
    return stakeholder_id


def place_category(view: MapView, category_id: str) -> str | None:
    """Add a stakeholder of ``category_id`` in the next free place around the organisation
    (as the canvas's own "add stakeholder" does), name editor open; returns its id."""
    place = view.controller.next_free_place()
    where = place.positions[0]
    view.ensureVisible(QRectF(where[0] - 120, where[1] - 60, 240, 120), 40, 40)
    return drop_category(view, category_id, where, place.moves)


# ---------------------------------------------------------------------------- panel
class CategoryList(QListWidget):
    """The list of categories; dragging an entry carries ``CATEGORY_MIME``; Enter on an
    entry asks for a stakeholder of that category (``placeRequested``)."""

    placeRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setIconSize(QSize(20, 20))
        self.setUniformItemSizes(True)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )

    def mimeTypes(self) -> list[str]:
        return [CATEGORY_MIME]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        data = QMimeData()
        if items:
            item = items[0]
            data.setData(CATEGORY_MIME, str(item.data(CATEGORY_ID_ROLE)).encode("utf-8"))
            data.setText(item.text())
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and item is not None
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self.placeRequested.emit(str(item.data(CATEGORY_ID_ROLE)))
            event.accept()
            return
        super().keyPressEvent(event)


class PalettePanel(MapPanel):
    """Dock contents: the categories, and buttons to add, recolour and delete own ones.

    ``placeRequested(category_id)`` asks for a stakeholder of a category without a drag
    (the Place button, or Enter in the list); ``attach_panels`` answers it with
    ``place_category`` on the window's canvas.
    """

    placeRequested = Signal(str)

    object_name = "palettePanel"

    def build(self) -> None:
        self._refreshing = False

        self.list = CategoryList(self)
        self.list.setObjectName("categoryList")
        self.list.setToolTip(
            "Drag a category onto the canvas to add a stakeholder of that kind.\n"
            "Double-click one of the map's own categories to rename it."
        )
        self.place_button = tool_button(
            self,
            "Place",
            "Add a stakeholder of this category to the map (or drag it there; Enter)",
            self._place_current,
        )
        self.add_button = tool_button(
            self, "Add", "Add a category of this map's own", self.add_category
        )
        self.colour_button = tool_button(
            self, "Colour…", "Change the colour of this category", self.recolour_category
        )
        self.remove_button = tool_button(
            self, "Delete", "Delete this category (when unused)", self.remove_category
        )

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.place_button)
        buttons.addSpacing(8)
        for b in (self.add_button, self.colour_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

        self.list.placeRequested.connect(self.placeRequested)
        self.list.itemChanged.connect(self._item_edited)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())

    def _place_current(self) -> None:
        cid = self.current_category_id()
        if cid is not None:
            self.placeRequested.emit(cid)

    # ------------------------------------------------------------ document
    def handlers(self) -> Handlers:
        return {
            CategoriesChanged: self._categories_changed,
            StakeholderAdded: self._stakeholders_changed,
            StakeholderRemoved: self._stakeholders_changed,
            StakeholderChanged: self._stakeholder_changed,
        }

    def document_shown(self) -> None:
        self.refresh()

    def _categories_changed(self, event: CategoriesChanged) -> None:
        self.refresh()

    def _stakeholders_changed(self, event: StakeholderAdded | StakeholderRemoved) -> None:
        self._update_buttons()  # "Delete" is offered only for an unused category

    def _stakeholder_changed(self, event: StakeholderChanged) -> None:
        if "category" in event.fields:
            self._update_buttons()

    # ------------------------------------------------------------- display
    def refresh(self) -> None:
        """Show the map's categories, keeping the current entry.

        A rename or recolour updates the entries in place (the list may be inside the
        commit of its own inline editor then); added or removed categories rebuild it.
        """
        current = self.current_category_id()
        categories = self.map.categories
        self._refreshing = True
        try:
            if self.category_ids() == [c.id for c in categories]:
                for i, category in enumerate(categories):
                    self._fill_item(self.list.item(i), category)
            else:
                self.list.clear()
                for category in categories:
                    item = QListWidgetItem()
                    self._fill_item(item, category)
                    self.list.addItem(item)
                keep = self.item_for(current) if current is not None else None
                self.list.setCurrentItem(keep if keep is not None else self.list.item(0))
        finally:
            self._refreshing = False
        self._update_buttons()

    def _fill_item(self, item: QListWidgetItem, category: Category) -> None:
        if item.text() != category.name:
            item.setText(category.name)
        item.setIcon(category_icon(category.colour, category.icon, 20))
        item.setData(CATEGORY_ID_ROLE, category.id)
        flags = (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )
        own = category.id not in BUILTIN_CATEGORY_IDS
        if own and not self.document.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
            item.setToolTip("This map's own category (double-click to rename)")
        else:
            item.setToolTip("Built-in category")
        item.setFlags(flags)

    def category_ids(self) -> list[str]:
        """Ids of the entries, in display order."""
        return [str(self.list.item(i).data(CATEGORY_ID_ROLE)) for i in range(self.list.count())]

    def item_for(self, category_id: str) -> QListWidgetItem | None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(CATEGORY_ID_ROLE) == category_id:
                return item
        return None

    def current_category_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(CATEGORY_ID_ROLE))

    def select_category(self, category_id: str) -> None:
        item = self.item_for(category_id)
        if item is not None:
            self.list.setCurrentItem(item)

    def _is_own(self, category_id: str | None) -> bool:
        return category_id is not None and any(c.id == category_id for c in self.map.own_categories)

    def _in_use(self, category_id: str) -> bool:
        return any(s.category == category_id for s in self.map.stakeholders)

    def _update_buttons(self) -> None:
        cid = self.current_category_id()
        writable = not self.document.read_only
        own = self._is_own(cid) and writable
        self.add_button.setEnabled(writable)
        self.place_button.setEnabled(writable and cid is not None)
        self.colour_button.setEnabled(own)
        used = own and cid is not None and self._in_use(cid)
        self.remove_button.setEnabled(own and not used)
        self.remove_button.setToolTip(
            "Delete this category"
            if own and not used
            else "Only an unused category of this map's own can be deleted"
        )

    # ------------------------------------------------------------- editing
    def add_category(self, name: str | None = None, colour: str | None = None) -> str | None:
        """Add a category of the map's own (one undo step); returns its id (None if refused).

        Without a name the new entry gets "New category" and its inline editor opens.
        """
        category_id, free_colour = new_category_slot(
            self.map.categories, len(self.map.own_categories)
        )
        colour = colour if colour is not None else free_colour
        interactive = name is None
        label = (name if name is not None else "New category")[:MAX_LABEL_LENGTH]
        if not self._push(AddCategory(self.map, Category(category_id, label, colour, "person"))):
            return None
        self.select_category(category_id)
        item = self.item_for(category_id)
        if interactive and item is not None and self.isVisible():
            self.list.editItem(item)
        return category_id

    def rename_category(self, category_id: str, name: str) -> bool:
        """Rename one of the map's own categories (one undo step); False if refused."""
        name = " ".join(name.split())[:MAX_LABEL_LENGTH]
        if not self._is_own(category_id) or not name:
            return False
        if self.map.category(category_id).name == name:
            return True
        return self._push(EditElements(self.map, "category", {category_id: {"name": name}}))

    def recolour_category(self, category_id: str | None = None, colour: Any = None) -> bool:
        """Change an own category's colour; asks with a colour dialog when none is given."""
        category_id = category_id or self.current_category_id()
        if category_id is None or not self._is_own(category_id):
            return False
        old = self.map.category(category_id).colour
        if colour is None:
            chosen = ask_colour(self, old, "Category Colour")
            if chosen is None:
                return False
            colour = chosen
        value = QColor(colour).name() if not isinstance(colour, str) else colour
        value = value.upper() if value.startswith("#") else QColor(value).name().upper()
        if value.lower() == old.lower():
            return True
        return self._push(EditElements(self.map, "category", {category_id: {"colour": value}}))

    def remove_category(self, category_id: str | None = None) -> bool:
        """Delete an unused category of the map's own (one undo step)."""
        category_id = category_id or self.current_category_id()
        if category_id is None or not self._is_own(category_id) or self._in_use(category_id):
            return False
        return self._push(RemoveCategory(self.map, category_id))

    def _push(self, command: MapCommand) -> bool:
        if self.document.read_only:
            return False
        if self.document.try_push(command):
            return True
        self.refresh()
        return False

    def _item_edited(self, item: QListWidgetItem) -> None:
        if self._refreshing:
            return
        category_id = str(item.data(CATEGORY_ID_ROLE))
        if not self.rename_category(category_id, item.text()):
            # Refused (empty name, say): show the model's name again.
            self._refreshing = True
            try:
                item.setText(self.map.category(category_id).name)
            finally:
                self._refreshing = False


__all__ = [
    "CATEGORY_ID_ROLE",
    "CATEGORY_MIME",
    "CategoryDropFilter",
    "CategoryList",
    "PalettePanel",
    "ask_colour",
    "category_icon",
    "category_pixmap",
    "drop_category",
    "place_category",
]
