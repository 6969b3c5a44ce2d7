"""Test set-up shared by every layer: headless Qt and no access to user settings."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_configure(config: object) -> None:
    try:
        from PySide6.QtCore import QStandardPaths
    except ImportError:  # pragma: no cover - Qt is a runtime dependency
        return
    QStandardPaths.setTestModeEnabled(True)
