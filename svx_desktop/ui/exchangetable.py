"""The exchanges table's model, delegate and proxy: one row per flow of a map.

``ExchangesModel`` is a ``RowTableModel`` (``ui.rowtable``) over a map's flows in the
map's order. It follows the map's events with the matching row signals (``beginInsertRows``,
``beginRemoveRows``, ``dataChanged``; a reset only when it is given another map) and
writes nothing to the map itself: ``setData`` pushes an ``EditElements`` command on the
document's undo stack, so a table edit is undone like any other. ``ExchangesDelegate``
gives each column its editor; ``ExchangesProxy`` sorts and filters. Every text is shown
as plain text. ``ui.exchanges`` puts them in a panel.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from operator import attrgetter
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from svx_desktop.canvas import style
from svx_desktop.editing import Document, EditElements
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
from svx_desktop.model.health import Health
from svx_desktop.model.ratings import direction_changes, rating_changes, rating_of
from svx_desktop.ui.palette import category_icon
from svx_desktop.ui.rowtable import RowTableModel

_Index = QModelIndex | QPersistentModelIndex

#: Item data role holding the flow id of a row (any column).
FLOW_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: Item data role the proxy sorts by (numbers for importance, folded text otherwise).
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

COL_STAKEHOLDER, COL_DIRECTION, COL_LABEL, COL_VALUE_KIND, COL_IMPORTANCE = range(5)
COL_RATING, COL_NOTES = 5, 6
HEADERS = ("Stakeholder", "Direction", "Label", "Value kind", "Importance", "Rating", "Notes")
HEADER_TIPS = (
    "",
    "provides: stakeholder → organisation; expects: organisation → stakeholder",
    "",
    "",
    "",
    "expects: how well it is met today (dead … alive); provides: dependence 1–5",
)
#: Which column shows which field of a flow ("rating": ``met_today`` or ``dependence``,
#: by direction — see ``model.ratings``).
COLUMN_FIELDS = (
    "stakeholder_id",
    "direction",
    "label",
    "value_kind",
    "importance",
    "rating",
    "notes",
)
#: The fields each column shows, for change events (a flip changes the rating too).
_COLUMN_EVENTS = {
    "rating": frozenset({"met_today", "dependence", "direction"}),
}

DIRECTION_TEXT = {
    Direction.PROVIDES: "provides",
    Direction.EXPECTS: "expects",
}


_flow_id = attrgetter("id")


def _one_line(text: str, limit: int = 200) -> str:
    """Notes shown in one table row: whitespace runs folded, long text clipped."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def direction_text_colour(direction: Direction) -> QColor:
    """The canvas's colour for a direction, in the shade that reads on the current theme."""
    base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
    dark = base.lightness() < 128
    return style.flow_colour(direction) if dark else style.flow_text_colour(direction)


class ExchangesModel(RowTableModel):
    """A table model over the flows of a document's map. See the module docstring."""

    headers = HEADERS
    header_tips = HEADER_TIPS

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
        cols = [
            c
            for c, f in enumerate(COLUMN_FIELDS)
            if f in event.fields or _COLUMN_EVENTS.get(f, frozenset()) & event.fields
        ]
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
    def row_total(self) -> int:
        return len(self._ids)

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
            if col == COL_RATING:
                return rating_of(flow) or 0
            return str(self._display(flow, col)).casefold()
        if role == Qt.ItemDataRole.DecorationRole and col == COL_STAKEHOLDER:
            if self.map.has_stakeholder(flow.stakeholder_id):
                s = self.map.stakeholder(flow.stakeholder_id)
                cat = self.map.category(s.category)
                return category_icon(s.colour or cat.colour, cat.icon)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_DIRECTION:
            return direction_text_colour(flow.direction)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_IMPORTANCE, COL_RATING):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_NOTES and flow.notes:
                return style.plain_tooltip(flow.notes)
            if col == COL_LABEL and flow.label:
                return style.plain_tooltip(flow.label)
        return None

    def _display(self, flow: Flow, col: int) -> str | int:
        if col == COL_STAKEHOLDER:
            if self.map.has_stakeholder(flow.stakeholder_id):
                return self.map.stakeholder(flow.stakeholder_id).name
            return ""
        if col == COL_DIRECTION:
            return DIRECTION_TEXT[flow.direction]
        if col == COL_VALUE_KIND:
            return flow.value_kind.label
        if col == COL_NOTES:
            return _one_line(flow.notes)
        if col == COL_RATING:
            return rating_words(flow.direction, rating_of(flow))
        return self._edit_value(flow, col)

    @staticmethod
    def _edit_value(flow: Flow, col: int) -> str | int:
        """The cell's value for an editor: the field itself (an enum as its value)."""
        if col == COL_RATING:
            return rating_of(flow) or 0
        value: str | int = getattr(flow, COLUMN_FIELDS[col])
        return value.value if isinstance(value, Enum) else value

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Push one ``EditElements`` for the edited cell; False if the value is refused."""
        flow = self._flow_at(index)
        if flow is None or role != Qt.ItemDataRole.EditRole or self.document.read_only:
            return False
        try:
            wanted = self._changes(flow, index.column(), value)
        except (ValueError, TypeError):
            return False
        changes = {k: v for k, v in wanted.items() if getattr(flow, k) != v}
        if not changes:
            return True
        return self.document.try_push(EditElements(self.map, "flow", {flow.id: changes}))

    def _changes(self, flow: Flow, col: int, value: Any) -> dict[str, Any]:
        """The field changes an edit of column ``col`` makes: a rating is 0 (unrated) to
        5; a flip of direction clears the rating that no longer fits."""
        if col == COL_RATING:
            if isinstance(value, bool):
                raise TypeError("a rating is a number")
            return rating_changes(flow, int(value) or None)
        field, new = self._coerce(col, value)
        if col == COL_DIRECTION:
            return direction_changes(flow, new)
        return {field: new}

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
        if col == COL_RATING:
            combo = QComboBox(parent)
            combo.setFrame(False)
            flow = _source_model(index)._flow_at(_source_index(index))
            direction = flow.direction if flow is not None else Direction.EXPECTS
            for step in range(6):
                combo.addItem(rating_words(direction, step or None) or "unrated", step)
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


def rating_words(direction: Direction, step: int | None) -> str:
    """A rating as a table shows it: "Dying" (expects), "4 of 5" (provides), "" unrated."""
    if step is None:
        return ""
    return Health(step).label if direction is Direction.EXPECTS else f"{step} of 5"


def _source_index(index: _Index) -> QModelIndex:
    model = index.model()
    source = model.index(index.row(), index.column()) if model is not None else QModelIndex()
    while isinstance(model, QSortFilterProxyModel):
        source = model.mapToSource(source)
        model = model.sourceModel()
    return source


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


__all__ = [
    "COLUMN_FIELDS",
    "COL_DIRECTION",
    "COL_IMPORTANCE",
    "COL_LABEL",
    "COL_NOTES",
    "COL_RATING",
    "COL_STAKEHOLDER",
    "COL_VALUE_KIND",
    "FLOW_ID_ROLE",
    "HEADERS",
    "SORT_ROLE",
    "ExchangesDelegate",
    "ExchangesModel",
    "ExchangesProxy",
    "rating_words",
]
