"""The charter editor: the promises the organisation makes to one stakeholder.

``CharterEditor(document, stakeholder_id)`` is a non-modal window opened from the journey
view (its "Charter…" button, Journey ▸ Charter…). **Draft from expectations** writes one
promise per expectation (with the channels of the touch points serving it) and per
moment of truth that serves none (``model.coverage.draft_charter``), keeping promises
already there — one undo step. The table edits each promise in place: its text and its
measurable standard by typing in the cell, its channels from a menu of checkable channels;
promises are added, removed and moved up or down. Every change is one ``SetCharter``
pushed on the document's undo stack; the editor never writes to the map and follows its
events (undo, a renamed expectation or channel), closing when its stakeholder leaves.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from svx_desktop.editing import Document
from svx_desktop.editing.follow import follow
from svx_desktop.editing.journeys import SetCharter
from svx_desktop.model import (
    MAX_NOTES_LENGTH,
    ChannelsChanged,
    CharterChanged,
    FlowChanged,
    FlowRemoved,
    StakeholderChanged,
)
from svx_desktop.model.coverage import draft_charter
from svx_desktop.model.journey_elements import Charter, Promise
from svx_desktop.ui.labels import plain_label
from svx_desktop.ui.stakeholderwindow import StakeholderWindow

COL_TEXT, COL_CHANNELS, COL_STANDARD, COL_SERVES = range(4)
HEADERS = ("Promise", "Channels", "Standard (how we know it is kept)", "Answers")


class CharterEditor(StakeholderWindow):
    """Edit one stakeholder's charter (see the module docstring)."""

    def __init__(self, document: Document, stakeholder_id: str, parent: QWidget | None = None):
        super().__init__(document, stakeholder_id, "charterEditor", parent)
        self._filling = False
        self.title = plain_label(self)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() + 2)
        self.title.setFont(font)
        self.draft_button = QPushButton("Draft from Expectations", self)
        self.draft_button.setToolTip(
            "One promise per expectation and per moment of truth not yet promised"
        )
        self.draft_button.clicked.connect(lambda _c=False: self.draft())
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setObjectName("charterTable")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_STANDARD, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_CHANNELS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_SERVES, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.itemChanged.connect(self._item_changed)
        self.table.cellClicked.connect(self._cell_clicked)
        self.add_button = QPushButton("Add Promise", self)
        self.add_button.clicked.connect(lambda _c=False: self.add_promise())
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.clicked.connect(lambda _c=False: self.remove_promise(self.current_row()))
        self.up_button = QPushButton("Move Up", self)
        self.up_button.clicked.connect(lambda _c=False: self.move_promise(self.current_row(), -1))
        self.down_button = QPushButton("Move Down", self)
        self.down_button.clicked.connect(lambda _c=False: self.move_promise(self.current_row(), 1))
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.draft_button)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(860, 420)
        self._subscription = follow(
            document.map,
            self,
            {
                CharterChanged: lambda e: (
                    self.refresh() if e.stakeholder_id == self.stakeholder_id else None
                ),
                FlowChanged: lambda _e: self.refresh(),
                FlowRemoved: lambda _e: self.refresh(),
                ChannelsChanged: lambda _e: self.refresh(),
                StakeholderChanged: lambda _e: self.refresh(),
            },
        )
        self.refresh()

    # ---------------------------------------------------------------- reading
    @property
    def charter(self) -> Charter:
        return self.document.map.journeys.charter(self.stakeholder_id) or Charter(
            self.stakeholder_id
        )

    @property
    def promises(self) -> tuple[Promise, ...]:
        return self.charter.promises

    def current_row(self) -> int:
        return self.table.currentRow()

    def refresh(self) -> None:
        vmap = self.document.map
        if not vmap.has_stakeholder(self.stakeholder_id):
            return
        name = vmap.stakeholder(self.stakeholder_id).name
        self.title.setText(f"Charter for {name}")
        self.setWindowTitle(f"Charter — {name}")
        j = vmap.journeys
        promises = self.promises
        row = self.current_row()
        self._filling = True
        try:
            self.table.setRowCount(len(promises))
            for r, p in enumerate(promises):
                channels = ", ".join(j.channel(c).name for c in p.channels if j.has_channel(c))
                serves = vmap.flow(p.serves).label if p.serves and vmap.has_flow(p.serves) else ""
                for col, text, editable in (
                    (COL_TEXT, p.text, True),
                    (COL_CHANNELS, channels or "(choose…)", False),
                    (COL_STANDARD, p.standard, True),
                    (COL_SERVES, serves, False),
                ):
                    item = QTableWidgetItem(text)
                    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                    if editable and not self.document.read_only:
                        flags |= Qt.ItemFlag.ItemIsEditable
                    item.setFlags(flags)
                    if col == COL_CHANNELS:
                        item.setToolTip("Click to choose the channels")
                    if col == COL_STANDARD and not p.standard:
                        item.setToolTip("A measurable standard, e.g. “answered within a day”")
                    self.table.setItem(r, col, item)
            self.table.resizeRowsToContents()
            for r in range(len(promises)):  # room to breathe (and to edit in)
                self.table.setRowHeight(r, self.table.rowHeight(r) + 10)
        finally:
            self._filling = False
        if 0 <= row < len(promises):
            self.table.selectRow(row)
        writable = not self.document.read_only
        for b in (self.draft_button, self.add_button, self.remove_button):
            b.setEnabled(writable)
        self.up_button.setEnabled(writable and len(promises) > 1)
        self.down_button.setEnabled(writable and len(promises) > 1)

    # ---------------------------------------------------------------- editing
    def _push(self, promises: tuple[Promise, ...], text: str | None = None) -> bool:
        if self.document.read_only:
            return False
        charter = dataclasses.replace(self.charter, promises=promises)
        return self.document.try_push(
            SetCharter(self.document.map, self.stakeholder_id, charter, text)
        )

    def draft(self) -> bool:
        """Draft from expectations and moments of truth, as one undo step."""
        drafted = draft_charter(self.document.map, self.stakeholder_id)
        if drafted.promises == self.promises:
            return False
        name = self.document.map.stakeholder(self.stakeholder_id).name
        return self._push(drafted.promises, f"Draft Charter of “{name}”")

    def add_promise(self, text: str = "We promise…") -> bool:
        done = self._push((*self.promises, Promise(text)), "Add Promise")
        if done:
            row = len(self.promises) - 1
            self.table.setCurrentCell(row, COL_TEXT)
            item = self.table.item(row, COL_TEXT)
            if item is not None:
                self.table.editItem(item)
        return done

    def remove_promise(self, row: int) -> bool:
        promises = list(self.promises)
        if not 0 <= row < len(promises):
            return False
        del promises[row]
        return self._push(tuple(promises), "Remove Promise")

    def move_promise(self, row: int, step: int) -> bool:
        promises = list(self.promises)
        to = row + step
        if not (0 <= row < len(promises) and 0 <= to < len(promises)):
            return False
        promises[row], promises[to] = promises[to], promises[row]
        done = self._push(tuple(promises), "Move Promise")
        if done:
            self.table.selectRow(to)
        return done

    def set_field(self, row: int, **changes: object) -> bool:
        promises = list(self.promises)
        if not 0 <= row < len(promises):
            return False
        new = dataclasses.replace(promises[row], **changes)  # type: ignore[arg-type]
        if new == promises[row]:
            return False
        promises[row] = new
        return self._push(tuple(promises))

    def toggle_channel(self, row: int, channel_id: str, on: bool) -> bool:
        if not 0 <= row < len(self.promises):
            return False
        kept = tuple(c for c in self.promises[row].channels if c != channel_id)
        return self.set_field(row, channels=(*kept, channel_id) if on else kept)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        text = " ".join(item.text().split())[:MAX_NOTES_LENGTH]
        if item.column() == COL_TEXT:
            if not text:
                self.refresh()
                return
            self.set_field(item.row(), text=text)
        elif item.column() == COL_STANDARD:
            self.set_field(item.row(), standard=text)

    def channel_menu(self, row: int) -> QMenu:
        """The checkable channels of the promise in ``row`` (each toggle one step)."""
        menu = QMenu(self)
        chosen = self.promises[row].channels
        for c in self.document.map.journeys.channels:
            action = menu.addAction(c.name)
            action.setCheckable(True)
            action.setChecked(c.id in chosen)
            action.toggled.connect(lambda on, cid=c.id, r=row: self.toggle_channel(r, cid, on))
        return menu

    def _cell_clicked(self, row: int, column: int) -> None:
        item = self.table.item(row, column)
        if column != COL_CHANNELS or self.document.read_only or item is None:
            return
        rect = self.table.visualItemRect(item)
        at = self.table.viewport().mapToGlobal(rect.bottomLeft() + QPoint(0, 2))
        menu = self.channel_menu(row)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(at)


__all__ = ["CharterEditor"]
