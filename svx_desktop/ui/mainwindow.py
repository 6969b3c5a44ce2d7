"""The main window: one map per window, its canvas in the middle, menus, status bar.

``MainWindow(document=None)`` shows a ``MapView`` over a ``MapScene`` over a ``Document``.
Opening a file replaces the window's document (after Save / Discard / Cancel when it has
unsaved changes); File ▸ New opens another window. Dirty state, the title's ``*`` and the
Undo/Redo menu texts all come from the document's undo stack (through a ``QUndoGroup``,
so the actions follow the document when it is replaced). Single-key shortcuts (N, P, E,
Delete…) never steal keys from an inline editor: while the view edits text, the window
hands plain keys to the editor. Other panels plug in with ``add_dock``; they hear about a
replaced document through ``documentChanged``.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
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
    QLabel,
    QMainWindow,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from svx_desktop import __version__
from svx_desktop.canvas.scene import MapScene
from svx_desktop.canvas.view import MapView
from svx_desktop.editing import Document
from svx_desktop.fileformat import SvxLoadError, SvxSaveError
from svx_desktop.model import Direction
from svx_desktop.ui import dialogs, recent, shortcuts, windowstate
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


def _window_for(path: Path) -> MainWindow | None:
    key = os.path.normcase(str(path.resolve()))
    for w in _windows:
        p = w.document.path
        if p is not None and os.path.normcase(str(p)) == key:
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
        self.document = document if document is not None else Document()
        self.scene = MapScene(self.document, self)
        self.view = MapView(self.scene, self)
        self._docks: list[QDockWidget] = []
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
        self.undo_group.cleanChanged.connect(self._update_title)
        self._install_canvas(self.scene, self.view)
        self._attach_document(self.document)
        for extend in window_extensions:
            extend(self)
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
        self.new_action = self._action("&New", self.new_window, [sk.New], "New map, new window")
        self.open_action = self._action("&Open…", self.open_file, [sk.Open])
        self.save_action = self._action("&Save", self.save, [sk.Save])
        self.save_as_action = self._action("Save &As…", self.save_as, [sk.SaveAs, "Ctrl+Shift+S"])
        self.revert_action = self._action(
            "Revert to &Backup…",
            self.revert_to_backup,
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
        self.add_stakeholder_action = self._action(
            "Add &Stakeholder",
            lambda: self.view.add_stakeholder(),
            ["N", "Ins"],
            "A new stakeholder in the next free place around the organisation",
        )
        self.add_provides_action = self._action(
            "Add &Provides Flow",
            lambda: self.view.add_flow(Direction.PROVIDES),
            ["P"],
            "What the selected stakeholder provides to the organisation",
        )
        self.add_expects_action = self._action(
            "Add &Expects Flow",
            lambda: self.view.add_flow(Direction.EXPECTS),
            ["E"],
            "What the selected stakeholder expects from the organisation",
        )
        self.rename_action = self._action("&Rename", lambda: self.view.rename_selection(), ["F2"])
        # Not StandardKey.Delete: on X11 that includes Ctrl+D, which users know as Duplicate.
        self.delete_action = self._action(
            "&Delete",
            lambda: self.view.delete_selection(),
            ["Del", "Backspace"],
            "Delete the selection (a stakeholder takes its flows with it)",
        )
        self.select_all_action = self._action(
            "Select &All", lambda: self.view.select_all(), [sk.SelectAll]
        )
        # Keys that mean something else in a panel (a letter jumps in a list, Delete edits
        # a table, Ctrl+A selects rows) act on the map only while the canvas has the focus;
        # an inline editor has the focus while it is open, so it keeps every key too.
        self.canvas_actions: tuple[QAction, ...] = (
            self.add_stakeholder_action,
            self.add_provides_action,
            self.add_expects_action,
            self.rename_action,
            self.delete_action,
            self.select_all_action,
        )
        for action in self.canvas_actions:
            self.removeAction(action)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        # View
        self.zoom_in_action = self._action(
            "Zoom &In", lambda: self.view.zoom_in(), [sk.ZoomIn, "Ctrl+="]
        )
        self.zoom_out_action = self._action("Zoom &Out", lambda: self.view.zoom_out(), [sk.ZoomOut])
        self.fit_action = self._action("&Fit Map", lambda: self.view.fit_all(), ["Ctrl+0"])
        self.zoom_100_action = self._action(
            "&Actual Size (100%)", lambda: self.view.zoom_100(), ["Ctrl+1"]
        )
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
        self.file_menu = bar.addMenu("&File")
        self.file_menu.addAction(self.new_action)
        self.file_menu.addAction(self.open_action)
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.save_action)
        self.file_menu.addAction(self.save_as_action)
        self.file_menu.addAction(self.revert_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.close_action)
        self.file_menu.addAction(self.quit_action)

        self.edit_menu = bar.addMenu("&Edit")
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.add_stakeholder_action)
        self.edit_menu.addAction(self.add_provides_action)
        self.edit_menu.addAction(self.add_expects_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.rename_action)
        self.edit_menu.addAction(self.delete_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.select_all_action)

        self.view_menu = bar.addMenu("&View")
        self.view_menu.addAction(self.zoom_in_action)
        self.view_menu.addAction(self.zoom_out_action)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.fit_action)
        self.view_menu.addAction(self.zoom_100_action)
        self.panels_separator = self.view_menu.addSeparator()
        self.panels_separator.setVisible(False)

        self.help_menu = bar.addMenu("&Help")
        self.help_menu.addAction(self.shortcuts_action)
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.selection_label = QLabel(self)
        self.counts_label = QLabel(self)
        self.zoom_label = QLabel(self)
        for label in (self.selection_label, self.counts_label, self.zoom_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setContentsMargins(8, 0, 8, 0)
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("0000%"))
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar.addPermanentWidget(self.selection_label)
        bar.addPermanentWidget(self.counts_label)
        bar.addPermanentWidget(self.zoom_label)

    # ============================================================ document
    def _install_canvas(self, scene: MapScene, view: MapView) -> None:
        # The view lives in a holder that stays the central widget for the window's life:
        # replacing the central widget itself lets QMainWindow hand its width to the docks
        # (a Properties panel across the whole window after File ▸ Open).
        holder = self.centralWidget()
        if holder is None or holder.objectName() != "canvasHolder":
            holder = QWidget(self)
            holder.setObjectName("canvasHolder")
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.setCentralWidget(holder)
        layout = holder.layout()
        assert layout is not None  # the holder is made with its layout
        old = layout.takeAt(0) if layout.count() else None
        old_view = old.widget() if old is not None else None
        if old_view is not None:
            old_view.hide()
            old_view.deleteLater()
        view.addActions(list(self.canvas_actions))
        self.scene = scene
        self.view = view
        layout.addWidget(view)
        if self.isVisible():
            view.show()  # at once, not on the layout's queued call
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)
        view.viewport().setAcceptDrops(True)
        scene.statusChanged.connect(self._update_counts)
        scene.selectionChanged.connect(self._update_selection)
        view.zoomChanged.connect(self._update_zoom)
        view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _attach_document(self, document: Document) -> None:
        self.document = document
        self.undo_group.addStack(document.undo_stack)
        self.undo_group.setActiveStack(document.undo_stack)
        self.setWindowFilePath(str(document.path) if document.path else "")
        self._update_title()
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
            self._replace_document(document)
            self.opened(document)
            return True
        window = MainWindow(document)
        window.show()
        window.opened(document)
        return False

    def _replace_document(self, document: Document) -> None:
        old_scene, old_stack = self.scene, self.document.undo_stack
        self.undo_group.removeStack(old_stack)
        scene = MapScene(document, self)
        view = MapView(scene, self)
        self._install_canvas(scene, view)  # deletes the old view
        detach = getattr(old_scene, "detach", None)
        if detach is not None:
            detach()  # stop following the old map
        old_scene.deleteLater()
        self._attach_document(document)
        if self.isVisible():
            QTimer.singleShot(0, self.frame_map)  # once the new view has its size
        self.documentChanged.emit(document)

    # ============================================================== title etc.
    def _update_title(self, *_args: object) -> None:
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
        try:
            ids = self.scene.selected_ids()
        except RuntimeError:  # scene already deleted during a replace
            return
        stakeholders = _ids(ids, "stakeholders")
        flows = _ids(ids, "flows")
        organisation = bool(ids.get("organisation"))
        count = len(stakeholders) + len(flows) + len(_ids(ids, "notes")) + int(organisation)
        self.selection_label.setText(f"{count} selected" if count else "")
        self.delete_action.setEnabled(count - int(organisation) > 0)
        self.rename_action.setEnabled(count == 1)
        # A new flow goes to the one selected stakeholder, or to the owner of selected flows.
        vmap = self.document.map
        owners = {vmap.flow(f).stakeholder_id for f in flows if vmap.has_flow(f)}
        one_target = len(stakeholders) == 1 or (not stakeholders and len(owners) == 1)
        self.add_provides_action.setEnabled(one_target)
        self.add_expects_action.setEnabled(one_target)

    # ================================================================ files
    def new_window(self) -> MainWindow:
        """File ▸ New: an empty map in another window."""
        window = MainWindow()
        window.move(self.pos() + QPoint(32, 32))
        window.show()
        window.activateWindow()
        return window

    def _dialog_dir(self) -> str:
        if self.document.path is not None:
            return str(self.document.path.parent)
        files = recent.recent_files()
        return os.path.dirname(files[0]) if files else str(Path.home())

    def open_file(self) -> bool:
        """File ▸ Open…: ask for a file, then ``open_path``."""
        path = dialogs.ask_open_path(self, self._dialog_dir())
        return self.open_path(path) if path else False

    def open_path(self, path: str | os.PathLike[str]) -> bool:
        """Open ``path`` in this window (after asking about unsaved changes).

        A file already open in another window brings that window forward. A file that
        fails to load shows the loader's message and leaves the current map as it was.
        """
        p = Path(path)
        other = _window_for(p) if p.exists() else None
        if other is not None:
            other.show()
            other.raise_()
            other.activateWindow()
            return True
        if not self.maybe_save():
            return False
        document = load_document(p, self)
        if document is None:
            return False
        self._replace_document(document)
        self.opened(document)
        return True

    def opened(self, document: Document) -> None:
        """After a document was opened into this window: recent files, repairs, status."""
        if document.path is not None:
            recent.add_recent(document.path)
        if document.load_warnings:
            dialogs.show_load_warnings(self, document.display_name, document.load_warnings)
        self.statusBar().showMessage(f"Opened {document.display_name}", 3000)

    def commit_typing(self) -> None:
        """Finish a name or label still being typed, so Save and Close include it."""
        try:
            if self.view.is_editing_text():
                self.view.editing.commit_open()
        except (AttributeError, RuntimeError):
            pass

    def save(self) -> bool:
        """File ▸ Save; a map without a file (or a read-only one) goes to Save As."""
        self.commit_typing()
        if self.document.path is None or self.document.read_only:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self, path: str | os.PathLike[str] | None = None) -> bool:
        """File ▸ Save As…; with ``path`` given, no dialog is shown."""
        self.commit_typing()
        if path is None:
            doc = self.document
            name = doc.path.name if doc.path else f"{_suggested_name(doc)}.svx"
            chosen = dialogs.ask_save_path(self, os.path.join(self._dialog_dir(), name))
            if chosen is None:
                return False
            path = chosen
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        from svx_desktop.ui import autosave  # not needed for the first paint

        doc = self.document
        if doc.path is not None and _same_path(path, doc.path) and doc.changed_on_disk():
            choice = autosave.ask_external_change(self, doc.display_name)
            if choice is autosave.ExternalChoice.SAVE_AS:
                return self.save_as()
            if choice is autosave.ExternalChoice.RELOAD:
                self.reload_from_disk()
                return False
            if choice is not autosave.ExternalChoice.OVERWRITE:
                return False
        try:
            doc.save(path, backups=autosave.backup_store())
        except (SvxSaveError, OSError, ValueError) as e:
            if dialogs.ask_save_as_after_failure(self, str(e)):
                return self.save_as()
            return False
        recent.add_recent(self.document.path or path)
        self.setWindowFilePath(str(self.document.path))
        self._update_title()
        self.statusBar().showMessage(f"Saved {self.document.display_name}", 3000)
        return True

    def reload_from_disk(self) -> bool:
        """Replace the map with what its file holds now (unsaved changes are dropped)."""
        if self.document.path is None:
            return False
        document = load_document(self.document.path, self)
        if document is None:
            return False
        self._replace_document(document)
        self.opened(document)
        return True

    def revert_to_backup(self) -> bool:
        """File ▸ Revert to Backup…: one of the last saved versions, as unsaved changes."""
        from svx_desktop.ui import autosave  # not needed for the first paint

        path = self.document.path
        if path is None:
            dialogs.show_info(self, "This map has not been saved yet, so it has no backups.")
            return False
        backup = autosave.ask_backup(self, path)
        if backup is None or not self.maybe_save():
            return False
        try:
            document = autosave.document_from_backup(backup)
        except SvxLoadError as e:
            dialogs.show_error(self, "The backup could not be opened.", str(e))
            return False
        self._replace_document(document)
        self.opened(document)
        return True

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current map (saved, discarded or clean)."""
        self.commit_typing()
        if not self.document.is_dirty:
            return True
        choice = dialogs.ask_save_changes(self, self.document.display_name)
        if choice is dialogs.SaveChoice.SAVE:
            return self.save()
        return choice is dialogs.SaveChoice.DISCARD

    def _fill_recent_menu(self) -> None:
        recent.fill_menu(self.recent_menu, self.open_recent)

    def open_recent(self, path: str) -> bool:
        """Open an entry of Open Recent; a file that is gone leaves the list with a note."""
        if not Path(path).is_file():
            recent.remove_recent(path)
            dialogs.show_info(
                self,
                f"“{Path(path).name}” is no longer there.",
                f"{path}\n\nIt was moved, renamed or deleted, and has been removed from "
                "Open Recent.",
            )
            return False
        return self.open_path(path)

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
        menus = [a.menu() for a in self.menuBar().actions() if a.menu() is not None]
        return shortcuts.sheet_rows([m for m in menus if isinstance(m, QMenu)], names)

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

    def frame_map(self) -> None:
        """Show the whole map if it does not fit at the current zoom; else its centre."""
        view = self.view
        try:
            content = view.content_rect()
        except (AttributeError, RuntimeError):
            return
        shown = view.mapToScene(view.viewport().rect()).boundingRect()
        if content.width() > shown.width() or content.height() > shown.height():
            view.fit_all()
        else:
            view.centre_on_organisation()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        windowstate.save(self)
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


def load_document(path: str | os.PathLike[str], parent: QWidget | None) -> Document | None:
    """Open ``path``; on failure show the loader's message (parented to ``parent``)."""
    from svx_desktop.ui.bundled import untie_bundled  # not needed for the first paint

    p = Path(path)
    try:
        # A bundled template or example opens as an Untitled copy: Save never overwrites it.
        return untie_bundled(Document.open(p))
    except SvxLoadError as e:
        reason = str(e)
    except Exception as e:  # a loader bug must not take the open map with it
        reason = f"{type(e).__name__}: {e}"
    print(f"svx-desktop: cannot open {p}: {reason}", file=sys.stderr)
    dialogs.show_error(parent, f"“{p.name}” could not be opened.", reason)
    return None


def _ids(selection: Mapping[str, object], key: str) -> list[str]:
    value = selection.get(key)
    return [str(v) for v in value] if isinstance(value, list | tuple) else []


def _same_path(a: Path, b: Path) -> bool:
    try:
        return os.path.normcase(str(a.resolve())) == os.path.normcase(str(b.resolve()))
    except OSError:
        return False


def _suggested_name(document: Document) -> str:
    name = document.map.meta.title or document.map.organisation.name or "Untitled"
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", name).strip()
    return name[:60] or "Untitled"


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
