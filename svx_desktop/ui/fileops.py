"""File operations of one main window: open, save, Save As, revert, recent, close.

``FileOps(window)`` owns what the File menu does to a window's document: asking for
paths, asking about unsaved changes, showing why a load or a save failed, and the map's
lock (``storage.lock``). A map another SVX has open offers Open Read-Only, Open a Copy
(untitled) or Cancel; a map in a folder or file without write permission opens
read-only (the window's banner says why, see ``ui.readonly``); saving over a file marked
read-only asks first. A replaced document is shown by swapping the scene in the window's
one view (``MapView.set_controller``), so panels, tools and shortcuts stay wired to the same view.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QWidget

from svx_desktop.editing import Document
from svx_desktop.fileformat import SvxLoadError, SvxReadOnlyFileError, SvxSaveError
from svx_desktop.storage.lock import (
    LockOwner,
    MapLock,
    MapLockedError,
    lock_failure_reason,
    why_read_only,
)
from svx_desktop.ui import dialogs, recent
from svx_desktop.ui.settings import DISPLAY_NAME

if TYPE_CHECKING:
    from svx_desktop.ui.mainwindow import MainWindow


def ask_locked(parent: QWidget | None, name: str, owner: LockOwner | None) -> str:
    """The map is open for editing elsewhere: "read-only", "copy" or "cancel"."""
    who = owner.describe() if owner is not None else "another program"
    buttons = QtWidgets.QMessageBox.StandardButton
    return dialogs.choose(
        parent,
        DISPLAY_NAME,
        f"“{name}” is open for editing by {who}.",
        "Two people saving one map lose each other's changes. Open it read-only, or open "
        "a copy (untitled) that you save under another name.",
        [
            (buttons.Open, "Open Read-Only", "read-only"),
            (buttons.Save, "Open a Copy", "copy"),
            (buttons.Cancel, "Cancel", "cancel"),
        ],
    )


def ask_replace_read_only(parent: QWidget | None, name: str) -> str:
    """The file to be saved over is marked read-only: "replace", "save as" or "cancel"."""
    buttons = QtWidgets.QMessageBox.StandardButton
    return dialogs.choose(
        parent,
        DISPLAY_NAME,
        f"“{name}” is marked read-only.",
        "Its owner may not want it changed. Save under another name, or replace it with "
        "this map anyway?",
        [
            (buttons.Save, "Save As…", "save as"),
            (buttons.Yes, "Replace", "replace"),
            (buttons.Cancel, "Cancel", "cancel"),
        ],
    )


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


def same_path(a: Path, b: Path) -> bool:
    try:
        return os.path.normcase(str(a.resolve())) == os.path.normcase(str(b.resolve()))
    except OSError:
        return False


def suggested_name(document: Document) -> str:
    name = document.map.meta.title or document.map.organisation.name or "Untitled"
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", name).strip()
    return name[:60] or "Untitled"


class FileOps:
    """The File menu's work for one ``MainWindow``. See the module docstring."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    # ------------------------------------------------------------------ locks
    def claim(self, document: Document, ask: bool = True) -> Document | None:
        """Take the lock of ``document``'s file, or make it read-only and say why.

        A map open elsewhere asks Read-Only / Copy / Cancel (``ask``), else opens
        read-only. Returns the document to show, or None on Cancel.
        """
        document.keep_locked = True
        path = document.path
        if path is None or document.read_only or document.lock is not None:
            return document
        reason = why_read_only(path)
        if reason is not None:
            document.set_read_only(reason)
            return document
        try:
            document.lock = MapLock.acquire(path)
        except MapLockedError as e:
            choice = ask_locked(self.window, document.display_name, e.owner) if ask else ""
            if choice == "cancel":
                return None
            if choice == "copy":
                document.path = None
                document.disk_hash = None
                return document
            who = e.owner.describe() if e.owner is not None else "another program"
            document.set_read_only(f"it is open for editing by {who}")
        except OSError as e:
            document.set_read_only(lock_failure_reason(e))
        return document

    # ------------------------------------------------------------------- open
    def new_window(self) -> MainWindow:
        """File ▸ New: an empty map in another window."""
        window = type(self.window)()
        window.move(self.window.pos() + QPoint(32, 32))
        window.show()
        window.activateWindow()
        return window

    def dialog_dir(self) -> str:
        path = self.window.document.path
        if path is not None:
            return str(path.parent)
        files = recent.recent_files()
        return os.path.dirname(files[0]) if files else str(Path.home())

    def open_file(self) -> bool:
        """File ▸ Open…: ask for a file, then ``open_path``."""
        path = dialogs.ask_open_path(self.window, self.dialog_dir())
        return self.open_path(path) if path else False

    def open_path(self, path: str | os.PathLike[str]) -> bool:
        """Open ``path`` in this window (after asking about unsaved changes).

        A file already open in another window brings that window forward. A file that
        fails to load shows the loader's message and leaves the current map as it was.
        """
        from svx_desktop.ui.mainwindow import window_for

        p = Path(path)
        other = window_for(p) if p.exists() else None
        if other is not None:
            other.show()
            other.raise_()
            other.activateWindow()
            return True
        if not self.maybe_save():
            return False
        document = load_document(p, self.window)
        if document is None:
            return False
        claimed = self.claim(document)
        if claimed is None:
            return False
        self.window.replace_document(claimed)
        self.opened(claimed)
        return True

    def opened(self, document: Document) -> None:
        """After a document was opened into this window: recent files, repairs, status."""
        if document.path is not None:
            recent.add_recent(document.path)
        if document.load_warnings:
            dialogs.show_load_warnings(self.window, document.display_name, document.load_warnings)
        self.window.statusBar().showMessage(f"Opened {document.display_name}", 3000)

    def open_recent(self, path: str) -> bool:
        """Open an entry of Open Recent; a file that is gone leaves the list with a note."""
        if not Path(path).is_file():
            recent.remove_recent(path)
            dialogs.show_info(
                self.window,
                f"“{Path(path).name}” is no longer there.",
                f"{path}\n\nIt was moved, renamed or deleted, and has been removed from "
                "Open Recent.",
            )
            return False
        return self.open_path(path)

    def fill_recent_menu(self) -> None:
        recent.fill_menu(self.window.recent_menu, self.open_recent)

    # ------------------------------------------------------------------- save
    def save(self) -> bool:
        """File ▸ Save; a map without a file (or a read-only one) goes to Save As."""
        self.window.commit_typing()
        document = self.window.document
        if document.path is None or document.read_only:
            return self.save_as()
        return self._save_to(document.path)

    def save_as(self, path: str | os.PathLike[str] | None = None) -> bool:
        """File ▸ Save As…; with ``path`` given, no dialog is shown."""
        self.window.commit_typing()
        if path is None:
            doc = self.window.document
            name = doc.path.name if doc.path else f"{suggested_name(doc)}.svx"
            chosen = dialogs.ask_save_path(self.window, os.path.join(self.dialog_dir(), name))
            if chosen is None:
                return False
            path = chosen
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        from svx_desktop.ui import autosave  # not needed for the first paint

        window, doc = self.window, self.window.document
        if doc.path is not None and same_path(path, doc.path) and doc.changed_on_disk():
            choice = autosave.ask_external_change(window, doc.display_name)
            if choice is autosave.ExternalChoice.SAVE_AS:
                return self.save_as()
            if choice is autosave.ExternalChoice.RELOAD:
                self.reload_from_disk()
                return False
            if choice is not autosave.ExternalChoice.OVERWRITE:
                return False
        was_read_only = doc.read_only
        try:
            try:
                doc.save(path, backups=autosave.backup_store())
            except SvxReadOnlyFileError:
                answer = ask_replace_read_only(window, path.name)
                if answer == "save as":
                    return self.save_as()
                if answer != "replace":
                    return False
                doc.save(path, backups=autosave.backup_store(), replace_read_only=True)
        except (SvxSaveError, OSError, ValueError) as e:
            if dialogs.ask_save_as_after_failure(window, str(e)):
                return self.save_as()
            return False
        recent.add_recent(doc.path or path)
        window.setWindowFilePath(str(doc.path))
        window.update_title()
        if was_read_only:
            window.follow_read_only()
        window.statusBar().showMessage(f"Saved {doc.display_name}", 3000)
        return True

    # ---------------------------------------------------------------- replace
    def reload_from_disk(self) -> bool:
        """Replace the map with what its file holds now (unsaved changes are dropped)."""
        path = self.window.document.path
        if path is None:
            return False
        document = load_document(path, self.window)
        if document is None:
            return False
        self.window.replace_document(document)
        self.opened(document)
        return True

    def revert_to_backup(self) -> bool:
        """File ▸ Revert to Backup…: one of the last saved versions, as unsaved changes."""
        from svx_desktop.ui import autosave  # not needed for the first paint

        window = self.window
        path = window.document.path
        if path is None:
            dialogs.show_info(window, "This map has not been saved yet, so it has no backups.")
            return False
        backup = autosave.ask_backup(window, path)
        if backup is None or not self.maybe_save():
            return False
        try:
            document = autosave.document_from_backup(backup)
        except SvxLoadError as e:
            dialogs.show_error(window, "The backup could not be opened.", str(e))
            return False
        window.replace_document(document)
        self.opened(document)
        return True

    def hand_over(self, old: Document, new: Document) -> None:
        """``new`` replaces ``old`` in the window: the lock of a same-file reload or
        revert passes on; any other lock of ``old`` is released."""
        if (
            old.lock is not None
            and new.lock is None
            and not new.read_only
            and new.path is not None
            and same_path(new.path, old.lock.map_path)
        ):
            new.lock, old.lock = old.lock, None
            new.keep_locked = True
        old.close()

    # ------------------------------------------------------------------ close
    def maybe_save(self) -> bool:
        """True when it is fine to drop the current map (saved, discarded or clean)."""
        self.window.commit_typing()
        document = self.window.document
        if not document.is_dirty:
            return True
        choice = dialogs.ask_save_changes(self.window, document.display_name)
        if choice is dialogs.SaveChoice.SAVE:
            return self.save()
        return choice is dialogs.SaveChoice.DISCARD
