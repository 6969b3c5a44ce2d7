"""The Net value panel: one row per stakeholder with what it gives against what it gets.

``NetPanel`` (a ``MapPanel``) shows ``model.netvalue.net_figures`` as a sortable table —
stakeholder, gives, gets, balance, expectations met (rated/total) and the worst "met
today" (its health pip beside the word, so the step reads from its shape as well) —
recomputed once after each burst of map events (a 0 ms timer), so it is live while people
type. Numbers sort as numbers (``SORT_ROLE``); an unrated worst sorts after alive.
Clicking a row selects the stakeholder on the canvas and scrolls it into view; selecting
one stakeholder on the canvas selects its row.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPointF,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QVBoxLayout

from svx_desktop.canvas.badge import balance_glyph, balance_text
from svx_desktop.canvas.marks import paint_pip
from svx_desktop.editing.follow import Handlers, next_turn
from svx_desktop.model import (
    FlowAdded,
    FlowChanged,
    FlowRemoved,
    StakeholderAdded,
    StakeholderChanged,
    StakeholderRemoved,
    ValueMap,
)
from svx_desktop.model.health import Health
from svx_desktop.model.netvalue import NetFigures, net_figures
from svx_desktop.ui.labels import plain_label
from svx_desktop.ui.mappanel import MapPanel
from svx_desktop.ui.rowtable import Index, RowTableModel, row_table_view

COLUMNS = ("Stakeholder", "Gives", "Gets", "Balance", "Expectations met", "Worst")
COL_NAME, COL_GIVES, COL_GETS, COL_BALANCE, COL_MET, COL_WORST = range(len(COLUMNS))
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
STAKEHOLDER_ID_ROLE = Qt.ItemDataRole.UserRole + 2
_TIPS = (
    "The stakeholder",
    "What it provides, weighted by importance (the sum of its provides flows' importance)",
    "What it expects, weighted by importance",
    "Gives minus gets: ▲ it gives more than it gets, ▼ it gets more, = even",
    "How many of its expectations are rated for “met today”, of how many",
    "The worst “met today” among its rated expectations",
)


def drawn_icon(size: int, draw: Callable[[QPainter], object]) -> QIcon:
    """A small icon drawn by ``draw`` on a transparent, antialiased square."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    draw(painter)
    painter.end()
    return QIcon(pixmap)


@cache
def pip_icon(step: Health) -> QIcon:
    """The health pip of ``step`` as a small icon (shape and colour)."""
    return drawn_icon(14, lambda p: paint_pip(p, QPointF(7, 7), step, 5.5))


class NetModel(RowTableModel):
    """The figures of one map as rows (see the module docstring)."""

    headers = COLUMNS
    header_tips = _TIPS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.map: ValueMap | None = None
        self.rows: list[NetFigures] = []
        self.names: dict[str, str] = {}

    def refresh(self, vmap: ValueMap) -> None:
        """Compute the figures again; rows are updated in place when the stakeholders are
        the same (the view keeps its selection and sort), else the table is reset."""
        new = list(net_figures(vmap))
        names = {s.id: s.name for s in vmap.stakeholders}
        same = vmap is self.map and [f.stakeholder_id for f in new] == [
            f.stakeholder_id for f in self.rows
        ]
        if same:
            self.rows, self.names = new, names
            if new:
                last = self.index(len(new) - 1, len(COLUMNS) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self.map, self.rows, self.names = vmap, new, names
        self.endResetModel()

    def row_of(self, stakeholder_id: str) -> int | None:
        for i, f in enumerate(self.rows):
            if f.stakeholder_id == stakeholder_id:
                return i
        return None

    def row_total(self) -> int:
        return len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        f = self.rows[index.row()]
        col = index.column()
        if role == STAKEHOLDER_ID_ROLE:
            return f.stakeholder_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(f, col)
        if role == SORT_ROLE:
            return self._sort_key(f, col)
        if role == Qt.ItemDataRole.DecorationRole and col == COL_WORST and f.worst is not None:
            return pip_icon(f.worst)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f.describe()
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_GIVES, COL_GETS, COL_BALANCE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, f: NetFigures, col: int) -> str:
        if col == COL_NAME:
            return " ".join(self.names.get(f.stakeholder_id, "").split())
        if col == COL_GIVES:
            return str(f.gives)
        if col == COL_GETS:
            return str(f.gets)
        if col == COL_BALANCE:
            return f"{balance_glyph(f.balance)} {balance_text(f.balance)}"
        if col == COL_MET:
            return f"{f.met_rated}/{f.expects}"
        if f.worst is None:
            return "—" if f.expects else ""
        return f.worst.label

    def _sort_key(self, f: NetFigures, col: int) -> Any:
        if col == COL_NAME:
            return self._text(f, col).casefold()
        if col == COL_GIVES:
            return f.gives
        if col == COL_GETS:
            return f.gets
        if col == COL_BALANCE:
            return f.balance
        if col == COL_MET:
            return (f.met_rated / f.expects if f.expects else -1.0) + f.expects / 1e6
        return int(f.worst) if f.worst is not None else 6


class LivePanel(MapPanel):
    """A panel recomputed from the whole map once after each burst of the events in
    ``follows`` (a 0 ms timer), and at once when it is shown a document."""

    follows: tuple[type, ...] = ()

    def build(self) -> None:
        self._refresh = next_turn(self, self.refresh)
        self.build_widgets()

    def build_widgets(self) -> None:
        """Make the panel's widgets."""

    def handlers(self) -> Handlers:
        return dict.fromkeys(self.follows, self._later)

    def _later(self, _event: object) -> None:
        if not self._refresh.isActive():
            self._refresh.start()

    def document_shown(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Recompute now (a subclass calls this first, then fills itself)."""
        self._refresh.stop()


class NetPanel(LivePanel):
    """Dock contents: the net value table (see the module docstring)."""

    object_name = "netValuePanel"
    follows = (
        StakeholderAdded,
        StakeholderRemoved,
        StakeholderChanged,
        FlowAdded,
        FlowRemoved,
        FlowChanged,
    )

    def build_widgets(self) -> None:
        self._syncing = False
        self.model = NetModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = row_table_view(
            self,
            "netValueTable",
            self.proxy,
            QAbstractItemView.SelectionMode.SingleSelection,
            QAbstractItemView.EditTrigger.NoEditTriggers,
        )
        fm = self.view.fontMetrics()
        self.view.setColumnWidth(COL_NAME, 150)
        for col in (COL_GIVES, COL_GETS, COL_BALANCE, COL_MET):
            self.view.setColumnWidth(col, fm.horizontalAdvance(COLUMNS[col]) + 28)
        self.summary = plain_label(self, name="netValueSummary")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        self.view.clicked.connect(self._row_clicked)
        self.view.activated.connect(self._row_clicked)

    def refresh(self) -> None:
        """Compute the figures again now (events ask for it on the next turn)."""
        super().refresh()
        self.model.refresh(self.map)
        rated = sum(f.met_rated for f in self.model.rows)
        total = sum(f.expects for f in self.model.rows)
        n = len(self.model.rows)
        self.summary.setText(
            f"{n} stakeholder{'' if n == 1 else 's'}; {rated} of {total} expectations rated"
        )
        self._selection_changed()

    # ----------------------------------------------------------- selection
    def stakeholder_at(self, row: int) -> str:
        """The stakeholder id of a row as shown (sorted)."""
        return str(self.proxy.index(row, 0).data(STAKEHOLDER_ID_ROLE))

    def _row_clicked(self, index: QModelIndex) -> None:
        if self._syncing or self.scene is None or not index.isValid():
            return
        sid = str(index.data(STAKEHOLDER_ID_ROLE))
        self._syncing = True
        try:
            self.scene.select_ids([sid])
        finally:
            self._syncing = False
        reveal(self.scene, sid)

    def _selection_changed(self) -> None:
        if self._syncing or self.scene is None:
            return
        try:
            chosen = self.scene.selection().stakeholders
        except RuntimeError:  # the scene is being destroyed
            return
        row = self.model.row_of(chosen[0]) if len(chosen) == 1 else None
        selection = self.view.selectionModel()
        if row is None:
            selection.clearSelection()
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | (
            QItemSelectionModel.SelectionFlag.Rows
        )
        selection.setCurrentIndex(index, flags)
        self.view.scrollTo(index)


def reveal(scene: Any, element_id: str) -> None:
    """Scroll the canvas showing ``scene`` so the element is in view (never zooms)."""
    from svx_desktop.canvas.view import MapView

    item = scene.item_for(element_id)
    if item is None:
        return
    for view in scene.views():
        if isinstance(view, MapView):
            view.reveal(item.sceneBoundingRect())


__all__ = ["COLUMNS", "LivePanel", "NetModel", "NetPanel", "drawn_icon", "pip_icon", "reveal"]
