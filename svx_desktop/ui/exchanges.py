"""The exchanges table: one row per flow, editable in place, sortable and filterable.

``ExchangesModel`` is a ``QAbstractTableModel`` over a map's flows in the map's order. It
follows the map's events with the matching row signals (``beginInsertRows``,
``beginRemoveRows``, ``dataChanged``; a reset only when it is given another map) and
writes nothing to the map itself: ``setData`` pushes an ``EditElements`` command on the
document's undo stack, so a table edit is undone like any other. ``ExchangesPanel`` shows
it through a ``QSortFilterProxyModel`` (click a header to sort; the filter box matches
any column, ignoring case) and keeps the table's row selection and the canvas selection
of flows in step both ways. Every text is shown as plain text.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Iterable
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svx_desktop.canvas import style
from svx_desktop.editing import Document, EditElements, RemoveElements
from svx_desktop.editing.follow import Subscription, follow
from svx_desktop.model import (
    MAX_IMPORTANCE,
    MAX_LABEL_LENGTH,
    MAX_NOTES_LENGTH,
    MIN_IMPORTANCE,
    CategoriesChanged,
    Direction,
    Flow,
    FlowAdded,
    FlowChanged,
    FlowRemoved,
    StakeholderChanged,
    ValueKind,
    ValueMap,
)
from svx_desktop.ui.palette import category_icon

if TYPE_CHECKING:
    from svx_desktop.canvas.scene import MapScene

_Index = QModelIndex | QPersistentModelIndex

#: Item data role holding the flow id of a row (any column).
FLOW_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: Item data role the proxy sorts by (numbers for importance, folded text otherwise).
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

COL_STAKEHOLDER, COL_DIRECTION, COL_LABEL, COL_VALUE_KIND, COL_IMPORTANCE, COL_NOTES = range(6)
HEADERS = ("Stakeholder", "Direction", "Label", "Value kind", "Importance", "Notes")
#: Which column shows which field of a flow.
COLUMN_FIELDS = ("stakeholder_id", "direction", "label", "value_kind", "importance", "notes")

DIRECTION_TEXT = {
    Direction.PROVIDES: "provides",
    Direction.EXPECTS: "expects",
}


_flow_id = attrgetter("id")


def _one_line(text: str, limit: int = 200) -> str:
    """Notes shown in one table row: whitespace runs folded, long text clipped."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally (tooltips would otherwise guess at HTML)."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def direction_text_colour(direction: Direction) -> QColor:
    """The canvas's colour for a direction, in the shade that reads on the current theme."""
    base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
    dark = base.lightness() < 128
    return style.flow_colour(direction) if dark else style.flow_text_colour(direction)


class ExchangesModel(QAbstractTableModel):
    """A table model over the flows of a document's map. See the module docstring."""

    #: After a flow's row was inserted (a view may need to restore its selection).
    rowsArrived = Signal()

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._ids: list[str] = []
        self._rows: dict[str, int] | None = None
        self._subscription: Subscription | None = None
        #: True while rows come, go or reset (the view's selection changes by itself then).
        self.changing = False
        self.set_document(document)

    # ------------------------------------------------------------ document
    def set_document(self, document: Document) -> None:
        """Show another document's map (a full reset)."""
        if self._subscription is not None:
            self._subscription.close()
        self.changing = True
        try:
            self.beginResetModel()
            self.document = document
            self._ids = [f.id for f in document.map.flows]
            self._rows = None
            self.endResetModel()
        finally:
            self.changing = False
        self._subscription = self._follow(document.map)

    @property
    def map(self) -> ValueMap:
        return self.document.map

    # ------------------------------------------------------------- lookups
    def flow_id(self, row: int) -> str:
        return self._ids[row]

    def flow_ids(self) -> list[str]:
        return list(self._ids)

    def row_of(self, flow_id: str) -> int:
        """Row of a flow, or -1."""
        if self._rows is not None:
            return self._rows.get(flow_id, -1)
        # Rows just changed: one scan (in C) rather than rebuilding the index per event.
        try:
            return self._ids.index(flow_id)
        except ValueError:
            return -1

    def rows_of(self, flow_ids: Iterable[str]) -> list[int]:
        """Rows of several flows (unknown ones left out), through an index built once."""
        if self._rows is None:
            self._rows = {fid: i for i, fid in enumerate(self._ids)}
        rows = self._rows
        return [rows[f] for f in flow_ids if f in rows]

    # --------------------------------------------------------------- events
    def _follow(self, vmap: ValueMap) -> Subscription:
        return follow(
            vmap,
            self,
            {
                FlowAdded: self._flow_added,
                FlowRemoved: self._flow_removed,
                FlowChanged: self._flow_changed,
                StakeholderChanged: self._stakeholder_changed,
                CategoriesChanged: self._categories_changed,
            },
        )

    def _flow_added(self, event: FlowAdded) -> None:
        row = self._map_index(event.flow_id)
        self.changing = True
        try:
            self.beginInsertRows(QModelIndex(), row, row)
            self._ids.insert(row, event.flow_id)
            self._rows = None
            self.endInsertRows()
        finally:
            self.changing = False
        self.rowsArrived.emit()

    def _flow_removed(self, event: FlowRemoved) -> None:
        row = self.row_of(event.flow.id)
        if row >= 0:
            self.changing = True
            try:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._ids[row]
                self._rows = None
                self.endRemoveRows()
            finally:
                self.changing = False

    def _flow_changed(self, event: FlowChanged) -> None:
        row = self.row_of(event.flow_id)
        cols = [c for c, f in enumerate(COLUMN_FIELDS) if f in event.fields]
        if row >= 0 and cols:
            self.dataChanged.emit(self.index(row, min(cols)), self.index(row, max(cols)))

    def _stakeholder_changed(self, event: StakeholderChanged) -> None:
        if event.fields & {"name", "category", "colour"} and self.map.has_stakeholder(
            event.stakeholder_id
        ):
            for flow in self.map.flows_of(event.stakeholder_id):
                row = self.row_of(flow.id)
                if row >= 0:
                    idx = self.index(row, COL_STAKEHOLDER)
                    self.dataChanged.emit(idx, idx)

    def _categories_changed(self, event: CategoriesChanged) -> None:
        if self._ids:  # the stakeholder column shows category icons
            top = self.index(0, COL_STAKEHOLDER)
            self.dataChanged.emit(top, self.index(len(self._ids) - 1, COL_STAKEHOLDER))

    def _map_index(self, flow_id: str) -> int:
        """Where a new flow sits in the map's order (flows are mostly appended)."""
        flows = self.map.flows
        if flows and flows[-1].id == flow_id:
            return min(len(flows) - 1, len(self._ids))
        try:
            index = list(map(_flow_id, flows)).index(flow_id)
        except ValueError:
            return len(self._ids)
        return min(index, len(self._ids))

    # ---------------------------------------------------------- model API
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == COL_DIRECTION:
                return "provides: stakeholder → organisation; expects: organisation → stakeholder"
        return super().headerData(section, orientation, role)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.document.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _flow_at(self, index: _Index) -> Flow | None:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        flow_id = self._ids[index.row()]
        # During a removal the map may already have dropped a flow whose row is still here.
        return self.map.flow(flow_id) if self.map.has_flow(flow_id) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        flow = self._flow_at(index)
        if flow is None:
            return None
        col = index.column()
        if role == FLOW_ID_ROLE:
            return flow.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(flow, col)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(flow, col)
        if role == SORT_ROLE:
            if col == COL_IMPORTANCE:
                return flow.importance
            return str(self._display(flow, col)).casefold()
        if role == Qt.ItemDataRole.DecorationRole and col == COL_STAKEHOLDER:
            if self.map.has_stakeholder(flow.stakeholder_id):
                s = self.map.stakeholder(flow.stakeholder_id)
                cat = self.map.category(s.category)
                return category_icon(s.colour or cat.colour, cat.icon)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_DIRECTION:
            return direction_text_colour(flow.direction)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_IMPORTANCE:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_NOTES and flow.notes:
                return plain_tooltip(flow.notes[:2000])
            if col == COL_LABEL and flow.label:
                return plain_tooltip(flow.label[:2000])
        return None

    def _display(self, flow: Flow, col: int) -> str | int:
        if col == COL_STAKEHOLDER:
            if self.map.has_stakeholder(flow.stakeholder_id):
                return self.map.stakeholder(flow.stakeholder_id).name
            return ""
        if col == COL_DIRECTION:
            return DIRECTION_TEXT[flow.direction]
        if col == COL_LABEL:
            return flow.label
        if col == COL_VALUE_KIND:
            return flow.value_kind.label
        if col == COL_IMPORTANCE:
            return flow.importance
        return _one_line(flow.notes)

    def _edit_value(self, flow: Flow, col: int) -> str | int:
        if col == COL_STAKEHOLDER:
            return flow.stakeholder_id
        if col == COL_DIRECTION:
            return flow.direction.value
        if col == COL_LABEL:
            return flow.label
        if col == COL_VALUE_KIND:
            return flow.value_kind.value
        if col == COL_IMPORTANCE:
            return flow.importance
        return flow.notes

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Push one ``EditElements`` for the edited cell; False if the value is refused."""
        flow = self._flow_at(index)
        if flow is None or role != Qt.ItemDataRole.EditRole or self.document.read_only:
            return False
        try:
            field, new = self._coerce(index.column(), value)
        except (ValueError, TypeError):
            return False
        if getattr(flow, field) == new:
            return True
        return self.document.try_push(EditElements(self.map, "flow", {flow.id: {field: new}}))

    def _coerce(self, col: int, value: Any) -> tuple[str, Any]:
        field = COLUMN_FIELDS[col]
        if col == COL_STAKEHOLDER:
            if not isinstance(value, str) or not self.map.has_stakeholder(value):
                raise ValueError(f"no stakeholder {value!r}")
            return field, value
        if col == COL_DIRECTION:
            return field, Direction(value)
        if col == COL_VALUE_KIND:
            return field, ValueKind(value)
        if col == COL_IMPORTANCE:
            if isinstance(value, bool):
                raise TypeError("importance must be a number")
            number = int(value)
            return field, max(MIN_IMPORTANCE, min(MAX_IMPORTANCE, number))
        if not isinstance(value, str):
            raise TypeError("text expected")
        if col == COL_LABEL:
            return field, value.strip()[:MAX_LABEL_LENGTH]
        return field, value[:MAX_NOTES_LENGTH]


class ExchangesDelegate(QStyledItemDelegate):
    """Editors per column: combos for stakeholder, direction and value kind, a spin box for
    importance, a capped line edit for the label and a plain-text editor for notes.
    Combo and spin-box changes are committed at once."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        col = index.column()
        if col in (COL_STAKEHOLDER, COL_DIRECTION, COL_VALUE_KIND):
            combo = QComboBox(parent)
            combo.setFrame(False)
            if col == COL_STAKEHOLDER:
                vmap = _source_model(index).map
                for s in vmap.stakeholders:
                    cat = vmap.category(s.category)
                    combo.addItem(category_icon(s.colour or cat.colour, cat.icon), s.name, s.id)
            elif col == COL_DIRECTION:
                for d in Direction:
                    combo.addItem(DIRECTION_TEXT[d], d.value)
            else:
                for k in ValueKind:
                    combo.addItem(k.label, k.value)
            combo.activated.connect(lambda _i, e=combo: self._commit_now(e))
            return combo
        if col == COL_IMPORTANCE:
            spin = QSpinBox(parent)
            spin.setRange(MIN_IMPORTANCE, MAX_IMPORTANCE)
            spin.setFrame(False)
            return spin
        if col == COL_NOTES:
            notes = QPlainTextEdit(parent)
            notes.setTabChangesFocus(True)
            return notes
        line = QLineEdit(parent)
        line.setMaxLength(MAX_LABEL_LENGTH)
        line.setFrame(False)
        return line

    def _commit_now(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            i = editor.findData(value)
            editor.setCurrentIndex(i)
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value or MIN_IMPORTANCE))
        elif isinstance(editor, QPlainTextEdit):
            if editor.toPlainText() != value:
                editor.setPlainText(str(value or ""))
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value or ""))
        else:  # pragma: no cover - every column has an editor above
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            if editor.currentIndex() >= 0:
                model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QSpinBox):
            editor.interpretText()
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QPlainTextEdit):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
        else:  # pragma: no cover
            super().setModelData(editor, model, index)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: _Index
    ) -> None:
        rect = QRect(option.rect)
        if isinstance(editor, QPlainTextEdit):
            rect.setHeight(max(rect.height(), 96))
        editor.setGeometry(rect)


def _source_model(index: _Index) -> ExchangesModel:
    model = index.model()
    while isinstance(model, QSortFilterProxyModel):
        model = model.sourceModel()
    assert isinstance(model, ExchangesModel)
    return model


class ExchangesProxy(QSortFilterProxyModel):
    """Sorts by ``SORT_ROLE``; the filter matches any column, ignoring case."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setDynamicSortFilter(True)


class ExchangesPanel(QWidget):
    """Dock contents: filter box over the exchanges table, selection synced with the canvas."""

    def __init__(
        self,
        document: Document,
        scene: MapScene | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exchangesPanel")
        self.scene: MapScene | None = None
        self._syncing = False
        # Shows the canvas's selection again after rows came or went (coalesced).
        self._resync = QTimer(self)
        self._resync.setSingleShot(True)
        self._resync.setInterval(0)
        self._resync.timeout.connect(self._scene_selection_changed)

        self.model = ExchangesModel(document, self)
        self.proxy = ExchangesProxy(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("exchangesFilter")
        self.filter_edit.setPlaceholderText("Filter exchanges…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setToolTip("Show only the rows where some column contains this text")
        self.filter_edit.textChanged.connect(self.set_filter)

        self.view = QTableView(self)
        self.view.setObjectName("exchangesTable")
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(ExchangesDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # map order until asked
        self.view.setSortingEnabled(True)
        for col, width in ((COL_STAKEHOLDER, 140), (COL_DIRECTION, 80), (COL_LABEL, 180)):
            self.view.setColumnWidth(col, width)
        self.view.setColumnWidth(COL_VALUE_KIND, 120)
        self.view.setColumnWidth(COL_IMPORTANCE, 80)
        self.view.installEventFilter(self)

        self.count_label = QLabel(self)
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setObjectName("exchangesCount")

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
        self.set_document(document, scene)

    # ------------------------------------------------------------ document
    def set_document(self, document: Document, scene: MapScene | None = None) -> None:
        """Follow another document and its scene."""
        if self.scene is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self.scene.selectionChanged.disconnect(self._scene_selection_changed)
        self.model.set_document(document)
        self.scene = scene
        if scene is not None:
            scene.selectionChanged.connect(self._scene_selection_changed)
            self._scene_selection_changed()
        self._update_count()

    @property
    def document(self) -> Document:
        return self.model.document

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

    def _scene_selection_changed(self) -> None:
        if self._syncing or self.scene is None:
            return
        try:
            flows: list[str] = list(self.scene.selected_ids().get("flows", []))  # type: ignore[call-overload]
        except RuntimeError:  # the scene is being destroyed
            return
        if set(flows) != set(self.selected_flow_ids()):
            self.select_flow_ids(flows)

    def delete_selected(self) -> bool:
        """Delete the flows of the selected rows (one undo step); False if none."""
        flow_ids = [f for f in self.selected_flow_ids() if self.model.map.has_flow(f)]
        if not flow_ids or self.document.read_only:
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


__all__ = [
    "COLUMN_FIELDS",
    "COL_DIRECTION",
    "COL_IMPORTANCE",
    "COL_LABEL",
    "COL_NOTES",
    "COL_STAKEHOLDER",
    "COL_VALUE_KIND",
    "FLOW_ID_ROLE",
    "HEADERS",
    "SORT_ROLE",
    "ExchangesDelegate",
    "ExchangesModel",
    "ExchangesPanel",
    "ExchangesProxy",
    "plain_tooltip",
]
