"""The PyInstaller bundle (``make bundle``): its size on disk, and its start-up against the venv.

Rows: the size of ``dist/svx`` (target ≤ 150 MB; the ``ms`` column holds megabytes) and
the start-up to the first painted window of the bundled ``svx-desktop`` against
``svx-desktop`` from this environment, in the same run (target ≤ 1.2×). Both start in
fresh offscreen subprocesses with the same throw-away settings and data folders and a
private one-instance socket name (see ``bench_startup``), alternately, ``RUNS`` times;
the medians are compared. Without a bundle the rows say so and pass: build it first.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks import Row, row
from benchmarks.bench_startup import APP_CODE, _env, _event, _times_ms

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "svx"
RUNS = 5
MAX_MB = 150.0
TARGET = 1.2


def bundle_mb(folder: Path = BUNDLE) -> float:
    """Size on disk of every file under ``folder`` in MB (2²⁰ bytes, as ``du -m`` counts;
    blocks where the system reports them, else the file sizes; symlinks not followed)."""
    total = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            st = path.stat()
            blocks = getattr(st, "st_blocks", None)
            total += blocks * 512 if blocks is not None else st.st_size
    return total / 2**20


def _venv_app() -> list[str]:
    script = Path(sys.executable).with_name("svx-desktop")
    return [str(script)] if script.exists() else [sys.executable, "-c", APP_CODE]


def run(runs: int = RUNS) -> list[Row]:
    """Measure and return the benchmark rows."""
    app = BUNDLE / "svx-desktop"
    if not app.exists():
        note = "skipped: no bundle in dist/svx (make bundle)"
        return [
            {"name": "bundle size on disk (MB)", "ms": None, "ok": True, "note": note},
            {"name": "bundle start-up to first painted window", "ms": None, "ok": True,
             "note": note},
        ]  # fmt: skip
    rows = [
        row(
            "bundle size on disk (MB, not ms)",
            bundle_mb(),
            baseline="size limit (MB)",
            baseline_ms=MAX_MB,
            max_ratio=1.0,
            note="dist/svx, svx-desktop and svx sharing one folder",
        )
    ]
    with tempfile.TemporaryDirectory(prefix="svx-bench-bundle-") as home:
        env = _env(home)
        venv, bundled = _venv_app(), [str(app)]
        for args in (venv, bundled):  # warm the disk and byte-code caches, untimed
            _times_ms(args, env)
        venv_runs, bundle_runs = [], []
        for _ in range(runs):
            venv_runs.append(_times_ms(venv, env))
            bundle_runs.append(_times_ms(bundled, env))
    rows.append(
        row(
            "bundle start-up to first painted window (new map)",
            statistics.median(_event(bundle_runs, "first-paint")),
            baseline="svx-desktop from the venv",
            baseline_ms=statistics.median(_event(venv_runs, "first-paint")),
            max_ratio=TARGET,
            note=f"median of {runs} subprocess runs each",
        )
    )
    return rows


if __name__ == "__main__":  # pragma: no cover
    for r in run():
        print(r)
