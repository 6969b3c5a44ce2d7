"""The journey view in the main window: opening a stakeholder, the breadcrumb, the keys.

``attach(window)`` (a window extension) gives the window a Journey menu and **Ctrl+Enter**
on the canvas: the selected stakeholder opens into its journey view (``journey``), shown
in place of the map under a breadcrumb bar (``Map › Customers``); double-clicking a card's
net badge or journey mark does the same. The crumb, **Backspace**, **Alt+Up** and, with no
touch point selected, **Alt+Left** go back to the map. While the journey is shown the
window lends it the keys the map uses for the same things — zoom, Ctrl+K / ``/`` capture,
Ctrl+F find, F3, Ctrl+P print, Ctrl+Shift+E export — and takes them back when the map
returns; undo and redo stay the document's. Opening another map closes the journey. The
Properties panel edits the selected touch point (``ui.touchpointform``).
"""

from __future__ import annotations

import os
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QAction, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from svx_desktop.canvas.badge import badge_rect
from svx_desktop.canvas.drawing import Drawing
from svx_desktop.canvas.journeymarks import mark_rect
from svx_desktop.canvas.nodes import HandleItem, StakeholderItem
from svx_desktop.editing import Document
from svx_desktop.fileformat import SvxSaveError, write_bytes_atomic
from svx_desktop.journey import JourneyController, JourneyKeymap, JourneyScene, JourneyView
from svx_desktop.journey.drawing import journey_drawing
from svx_desktop.pictures.options import PictureError, PictureOptions
from svx_desktop.pictures.render import picture_bytes, print_drawing
from svx_desktop.ui import dialogs
from svx_desktop.ui.buttons import tool_button
from svx_desktop.ui.channelgrid import ChannelGridPanel
from svx_desktop.ui.channelring import ChannelRingDialog
from svx_desktop.ui.charter import CharterEditor
from svx_desktop.ui.journeybars import JourneyCaptureBar, JourneyFindBar
from svx_desktop.ui.labels import plain_label
from svx_desktop.ui.properties import PropertiesPanel
from svx_desktop.ui.protocols import MapWindow, as_widget
from svx_desktop.ui.shortcuts import make_action
from svx_desktop.ui.unlinkdialog import confirm_flow_removal

#: The widest a crumb gets (a long name is elided, so the bar never widens the window).
CRUMB_WIDTH = 260


def _elided(widget: QWidget, text: str, width: int) -> str:
    return widget.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width)


class _ElidedLabel(QLabel):
    """A one-line plain-text label that ends in "…" when it is given too little width."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        text = _elided(self, self.text(), self.contentsRect().width())
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(self.contentsRect(), int(flags), text)
        painter.end()


PICTURE_FILTERS = "PNG picture (*.png);;SVG picture (*.svg);;PDF document (*.pdf)"


class JourneyPane(QWidget):
    """The breadcrumb bar over a ``JourneyView`` of one stakeholder."""

    def __init__(self, document: Document, stakeholder_id: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("journeyPane")
        self.scene = JourneyScene(document.map, stakeholder_id, self)
        self.controller = JourneyController(document, self.scene)
        self.view = JourneyView(self.controller, self)
        bar = QWidget(self)
        bar.setObjectName("journeyBreadcrumb")
        row = QHBoxLayout(bar)
        row.setContentsMargins(8, 4, 8, 4)
        row.setSpacing(6)
        vmap = document.map
        self.map_crumb = QToolButton(bar)
        self.map_crumb.setObjectName("journeyMapCrumb")
        self.map_crumb.setAutoRaise(True)
        title = vmap.meta.title or vmap.organisation.name or "Map"
        self.map_crumb.setText("‹ Map: " + _elided(self.map_crumb, title, CRUMB_WIDTH))
        self.map_crumb.setToolTip("Back to the map (Backspace, Alt+Up)")
        self.map_crumb.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.map_crumb.clicked.connect(self.view.backRequested.emit)
        arrow = QLabel("›", bar)
        self.name_crumb = plain_label(bar, name="journeyNameCrumb")
        font = self.name_crumb.font()
        font.setBold(True)
        self.name_crumb.setFont(font)
        self.summary = _ElidedLabel(bar)
        self.summary.setObjectName("journeySummary")
        # Clipped rather than widening the window: the bar never sets its minimum width.
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(self.map_crumb)
        row.addWidget(arrow)
        row.addWidget(self.name_crumb)
        row.addSpacing(12)
        row.addWidget(self.summary, 1)
        #: Buttons other parts of the window add (the charter, the channel view).
        self.buttons = row
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(self.view, 1)
        self.scene.titleChanged.connect(self._show_title)
        self.scene.laidOut.connect(self._show_summary)
        self.scene.changed.connect(lambda _r: self._show_summary())
        self._show_title(self.scene.title)
        self._show_summary()

    @property
    def stakeholder_id(self) -> str:
        return self.scene.stakeholder_id

    def add_button(self, text: str, tip: str, slot: Callable[[], object]) -> QToolButton:
        button = tool_button(self, text, tip, slot)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.buttons.addWidget(button)
        return button

    def _show_title(self, name: str) -> None:
        self.name_crumb.setText(_elided(self.name_crumb, name, CRUMB_WIDTH))
        self.name_crumb.setToolTip(name)

    def _show_summary(self) -> None:
        j = self.scene.map.journeys
        sid = self.stakeholder_id
        if not self.scene.map.has_stakeholder(sid):
            return
        points = j.journey(sid)
        n = len(points)
        text = f"{n} touch point{'s' if n != 1 else ''}"
        stages = len(j.stages(sid))
        if stages:
            text += f" · {stages} stage{'s' if stages != 1 else ''}"
        moments = sum(1 for tp in points if tp.moment_of_truth)
        if moments:
            text += f" · {moments} moment{'s' if moments != 1 else ''} of truth"
        worst = j.worst_health(sid)
        if worst is not None:
            text += f" · worst: {worst.label.lower()}"
        if text != self.summary.text():
            self.summary.setText(text)

    def close_pane(self) -> None:
        self.view.cancel_open()
        self.scene.detach()


class JourneyMode(QObject):
    """The journey view of one window (``window.journeys``). See the module docstring."""

    def __init__(self, window: MapWindow) -> None:
        super().__init__(as_widget(window))
        self.window = window
        self.pane: JourneyPane | None = None
        #: Called with each new pane (the charter and channel views add their buttons).
        self.pane_extensions: list[Callable[[JourneyPane], object]] = []
        self._lent: list[QAction] = []
        #: The Channels panel (set by ``attach``).
        self.grid: ChannelGridPanel | None = None
        w = as_widget(window)
        self.capture_bar = JourneyCaptureBar(window, self.view)
        self.find_bar = JourneyFindBar(window, self.view)
        self.open_action = make_action(
            w,
            "Open &Journey",
            self.open_selected,
            ["Ctrl+Return", "Ctrl+Enter"],
            "The selected stakeholder's journey: its touch points, channels and health",
        )
        w.removeAction(self.open_action)
        self.open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        window.view.addAction(self.open_action)
        window.canvas_actions = (*window.canvas_actions, self.open_action)
        act = self._journey_action
        self.actions: dict[str, QAction] = {
            "back": act("&Back to the Map", self.close, []),
            "capture": act("&Capture Touch Point…", self.capture_bar.open, ["Ctrl+K"]),
            "find": act("&Find Touch Point…", self.find_bar.open, ["Ctrl+F"]),
            "find_next": act("Find &Next", lambda: self._find(False), ["F3"]),
            "find_previous": act("Find Pre&vious", lambda: self._find(True), ["Shift+F3"]),
            "export": act("&Export Journey…", self.export_dialog, ["Ctrl+Shift+E"]),
            "print": act("&Print Journey…", self.print_journey, ["Ctrl+P"]),
            "charter": act("&Charter…", self.open_charter, ["Ctrl+Shift+H"]),
            "ring": act("Channel &View…", self.open_ring, ["Ctrl+Shift+R"]),
        }
        self.charter_editor: CharterEditor | None = None
        self.ring: ChannelRingDialog | None = None
        menu = QMenu("&Journey", w)
        menu.setObjectName("journeyMenu")
        menu.addAction(self.open_action)
        menu.addAction(self.actions["back"])
        menu.addSeparator()
        for key in ("capture", "find", "find_next", "find_previous"):
            menu.addAction(self.actions[key])
        menu.addAction(self.actions["charter"])
        menu.addAction(self.actions["ring"])
        menu.addSeparator()
        menu.addAction(self.actions["export"])
        menu.addAction(self.actions["print"])
        self.menu = menu
        w.menuBar().insertMenu(window.help_menu.menuAction(), menu)
        self._badge_filter = _BadgeDoubleClick(self)
        window.view.viewport().installEventFilter(self._badge_filter)
        window.documentChanged.connect(self._document_changed)
        self._ask_before_unlinking()
        self.open_action.setEnabled(True)

    def _journey_action(self, text: str, slot: Callable[[], object], keys: list[str]) -> QAction:
        action = make_action(as_widget(self.window), text, slot, keys)
        action.setEnabled(False)  # only while a journey is shown
        return action

    def open_charter(self, stakeholder_id: str | None = None) -> CharterEditor | None:
        """The charter editor of the journey's stakeholder (or ``stakeholder_id``)."""
        sid = stakeholder_id or (self.pane.stakeholder_id if self.pane is not None else None)
        if sid is None or not self.window.document.map.has_stakeholder(sid):
            return None
        editor = self.charter_editor
        if (
            editor is None
            or editor.stakeholder_id != sid
            or editor.document is not self.window.document
        ):
            if editor is not None:
                editor.close()
                editor.deleteLater()
            editor = CharterEditor(self.window.document, sid, as_widget(self.window))
            self.charter_editor = editor
        editor.show()
        editor.raise_()
        editor.activateWindow()
        return editor

    def open_ring(self) -> ChannelRingDialog | None:
        """The channel view of the journey's stakeholder."""
        if self.pane is None:
            return None
        if self.ring is not None:
            self.ring.ring.detach()
            self.ring.close()
            self.ring.deleteLater()
        self.ring = ChannelRingDialog(
            self.window.document, self.pane.stakeholder_id, as_widget(self.window)
        )
        self.ring.show()
        return self.ring

    def open_touch_point(self, stakeholder_id: str, touch_point_id: str) -> bool:
        """Show a touch point selected in its stakeholder's journey."""
        shown = self.pane is not None and self.pane.stakeholder_id == stakeholder_id
        if not shown and not self.open(stakeholder_id):
            return False
        view = self.view()
        if view is None or view.journey_scene.card(touch_point_id) is None:
            return False
        view.select_and_show(touch_point_id)
        return True

    def _document_changed(self, _document: object) -> None:
        self.close()
        self._ask_before_unlinking()

    def _ask_before_unlinking(self) -> None:
        """The canvas asks before deleting an expectation touch points or promises serve."""
        window = self.window

        def confirm(flow_ids: tuple[str, ...], stakeholder_ids: tuple[str, ...]) -> bool:
            vmap = window.document.map
            return confirm_flow_removal(as_widget(window), vmap, flow_ids, stakeholder_ids)

        window.view.controller.confirm_delete = confirm

    # ---------------------------------------------------------------- queries
    def view(self) -> JourneyView | None:
        return self.pane.view if self.pane is not None else None

    @property
    def is_open(self) -> bool:
        return self.pane is not None

    # ------------------------------------------------------------ open/close
    def open_selected(self) -> bool:
        """Ctrl+Enter: the journey of the one selected stakeholder (or a flow's)."""
        sel = self.window.scene.selection()
        sid = sel.flow_target(self.window.document.map)
        if sid is None:
            self.window.statusBar().showMessage("Select one stakeholder to open its journey", 4000)
            return False
        return self.open(sid)

    def open(self, stakeholder_id: str) -> bool:
        """Show the stakeholder's journey in place of the map."""
        window = self.window
        if not window.document.map.has_stakeholder(stakeholder_id):
            return False
        window.commit_typing()
        self.close(focus_map=False)
        central = as_widget(window).centralWidget()
        layout = central.layout() if central is not None else None
        if central is None or layout is None:
            return False
        pane = JourneyPane(window.document, stakeholder_id, central)
        self.pane = pane
        pane.view.backRequested.connect(self.close)
        pane.scene.closed.connect(self.close)
        pane.scene.selectionChanged.connect(self._journey_selection)
        pane.view.zoomChanged.connect(self._show_zoom)
        layout.addWidget(pane)
        window.view.hide()
        slash = QAction("Capture Touch Point", pane.view)
        slash.setShortcut("/")
        slash.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        slash.triggered.connect(lambda _c=False: self.capture_bar.open())
        pane.view.addAction(slash)
        pane.add_button(
            "Charter…", "The promises made to this stakeholder (Ctrl+Shift+H)", self.open_charter
        )
        pane.add_button(
            "Channel View…",
            "The stakeholder in the middle, its channels around it (Ctrl+Shift+R)",
            self.open_ring,
        )
        for extend in self.pane_extensions:
            extend(pane)
        self._lend_keys()
        pane.show()
        pane.view.setFocus(Qt.FocusReason.OtherFocusReason)
        order = pane.scene.order()
        if order:
            pane.view.select_and_show(order[0])
        else:
            self._journey_selection()
        self._show_zoom(pane.view.zoom_factor())
        return True

    def close(self, focus_map: bool = True) -> None:
        """Back to the map (nothing when no journey is shown)."""
        pane = self.pane
        if pane is None:
            return
        self.pane = None
        for bar in (self.capture_bar, self.find_bar):
            bar.hide()
        self._return_keys()
        pane.close_pane()
        pane.hide()
        pane.setParent(None)
        pane.deleteLater()
        window = self.window
        window.view.show()
        properties = self._properties()
        if properties is not None:
            properties.show_targets("meta")
            properties._selection_changed()
        if focus_map:
            window.view.setFocus(Qt.FocusReason.OtherFocusReason)
            if window.document.map.has_stakeholder(pane.stakeholder_id):
                window.scene.select_ids([pane.stakeholder_id])
        zoom = getattr(window, "zoom_label", None)
        if isinstance(zoom, QLabel):
            zoom.setText(f"{round(window.view.zoom_factor() * 100)}%")

    # ------------------------------------------------------------------ keys
    def _lend_keys(self) -> None:
        """Disable the window's actions whose keys the journey uses while it is shown."""
        assert self.pane is not None
        mine = [*self.actions.values(), *self.pane.view.keymap.actions()]
        keys = {s.toString() for a in mine for s in a.shortcuts()}
        own = set(mine) | {self.open_action}
        self._lent = []
        # The map's presentation (F5) shows the map only: it waits for the map too.
        kit = getattr(self.window, "workshop", None)
        present = kit.actions.get("present") if kit is not None else None
        for action in as_widget(self.window).findChildren(QAction):
            if action in own or not action.isEnabled():
                continue
            if action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut:
                continue
            if action is present or any(s.toString() in keys for s in action.shortcuts()):
                action.setEnabled(False)
                self._lent.append(action)
        for action in self.actions.values():
            action.setEnabled(True)
        self.open_action.setEnabled(False)

    def _return_keys(self) -> None:
        for action in self.actions.values():
            action.setEnabled(False)
        for action in self._lent:
            action.setEnabled(True)
        self._lent = []
        self.open_action.setEnabled(True)

    def _find(self, backwards: bool) -> None:
        if not self.find_bar.isVisible():
            self.find_bar.open()
        self.find_bar.next_match(backwards)

    def _show_zoom(self, factor: float) -> None:
        zoom = getattr(self.window, "zoom_label", None)
        if isinstance(zoom, QLabel):
            zoom.setText(f"{round(factor * 100)}%")

    # ------------------------------------------------------------- properties
    def _properties(self) -> PropertiesPanel | None:
        if not shiboken6.isValid(as_widget(self.window)):
            return None  # the window is being destroyed
        return as_widget(self.window).findChild(PropertiesPanel)

    def _journey_selection(self) -> None:
        pane = self.pane
        properties = self._properties()
        if pane is None or properties is None:
            return
        ids = pane.scene.selected_ids()
        properties.commit_pending()
        if ids:
            properties.show_targets("touch_point", ids)
        else:
            properties.show_targets("stakeholder", [pane.stakeholder_id])

    # ----------------------------------------------------------- export/print
    def drawing(self) -> Drawing:
        assert self.pane is not None
        return journey_drawing(self.pane.scene)

    def export_to(self, path: str) -> bool:
        """The journey as PNG, SVG or PDF (by the file's extension), written atomically."""
        if self.pane is None:
            return False
        fmt = os.path.splitext(path)[1].lower().lstrip(".")
        w = as_widget(self.window)
        try:
            if fmt not in ("png", "svg", "pdf"):
                raise PictureError(f"{os.path.basename(path)}: use .png, .svg or .pdf")
            title = f"Journey of {self.pane.scene.title}"
            data = picture_bytes(self.drawing(), fmt, PictureOptions(), title)
            write_bytes_atomic(data, path)
        except (SvxSaveError, PictureError) as e:
            dialogs.show_error(w, "The journey could not be exported.", str(e))
            return False
        self.window.statusBar().showMessage(f"Exported to {path}", 5000)
        return True

    def export_dialog(self) -> bool:
        if self.pane is None:
            return False
        name = f"{self.window.document.display_name.removesuffix('.svx')} journey"
        dialog = QFileDialog(as_widget(self.window), "Export Journey", name + ".png")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters(PICTURE_FILTERS.split(";;"))
        if dialogs.run_modal(dialog) != QDialog.DialogCode.Accepted.value:
            return False
        files = dialog.selectedFiles()
        return bool(files) and self.export_to(files[0])

    def print_journey(self, printer: QPrinter | None = None) -> bool:
        if self.pane is None:
            return False
        from svx_desktop.pictures.render import page_layout

        printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout("a4", "landscape"))
        dialog = QPrintDialog(printer, as_widget(self.window))
        if dialogs.run_modal(dialog) != QDialog.DialogCode.Accepted.value:
            return False
        try:
            print_drawing(self.drawing(), printer)
        except PictureError as e:
            dialogs.show_error(as_widget(self.window), "The journey could not be printed.", str(e))
            return False
        return True


class _BadgeDoubleClick(QObject):
    """A double-click on a card's net badge or journey mark opens its journey."""

    def __init__(self, mode: JourneyMode) -> None:
        super().__init__(mode)
        self.mode = mode

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.MouseButtonDblClick or not isinstance(event, QMouseEvent):
            return False
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        view = self.mode.window.view
        item = view.itemAt(event.position().toPoint())
        if isinstance(item, HandleItem):
            return False
        if not isinstance(item, StakeholderItem):
            return False
        at = item.mapFromScene(view.mapToScene(event.position().toPoint()))
        rect = item.body_rect()
        targets = [
            badge_rect(rect, item.figures, QPointF(item.handle.pos())),
            mark_rect(rect, item.journey_mark),
        ]
        if any(not r.isEmpty() and r.adjusted(-3, -3, 3, 3).contains(at) for r in targets):
            self.mode.open(item.element_id)
            return True
        return False


def attach(window: MapWindow) -> JourneyMode:
    """Give ``window`` its journey view and the Channels panel (a window extension)."""
    mode = JourneyMode(window)
    setattr(window, "journeys", mode)  # noqa: B010 - not part of the MapWindow protocol
    grid = ChannelGridPanel(window.document, window.scene)
    grid.open_touch_point = mode.open_touch_point
    dock = window.add_dock(grid, "Channels", Qt.DockWidgetArea.BottomDockWidgetArea)
    main = as_widget(window)
    exchanges = main.findChild(QDockWidget, "dock-exchangesPanel")
    if exchanges is not None and main.dockWidgetArea(exchanges) == main.dockWidgetArea(dock):
        main.tabifyDockWidget(exchanges, dock)
        exchanges.raise_()
    window.documentChanged.connect(lambda doc: grid.set_document(doc, window.scene))
    mode.grid = grid
    _list_keys_on_the_sheet(window)
    _commit_journey_typing(window, mode)
    return mode


def _commit_journey_typing(window: MapWindow, mode: JourneyMode) -> None:
    """Save, Close and the rest commit a touch point name being typed, as a card's."""

    def commit() -> None:
        view = mode.view()
        if view is not None:
            view.commit_open()

    window.typing_committers.append(commit)


def _list_keys_on_the_sheet(window: MapWindow) -> None:
    """Help ▸ Keyboard Shortcuts lists the journey view's keys after the canvas's."""

    def journey_rows() -> list[tuple[str, str, str]]:
        return [
            ("Journey view" if n == 0 else "", what.removeprefix("Journey: "), keys)
            for n, (keys, what) in enumerate(JourneyKeymap.sheet_rows())
        ]

    window.sheet_sections.append(journey_rows)


__all__ = ["JourneyMode", "JourneyPane", "attach"]
