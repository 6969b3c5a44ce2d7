"""Test set-up shared by every layer: headless Qt and no access to user settings."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Every app a test starts runs on its own, never handing its files to another one (or to a
# developer's running SVX); tests of the one-instance behaviour switch it back on.
os.environ.setdefault("SVX_NO_SINGLE_INSTANCE", "1")


def pytest_configure(config: object) -> None:
    try:
        from PySide6.QtCore import QStandardPaths
    except ImportError:  # pragma: no cover - Qt is a runtime dependency
        return
    QStandardPaths.setTestModeEnabled(True)
