"""A document: one map, its undo stack and the file it belongs to.

Dirty state is the undo stack's clean index, never a flag set by hand: undoing back to
the saved state makes the document clean again. After opening, the stack is empty and
clean. ``push`` (or ``try_push``, which answers False instead of raising) is how every
edit reaches the map.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoStack

from svx_desktop import fileformat
from svx_desktop.editing.commands import MapCommand
from svx_desktop.fileformat.limits import MAX_FILE_BYTES
from svx_desktop.model import MapMeta, ModelError, Organisation, ValueMap

if TYPE_CHECKING:
    from svx_desktop.editing.backups import BackupStore


def _sha256(data: bytes) -> str:
    import hashlib  # with the first file, not at start-up (it loads OpenSSL, ~2 ms)

    return hashlib.sha256(data).hexdigest()


def now_iso() -> str:
    """The current time as an ISO 8601 string, to the second, in UTC.

    The same text as ``datetime.now(UTC).replace(microsecond=0).isoformat()``, made without
    importing ``datetime`` (a new map needs it before the app's first paint).
    """
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())


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
        #: The recovery store's key for this document's snapshots (set by autosave).
        self.recovery_key: str | None = None

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

    def save(
        self,
        path: str | os.PathLike[str] | None = None,
        backups: BackupStore | None = None,
    ) -> None:
        """Save to ``path`` (or the current path), atomically; then the document is clean.

        With ``backups``, the version on disk is kept there before it is replaced. After
        the write the file is read back and compared byte for byte with what was meant to
        be written; only then is the document marked clean. Never overwrites a file of a
        newer format version, nor the file of a document opened read-only.

        Raises ``SvxSaveError`` (the map stays dirty and unchanged on disk) on failure.
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("the document has no file yet; give a path")
        if self.read_only and self.path is not None and _same_file(target, self.path):
            raise fileformat.SvxSaveError(
                str(target), "cannot save: the file was opened read-only; use Save As"
            )
        newer = _newer_version_on_disk(target)
        if newer is not None:
            raise fileformat.SvxSaveError(
                str(target),
                f"cannot save: the file there was written by a newer SVX (format version "
                f"{newer}); this SVX would write version {fileformat.CURRENT_VERSION} over "
                "it. Save under another name",
            )
        previous_modified = self.map.meta.modified
        self.map.update_meta(modified=now_iso())
        try:
            data = fileformat.dumps(self.map)
            if backups is not None:
                backups.back_up(target, unless_equal=data)
            fileformat.write_bytes_atomic(data, target)
            _check_written(target, data)
        except BaseException:
            self.map.update_meta(modified=previous_modified)
            raise
        self.path = target.resolve()
        self.disk_hash = _sha256(data)
        self.read_only = False
        self.undo_stack.setClean()

    # ---------------------------------------------------------------- editing
    def push(self, command: MapCommand) -> None:
        """Apply a command as one undo step; raises its ``ModelError`` if it failed.

        A refused command changes nothing, is not kept on the stack and leaves the redo
        history alone (it is applied before the push, which then only records it).
        """
        command.apply_before_push()
        self.undo_stack.push(command)

    def try_push(self, command: MapCommand) -> bool:
        """``push``, but a refusal is an answer, not an error: False, the map unchanged.

        Shows nothing itself; a caller that tells the user why reads ``command.error``.
        """
        try:
            self.push(command)
        except ModelError as e:
            command.error = e
            return False
        return True

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
        return _sha256(path.read_bytes())
    except OSError:
        return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b


def _check_written(target: Path, data: bytes) -> None:
    """Read the saved file back; raise ``SvxSaveError`` unless it holds exactly ``data``."""
    try:
        with target.open("rb") as fh:
            back = fh.read(len(data) + 1)
    except OSError as e:
        raise fileformat.SvxSaveError(
            str(target), f"the saved file cannot be read back to check it: {e.strerror or e}"
        ) from None
    if back != data:
        raise fileformat.SvxSaveError(
            str(target), "the saved file does not read back as written; the disk may be failing"
        )


def _newer_version_on_disk(target: Path) -> int | None:
    """The format version of an ``.svx`` file at ``target`` if it is newer than ours."""
    try:
        if not target.is_file() or target.stat().st_size > MAX_FILE_BYTES:
            return None
        import json  # not needed before the first file

        doc = json.loads(target.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(doc, dict) or doc.get("format") != fileformat.FORMAT_NAME:
        return None
    version = doc.get("version")
    newer = (
        isinstance(version, int)
        and not isinstance(version, bool)
        and version > fileformat.CURRENT_VERSION
    )
    return version if newer else None
