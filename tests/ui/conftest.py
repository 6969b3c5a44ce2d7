"""Fixtures for main-window tests: answered dialogs, clean settings, tidy windows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from svx_desktop.editing import Document
from svx_desktop.ui import dialogs
from svx_desktop.ui.settings import settings


@dataclass
class Shown:
    """A dialog the app put up: its kind and texts."""

    kind: str
    text: str
    informative: str = ""
    details: str = ""

    @property
    def all_text(self) -> str:
        return "\n".join((self.text, self.informative, self.details))


@dataclass
class DialogAnswers:
    """Answers dialogs in order; an unexpected question fails the test.

    Queue ``QMessageBox.StandardButton`` values for message boxes and paths (or ``None``
    for Cancel) for file dialogs. A message box with only an OK button needs no answer.
    """

    queue: list[object] = field(default_factory=list)
    shown: list[Shown] = field(default_factory=list)

    def answer(self, *answers: object) -> None:
        self.queue.extend(answers)

    def texts(self) -> list[str]:
        return [s.all_text for s in self.shown]

    def __call__(self, dialog: QDialog) -> int:
        if isinstance(dialog, QMessageBox):
            self.shown.append(
                Shown("message", dialog.text(), dialog.informativeText(), dialog.detailedText())
            )
            buttons = dialog.standardButtons()
            if buttons == QMessageBox.StandardButton.Ok:
                return int(QMessageBox.StandardButton.Ok.value)
            assert self.queue, f"unexpected question: {dialog.text()!r}"
            answer = self.queue.pop(0)
            assert isinstance(answer, QMessageBox.StandardButton), answer
            return int(answer.value)
        if isinstance(dialog, QFileDialog):
            self.shown.append(Shown("file", dialog.windowTitle()))
            assert self.queue, f"unexpected file dialog: {dialog.windowTitle()!r}"
            path = self.queue.pop(0)
            if path is None:
                return int(QDialog.DialogCode.Rejected.value)
            dialog.selectFile(str(path))
            return int(QDialog.DialogCode.Accepted.value)
        self.shown.append(Shown("dialog", dialog.windowTitle()))
        return int(QDialog.DialogCode.Accepted.value)


@pytest.fixture
def answers() -> Iterator[DialogAnswers]:
    responder = DialogAnswers()
    dialogs.set_responder(responder)
    yield responder
    dialogs.set_responder(None)
    assert not responder.queue, f"answers never asked for: {responder.queue}"


@pytest.fixture(autouse=True)
def private_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Backups and recovery snapshots go to the test's own folder, never the user's."""
    from svx_desktop.storage.backups import BackupStore
    from svx_desktop.storage.recovery import DATA_DIR_ENV, RecoveryStore
    from svx_desktop.ui import autosave

    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "svx-data"))
    recovery = RecoveryStore(tmp_path / "svx-data" / "recovery")
    autosave.set_stores(recovery, BackupStore(tmp_path / "svx-data" / "backups"))
    yield
    autosave.set_stores(None, None)
    recovery.close()


@pytest.fixture(autouse=True)
def clean_settings() -> Iterator[None]:
    """Every test starts with empty settings, and never the user's own."""
    assert QStandardPaths.isTestModeEnabled(), "tests must not touch the user's settings"
    settings().clear()
    yield
    settings().clear()


@pytest.fixture
def make_window(qtbot: object, answers: DialogAnswers) -> Iterator[Callable[..., object]]:
    """Build shown main windows; at the end every window still open is closed unasked."""
    from svx_desktop.ui import mainwindow

    def make(document: Document | None = None, show: bool = True) -> mainwindow.MainWindow:
        window = mainwindow.MainWindow(document)
        if show:
            window.show()
            qtbot.waitExposed(window)  # type: ignore[attr-defined]
            window.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # type: ignore[attr-defined]
        return window

    yield make
    for window in mainwindow.windows():
        window.document.undo_stack.setClean()
        window.close()
    mainwindow._windows.clear()


@pytest.fixture
def bank_path(tmp_path: Path) -> Path:
    """A copy of the bundled bank example (the shipped file itself opens as Untitled)."""
    import shutil
    from importlib import resources

    shipped = Path(str(resources.files("svx_desktop.resources").joinpath("examples", "bank.svx")))
    copy = tmp_path / "bank.svx"
    shutil.copyfile(shipped, copy)
    return copy
