"""One SVX per user: files from a second start or from Finder open in the running one.

In-process tests cover which window a file handed from outside lands in (``open_in_app``),
the ``QFileOpenEvent`` macOS sends, and a stale socket left by a crash. The subprocess test
starts two real apps at the same instant on a private socket name and checks that exactly
one becomes the server, that the other's file opens there, and that after a kill -9 the
next start cleans up and takes over.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDir
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from svx_desktop.ui import instance, mainwindow

SUBPROCESS_TIMEOUT = 90
APP = "import sys\nfrom svx_desktop.app import main\nsys.exit(main(sys.argv))\n"


def _open_count(path: Path) -> int:
    return sum(1 for w in mainwindow.windows() if w.document.path == path.resolve())


def test_a_file_already_open_comes_forward_instead_of_a_second_copy(make_window, bank_path):
    first = make_window()
    assert first.open_path(bank_path)
    other = make_window()
    link = bank_path.parent / "link-to-bank.svx"
    link.symlink_to(bank_path)
    assert mainwindow.window_for(link) is first  # compared resolved
    assert instance.open_in_app(link) is first
    assert instance.open_in_app(str(bank_path)) is first
    assert other.open_path(bank_path)  # File ▸ Open and Open Recent take the same path
    assert other.document.path is None
    assert _open_count(bank_path) == 1
    assert len(mainwindow.windows()) == 2


def test_a_handed_file_takes_the_blank_window_else_a_new_one(make_window, bank_path, tmp_path):
    blank = make_window()
    assert instance.open_in_app(bank_path) is blank
    retail = tmp_path / "retail.svx"
    shutil.copyfile(bank_path, retail)
    window = instance.open_in_app(retail)
    assert window is not None and window is not blank
    assert window.isVisible() and window.document.path == retail.resolve()
    assert len(mainwindow.windows()) == 2


def test_a_request_without_files_opens_a_new_empty_window(make_window, bank_path):
    window = make_window()
    assert window.open_path(bank_path)
    instance.open_request([])
    windows = mainwindow.windows()
    assert len(windows) == 2 and windows[1].is_blank() and windows[1].isVisible()


def _not_blank(window: mainwindow.MainWindow, tmp_path: Path, bank_path: Path) -> None:
    other = tmp_path / "other.svx"
    shutil.copyfile(bank_path, other)
    assert window.open_path(other)
    assert not window.is_blank()


def test_a_file_that_cannot_be_opened_leaves_no_stray_window(
    make_window, answers, tmp_path, bank_path
):
    window = make_window()
    _not_blank(window, tmp_path, bank_path)  # the file would need a window of its own
    bad = tmp_path / "bad.svx"
    bad.write_bytes(b"not a map")
    assert instance.open_in_app(bad) is None
    assert mainwindow.windows() == [window]
    assert "could not be opened" in answers.shown[-1].text


def test_macos_file_open_event_opens_the_file(make_window, bank_path, qtbot, tmp_path):
    app = QApplication.instance()
    window = make_window()
    _not_blank(window, tmp_path, bank_path)
    event_filter = instance.FileOpenFilter(app)
    app.installEventFilter(event_filter)
    try:
        QCoreApplication.postEvent(app, QFileOpenEvent(str(bank_path)))
        qtbot.waitUntil(lambda: _open_count(bank_path) == 1)
        # Finder sends the same file again: its window comes forward, no second copy
        QCoreApplication.postEvent(app, QFileOpenEvent(str(bank_path)))
        QCoreApplication.processEvents()
        qtbot.wait(50)
        assert _open_count(bank_path) == 1
        assert len(mainwindow.windows()) == 2
    finally:
        app.removeEventFilter(event_filter)


def test_requests_round_trip_and_garbage_is_refused():
    line = instance.encode_request(["relative.svx", "/abs/other.svx"])
    assert line.endswith(b"\n")
    assert instance.decode_request(line) == [os.path.abspath("relative.svx"), "/abs/other.svx"]
    for garbage in (b"", b"\xff\n", b"[1, 2]\n", b'{"files": [1]}\n', b'{"files": "x"}\n'):
        assert instance.decode_request(garbage) is None


def test_new_instance_flag_and_environment_switch_it_off(monkeypatch):
    monkeypatch.delenv(instance.OFF_ENV, raising=False)
    assert instance.enabled(["svx-desktop", "map.svx"])
    assert not instance.enabled(["svx-desktop", "--new-instance", "map.svx"])
    monkeypatch.setenv(instance.OFF_ENV, "1")
    assert not instance.enabled(["svx-desktop"])


def test_the_server_name_is_per_user_unless_overridden(monkeypatch, tmp_path):
    monkeypatch.delenv(instance.NAME_ENV, raising=False)
    name = instance.server_name()
    assert os.path.basename(name).startswith("svx-desktop-") and name == instance.server_name()
    monkeypatch.setenv("USER", "someone-else")
    monkeypatch.setenv("LOGNAME", "someone-else")
    assert instance.server_name() != name
    monkeypatch.setenv(instance.NAME_ENV, "private-name")
    assert os.path.basename(instance.server_name()) == "private-name"
    if sys.platform != "win32":  # in the user's own runtime folder when there is one
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
        assert instance.server_name() == str(tmp_path / "private-name")
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "missing"))
        assert instance.server_name() == os.path.join(QDir.tempPath(), "private-name")
        # else in Qt's temporary folder, with TMPDIR and without (then found without QDir)
        monkeypatch.setenv("TMPDIR", str(tmp_path))
        assert instance.server_name() == os.path.join(QDir.tempPath(), "private-name")
        assert instance.server_name() == str(tmp_path / "private-name")
        monkeypatch.delenv("TMPDIR")
        assert instance.server_name() == os.path.join(QDir.tempPath(), "private-name")


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes leave no stale file")
def test_a_stale_socket_of_a_crashed_instance_is_cleaned_up(qapp, monkeypatch):
    name = f"svx-test-{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv(instance.NAME_ENV, name)
    path = instance.server_name()
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(path)  # what a crashed instance leaves: the file, nobody listening
    dead.close()
    assert os.path.exists(path)
    running = instance.claim([], lambda files: None)
    assert running is not None and running.server is not None
    try:
        assert running.server.server.isListening()
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        probe.connect(running.server.server.fullServerName())  # the new server answers there
        probe.close()
    finally:
        running.close()
    assert not os.path.exists(path)


@pytest.mark.skipif(sys.platform == "win32", reason="checks the socket file")
def test_the_first_start_listens_when_told_and_removes_its_socket(qapp, monkeypatch):
    name = f"svx-test-{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv(instance.NAME_ENV, name)
    path = instance.server_name()
    running = instance.claim([], lambda files: None)
    assert running is not None and running.server is None  # not before the first paint
    assert os.path.exists(f"{path}.lock")  # a start meanwhile waits for it
    try:
        assert running.listen()
        assert os.path.exists(path)
        assert not os.path.exists(f"{path}.lock")
    finally:
        running.close()
    assert not os.path.exists(path)


# ------------------------------------------------------------------- subprocesses
def _env(tmp_path: Path, name: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != instance.OFF_ENV}
    (tmp_path / "run").mkdir(mode=0o700)
    env.update(
        XDG_RUNTIME_DIR=str(tmp_path / "run"),
        QT_QPA_PLATFORM="offscreen",
        SVX_INSTANCE_NAME=name,
        SVX_DATA_DIR=str(tmp_path / "data" / "svx"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    return env


def _wait_for(predicate, what: str) -> None:
    deadline = time.monotonic() + SUBPROCESS_TIMEOUT
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="uses kill -9 and a socket file")
def test_two_starts_at_once_make_one_instance_and_a_crash_leaves_no_trap(tmp_path, bank_path):
    name = f"svx-test-{uuid.uuid4().hex[:12]}"
    env = _env(tmp_path, name)
    files = [bank_path, tmp_path / "retail.svx"]
    shutil.copyfile(bank_path, files[1])
    logs = [tmp_path / "a.err", tmp_path / "b.err"]
    procs = []
    for path, log in zip(files, logs, strict=True):
        with open(log, "wb") as err:
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-c", APP, str(path)], env=env, stderr=err, cwd=tmp_path
                )
            )
    try:
        # exactly one hands its file over and exits; the other keeps running as the server
        _wait_for(lambda: any(p.poll() is not None for p in procs), "one start to hand over")
        (client,) = [i for i, p in enumerate(procs) if p.poll() is not None]
        server = 1 - client
        assert procs[client].returncode == 0, logs[client].read_text()
        assert "handed over" in logs[client].read_text()
        assert procs[server].poll() is None, logs[server].read_text()
        opening = f"opening {files[client]} from another start"
        _wait_for(lambda: opening in logs[server].read_text(), "the server to open the file")
        assert "Traceback" not in logs[server].read_text()
        socket_file = tmp_path / "run" / name
        assert socket_file.exists()
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
                p.wait(SUBPROCESS_TIMEOUT)
    assert socket_file.exists()  # the crash left its socket behind

    # The next start finds nobody behind the stale socket, removes it and serves itself.
    env["SVX_EXIT_AFTER_FIRST_PAINT"] = "1"
    done = subprocess.run(
        [sys.executable, "-c", APP, str(files[0])],
        env=env,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "handed over" not in done.stderr
    assert "cannot listen" not in done.stderr
    assert not socket_file.exists()  # a clean exit removes its socket


def test_a_file_given_twice_on_the_command_line_opens_once(make_window, bank_path, tmp_path):
    from svx_desktop.ui.main import _Startup

    retail = tmp_path / "retail.svx"
    shutil.copyfile(bank_path, retail)
    window = make_window()
    files = [str(bank_path), str(retail), str(bank_path)]
    _Startup(window, [], files, exit_when_done=False).open_files()
    assert window.document.path == bank_path.resolve()
    assert _open_count(bank_path) == 1 and _open_count(retail) == 1
    assert len(mainwindow.windows()) == 2  # no blank window for the repeated file
