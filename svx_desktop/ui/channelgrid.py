"""The Channels panel: which channels each stakeholder meets the organisation through.

A grid of stakeholders (rows: those with a journey, or every stakeholder) by channels
(columns: built-in, then the map's own), read from ``model.coverage.channel_grid``. A
cell shows how many touch points happen through that channel and the worst health rated
among them, tinted in the health palette of the map's ratings; an empty cell is hatched so
a gap reads at a glance. Clicking a cell lists the stakeholder's touch points below the
grid, those through the channel ticked: ticking or unticking one adds or removes the
channel on it (one ``EditElements``, undoable) — the grid is edited in place. A double-
click on a listed touch point opens it in its journey. The panel follows the map's events
(journey events, stakeholders added, renamed or removed) and never writes to the map.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from svx_desktop.canvas.badge import HEALTH_COLOURS
from svx_desktop.editing import EditElements
from svx_desktop.model import (
    JOURNEY_EVENTS,
    StakeholderAdded,
    StakeholderChanged,
    StakeholderRemoved,
)
from svx_desktop.model.coverage import ChannelGrid, channel_grid
from svx_desktop.ui.labels import plain_label
from svx_desktop.ui.netpanel import LivePanel

EMPTY = QColor("#D5DAE1")
ID_ROLE = Qt.ItemDataRole.UserRole


def cell_text(count: int, worst_label: str | None) -> str:
    if not count:
        return ""
    return f"{count} · {worst_label}" if worst_label else str(count)


class ChannelGridPanel(LivePanel):
    """Dock contents: the channel × stakeholder grid. See the module docstring."""

    object_name = "channelGridPanel"
    #: Called with (stakeholder id, touch point id) to open a touch point in its journey.
    open_touch_point: Callable[[str, str], object] | None = None
    follows = (*JOURNEY_EVENTS, StakeholderAdded, StakeholderChanged, StakeholderRemoved)

    def build_widgets(self) -> None:
        self.grid = ChannelGrid((), (), {})
        self.chosen: tuple[str, str] | None = None
        self.everyone = QCheckBox("Every stakeholder", self)
        self.everyone.setToolTip("Show stakeholders without a journey too")
        self.everyone.toggled.connect(lambda _on: self.refresh())
        self.table = QTableWidget(self)
        self.table.setObjectName("channelGrid")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.currentCellChanged.connect(lambda r, c, _r, _c: self._cell_chosen(r, c))
        self.caption = plain_label(self, "Click a cell to see its touch points", wrap=True)
        self.points = QListWidget(self)
        self.points.setObjectName("channelGridPoints")
        self.points.itemChanged.connect(self._point_toggled)
        self.points.itemDoubleClicked.connect(self._point_opened)
        lower = QSplitter(Qt.Orientation.Vertical, self)
        lower.addWidget(self.table)
        below = QVBoxLayout()
        holder = QWidget(self)
        holder.setLayout(below)
        below.setContentsMargins(0, 4, 0, 0)
        below.addWidget(self.caption)
        below.addWidget(self.points, 1)
        lower.addWidget(holder)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.everyone)
        layout.addWidget(lower, 1)

    def document_shown(self) -> None:
        self.chosen = None
        super().document_shown()

    # ---------------------------------------------------------------- showing
    def refresh(self) -> None:
        super().refresh()
        vmap = self.map
        grid = channel_grid(vmap, all_stakeholders=self.everyone.isChecked())
        self.grid = grid
        table = self.table
        table.blockSignals(True)
        try:
            table.clear()
            table.setRowCount(len(grid.stakeholder_ids))
            table.setColumnCount(len(grid.channels))
            table.setHorizontalHeaderLabels([c.name for c in grid.channels])
            table.setVerticalHeaderLabels([vmap.stakeholder(s).name for s in grid.stakeholder_ids])
            for r, sid in enumerate(grid.stakeholder_ids):
                for c, channel in enumerate(grid.channels):
                    table.setItem(r, c, self._cell_item(sid, channel.id))
            if self.chosen is not None and self.chosen[0] in grid.stakeholder_ids:
                r = grid.stakeholder_ids.index(self.chosen[0])
                ids = [ch.id for ch in grid.channels]
                if self.chosen[1] in ids:
                    table.setCurrentCell(r, ids.index(self.chosen[1]))
        finally:
            table.blockSignals(False)
        self._show_points()

    def _cell_item(self, sid: str, channel_id: str) -> QTableWidgetItem:
        cell = self.grid.cell(sid, channel_id)
        worst = cell.worst
        item = QTableWidgetItem(
            cell_text(len(cell.touch_points), worst.label.lower() if worst else None)
        )
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        if cell.empty:
            item.setBackground(QBrush(EMPTY, Qt.BrushStyle.BDiagPattern))
            item.setToolTip("No touch point through this channel")
        else:
            colour = QColor(HEALTH_COLOURS[worst]) if worst else QColor("#FFFFFF")
            if worst:
                colour.setAlpha(90)
            item.setBackground(colour)
            item.setToolTip("\n".join(tp.name for tp in cell.touch_points))
        return item

    def _cell_chosen(self, row: int, column: int) -> None:
        grid = self.grid
        if 0 <= row < len(grid.stakeholder_ids) and 0 <= column < len(grid.channels):
            self.chosen = (grid.stakeholder_ids[row], grid.channels[column].id)
        self._show_points()

    def _show_points(self) -> None:
        points = self.points
        points.blockSignals(True)
        try:
            points.clear()
            chosen = self.chosen
            vmap = self.map
            if chosen is None or not vmap.has_stakeholder(chosen[0]):
                self.caption.setText("Click a cell to see its touch points")
                return
            sid, cid = chosen
            if not vmap.journeys.has_channel(cid):
                return
            journey = vmap.journeys.journey(sid)
            through = [tp for tp in journey if cid in tp.channels]
            name = vmap.stakeholder(sid).name
            channel = vmap.journeys.channel(cid).name
            n = len(through)
            self.caption.setText(
                f"{name} × {channel}: {n} touch point{'s' if n != 1 else ''} "
                "(tick to add the channel, double-click to open)"
            )
            for tp in journey:
                item = QListWidgetItem(tp.name, points)
                item.setData(ID_ROLE, tp.id)
                flags = item.flags() | Qt.ItemFlag.ItemIsUserCheckable
                if self.document.read_only:
                    flags &= ~Qt.ItemFlag.ItemIsUserCheckable
                item.setFlags(flags)
                on = cid in tp.channels
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        finally:
            points.blockSignals(False)

    # ---------------------------------------------------------------- editing
    def _point_toggled(self, item: QListWidgetItem) -> None:
        if self.chosen is None or self.document.read_only:
            return
        cid = self.chosen[1]
        j = self.map.journeys
        tp_id = item.data(ID_ROLE)
        if not j.has_touch_point(tp_id):
            return
        tp = j.touch_point(tp_id)
        on = item.checkState() == Qt.CheckState.Checked
        kept = tuple(c for c in tp.channels if c != cid)
        channels = (*kept, cid) if on else kept
        if channels != tp.channels:
            self.document.try_push(
                EditElements(self.map, "touch_point", {tp_id: {"channels": channels}})
            )

    def _point_opened(self, item: QListWidgetItem) -> None:
        if self.chosen is not None and self.open_touch_point is not None:
            self.open_touch_point(self.chosen[0], item.data(ID_ROLE))


__all__ = ["ChannelGridPanel", "cell_text"]
