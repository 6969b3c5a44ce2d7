"""The application around the window: start-up, command line, error hook, docks, limits."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel

from svx_desktop.ui import errors, mainwindow

SUBPROCESS_TIMEOUT = 60


def run_app(
    tmp_path: Path, *args: str, code: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Start ``svx-desktop`` offscreen in a subprocess that quits after its first paint."""
    environ = dict(os.environ)
    environ.update(
        QT_QPA_PLATFORM="offscreen",
        SVX_EXIT_AFTER_FIRST_PAINT="1",
        SVX_DATA_DIR=str(tmp_path / "data" / "svx"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    environ.update(env or {})
    if code is None:
        code = "import sys\nfrom svx_desktop.app import main\nsys.exit(main(sys.argv))\n"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=environ,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
    )


@pytest.mark.slow
def test_app_starts_paints_and_exits(tmp_path, bank_path):
    done = run_app(tmp_path)
    assert done.returncode == 0, done.stderr
    done = run_app(tmp_path, str(bank_path))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_app_survives_a_file_it_cannot_open(tmp_path):
    bad = tmp_path / "bad.svx"
    bad.write_bytes(b"\x89PNG not a map")
    for target, reason in (
        (bad, "not valid"),
        (tmp_path / "missing.svx", "does not exist"),
        (tmp_path, "folder"),
    ):
        done = run_app(tmp_path, str(target))
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        assert f"svx-desktop: cannot open {target}: {target.name}" in done.stderr
        assert reason in done.stderr
        assert f"svx-desktop: dialog: “{target.name}” could not be opened." in done.stderr


@pytest.mark.slow
def test_recovery_is_offered_at_start_up(tmp_path):
    """A map left by a killed instance is offered (the first-paint mode says "later")."""
    from svx_desktop import fileformat
    from svx_desktop.model import Organisation, ValueMap
    from svx_desktop.storage.recovery import RecoveryStore

    data = tmp_path / "svx-data"
    leftover = RecoveryStore(data / "recovery")
    vmap = ValueMap(Organisation(name="Lost in a crash"))
    leftover.write_snapshot(leftover.new_key(), None, fileformat.dumps(vmap))
    leftover.close()
    done = run_app(tmp_path, env={"SVX_DATA_DIR": str(data)})
    assert done.returncode == 0, done.stderr
    assert "svx-desktop: dialog: Recover Unsaved Maps" in done.stderr
    assert RecoveryStore(data / "recovery").list_recoverable()  # "later" keeps it


def test_version_and_help_need_no_display():
    from svx_desktop import __version__
    from svx_desktop.ui.main import run

    assert run(["svx-desktop", "--version"]) == 0
    assert run(["svx-desktop", "--help"]) == 0
    assert __version__


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGXFSZ"), reason="no file-size limits")
def test_a_file_size_limit_gives_a_message_not_a_kill(tmp_path):
    """With RLIMIT_FSIZE exceeded the kernel sends SIGXFSZ; the app must survive it."""
    code = textwrap.dedent(
        """
        import resource, signal, sys
        from PySide6.QtWidgets import QApplication
        from svx_desktop.ui.main import _ignore_file_size_signal
        # CPython already ignores SIGXFSZ; an embedding interpreter (a bundle) may not.
        signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
        _ignore_file_size_signal()
        app = QApplication([])
        from svx_desktop.editing import AddElements
        from svx_desktop.model import Stakeholder
        from svx_desktop.ui import dialogs
        from svx_desktop.ui.mainwindow import MainWindow
        shown = []
        def answer(box):
            shown.append(box.text() + " " + box.informativeText())
            return int(box.StandardButton.Cancel.value)
        dialogs.set_responder(answer)
        window = MainWindow()
        people = [Stakeholder(f"Stakeholder {i} " + "x" * 80) for i in range(400)]
        window.document.push(AddElements(window.document.map, stakeholders=people))
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.RLIM_INFINITY))
        ok = window.save_as(sys.argv[1])
        print("saved" if ok else "refused", window.document.is_dirty)
        print(shown[-1] if shown else "no message")
        """
    )
    target = tmp_path / "big.svx"
    done = run_app(tmp_path, str(target), code=code)
    assert done.returncode == 0, done.stderr
    first, message = done.stdout.splitlines()[:2]
    assert first == "refused True"
    assert message.startswith("The map could not be saved.")
    assert not target.exists()


@pytest.mark.qt_no_exception_capture
def test_an_unexpected_error_shows_a_message_and_keeps_the_map(
    make_window, qtbot, answers, bank_path, capsys
):
    from svx_desktop.ui import autosave

    window = make_window()
    assert window.open_path(bank_path)
    controller = autosave.attach(window)  # as the app does for every window
    window.view.setFocus()
    window.scene.select_ids([window.document.map.stakeholders[0].id])
    window.delete_action.trigger()  # an unsaved change, not yet in a snapshot (2 s debounce)
    key = controller.doc_key
    assert key is not None
    assert autosave.recovery_store().snapshots(key) == []
    before = window.document.map.copy()
    previous = sys.excepthook
    errors.install_excepthook()
    try:

        def broken_slot() -> None:
            raise ValueError("a bug in a gesture")

        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: len(answers.shown) == 1)
    finally:
        sys.excepthook = previous
    shown = answers.shown[0]
    assert shown.text == "Something went wrong."
    assert "ValueError: a bug in a gesture" in shown.informative
    assert "Your map is still open" in shown.informative
    assert "Traceback" in shown.details  # for a bug report, under Details
    assert "a bug in a gesture" in capsys.readouterr().err
    assert window.isVisible()
    assert window.document.map == before
    assert autosave.recovery_store().load(key) == before  # snapshot written at once


def test_docks_get_names_and_their_state_is_remembered(make_window):
    window = make_window()
    dock = window.add_dock(QLabel("hello"), "Test Panel", Qt.DockWidgetArea.LeftDockWidgetArea)
    assert dock.objectName() == "dock-test-panel"
    assert dock.toggleViewAction() in window.view_menu.actions()
    dock.hide()
    assert window.close()
    again = make_window()
    dock2 = again.add_dock(QLabel("hello"), "Test Panel", Qt.DockWidgetArea.LeftDockWidgetArea)
    assert dock2.isHidden()


def test_window_extensions_run_for_every_new_window(make_window):
    seen: list[mainwindow.MainWindow] = []
    mainwindow.window_extensions.append(seen.append)
    try:
        first = make_window()
        first.new_action.trigger()
    finally:
        mainwindow.window_extensions.remove(seen.append)
    assert seen == mainwindow.windows()
    assert len(seen) == 2


def test_first_start_on_a_small_screen_keeps_the_canvas_wide(make_window):
    """The offscreen screen is small: side panels share one tabbed column, bottom ones wait."""
    area = Qt.DockWidgetArea

    def panels(window: mainwindow.MainWindow) -> None:
        window.add_dock(QLabel("a"), "Left Panel", area.LeftDockWidgetArea)
        window.add_dock(QLabel("b"), "Right Panel", area.RightDockWidgetArea)
        window.add_dock(QLabel("c"), "Bottom Panel", area.BottomDockWidgetArea)

    mainwindow.window_extensions.append(panels)
    try:
        window = make_window()
    finally:
        mainwindow.window_extensions.remove(panels)
    assert window.width() < 1500
    docks = {d.objectName(): d for d in window.findChildren(mainwindow.QDockWidget)}
    left, right = docks["dock-left-panel"], docks["dock-right-panel"]
    bottom = docks["dock-bottom-panel"]
    assert window.dockWidgetArea(left) == area.RightDockWidgetArea
    assert right in window.tabifiedDockWidgets(left)
    assert bottom.isHidden()
    assert window.view.width() > window.width() // 2
