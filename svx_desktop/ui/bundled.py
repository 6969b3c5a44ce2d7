"""Files shipped inside the app (templates, examples) are never saved over.

A map opened straight from the installed ``svx_desktop.resources`` package (File ▸ Open
on a bundled example, a template dropped on the window, ``svx-desktop`` given such a
path) opens as an *Untitled* copy: it has no file, so Save asks where to put it, and
Open Recent does not list the shipped file.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from svx_desktop.editing import Document


def resources_root() -> Path | None:
    """The installed resources folder, or None if it is not on the file system."""
    try:
        root = Path(str(resources.files("svx_desktop.resources")))
    except (ModuleNotFoundError, TypeError):
        return None
    return root if root.is_dir() else None


def is_bundled(path: str | os.PathLike[str]) -> bool:
    """True for a file inside the installed resources package."""
    root = resources_root()
    if root is None:
        return False
    try:
        return Path(path).resolve().is_relative_to(root.resolve())
    except OSError:
        return False


def untie_bundled(document: Document) -> Document:
    """Make a document opened from a bundled file an Untitled copy (no path, no disk
    hash); other documents are returned unchanged."""
    if document.path is not None and is_bundled(document.path):
        document.path = None
        document.disk_hash = None
        document.read_only = False
    return document


__all__ = ["is_bundled", "resources_root", "untie_bundled"]
