"""The main window: one map per window, its canvas in the middle, menus, status bar.

``MainWindow(document=None)`` shows a ``MapView`` over a ``MapScene`` over a ``Document``.
Opening a file replaces the window's document (after Save / Discard / Cancel when it has
unsaved changes) by swapping the scene in the window's one view; File ▸ New opens another
window. The File menu's work lives in ``ui.fileops`` (``window.files``); a read-only map
shows a banner above the canvas (``ui.readonly``). Dirty state, the title's ``*`` and the
Undo/Redo menu texts all come from the document's undo stack (through a ``QUndoGroup``,
so the actions follow the document when it is replaced). Single-key shortcuts (N, P, E,
Delete…) never steal keys from an inline editor: while the view edits text, the window
hands plain keys to the editor. Other panels plug in with ``add_dock``; they hear about a
replaced document through ``documentChanged``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeyEvent,
    QKeySequence,
    QShowEvent,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from svx_desktop import __version__
from svx_desktop.canvas import CanvasController, CanvasKeymap, MapScene, MapView
from svx_desktop.editing import Document
from svx_desktop.ui import dialogs, shortcuts, windowstate
from svx_desktop.ui.canvasmenu import add_to_menu
from svx_desktop.ui.fileops import FileOps, same_path
from svx_desktop.ui.labels import plain_label
from svx_desktop.ui.settings import DISPLAY_NAME
from svx_desktop.ui.shortcuts import make_action

if TYPE_CHECKING:
    from svx_desktop.ui.workshop import Workshop

_windows: list[MainWindow] = []

#: Called with every new main window once it is built, before its dock layout is restored.
#: The app registers its panels here (``ui.main``); tests build bare windows.
window_extensions: list[Callable[[MainWindow], object]] = []


def windows() -> list[MainWindow]:
    """The open main windows, oldest first."""
    return list(_windows)


def window_for(path: str | os.PathLike[str]) -> MainWindow | None:
    """The window whose map is the file ``path`` (compared resolved), if any.

    Every way of opening a file asks this first (Open, Open Recent, a drop, a second start,
    Finder), so a file open in one window comes forward instead of opening a second copy.
    """
    for w in _windows:
        p = w.document.path
        if p is not None and same_path(Path(path), p):
            return w
    return None


def _local_files(event: QDropEvent | QDragEnterEvent) -> list[str]:
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "panel"


class MainWindow(QMainWindow):
    """One map in one window. See the module docstring."""

    #: Emitted with the new ``Document`` after Open replaced the window's map.
    documentChanged = Signal(object)
    #: The workshop toolkit (``ui.workshop.attach``), on windows of the app.
    workshop: Workshop

    def __init__(self, document: Document | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.setAcceptDrops(True)
        self.undo_group = QUndoGroup(self)
        self.files = FileOps(self)
        document = document if document is not None else Document()
        self.document = self.files.claim(document, ask=False) or document
        self.scene = MapScene(self.document.map, self)
        self.controller = CanvasController(self.document, self.scene)
        #: The canvas keys (N, P, E, arrows…); they act on whichever view the window shows.
        self.keymap = CanvasKeymap(self, lambda: self.view)
        self.view = MapView(self.controller, self, self.keymap)
        self._docks: list[QDockWidget] = []
        #: Tools that keep typing of their own (the journey view) add how to commit it;
        #: ``commit_typing`` calls each after the canvas's.
        self.typing_committers: list[Callable[[], None]] = []
        #: Tools with keys of their own add their (section, action, keys) rows here for
        #: the shortcuts sheet, after the window's.
        self.sheet_sections: list[Callable[[], list[tuple[str, str, str]]]] = []
        self._framed = False
        self._build_actions()
        sheet_keys = dialogs.key_text(self.shortcuts_action.shortcuts()).split(",")[0]
        #: Shown in the status bar while the map has no stakeholders.
        self.empty_map_hint = (
            "Double-click the canvas or press N to add a stakeholder · "
            f"{sheet_keys or 'Help ▸ Keyboard Shortcuts'} lists every shortcut"
        )
        self._build_menus()
        self._build_status_bar()
        self.undo_group.cleanChanged.connect(self.update_title)
        self._install_canvas()
        self._attach_document(self.document)
        for extend in window_extensions:
            extend(self)
        self.follow_read_only()
        self._dock_defaults_pending = windowstate.restore(self, use_saved_geometry=not _windows)
        self._saved_dock_layout = not self._dock_defaults_pending
        _windows.append(self)

    def extend(self, extensions: Sequence[Callable[[MainWindow], object]]) -> None:
        """Run window extensions on a window that is already built, perhaps shown.

        The app's first window paints before its panels exist and gets them one event-loop
        turn later (``ui.main``); its docks then take their remembered places, or the
        first-start layout, as if they had been added while building.
        """
        for extend in extensions:
            extend(self)
        if self._dock_defaults_pending:
            return  # not shown yet: showEvent lays the docks out
        if not self._saved_dock_layout:
            windowstate.default_dock_layout(self, self._docks)
        # A shown window lays out its new docks on a later turn: do it now, so the map is
        # framed in the canvas as it will be (not in the wider one it had before).
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.frame_map()
        QTimer.singleShot(0, self.frame_map)  # again once everything has settled

    # ============================================================== building
    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcuts: Sequence[QKeySequence | QKeySequence.StandardKey | str] = (),
        tip: str = "",
    ) -> QAction:
        return make_action(self, text, slot, shortcuts, tip)

    def _build_actions(self) -> None:
        sk = QKeySequence.StandardKey
        # File
        files = self.files
        self.new_action = self._action("&New", files.new_window, [sk.New], "New map, new window")
        self.open_action = self._action("&Open…", files.open_file, [sk.Open])
        self.save_action = self._action("&Save", files.save, [sk.Save])
        self.save_as_action = self._action("Save &As…", files.save_as, [sk.SaveAs, "Ctrl+Shift+S"])
        self.revert_action = self._action(
            "Revert to &Backup…",
            files.revert_to_backup,
            tip="Go back to one of the last three saved versions of this file",
        )
        self.close_action = self._action("&Close", self.close, [sk.Close])
        self.quit_action = self._action("&Quit", quit_all, [sk.Quit, "Ctrl+Q"])
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        # Edit
        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.keyBindings(sk.Undo))
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        redo_keys = QKeySequence.keyBindings(sk.Redo)
        for extra in ("Ctrl+Shift+Z", "Ctrl+Y"):
            if QKeySequence(extra) not in redo_keys:
                redo_keys.append(QKeySequence(extra))
        self.redo_action.setShortcuts(redo_keys)
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)
        keymap = self.keymap
        self.add_stakeholder_action = keymap["add_stakeholder"]
        self.add_provides_action = keymap["add_provides"]
        self.add_expects_action = keymap["add_expects"]
        self.rename_action = keymap["rename"]
        self.delete_action = keymap["delete"]
        self.select_all_action = keymap["select_all"]
        # Keys that mean something else in a panel (a letter jumps in a list, Delete edits
        # a table, Ctrl+A selects rows) act on the map only while the canvas has the focus
        # (the keymap scopes them to the view); an inline editor has the focus while it is
        # open, so it keeps every key too.
        self.canvas_actions = tuple(keymap.canvas_actions())
        # View
        self.addActions(keymap.window_actions())
        self.zoom_in_action = keymap["zoom_in"]
        self.zoom_out_action = keymap["zoom_out"]
        self.fit_action = keymap["fit"]
        self.zoom_100_action = keymap["zoom_100"]
        # Help
        self.shortcuts_action = self._action(
            "&Keyboard Shortcuts", self.show_shortcuts, [sk.HelpContents]
        )
        self.about_action = self._action(
            f"&About {DISPLAY_NAME}", lambda: dialogs.show_about(self, __version__)
        )
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.aboutToShow.connect(self.files.fill_recent_menu)
        self.file_menu = bar.addMenu("&File")
        file_items = [self.new_action, self.open_action, self.recent_menu, None, self.save_action]
        file_items += [self.save_as_action, self.revert_action, None, self.close_action]
        add_to_menu(self.file_menu, [*file_items, self.quit_action])
        self.edit_menu = bar.addMenu("&Edit")
        edit_items = [self.undo_action, self.redo_action, None, self.add_stakeholder_action]
        edit_items += [self.add_provides_action, self.add_expects_action, None, self.rename_action]
        add_to_menu(self.edit_menu, [*edit_items, self.delete_action, None, self.select_all_action])
        self.view_menu = bar.addMenu("&View")
        view_items = [self.zoom_in_action, self.zoom_out_action, None, self.fit_action]
        add_to_menu(self.view_menu, [*view_items, self.zoom_100_action])
        self.panels_separator = self.view_menu.addSeparator()
        self.panels_separator.setVisible(False)
        self.help_menu = bar.addMenu("&Help")
        add_to_menu(self.help_menu, [self.shortcuts_action, None, self.about_action])

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.selection_label = plain_label(self)
        self.counts_label = plain_label(self)
        self.zoom_label = plain_label(self)
        for label in (self.selection_label, self.counts_label, self.zoom_label):
            label.setContentsMargins(8, 0, 8, 0)
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("0000%"))
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar.addPermanentWidget(self.selection_label)
        bar.addPermanentWidget(self.counts_label)
        bar.addPermanentWidget(self.zoom_label)

    # ============================================================ document
    def _install_canvas(self) -> None:
        # The view lives in a holder (with the read-only banner above it once one is needed).
        holder = QWidget(self)
        holder.setObjectName("canvasHolder")
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.read_only_banner: QWidget | None = None
        layout.addWidget(self.view)
        self.setCentralWidget(holder)
        view = self.view
        view.addActions(list(self.canvas_actions))
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)
        view.viewport().setAcceptDrops(True)
        view.zoomChanged.connect(self._update_zoom)
        self._follow_scene(self.scene)
        view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _follow_scene(self, scene: MapScene) -> None:
        scene.statusChanged.connect(self._update_counts)
        scene.selectionChanged.connect(self._update_selection)

    def _attach_document(self, document: Document) -> None:
        self.document = document
        self.undo_group.addStack(document.undo_stack)
        self.undo_group.setActiveStack(document.undo_stack)
        self.setWindowFilePath(str(document.path) if document.path else "")
        self.update_title()
        self._update_counts()
        self._update_zoom()
        self._update_selection()

    def is_blank(self) -> bool:
        """An untitled map nobody has touched: it may give way to another without asking."""
        doc = self.document
        return doc.path is None and not doc.is_dirty and doc.undo_stack.count() == 0

    def show_document(self, document: Document) -> bool:
        """Show ``document`` here if this window is blank, else in a new window; True if here."""
        if self.is_blank():
            self.replace_document(document)
            self.opened(document)
            return True
        window = MainWindow(document)
        window.show()
        window.opened(document)
        QTimer.singleShot(0, lambda: window.frame_map(fit=True))  # a new map opens fitted
        return False

    def replace_document(self, document: Document) -> None:
        """Show ``document`` in this window instead of the current one (asks nothing)."""
        old_scene, old = self.scene, self.document
        self.undo_group.removeStack(old.undo_stack)
        self.files.hand_over(old, document)
        document.keep_locked = True
        self.scene = MapScene(document.map, self)
        self.controller = CanvasController(document, self.scene)
        self.view.set_controller(self.controller)  # one view per window: swap the scene
        self._follow_scene(self.scene)
        detach = getattr(old_scene, "detach", None)
        if detach is not None:
            detach()  # stop following the old map
        old_scene.deleteLater()
        self._attach_document(document)
        if self.isVisible():
            self.view.show()  # it may wait hidden for a file named on the command line
            # Fitted once the new map is laid out (not kept at the old map's zoom).
            QTimer.singleShot(0, lambda: self.frame_map(fit=True))
        self.documentChanged.emit(document)
        self.follow_read_only()

    def follow_read_only(self) -> None:
        """Banner and editing actions for a read-only map (``ui.readonly``, built on need)."""
        if self.document.read_only or self.read_only_banner is not None:
            from svx_desktop.ui import readonly

            readonly.apply(self)

    # ============================================================== title etc.
    def update_title(self, *_args: object) -> None:
        doc = self.document
        suffix = " (read-only)" if doc.read_only else ""
        self.setWindowTitle(f"{doc.display_name}[*]{suffix} — {DISPLAY_NAME}")
        self.setWindowModified(doc.is_dirty)

    def _update_counts(self) -> None:
        vmap = self.document.map
        s, f = len(vmap.stakeholders), len(vmap.flows)
        text = f"{s} stakeholder{'s' if s != 1 else ''} · {f} flow{'s' if f != 1 else ''}"
        n = len(vmap.notes)
        if n:
            text += f" · {n} note{'s' if n != 1 else ''}"
        self.counts_label.setText(text)
        bar = self.statusBar()
        if s == 0 and not vmap.notes:
            if not bar.currentMessage():
                bar.showMessage(self.empty_map_hint)
        elif bar.currentMessage() == self.empty_map_hint:
            bar.clearMessage()

    def _update_zoom(self, *_args: object) -> None:
        self.zoom_label.setText(f"{round(self.view.zoom_factor() * 100)}%")

    def _update_selection(self) -> None:
        # The keymap enables the canvas keys that apply (the view tells it).
        try:
            count = self.scene.selection().count
        except RuntimeError:  # scene already deleted during a replace
            return
        self.selection_label.setText(f"{count} selected" if count else "")

    # ================================================================ files
    # The File menu's work is in ``ui.fileops``; these are its entry points on the window.
    def open_path(self, path: str | os.PathLike[str]) -> bool:
        return self.files.open_path(path)

    def opened(self, document: Document) -> None:
        self.files.opened(document)

    def save(self) -> bool:
        return self.files.save()

    def save_as(self, path: str | os.PathLike[str] | None = None) -> bool:
        return self.files.save_as(path)

    def commit_typing(self) -> None:
        """Finish a name or label still being typed, so Save and Close include it."""
        try:
            if self.view.is_editing_text():
                self.view.editing.commit_open()
        except (AttributeError, RuntimeError):
            pass
        for commit in self.typing_committers:
            commit()

    # =============================================================== docks
    def add_dock(
        self,
        widget: QWidget,
        title: str,
        area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea,
    ) -> QDockWidget:
        """Add a panel; its place and visibility are remembered between sessions."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{widget.objectName() or _slug(title)}")
        dock.setWidget(widget)
        # restoreDockWidget puts a dock created after restoreState() in its remembered
        # place; only a dock with no remembered place is added (and, on a window that is
        # already shown, made visible: a new child of a shown widget starts hidden).
        if not self.restoreDockWidget(dock):
            self.addDockWidget(area, dock)
            if self.isVisible():
                dock.show()
        self.panels_separator.setVisible(True)
        self.view_menu.addAction(dock.toggleViewAction())
        self._docks.append(dock)
        return dock

    # ============================================================== help
    def shortcut_rows(self) -> list[tuple[str, str, str]]:
        """(section, action, keys) for the shortcuts sheet, read from the live actions."""
        names = {self.undo_action: "Undo", self.redo_action: "Redo"}
        menus = [m for a in self.menuBar().actions() if isinstance(m := a.menu(), QMenu)]
        rows = shortcuts.sheet_rows(menus, names, self.keymap.sheet_rows())
        for section in self.sheet_sections:
            rows += section()
        return rows

    def show_shortcuts(self) -> None:
        dialogs.show_shortcuts(self, self.shortcut_rows())

    # ======================================================== window state
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dock_defaults_pending:
            self._dock_defaults_pending = False
            windowstate.default_dock_layout(self, self._docks)
        if not self._framed:
            self._framed = True
            self.frame_map()  # before the first paint, so the map never jumps into place
            QTimer.singleShot(0, self.frame_map)  # again once the panels have their sizes

    def frame_map(self, fit: bool = False) -> None:
        """Show the whole map if it does not fit at the current zoom (or ``fit``: fitted
        in any case, as a newly opened map is); else its centre."""
        view = self.view
        try:
            content = view.content_rect()
        except (AttributeError, RuntimeError):
            return
        shown = view.mapToScene(view.viewport().rect()).boundingRect()
        if fit or content.width() > shown.width() or content.height() > shown.height():
            view.fit_all()
        else:
            view.centre_on_organisation()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.maybe_save():
            event.ignore()
            return
        windowstate.save(self)
        self.document.close()  # its lock goes: others may now open the map for editing
        if self in _windows:
            _windows.remove(self)
        event.accept()

    # ===================================================== keys and drops
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if self._editor_wants(event):
                event.accept()
                return True
        elif kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
            event, QDropEvent
        ):
            if _local_files(event):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            files = _local_files(event)
            if files:
                event.acceptProposedAction()
                QTimer.singleShot(0, lambda: self.open_dropped(files))
                return True
        return super().eventFilter(watched, event)

    def _editor_wants(self, event: QKeyEvent) -> bool:
        """While the view edits text, plain keys and text-editing keys go to the editor."""
        try:
            editing = self.view.is_editing_text()
        except RuntimeError:
            return False
        return editing and shortcuts.editor_wants(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _local_files(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = _local_files(event)
        if files:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.open_dropped(files))
        else:
            super().dropEvent(event)

    def open_dropped(self, files: Sequence[str]) -> None:
        """Open dropped files: the first here, any others in new windows."""
        if not files:
            return
        self.open_path(files[0])
        for path in files[1:]:
            window = MainWindow()
            if window.open_path(path):
                window.show()
            else:
                window.close()


def quit_all() -> bool:
    """File ▸ Quit: close every window (each asks about unsaved changes); stop on Cancel."""
    for window in reversed(windows()):
        if not window.close():
            return False
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None and not _windows:
        app.quit()
    return not _windows
