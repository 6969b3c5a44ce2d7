"""Start-up to the first painted window: ``svx-desktop`` against a bare PySide6 window.

Each run is a fresh subprocess on the offscreen platform. The app runs with
``SVX_EXIT_AFTER_FIRST_PAINT=1`` (quit once the window has painted and the deferred
start-up steps are done) and ``SVX_STARTUP_TIMES=1``, which prints the wall-clock time of
each start-up event; the baseline, a bare ``QMainWindow`` with a menu and a status bar,
prints its first paint the same way and quits. An event's time is taken from just before
the subprocess is spawned to the event (the turn after the paint, so the frame is
complete); interpreter shutdown is counted for neither. Runs alternate between the two so
machine noise hits both alike; the median of each is compared. Settings, data and byte
code go to a throw-away folder, never the user's or the source tree.

Rows: the first painted window with no file (target ≤ 1.5× the bare window, issue 3);
for information, the same run until the deferred start-up is done (panels, autosave,
recovery check, networkx and the file format's validator imported), the first paint and
the first paint showing the map with the bank example given on the command line, and the
bare cost of starting Python and importing the Qt-free layers.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from benchmarks import Row, row

RUNS = 5
TARGET = 1.5

APP_CODE = (
    "import sys\nfrom svx_desktop.app import main\nsys.exit(main(['svx-desktop', *sys.argv[1:]]))\n"
)

BARE_CODE = """
import sys
import time
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1200, 800)
window.menuBar().addMenu("&File")
window.statusBar().showMessage("ready")


def painted():
    print(f"svx-desktop: startup first-paint {time.time():.6f}", file=sys.stderr, flush=True)
    QCoreApplication.quit()


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, painted)
        return False


watcher = FirstPaint(window)
window.installEventFilter(watcher)
window.show()
sys.exit(app.exec())
"""


def _env(home: str) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["SVX_EXIT_AFTER_FIRST_PAINT"] = "1"
    env["SVX_STARTUP_TIMES"] = "1"
    env["XDG_CONFIG_HOME"] = os.path.join(home, "config")
    env["XDG_DATA_HOME"] = os.path.join(home, "data")
    env["XDG_CACHE_HOME"] = os.path.join(home, "cache")
    env["XDG_STATE_HOME"] = os.path.join(home, "state")
    env["SVX_DATA_DIR"] = os.path.join(home, "svx-data")  # backups and recovery snapshots
    # One SVX per user: each run becomes the running instance on a socket of its own (the
    # real start-up path), never handing over to an SVX the developer has open.
    env.pop("SVX_NO_SINGLE_INSTANCE", None)
    env["SVX_INSTANCE_NAME"] = f"svx-bench-{os.getpid()}-{os.path.basename(home)}"
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    # Byte-code caching as on an installed app (pip writes .pyc files at install): without
    # it every run would compile SVX's own modules from source (~70 ms) while the baseline
    # compiles nothing. The cache goes to the throw-away folder, never the source tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = os.path.join(home, "pycache")
    return env


def _times_ms(args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Milliseconds from spawning ``args`` to each reported start-up event, and to "exit"."""
    start = time.time()
    done = subprocess.run(args, env=env, capture_output=True, timeout=60)
    out = {"exit": (time.time() - start) * 1000.0}
    stderr = done.stderr.decode(errors="replace")
    if done.returncode != 0:
        raise RuntimeError(f"{args[:3]} exited with {done.returncode}: {stderr}")
    for line in stderr.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[:2] == ["svx-desktop:", "startup"]:
            out.setdefault(parts[2], (float(parts[3]) - start) * 1000.0)
    return out


def _event(samples: Iterable[dict[str, float]], event: str) -> list[float]:
    values = [s[event] for s in samples if event in s]
    if not values:
        raise RuntimeError(f"no start-up event {event!r} was reported")
    return values


def _bank_path() -> str:
    ref = resources.files("svx_desktop.resources").joinpath("examples", "bank.svx")
    return str(Path(str(ref)))


def _row(name: str, app_ms: list[float], base_ms: list[float], target: float | None) -> Row:
    return row(
        name,
        statistics.median(app_ms),
        baseline="bare PySide6 QMainWindow",
        baseline_ms=statistics.median(base_ms),
        max_ratio=target,
        note=f"median of {len(app_ms)} subprocess runs" + ("" if target else "; information"),
    )


def run(runs: int = RUNS) -> list[Row]:
    """Measure and return the benchmark rows."""
    with tempfile.TemporaryDirectory(prefix="svx-bench-startup-") as home:
        env = _env(home)
        bare = [sys.executable, "-c", BARE_CODE]
        app = [sys.executable, "-c", APP_CODE]
        app_bank = [*app, _bank_path()]
        layers = [sys.executable, "-c", "import svx_desktop.fileformat, svx_desktop.model"]
        # warm the disk cache and the byte-code cache once, untimed
        for args in (bare, app, app_bank, layers):
            _times_ms(args, env)
        base: list[dict[str, float]] = []
        new: list[dict[str, float]] = []
        bank: list[dict[str, float]] = []
        only_layers: list[dict[str, float]] = []
        for _ in range(runs):
            base.append(_times_ms(bare, env))
            new.append(_times_ms(app, env))
            bank.append(_times_ms(app_bank, env))
            only_layers.append(_times_ms(layers, env))
    base_ms = _event(base, "first-paint")
    return [
        _row(
            "start-up to first painted window (new map)",
            _event(new, "first-paint"),
            base_ms,
            TARGET,
        ),
        _row(
            "start-up until ready (new map; deferred steps done)",
            _event(new, "ready"),
            base_ms,
            None,
        ),
        _row(
            "start-up to first painted window (bank.svx)",
            _event(bank, "first-paint"),
            base_ms,
            None,
        ),
        _row(
            "start-up to first paint with the map shown (bank.svx)",
            _event(bank, "map-shown"),
            base_ms,
            None,
        ),
        _row(
            "python + import of model and fileformat only",
            _event(only_layers, "exit"),
            base_ms,
            None,
        ),
    ]


if __name__ == "__main__":  # pragma: no cover
    for row in run():
        print(row)
