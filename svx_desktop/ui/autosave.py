"""Autosave and recovery in the GUI: timers, the recovery dialog, backups, external changes.

The decisions live Qt-free in ``svx_desktop.storage.recovery`` and ``.backups``; this
module drives them with Qt. Wiring, for the main window and ``ui.main``:

* ``attach(window)`` (or ``attach(document)``): recovery snapshots of the document ≤ 2 s
  after the last edit and at least every 10 s while editing goes on; they are dropped when
  the map is saved, when the user discards it (the window closes or replaces a dirty
  document after Save / Discard / Cancel said Discard), and kept after a crash.
* At start-up: ``for doc in offer_recovery(None): open a window on doc``. The dialog lists
  what can be recovered (file, time, size of the change); a recovered map opens dirty and
  without a path, next to the file on disk, never over it.
* ``backup_store()`` goes to ``Document.save(path, backups=backup_store())``;
  ``ask_backup`` + ``document_from_backup`` are File ▸ Revert to Backup.
* Before saving over the document's own file: ``if doc.changed_on_disk():
  ask_external_change(...)`` → Reload, Keep Mine (Save As), Overwrite or Cancel.

All text is plain text (file names may contain markup).
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import os
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from svx_desktop.editing import Document
from svx_desktop.fileformat import SvxLoadError
from svx_desktop.storage.backups import Backup, BackupStore
from svx_desktop.storage.recovery import (
    DEBOUNCE_SECONDS,
    MAX_WAIT_SECONDS,
    Autosaver,
    RecoveryEntry,
    RecoveryStore,
    SnapshotPolicy,
)
from svx_desktop.ui import dialogs
from svx_desktop.ui.labels import plain_label

_recovery_store: RecoveryStore | None = None
_backup_store: BackupStore | None = None


def recovery_store() -> RecoveryStore:
    """This process's recovery store (one session lock per running SVX)."""
    global _recovery_store
    if _recovery_store is None:
        _recovery_store = RecoveryStore()
    return _recovery_store


def backup_store() -> BackupStore:
    """The backup store to pass to ``Document.save(..., backups=...)``."""
    global _backup_store
    if _backup_store is None:
        _backup_store = BackupStore()
    return _backup_store


def set_stores(recovery: RecoveryStore | None, backups: BackupStore | None) -> None:
    """Use other stores (tests); ``None`` goes back to the defaults on next use."""
    global _recovery_store, _backup_store
    _recovery_store, _backup_store = recovery, backups


# ------------------------------------------------------------------ autosave
class AutosaveController(QObject):
    """Recovery snapshots of one document, driven by its undo stack and a timer."""

    snapshotWritten = Signal()
    snapshotFailed = Signal(str)

    def __init__(
        self,
        document: Document,
        store: RecoveryStore | None = None,
        debounce: float = DEBOUNCE_SECONDS,
        max_wait: float = MAX_WAIT_SECONDS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store if store is not None else recovery_store()
        self._debounce = debounce
        self._max_wait = max_wait
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        self.autosaver: Autosaver | None = None
        self.document: Document | None = None
        self._slots: tuple[Callable[..., None], ...] = ()
        self.set_document(document)

    def set_document(self, document: Document) -> None:
        """Follow another document (the old one's snapshots are left as they are)."""
        self._disconnect()
        if document.recovery_key is None:
            document.recovery_key = self.store.new_key()
        self.document = document
        self.autosaver = Autosaver(
            document,
            self.store,
            document.recovery_key,
            SnapshotPolicy(self._debounce, self._max_wait),
        )
        # The stack's signals go to plain functions holding only a weak reference: this
        # controller may own the last reference to the document, and the stack signals
        # while it is destroyed, which must not reach a controller half torn down.
        ref = weakref.ref(self)

        def changed(*_args: object) -> None:
            controller = ref()
            if controller is not None:
                controller._on_changed()

        def clean_changed(clean: bool) -> None:
            controller = ref()
            if controller is not None:
                controller._on_clean_changed(clean)

        def destroyed(*_args: object) -> None:
            controller = ref()
            if controller is not None:
                controller._on_stack_destroyed()

        stack = document.undo_stack
        self._slots = (changed, clean_changed, destroyed)
        stack.indexChanged.connect(changed)
        stack.cleanChanged.connect(clean_changed)
        stack.destroyed.connect(destroyed)
        if document.is_dirty:  # e.g. a recovered map: keep it safe from the start
            self._on_changed()

    def _stack_alive(self) -> bool:
        return self.document is not None and shiboken6.isValid(self.document.undo_stack)

    def _on_stack_destroyed(self, *_args: object) -> None:
        # A stack being destroyed empties itself and signals that; nothing to save then.
        self._timer.stop()
        self.document = None
        self.autosaver = None

    def _disconnect(self) -> None:
        self._timer.stop()
        if self._stack_alive():
            assert self.document is not None
            stack = self.document.undo_stack
            signals = (stack.indexChanged, stack.cleanChanged, stack.destroyed)
            for signal, slot in zip(signals, self._slots, strict=False):
                with contextlib.suppress(RuntimeError, TypeError):  # already gone
                    signal.disconnect(slot)
        self._slots = ()
        self.document = None
        self.autosaver = None

    @property
    def doc_key(self) -> str | None:
        return self.autosaver.doc_key if self.autosaver else None

    def _schedule(self, delay: float | None) -> None:
        if delay is None:
            self._timer.stop()
        else:
            self._timer.start(max(0, int(delay * 1000)))

    def _on_changed(self, *_args: object) -> None:
        if self.autosaver is not None and self._stack_alive():
            try:
                self._schedule(self.autosaver.edited())
            except RuntimeError:  # pragma: no cover - the stack went away meanwhile
                self._on_stack_destroyed()

    def _on_clean_changed(self, clean: bool) -> None:
        if clean and self.autosaver is not None and self._stack_alive():
            self._timer.stop()
            self.autosaver.saved()

    def _on_timeout(self) -> None:
        if self.autosaver is None or not self._stack_alive():
            return
        before = self.autosaver.snapshots_written
        self._schedule(self.autosaver.poll())
        self._report(before)

    def _report(self, before: int) -> None:
        assert self.autosaver is not None
        if self.autosaver.snapshots_written > before:
            self.snapshotWritten.emit()
        elif self.autosaver.last_error:
            self.snapshotFailed.emit(self.autosaver.last_error)

    def flush(self) -> None:
        """Write a pending snapshot now (before quitting or a risky step)."""
        if self.autosaver is not None:
            self._timer.stop()
            before = self.autosaver.snapshots_written
            self.autosaver.flush()
            self._report(before)

    def discard(self) -> None:
        """The user threw the changes away: drop the snapshots."""
        self._timer.stop()
        if self.autosaver is not None:
            self.autosaver.discard()

    def detach(self) -> None:
        """Stop following the document; its snapshots stay (they are for a crash)."""
        self._disconnect()


class _WindowWatch(QObject):
    """Follows a main window: its replaced documents and its closing."""

    def __init__(self, window: QWidget, controller: AutosaveController) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self._closing = False
        window.installEventFilter(self)
        changed = getattr(window, "documentChanged", None)
        if changed is not None:
            changed.connect(self._document_changed)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._about_to_quit)

    def _document_changed(self, document: Document) -> None:
        # The window dropped its old document only after Save / Discard / Cancel (or it
        # was clean): a still-dirty old document was discarded by the user.
        old = self.controller.document
        if old is not None and old is not document and old.is_dirty:
            self.controller.discard()
        self.controller.set_document(document)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            kind = event.type()
            if kind == QEvent.Type.Close:
                self._closing = True
                QTimer.singleShot(0, self._close_settled)
            elif kind == QEvent.Type.Hide and self._closing:
                # The close was accepted (a refused close does not hide the window):
                # the map was saved, was clean, or the user chose Discard.
                self._closing = False
                document = self.controller.document
                if document is not None and document.is_dirty:
                    self.controller.discard()
                self.controller.detach()
        return False

    def _close_settled(self) -> None:
        self._closing = False

    def _about_to_quit(self) -> None:
        if self.controller.document is not None:
            self.controller.flush()


def attach(
    target: QWidget | Document,
    store: RecoveryStore | None = None,
    debounce: float = DEBOUNCE_SECONDS,
    max_wait: float = MAX_WAIT_SECONDS,
) -> AutosaveController:
    """Autosave a window's document (following replaced documents) or a bare document."""
    if isinstance(target, Document):
        return AutosaveController(target, store, debounce, max_wait)
    document = target.document  # type: ignore[attr-defined]
    controller = AutosaveController(document, store, debounce, max_wait, parent=target)
    controller._watch = _WindowWatch(target, controller)  # type: ignore[attr-defined]
    return controller


# ------------------------------------------------------------------ recovery
def open_recovered(entry: RecoveryEntry, store: RecoveryStore | None = None) -> Document:
    """A recovered map as a dirty document without a path (so Save asks where to).

    The snapshots stay, now owned by this instance, until the map is saved or discarded.
    Raises ``SvxLoadError`` if no snapshot can be read.
    """
    store = store if store is not None else recovery_store()
    vmap = store.load(entry)
    doc = Document(vmap)
    doc.recovery_key = store.adopt(entry)
    doc.undo_stack.resetClean()  # dirty: nothing of it is saved yet
    where = f" of {entry.source_path}" if entry.source_path else ""
    doc.load_warnings = [f"Recovered from an unsaved session{where}, saved {entry.saved_at_text}."]
    return doc


class RecoveryDialog(QDialog):
    """Lists what can be recovered; each row has a check box (all checked at first).

    Results: ``Accepted`` = recover the checked rows, ``DISCARD`` = discard them,
    ``Rejected`` = decide later (the snapshots stay).
    """

    DISCARD = 2

    def __init__(self, entries: Sequence[RecoveryEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries = list(entries)
        self.setWindowTitle("Recover Unsaved Maps")
        layout = QVBoxLayout(self)
        intro = plain_label(
            text="SVX did not close normally. These maps had changes that were not saved. "
            "A recovered map opens as a new, unsaved map next to its file.",
            wrap=True,
        )
        layout.addWidget(intro)
        self.table = QTableWidget(len(self.entries), 4, self)
        self.table.setHorizontalHeaderLabels(["Map", "Folder", "Last snapshot", "Changes"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        for row, e in enumerate(self.entries):
            name = QTableWidgetItem(e.display_name)
            name.setFlags(name.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Checked)
            folder = str(e.source_path.parent) if e.source_path else "never saved"
            change = e.problem or (str(e.change) if e.change else "")
            for col, item in enumerate(
                (name, QTableWidgetItem(folder), QTableWidgetItem(e.saved_at_text))
            ):
                self.table.setItem(row, col, item)
            self.table.setItem(row, 3, QTableWidgetItem(change))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(self)
        self.recover_button = buttons.addButton(
            "Recover Checked", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.discard_button = QPushButton("Discard Checked")
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.later_button = buttons.addButton(
            "Decide Later", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.recover_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.discard_button.clicked.connect(lambda: self.done(self.DISCARD))
        layout.addWidget(buttons)
        self.resize(720, 160 + 30 * min(len(self.entries), 10))

    def set_checked(self, rows: Sequence[int]) -> None:
        for row in range(self.table.rowCount()):
            state = Qt.CheckState.Checked if row in rows else Qt.CheckState.Unchecked
            item = self.table.item(row, 0)
            if item is not None:
                item.setCheckState(state)

    def checked(self) -> list[RecoveryEntry]:
        out = []
        for row, entry in enumerate(self.entries):
            item = self.table.item(row, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                out.append(entry)
        return out


def offer_recovery(
    parent: QWidget | None = None, store: RecoveryStore | None = None
) -> list[Document]:
    """At start-up: ask what to recover; returns the recovered documents to open.

    Nothing is shown when there is nothing to recover. Unreadable entries that the user
    chose to recover are reported and kept (they can be discarded next time).
    """
    store = store if store is not None else recovery_store()
    entries = store.list_recoverable()
    if not entries:
        return []
    dialog = RecoveryDialog(entries, parent)
    result = dialogs.run_modal(dialog)
    chosen = dialog.checked()
    dialog.deleteLater()
    if result == RecoveryDialog.DISCARD:
        for entry in chosen:
            store.discard(entry.doc_key)
        return []
    if result != QDialog.DialogCode.Accepted:
        return []
    documents = []
    problems = []
    for entry in chosen:
        try:
            documents.append(open_recovered(entry, store))
        except SvxLoadError as e:
            problems.append(str(e))
    if problems:
        dialogs.show_error(parent, "Some maps could not be recovered.", "\n".join(problems))
    return documents


# ------------------------------------------------------------------- backups
class BackupDialog(QDialog):
    """Pick one of the kept versions of a file (File ▸ Revert to Backup)."""

    def __init__(self, backups: Sequence[Backup], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backups = list(backups)
        self.setWindowTitle("Revert to Backup")
        layout = QVBoxLayout(self)
        name = self.backups[0].source.name if self.backups else ""
        label = plain_label(text=f"Earlier saved versions of {name}, newest first:")
        layout.addWidget(label)
        self.table = QTableWidget(len(self.backups), 2, self)
        self.table.setHorizontalHeaderLabels(["Replaced by a save at", "Size"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        for row, b in enumerate(self.backups):
            self.table.setItem(row, 0, QTableWidgetItem(b.saved_at_text))
            self.table.setItem(row, 1, QTableWidgetItem(f"{b.size_bytes:,} bytes"))
        if self.backups:
            self.table.selectRow(0)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def selected(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None


def ask_backup(
    parent: QWidget | None, path: str | os.PathLike[str], store: BackupStore | None = None
) -> Backup | None:
    """Let the user pick a backup of ``path``; None if there is none or they cancel."""
    store = store if store is not None else backup_store()
    backups = store.list_backups(path)
    if not backups:
        dialogs.show_info(parent, f"There are no backups of {Path(path).name} yet.")
        return None
    dialog = BackupDialog(backups, parent)
    result = dialogs.run_modal(dialog)
    chosen = dialog.selected()
    dialog.deleteLater()
    return chosen if result == QDialog.DialogCode.Accepted else None


def document_from_backup(backup: Backup) -> Document:
    """The backup as a dirty document of the original file: Save puts it back.

    Raises ``SvxLoadError`` if the backup cannot be read.
    """
    result = BackupStore.load_backup(backup)
    doc = Document(result.map, backup.source)
    try:
        doc.disk_hash = hashlib.sha256(backup.source.read_bytes()).hexdigest()
    except OSError:
        doc.disk_hash = None
    doc.load_warnings = [
        *result.warnings,
        f"Reverted to the version replaced at {backup.saved_at_text}.",
    ]
    doc.undo_stack.resetClean()
    return doc


# ---------------------------------------------------------- external changes
class ExternalChoice(enum.Enum):
    RELOAD = "reload"
    SAVE_AS = "save_as"
    OVERWRITE = "overwrite"
    CANCEL = "cancel"


def ask_external_change(parent: QWidget | None, name: str) -> ExternalChoice:
    """The file changed on disk since it was opened or saved: what now?"""
    buttons = QMessageBox.StandardButton
    return dialogs.choose(
        parent,
        "File Changed on Disk",
        f"“{name}” was changed by another program since you opened or saved it.",
        "Reload it (your unsaved changes are lost), keep your version under another name, "
        "or overwrite the other program's changes.",
        [
            (buttons.Save, "Keep Mine (Save As…)", ExternalChoice.SAVE_AS),
            (buttons.Discard, "Reload", ExternalChoice.RELOAD),
            (buttons.Ignore, "Overwrite", ExternalChoice.OVERWRITE),
            (buttons.Cancel, "Cancel", ExternalChoice.CANCEL),
        ],
    )
