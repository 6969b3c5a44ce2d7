"""A document: one map, its undo stack and the file it belongs to.

Dirty state is the undo stack's clean index, never a flag set by hand: undoing back to
the saved state makes the document clean again. After opening, the stack is empty and
clean. ``push`` is how every edit reaches the map.
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtGui import QUndoStack

from svx_desktop import fileformat
from svx_desktop.editing.commands import MapCommand
from svx_desktop.model import MapMeta, Organisation, ValueMap


def now_iso() -> str:
    """The current time as an ISO 8601 string, to the second, in UTC."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def new_map(organisation_name: str = "Organisation") -> ValueMap:
    """An empty map with its creation time set."""
    stamp = now_iso()
    return ValueMap(Organisation(name=organisation_name), MapMeta(created=stamp, modified=stamp))


class Document:
    """A map being edited. See the module docstring."""

    def __init__(self, vmap: ValueMap | None = None, path: str | os.PathLike[str] | None = None):
        self.map = vmap if vmap is not None else new_map()
        self.path: Path | None = Path(path) if path is not None else None
        self.undo_stack = QUndoStack()
        self.load_warnings: list[str] = []
        self.read_only = False
        #: SHA-256 of the bytes last read from or written to ``path``.
        self.disk_hash: str | None = None

    # ------------------------------------------------------------------ files
    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Document:
        """Load a file; raises ``SvxLoadError`` with a message for the user."""
        p = Path(path)
        result = fileformat.load(p)
        doc = cls(result.map, p.resolve())
        doc.load_warnings = result.warnings
        doc.disk_hash = _hash_file(p)
        return doc

    def save(self, path: str | os.PathLike[str] | None = None) -> None:
        """Save to ``path`` (or the current path), atomically; then the document is clean.

        Raises ``SvxSaveError`` (the map stays dirty and unchanged on disk) on failure.
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("the document has no file yet; give a path")
        previous_modified = self.map.meta.modified
        self.map.update_meta(modified=now_iso())
        try:
            data = fileformat.save(self.map, target)
        except BaseException:
            self.map.update_meta(modified=previous_modified)
            raise
        self.path = target.resolve()
        self.disk_hash = hashlib.sha256(data).hexdigest()
        self.read_only = False
        self.undo_stack.setClean()

    # ---------------------------------------------------------------- editing
    def push(self, command: MapCommand) -> None:
        """Apply a command as one undo step; raises its ``ModelError`` if it failed.

        A failed command changes nothing and is not kept on the stack.
        """
        self.undo_stack.push(command)
        if command.error is not None:
            raise command.error

    @property
    def is_dirty(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def display_name(self) -> str:
        return self.path.name if self.path is not None else "Untitled"

    def changed_on_disk(self) -> bool:
        """True if the file at ``path`` no longer holds what was last read or written."""
        if self.path is None or self.disk_hash is None:
            return False
        return _hash_file(self.path) != self.disk_hash


def _hash_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
