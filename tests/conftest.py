"""Test set-up shared by every layer: headless Qt and no access to user settings.

Every test run gets a home folder of its own (removed at the end): Qt's test-mode
settings (``~/.qttest``), the recovery and backup folders and anything a started app
writes land there, so a developer's settings are never touched and two test runs on one
machine (two checkouts, CI beside a developer) never read each other's settings.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Every app a test starts runs on its own, never handing its files to another one (or to a
# developer's running SVX); tests of the one-instance behaviour switch it back on.
os.environ.setdefault("SVX_NO_SINGLE_INSTANCE", "1")

_home = tempfile.mkdtemp(prefix="svx-tests-home-")
atexit.register(shutil.rmtree, _home, True)
os.environ["HOME"] = _home
for _name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ.pop(_name, None)


def pytest_configure(config: object) -> None:
    try:
        from PySide6.QtCore import QStandardPaths
    except ImportError:  # pragma: no cover - Qt is a runtime dependency
        return
    QStandardPaths.setTestModeEnabled(True)
