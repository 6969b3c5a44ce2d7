"""Start-up order: the first window paints first; panels, the command-line file and the
heavy imports follow on the next event-loop turns (``ui.main._Startup``).

Each test starts the real app in a subprocess (offscreen, first-paint exit mode) with a
small wrapper that reports what the window holds at its first paint and once the deferred
steps are done.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

WRAPPER = textwrap.dedent(
    """
    import os
    import sys
    import svx_desktop.ui.main as app_main

    def state(when, window):
        bar = window.statusBar().currentMessage()
        docks = sum(1 for d in window._docks if d.isVisible())
        path = window.document.path.name if window.document.path else "-"
        heavy = ",".join(m for m in ("networkx", "pydantic") if m in sys.modules) or "-"
        print(f"{when}|{bar}|{docks}|{path}|{len(window.document.map.stakeholders)}|{heavy}")

    first_painted = app_main._Startup.first_painted
    next_step = app_main._Startup.next_step

    def on_first_paint(self):
        if not self.started:
            state("paint", self.window)
            if os.environ.get("SEND_FILE_OPEN"):  # as macOS Finder does
                from PySide6.QtCore import QCoreApplication
                from PySide6.QtGui import QFileOpenEvent

                app = QCoreApplication.instance()
                event = QFileOpenEvent(os.environ["SEND_FILE_OPEN"])
                QCoreApplication.postEvent(app, event)
        first_painted(self)

    def on_step(self):
        if not self.steps:
            state("ready", self.window)
        next_step(self)

    app_main._Startup.first_painted = on_first_paint
    app_main._Startup.next_step = on_step
    sys.exit(app_main.run(["svx-desktop", *sys.argv[1:]]))
    """
)


def _start(tmp_path: Path, *args: str, **extra_env: str) -> tuple[dict[str, list[str]], str]:
    environ = dict(os.environ, **extra_env)
    environ.update(
        QT_QPA_PLATFORM="offscreen",
        SVX_EXIT_AFTER_FIRST_PAINT="1",
        SVX_STARTUP_TIMES="1",
        SVX_DATA_DIR=str(tmp_path / "data" / "svx"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, *args],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    states = {}
    for line in done.stdout.splitlines():
        when, *fields = line.split("|")
        states[when] = fields
    return states, done.stderr


def _events(stderr: str) -> list[str]:
    return [
        line.split()[2] for line in stderr.splitlines() if line.startswith("svx-desktop: startup ")
    ]


@pytest.mark.slow
def test_a_new_map_paints_before_panels_and_heavy_imports(tmp_path):
    states, stderr = _start(tmp_path)
    bar, docks, path, stakeholders, heavy = states["paint"]
    assert bar.startswith("Double-click the canvas")  # the empty-map hint
    assert (docks, path, stakeholders) == ("0", "-", "0")
    assert heavy == "-"  # neither networkx nor pydantic before the first paint
    bar, docks, path, stakeholders, heavy = states["ready"]
    assert int(docks) >= 1  # the panels came one turn later
    assert heavy == "networkx,pydantic"  # imported ahead of the first edit and Open
    assert _events(stderr) == ["first-paint", "ready"]


@pytest.mark.slow
def test_a_command_line_file_opens_after_the_first_paint_which_says_so(tmp_path, bank_path):
    states, stderr = _start(tmp_path, str(bank_path))
    bar, docks, path, stakeholders, heavy = states["paint"]
    assert bar == f"Opening {bank_path.name}…"
    assert (docks, stakeholders) == ("0", "0")
    bar, docks, path, stakeholders, heavy = states["ready"]
    assert int(stakeholders) > 0  # the bank example is shown
    assert int(docks) >= 1
    assert _events(stderr) == ["first-paint", "map-shown", "ready"]


@pytest.mark.slow
def test_the_app_opens_a_file_macos_sends_as_a_file_open_event(tmp_path, bank_path):
    # the app's own QApplication handles QFileOpenEvent (no application-wide filter)
    states, stderr = _start(tmp_path, SEND_FILE_OPEN=str(bank_path))
    assert states["paint"][2:4] == ["-", "0"]
    bar, docks, path, stakeholders, heavy = states["ready"]
    assert path == bank_path.name and int(stakeholders) > 0


@pytest.mark.slow
def test_a_command_line_file_that_fails_leaves_the_empty_map_and_its_hint(tmp_path):
    missing = tmp_path / "missing.svx"
    states, stderr = _start(tmp_path, str(missing))
    assert states["paint"][0] == "Opening missing.svx…"
    bar, docks, path, stakeholders, heavy = states["ready"]
    assert bar.startswith("Double-click the canvas")  # "Opening …" does not linger
    assert (path, stakeholders) == ("-", "0")
    assert "svx-desktop: dialog: “missing.svx” could not be opened." in stderr
    assert "map-shown" not in _events(stderr)
