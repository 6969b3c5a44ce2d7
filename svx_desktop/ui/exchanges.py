"""The exchanges panel: the flows of a map as a table, editable in place, sortable and
filterable.

``ExchangesPanel`` shows an ``ExchangesModel`` (``ui.exchangetable``) through an
``ExchangesProxy`` (click a header to sort; the filter box matches any column, ignoring
case) and keeps the table's row selection and the canvas selection of flows in step both
ways. Enter edits a row's label, Delete deletes the selected rows' flows (one undo step).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QObject,
    Qt,
)
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QVBoxLayout,
)

from svx_desktop.editing import RemoveElements
from svx_desktop.editing.follow import next_turn
from svx_desktop.ui.exchangetable import (
    COL_DIRECTION,
    COL_IMPORTANCE,
    COL_LABEL,
    COL_RATING,
    COL_STAKEHOLDER,
    COL_VALUE_KIND,
    FLOW_ID_ROLE,
    ExchangesDelegate,
    ExchangesModel,
    ExchangesProxy,
)
from svx_desktop.ui.labels import plain_label
from svx_desktop.ui.mappanel import MapPanel
from svx_desktop.ui.rowtable import row_table_view
from svx_desktop.ui.unlinkdialog import confirm_flow_removal


class ExchangesPanel(MapPanel):
    """Dock contents: filter box over the exchanges table, selection synced with the canvas."""

    object_name = "exchangesPanel"

    def build(self) -> None:
        self._syncing = False
        # Shows the canvas's selection again after rows came or went (coalesced).
        self._resync = next_turn(self, self._selection_changed)

        self.model = ExchangesModel(self.document, self)
        self.proxy = ExchangesProxy(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("exchangesFilter")
        self.filter_edit.setPlaceholderText("Filter exchanges…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setToolTip("Show only the rows where some column contains this text")
        self.filter_edit.textChanged.connect(self.set_filter)

        self.view = row_table_view(
            self,
            "exchangesTable",
            self.proxy,
            QAbstractItemView.SelectionMode.ExtendedSelection,
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked,
        )
        self.view.setItemDelegate(ExchangesDelegate(self.view))
        for col, width in ((COL_STAKEHOLDER, 140), (COL_DIRECTION, 80), (COL_LABEL, 180)):
            self.view.setColumnWidth(col, width)
        self.view.setColumnWidth(COL_VALUE_KIND, 120)
        self.view.setColumnWidth(COL_IMPORTANCE, 80)
        self.view.setColumnWidth(COL_RATING, 90)
        self.view.installEventFilter(self)

        self.count_label = plain_label(self, name="exchangesCount")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)

        self.view.selectionModel().selectionChanged.connect(self._table_selection_changed)
        for signal in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._update_count)

    # ------------------------------------------------------------ document
    def document_shown(self) -> None:
        self.model.set_document(self.document)  # the table model follows the map itself
        self._selection_changed()
        self._update_count()

    def set_filter(self, text: str) -> None:
        if self.filter_edit.text() != text:
            self.filter_edit.setText(text)  # calls back here through textChanged
            return
        self.proxy.setFilterFixedString(text)
        self._update_count()

    def _update_count(self, *_: Any) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        noun = "exchange" if total == 1 else "exchanges"
        text = f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}"
        self.count_label.setText(text)

    # ----------------------------------------------------------- selection
    def selected_flow_ids(self) -> list[str]:
        """Ids of the flows whose rows are selected, in table order."""
        # Walk the selection's ranges: selectedRows() is quadratic on a fragmented selection.
        rows: set[int] = set()
        selection = self.view.selectionModel().selection()
        for i in range(selection.count()):
            r = selection.at(i)
            rows.update(range(r.top(), r.bottom() + 1))
        proxy = self.proxy
        return [str(proxy.index(row, 0).data(FLOW_ID_ROLE)) for row in sorted(rows)]

    def select_flow_ids(self, flow_ids: list[str] | set[str]) -> None:
        """Select exactly the rows of these flows (does not touch the canvas)."""
        rows: list[int] = []
        for row in self.model.rows_of(flow_ids):
            left = self.proxy.mapFromSource(self.model.index(row, 0))
            if left.isValid():  # not filtered out
                rows.append(left.row())
        rows.sort()
        # One range per run of neighbouring rows keeps "select all" on a big map cheap.
        selection = QItemSelection()
        last = self.proxy.columnCount() - 1
        start = 0
        for i in range(1, len(rows) + 1):
            if i == len(rows) or rows[i] != rows[i - 1] + 1:
                top = self.proxy.index(rows[start], 0)
                selection.select(top, self.proxy.index(rows[i - 1], last))
                start = i
        first_index = self.proxy.index(rows[0], 0) if rows else None
        was = self._syncing
        self._syncing = True
        try:
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            self.view.selectionModel().select(selection, flags)
            if first_index is not None:
                self.view.selectionModel().setCurrentIndex(
                    first_index, QItemSelectionModel.SelectionFlag.NoUpdate
                )
                self.view.scrollTo(first_index)
        finally:
            self._syncing = was

    def _table_selection_changed(self, *_: Any) -> None:
        if self.model.changing:
            # Rows coming and going change the table's selection by themselves; that is not
            # the user choosing another selection, so it is not sent back to the canvas
            # (and the canvas's selection is shown again once the changes are over).
            self._resync_later()
            return
        if self._syncing or self.scene is None:
            return
        self._syncing = True
        try:
            self.scene.select_ids(self.selected_flow_ids())
        finally:
            self._syncing = False

    def _resync_later(self) -> None:
        if self.scene is not None and not self._resync.isActive():
            self._resync.start()

    def _selection_changed(self) -> None:
        if self._syncing or self.scene is None:
            return
        try:
            flows = list(self.scene.selection().flows)
        except RuntimeError:  # the scene is being destroyed
            return
        if set(flows) != set(self.selected_flow_ids()):
            self.select_flow_ids(flows)

    def delete_selected(self) -> bool:
        """Delete the flows of the selected rows (one undo step); False if none."""
        flow_ids = [f for f in self.selected_flow_ids() if self.model.map.has_flow(f)]
        if not flow_ids or self.document.read_only:
            return False
        if not confirm_flow_removal(self, self.model.map, flow_ids):
            return False
        return self.document.try_push(RemoveElements(self.model.map, flow_ids=flow_ids))

    # ------------------------------------------------------------- keys
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter on a row (not while editing) starts editing the label, like F2; Delete
        # (or Backspace) deletes the selected rows' flows as one undo step.
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            key_event: Any = event
            if self.view.state() != QAbstractItemView.State.EditingState and (
                key_event.matches(QKeySequence.StandardKey.Delete)
                or key_event.key() == Qt.Key.Key_Backspace
            ):
                self.delete_selected()
                return True
            if (
                key_event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and self.view.state() != QAbstractItemView.State.EditingState
            ):
                current = self.view.currentIndex()
                if current.isValid():
                    self.view.edit(current.siblingAtColumn(COL_LABEL))
                    return True
            if key_event.matches(QKeySequence.StandardKey.Find):
                self.filter_edit.setFocus()
                self.filter_edit.selectAll()
                return True
        return super().eventFilter(watched, event)


__all__ = ["ExchangesPanel"]
