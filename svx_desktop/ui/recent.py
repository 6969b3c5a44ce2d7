"""The Open Recent list: the last ten files opened or saved, shared by every window.

Stored in ``QSettings`` under ``recentFiles`` as absolute paths, newest first.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMenu

from svx_desktop.ui.settings import settings

KEY = "recentFiles"
MAX_RECENT = 10


def recent_files() -> list[str]:
    """The stored list, newest first (entries may name files that no longer exist)."""
    value = settings().value(KEY, [])
    if isinstance(value, str):  # QSettings returns a bare string for a one-item list
        value = [value]
    if not isinstance(value, list):
        return []
    return [str(v) for v in value if isinstance(v, str) and v][:MAX_RECENT]


def _store(paths: list[str]) -> None:
    s = settings()
    s.setValue(KEY, paths[:MAX_RECENT])
    s.sync()


def _key(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def add_recent(path: str | os.PathLike[str]) -> None:
    """Put ``path`` first, dropping an older entry for the same file."""
    p = str(Path(path).resolve())
    paths = [q for q in recent_files() if _key(q) != _key(p)]
    _store([p, *paths])


def remove_recent(path: str | os.PathLike[str]) -> None:
    p = str(path)
    _store([q for q in recent_files() if _key(q) != _key(p)])


def clear_recent() -> None:
    _store([])


def fill_menu(menu: QMenu, open_path: Callable[[str], object]) -> None:
    """Fill an Open Recent menu from the stored list (numbered, full path as tooltip)."""
    menu.clear()
    files = recent_files()
    for i, path in enumerate(files):
        name = Path(path).name.replace("&", "&&")  # a literal "&", not a mnemonic
        action = menu.addAction(f"&{(i + 1) % 10}  {name}")
        action.setToolTip(path)
        action.setStatusTip(path)
        action.triggered.connect(lambda _checked=False, p=path: open_path(p))
    if not files:
        menu.addAction("No recent files").setEnabled(False)
    else:
        menu.addSeparator()
        menu.addAction("Clear List", clear_recent)
