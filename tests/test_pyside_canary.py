"""Canary: PySide6 must survive many void calls (6.12.0 on CPython 3.11 does not).

PySide6 6.12.0 corrupts the refcount of ``None`` on every call that returns nothing and
aborts the interpreter after a few thousand (``Fatal Python error: none_dealloc``); see
ARCHITECTURE.md. The calls run in a subprocess so a crash fails this test, not the run.
"""

from __future__ import annotations

import os
import subprocess
import sys

CALLS = 10_000

SCRIPT = f"""
import sys
from PySide6.QtCore import QObject, QPointF

p = QPointF()
o = QObject()
for i in range({CALLS}):
    p.setX(i)
    o.setObjectName("canary")
assert p.x() == {CALLS - 1}
print("ok", sys.getrefcount(None) > 0)
"""


def test_ten_thousand_void_pyside_calls_do_not_crash() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stderr[-2000:]}"
    assert proc.stdout.strip() == "ok True"
