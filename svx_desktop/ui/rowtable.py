"""Flat tables of one row per element, as the Exchanges and Net value panels show them.

``RowTableModel`` answers Qt's row and column counts and the column headers (their names
and, where given, a tooltip) from its ``headers``, ``header_tips`` and the subclass's
``row_total``. ``row_table_view`` builds the view both panels show: whole rows selected,
one line a row with long text elided, no row numbers, columns the user can widen, and
sorting by a header click, in the model's own order until one is clicked.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

Index = QModelIndex | QPersistentModelIndex


class RowTableModel(QAbstractTableModel):
    """A table model whose rows the subclass counts (``row_total``) and whose columns are
    ``headers``; ``header_tips`` holds a header's tooltip by column ("" for none)."""

    headers: tuple[str, ...] = ()
    header_tips: tuple[str, ...] = ()

    def row_total(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.row_total()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.headers):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.headers[section]
            if role == Qt.ItemDataRole.ToolTipRole and section < len(self.header_tips):
                return self.header_tips[section] or None
        return super().headerData(section, orientation, role)


def row_table_view(
    parent: QWidget,
    name: str,
    model: QAbstractItemModel,
    selection: QAbstractItemView.SelectionMode,
    edit: QAbstractItemView.EditTrigger,
) -> QTableView:
    """A sortable ``QTableView`` of ``model`` named ``name`` (see the module docstring)."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(selection)
    view.setEditTriggers(edit)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setSortIndicatorClearable(True)
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the model's order until asked
    view.setSortingEnabled(True)
    return view


__all__ = ["Index", "RowTableModel", "row_table_view"]
