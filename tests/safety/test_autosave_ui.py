"""The Qt side of autosave and recovery: timers, the recovery dialog, backups, and the
external-change question (offscreen; dialogs answered through ``dialogs.set_responder``)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from svx_desktop import fileformat
from svx_desktop.editing import AddElements, Document
from svx_desktop.model import Stakeholder
from svx_desktop.storage.backups import BackupStore
from svx_desktop.storage.recovery import RecoveryStore
from svx_desktop.ui import autosave, dialogs
from tests.safety.tools import make_map

FAST = {"debounce": 0.05, "max_wait": 0.2}


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[RecoveryStore, BackupStore]]:
    recovery = RecoveryStore(tmp_path / "recovery")
    backups = BackupStore(tmp_path / "backups")
    autosave.set_stores(recovery, backups)
    yield recovery, backups
    autosave.set_stores(None, None)
    dialogs.set_responder(None)
    recovery.close()


def _add(doc: Document, name: str = "S") -> None:
    doc.push(AddElements(doc.map, [Stakeholder(name)]))


def _crash_leftover(root: Path, vmap: object, source: Path | None = None) -> None:
    """Snapshots as a killed instance leaves them (its session lock is gone)."""
    other = RecoveryStore(root)
    other.write_snapshot(other.new_key(), source, fileformat.dumps(vmap))  # type: ignore[arg-type]
    other.close()


def test_snapshot_follows_edits_and_goes_away_on_save(qtbot, stores, tmp_path: Path) -> None:
    recovery, _ = stores
    doc = Document()
    controller = autosave.attach(doc, **FAST)
    written: list[int] = []
    controller.snapshotWritten.connect(lambda: written.append(1))
    _add(doc)
    key = controller.doc_key
    assert key is not None and doc.recovery_key == key
    qtbot.waitUntil(lambda: bool(recovery.snapshots(key)), timeout=5000)
    assert recovery.load(key) == doc.map
    assert written
    doc.save(tmp_path / "m.svx")
    assert recovery.snapshots(key) == []


def test_continuous_editing_still_snapshots(qtbot, stores) -> None:
    recovery, _ = stores
    doc = Document()
    controller = autosave.AutosaveController(doc, debounce=0.1, max_wait=0.3)
    taken_while_editing = []
    for i in range(40):  # an edit every 20 ms keeps postponing the debounce
        _add(doc, f"S{i}")
        qtbot.wait(20)
        taken_while_editing.append(bool(recovery.snapshots(controller.doc_key or "")))
    assert any(taken_while_editing), "no snapshot during 0.8 s of continuous editing"


def test_flush_and_discard(qtbot, stores) -> None:
    recovery, _ = stores
    doc = Document()
    controller = autosave.attach(doc)  # default 2 s / 10 s
    _add(doc)
    controller.flush()
    key = controller.doc_key or ""
    assert recovery.load(key) == doc.map
    controller.discard()
    assert recovery.snapshots(key) == []


def test_failed_snapshot_is_reported(qtbot, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("in the way")
    doc = Document()
    controller = autosave.AutosaveController(doc, RecoveryStore(tmp_path / "file" / "r"))
    failures: list[str] = []
    controller.snapshotFailed.connect(failures.append)
    _add(doc)
    controller.flush()
    assert failures and "cannot" in failures[0]


class FakeWindow(QWidget):
    """What attach() needs of a main window: ``document`` and ``documentChanged``."""

    documentChanged = Signal(object)

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.allow_close = True

    def replace(self, document: Document) -> None:
        self.document = document
        self.documentChanged.emit(document)

    def closeEvent(self, event) -> None:
        event.setAccepted(self.allow_close)


def test_window_follows_replaced_documents_and_discards_on_close(qtbot, stores) -> None:
    recovery, _ = stores
    first = Document()
    window = FakeWindow(first)
    qtbot.addWidget(window)
    window.show()
    controller = autosave.attach(window)
    _add(first)
    controller.flush()
    first_key = first.recovery_key or ""
    assert recovery.snapshots(first_key)

    # The window replaced its dirty document: the user said Discard.
    second = Document()
    window.replace(second)
    assert recovery.snapshots(first_key) == []
    _add(second)
    controller.flush()
    second_key = second.recovery_key or ""
    assert second_key != first_key and recovery.snapshots(second_key)

    window.allow_close = False  # Cancel: the window stays and so do the snapshots
    window.close()
    assert window.isVisible() and recovery.snapshots(second_key)
    qtbot.wait(10)
    window.allow_close = True  # Discard: closed with unsaved changes
    window.close()
    assert not window.isVisible()
    assert recovery.snapshots(second_key) == []


def test_recovery_dialog_recovers_checked_maps_dirty_and_next_to_the_file(
    qtbot, stores, tmp_path: Path
) -> None:
    recovery, _ = stores
    source = tmp_path / "bank.svx"
    saved = Document(make_map(random.Random(1), 3))
    saved.save(source)
    on_disk = source.read_bytes()
    edited = saved.map.copy()
    edited.add_stakeholder(Stakeholder('<img src="/etc/passwd"> new'))
    _crash_leftover(recovery.root, edited, source)
    _crash_leftover(recovery.root, make_map(random.Random(2), 1))

    seen: list[autosave.RecoveryDialog] = []

    def recover_first(dialog: QDialog) -> int:
        assert isinstance(dialog, autosave.RecoveryDialog)
        seen.append(dialog)
        rows = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
        assert sorted(rows) == ["Untitled", "bank.svx"]
        bank = rows.index("bank.svx")
        assert dialog.table.item(bank, 3).text() == "1 added"
        assert dialog.table.item(bank, 1).text() == str(tmp_path.resolve())
        dialog.set_checked([bank])
        return QDialog.DialogCode.Accepted

    dialogs.set_responder(recover_first)
    [doc] = autosave.offer_recovery(None)
    assert seen
    assert doc.map == edited
    assert doc.is_dirty and doc.path is None  # next to the file, never over it
    assert source.read_bytes() == on_disk
    assert "Recovered" in doc.load_warnings[0]
    # Still recoverable by a later instance if this one crashes before saving...
    assert recovery.snapshots(doc.recovery_key or "")
    # ...but no longer offered while we run; the unchecked one still is.
    assert [e.display_name for e in RecoveryStore(recovery.root).list_recoverable()] == ["Untitled"]
    controller = autosave.attach(doc)
    doc.save(tmp_path / "bank (recovered).svx")
    assert recovery.snapshots(doc.recovery_key or "") == []
    controller.detach()


def test_recovery_dialog_discard_and_later(qtbot, stores) -> None:
    recovery, _ = stores
    _crash_leftover(recovery.root, make_map(random.Random(3), 1))
    dialogs.set_responder(lambda d: QDialog.DialogCode.Rejected)
    assert autosave.offer_recovery(None) == []
    assert len(recovery.list_recoverable()) == 1  # decide later: kept
    dialogs.set_responder(lambda d: autosave.RecoveryDialog.DISCARD)
    assert autosave.offer_recovery(None) == []
    assert recovery.list_recoverable() == []
    dialogs.set_responder(lambda d: pytest.fail("nothing to recover: no dialog"))
    assert autosave.offer_recovery(None) == []


def test_unreadable_snapshot_is_reported_not_opened(qtbot, stores) -> None:
    recovery, _ = stores
    other = RecoveryStore(recovery.root)
    other.write_snapshot("broken", None, b"\x00garbage")
    other.close()
    answers: list[str] = []

    def respond(dialog: QDialog) -> int:
        if isinstance(dialog, autosave.RecoveryDialog):
            assert "cannot be recovered" in dialog.table.item(0, 3).text()
            return QDialog.DialogCode.Accepted
        assert isinstance(dialog, QMessageBox)
        answers.append(dialog.text())
        return QMessageBox.StandardButton.Ok

    dialogs.set_responder(respond)
    assert autosave.offer_recovery(None) == []
    assert answers == ["Some maps could not be recovered."]


def test_revert_to_backup(qtbot, stores, tmp_path: Path) -> None:
    _, backups = stores
    path = tmp_path / "bank.svx"
    doc = Document(make_map(random.Random(4), 2))
    doc.save(path, backups=autosave.backup_store())
    first = fileformat.load(path).map
    _add(doc, "later")
    doc.save(backups=autosave.backup_store())

    def pick_newest(dialog: QDialog) -> int:
        assert isinstance(dialog, autosave.BackupDialog)
        assert dialog.table.rowCount() == 1
        return QDialog.DialogCode.Accepted

    dialogs.set_responder(pick_newest)
    backup = autosave.ask_backup(None, path)
    assert backup is not None
    reverted = autosave.document_from_backup(backup)
    assert reverted.map == first
    assert reverted.is_dirty and reverted.path == path.resolve()
    assert not reverted.changed_on_disk()
    reverted.save(backups=backups)  # Save puts the old version back (and keeps the newer)
    assert fileformat.load(path).map.stakeholders == first.stakeholders
    assert len(backups.list_backups(path)) == 2

    dialogs.set_responder(lambda d: QDialog.DialogCode.Rejected)
    assert autosave.ask_backup(None, path) is None
    infos: list[str] = []
    dialogs.set_responder(lambda d: infos.append(d.text()) or QMessageBox.StandardButton.Ok)
    assert autosave.ask_backup(None, tmp_path / "other.svx") is None
    assert infos and "no backups" in infos[0]


@pytest.mark.parametrize(
    ("button", "choice"),
    [
        (QMessageBox.StandardButton.Discard, autosave.ExternalChoice.RELOAD),
        (QMessageBox.StandardButton.Save, autosave.ExternalChoice.SAVE_AS),
        (QMessageBox.StandardButton.Ignore, autosave.ExternalChoice.OVERWRITE),
        (QMessageBox.StandardButton.Cancel, autosave.ExternalChoice.CANCEL),
    ],
)
def test_external_change_question(qtbot, button, choice) -> None:
    texts: list[str] = []

    def respond(box: QDialog) -> int:
        assert isinstance(box, QMessageBox)
        texts.append(box.text())
        assert box.button(button) is not None
        return button

    dialogs.set_responder(respond)
    try:
        assert autosave.ask_external_change(None, "<b>bank</b>.svx") is choice
    finally:
        dialogs.set_responder(None)
    assert "<b>bank</b>.svx" in texts[0]


def test_recovery_dialog_shows_markup_in_names_literally(qtbot, stores, tmp_path: Path) -> None:
    recovery, _ = stores
    source = tmp_path / '<b>bank<b> <img src="x">.svx'
    Document(make_map(random.Random(6), 1)).save(source)
    _crash_leftover(recovery.root, make_map(random.Random(7), 2), source)
    shown: list[str] = []

    def look(dialog: QDialog) -> int:
        assert isinstance(dialog, autosave.RecoveryDialog)
        shown.append(dialog.table.item(0, 0).text())
        return QDialog.DialogCode.Rejected

    dialogs.set_responder(look)
    autosave.offer_recovery(None)
    assert shown == ['<b>bank<b> <img src="x">.svx']
