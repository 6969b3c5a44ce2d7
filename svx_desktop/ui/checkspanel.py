"""The Checks panel: what on the map the facilitator should challenge (``model.checks``).

``ChecksPanel`` (a ``MapPanel``) lists ``run_checks`` findings, one line each: a
severity icon whose *shape* says the severity (a triangle for high, a diamond for medium,
a circle for low; colour as well) and the message. The list is recomputed once after each
burst of map events (a 0 ms timer). Clicking a finding selects what it is about on the
canvas and scrolls it into view. *Dismiss* (a button, the context menu or Delete) adds the
finding's key to the map's ``dismissed_checks`` as one undo step ("Dismiss Check"), so a
workshop can agree that an asymmetry is intended; *Show dismissed* lists those too, marked,
and *Restore* takes a dismissal back.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
)

from svx_desktop.editing import EditElements
from svx_desktop.model import (
    CategoriesChanged,
    MetaChanged,
)
from svx_desktop.model.checks import Finding, Severity, dismiss, run_checks, undismiss
from svx_desktop.model.events import (
    StagesChanged,
    TouchPointAdded,
    TouchPointChanged,
    TouchPointRemoved,
)
from svx_desktop.ui.labels import plain_label
from svx_desktop.ui.netpanel import LivePanel, NetPanel, drawn_icon, reveal

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
DISMISSED_ROLE = Qt.ItemDataRole.UserRole + 2
_SEVERITY_COLOURS = {Severity.HIGH: "#B2182B", Severity.MEDIUM: "#C26A00", Severity.LOW: "#2F6DB5"}


def _draw_severity(p: QPainter, severity: Severity) -> None:
    colour = QColor(_SEVERITY_COLOURS[severity])
    p.setPen(QPen(colour.darker(130), 1))
    p.setBrush(colour)
    if severity is Severity.HIGH:
        p.drawPolygon(QPolygonF([QPointF(8, 1.5), QPointF(15, 14.5), QPointF(1, 14.5)]))
    elif severity is Severity.MEDIUM:
        p.drawPolygon(
            QPolygonF([QPointF(8, 1.5), QPointF(14.5, 8), QPointF(8, 14.5), QPointF(1.5, 8)])
        )
    else:
        p.drawEllipse(QPointF(8, 8), 5.5, 5.5)


@cache
def severity_icon(severity: Severity) -> QIcon:
    """High: a triangle; medium: a diamond; low: a circle (each in its colour)."""
    return drawn_icon(16, lambda p: _draw_severity(p, severity))


class ChecksPanel(LivePanel):
    """Dock contents: the findings list with Dismiss and Show dismissed."""

    object_name = "checksPanel"
    #: Journey edits change the journey checks (``model.journey_checks``).
    follows = (
        *NetPanel.follows, MetaChanged, CategoriesChanged, TouchPointAdded, TouchPointRemoved,
        TouchPointChanged, StagesChanged,
    )  # fmt: skip

    def build_widgets(self) -> None:
        self.findings: dict[str, Finding] = {}
        self.list = QListWidget(self)
        self.list.setObjectName("checksList")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.itemClicked.connect(self._item_clicked)
        self.list.itemActivated.connect(self._item_clicked)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.list.installEventFilter(self)
        self.dismiss_button = QPushButton("Dismiss", self)
        self.dismiss_button.setObjectName("checksDismiss")
        self.dismiss_button.setToolTip(
            "The workshop agrees this is intended: hide it on this map (saved; undoable)"
        )
        self.dismiss_button.clicked.connect(self.dismiss_or_restore_current)
        self.show_dismissed = QCheckBox("Show dismissed", self)
        self.show_dismissed.setObjectName("checksShowDismissed")
        self.show_dismissed.toggled.connect(lambda _on: self.refresh())
        self.summary = plain_label(self, name="checksSummary")
        buttons = QHBoxLayout()
        buttons.addWidget(self.dismiss_button)
        buttons.addWidget(self.show_dismissed)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)

    # -------------------------------------------------------------- list
    def refresh(self) -> None:
        """Run the checks again now (events ask for it on the next turn)."""
        super().refresh()
        vmap = self.map
        dismissed = set(vmap.meta.dismissed_checks)
        shown = run_checks(vmap, () if self.show_dismissed.isChecked() else None)
        current = self.list.currentItem()
        keep = current.data(KEY_ROLE) if current is not None else None
        self.findings = {f.key: f for f in shown}
        self.list.clear()
        for f in shown:
            gone = f.key in dismissed
            item = QListWidgetItem(severity_icon(f.severity), f.message + (" (dismissed)" * gone))
            item.setData(KEY_ROLE, f.key)
            item.setData(DISMISSED_ROLE, gone)
            item.setToolTip(f"{f.severity.key} — {f.check}: {f.message}")
            if gone:
                item.setForeground(self.palette().placeholderText())
            self.list.addItem(item)
            if f.key == keep:
                self.list.setCurrentItem(item)
        live = sum(1 for f in shown if f.key not in dismissed)
        if live == 0 and not shown:
            text = "Nothing to challenge."
        else:
            text = f"{live} to challenge" + (f", {len(dismissed)} dismissed" if dismissed else "")
        self.summary.setText(text)
        self._update_buttons()

    def finding_keys(self) -> list[str]:
        """The keys of the findings listed, in order."""
        return [str(self.list.item(i).data(KEY_ROLE)) for i in range(self.list.count())]

    def _update_buttons(self) -> None:
        item = self.list.currentItem()
        gone = item is not None and bool(item.data(DISMISSED_ROLE))
        self.dismiss_button.setText("Restore" if gone else "Dismiss")
        self.dismiss_button.setEnabled(item is not None and not self.document.read_only)

    def _item_clicked(self, item: QListWidgetItem) -> None:
        finding = self.findings.get(str(item.data(KEY_ROLE)))
        if finding is None or self.scene is None:
            return
        ids = [i for i in finding.element_ids if self.scene.item_for(i) is not None]
        self.scene.select_ids(ids)
        if ids:
            reveal(self.scene, ids[0])

    # ---------------------------------------------------------- dismissal
    def dismiss(self, key: str) -> bool:
        """Dismiss the finding ``key`` on this map (one undo step)."""
        return self._set_dismissed(dismiss(self.map, [key]), "Dismiss Check")

    def restore(self, key: str) -> bool:
        """Take the dismissal of ``key`` back (one undo step)."""
        return self._set_dismissed(undismiss(self.map, [key]), "Restore Check")

    def _set_dismissed(self, keys: tuple[str, ...], text: str) -> bool:
        if keys == tuple(self.map.meta.dismissed_checks):
            return False
        command = EditElements(self.map, "meta", {"": {"dismissed_checks": keys}}, text)
        return self.document.try_push(command)

    def dismiss_or_restore_current(self) -> bool:
        item = self.list.currentItem()
        if item is None:
            return False
        key = str(item.data(KEY_ROLE))
        return self.restore(key) if item.data(DISMISSED_ROLE) else self.dismiss(key)

    def _context_menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        self.list.setCurrentItem(item)
        menu = QMenu(self)
        action = menu.addAction("Restore" if item.data(DISMISSED_ROLE) else "Dismiss")
        action.setEnabled(not self.document.read_only)
        action.triggered.connect(self.dismiss_or_restore_current)
        menu.popup(self.list.viewport().mapToGlobal(pos))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ):
            self.dismiss_or_restore_current()
            return True
        return super().eventFilter(watched, event)


__all__ = ["ChecksPanel", "severity_icon"]
