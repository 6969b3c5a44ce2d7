"""Start-up to the first painted window: ``svx-desktop`` against a bare PySide6 window.

Each run is a fresh subprocess on the offscreen platform that quits as soon as its main
window has painted once (``SVX_EXIT_AFTER_FIRST_PAINT=1`` for the app; the baseline does
the same with a bare ``QMainWindow``), timed from spawn to exit. Runs alternate between
the two so machine noise hits both alike; the median of each is compared. Settings go to a
throw-away folder, never the user's.

Rows: start-up with no file (target ≤ 1.5× the bare window, issue 3) and, for information,
with the bank example opened, and the bare cost of starting Python and importing the Qt-free
layers (networkx, pydantic and the .svx schema), which no window can start without.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
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
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1200, 800)
window.menuBar().addMenu("&File")
window.statusBar().showMessage("ready")


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QCoreApplication.quit)
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
    env["XDG_CONFIG_HOME"] = os.path.join(home, "config")
    env["XDG_DATA_HOME"] = os.path.join(home, "data")
    env["XDG_CACHE_HOME"] = os.path.join(home, "cache")
    env["XDG_STATE_HOME"] = os.path.join(home, "state")
    env["SVX_DATA_DIR"] = os.path.join(home, "svx-data")  # backups and recovery snapshots
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def _time_ms(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, timeout=60)
    elapsed = (time.perf_counter() - start) * 1000.0
    if done.returncode != 0:
        raise RuntimeError(
            f"{args[:3]} exited with {done.returncode}: {done.stderr.decode(errors='replace')}"
        )
    return elapsed


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
        # warm the disk cache and the .pyc files once, untimed
        _time_ms(bare, env)
        _time_ms(app, env)
        base_ms: list[float] = []
        app_ms: list[float] = []
        bank_ms: list[float] = []
        layers_ms: list[float] = []
        for _ in range(runs):
            base_ms.append(_time_ms(bare, env))
            app_ms.append(_time_ms(app, env))
            bank_ms.append(_time_ms(app_bank, env))
            layers_ms.append(_time_ms(layers, env))
    return [
        _row("start-up to first painted window (new map)", app_ms, base_ms, TARGET),
        _row("start-up to first painted window (bank.svx)", bank_ms, base_ms, None),
        _row("python + import of model and fileformat only", layers_ms, base_ms, None),
    ]


if __name__ == "__main__":  # pragma: no cover
    for row in run():
        print(row)
