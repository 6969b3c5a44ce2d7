"""A document: one map, its undo stack and the file it belongs to.

Dirty state is the undo stack's clean index, never a flag set by hand: undoing back to
the saved state makes the document clean again. After opening, the stack is empty and
clean. ``push`` (or ``try_push``, which answers False instead of raising) is how every
edit reaches the map; a read-only document refuses every push
(``ReadOnlyDocumentError``), so no view or panel can edit it by mistake.

A document opened for editing in the app holds a ``storage.lock.MapLock`` beside its file
(``keep_locked``); Save As moves the lock to the new file and ``close`` removes it.
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
from svx_desktop.storage.lock import MapLock, MapLockedError, held_elsewhere

if TYPE_CHECKING:
    from svx_desktop.storage.backups import BackupStore


class ReadOnlyDocumentError(ModelError):
    """An edit was pushed to a document opened read-only."""


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
        #: Why the document is read-only, in words for a banner ("" when it is not).
        self.read_only_reason = ""
        #: Hold a lock beside the file while it is open (the app sets this; scripts don't).
        self.keep_locked = False
        self.lock: MapLock | None = None
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

    def set_read_only(self, reason: str) -> None:
        """Open this document read-only, for ``reason`` (shown to the user)."""
        self.read_only = True
        self.read_only_reason = reason
        self.release_lock()

    def release_lock(self) -> None:
        """Remove the lock beside the file, if this document holds one."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def close(self) -> None:
        """The document is closed: let others open its file for editing."""
        self.release_lock()

    def save(
        self,
        path: str | os.PathLike[str] | None = None,
        backups: BackupStore | None = None,
        *,
        replace_read_only: bool = False,
    ) -> None:
        """Save to ``path`` (or the current path), atomically; then the document is clean.

        With ``backups``, the version on disk is kept there before it is replaced. After
        the write the file is read back and compared byte for byte with what was meant to
        be written; only then is the document marked clean. Never overwrites a file of a
        newer format version, nor the file of a document opened read-only, nor a map
        another SVX has open; a file marked read-only only with ``replace_read_only``.

        Raises ``SvxSaveError`` (the map stays dirty and unchanged on disk) on failure;
        ``SvxReadOnlyFileError`` for a read-only file (ask, then save again).
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
        new_lock = self._lock_for(target)
        previous_modified = self.map.meta.modified
        self.map.update_meta(modified=now_iso())
        try:
            data = fileformat.dumps(self.map)
            if backups is not None:
                backups.back_up(target, unless_equal=data)
            written = fileformat.write_bytes_atomic(
                data, target, replace_read_only=replace_read_only
            )
            _check_written(target, data, written)
        except BaseException:
            self.map.update_meta(modified=previous_modified)
            if new_lock is not None and new_lock is not self.lock:
                new_lock.release()
            raise
        if new_lock is not self.lock:
            self.release_lock()
            self.lock = new_lock
        self.path = target.resolve()
        self.disk_hash = _sha256(data)
        self.read_only = False
        self.read_only_reason = ""
        self.undo_stack.setClean()

    def _lock_for(self, target: Path) -> MapLock | None:
        """The lock to hold once ``target`` is saved: ours already, or a new one."""
        if not self.keep_locked:
            return None
        if (
            self.lock is not None
            and not self.lock.released
            and _same_file(target, self.lock.map_path)
        ):
            return self.lock
        try:
            return MapLock.acquire(target)
        except MapLockedError as e:
            who = e.owner.describe() if e.owner is not None else "another program"
            raise fileformat.SvxSaveError(
                str(target),
                f"cannot save: that map is open for editing by {who}. Save under another name",
            ) from None
        except OSError:
            return None  # no lock can be made there; the save says why if it fails too

    # ---------------------------------------------------------------- editing
    def push(self, command: MapCommand) -> None:
        """Apply a command as one undo step; raises its ``ModelError`` if it failed.

        A refused command changes nothing, is not kept on the stack and leaves the redo
        history alone (it is applied before the push, which then only records it). A
        read-only document refuses every command (``ReadOnlyDocumentError``).
        """
        if self.read_only:
            raise ReadOnlyDocumentError(
                f"{self.display_name} is open read-only: {self.read_only_reason or 'no edits'}"
            )
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


def _check_written(target: Path, data: bytes, written: tuple[int, int]) -> None:
    """Read the saved file back; raise ``SvxSaveError`` unless it holds exactly ``data``.

    ``written`` is the identity of the file this save wrote: a different file there now,
    or another map's bytes in ours, means another program saved at the same moment.
    """
    try:
        with target.open("rb") as fh:
            back = fh.read(len(data) + 1)
            now = os.fstat(fh.fileno())
    except OSError as e:
        raise fileformat.SvxSaveError(
            str(target), f"the saved file cannot be read back to check it: {e.strerror or e}"
        ) from None
    if back == data:
        return
    if (now.st_dev, now.st_ino) != written or _looks_like_a_map(back):
        owner = held_elsewhere(target)
        who = f"another program ({owner.describe()})" if owner else "another program"
        raise fileformat.SvxSaveError(
            str(target),
            f"{who} wrote this file while it was being saved, so the file now holds their "
            "version, not yours. Your map is still open with its changes: save it under "
            "another name and compare the two",
        )
    raise fileformat.SvxSaveError(
        str(target), "the saved file does not read back as written; the disk may be failing"
    )


def _looks_like_a_map(data: bytes) -> bool:
    import json  # not needed before the first file

    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        return False
    return isinstance(doc, dict) and doc.get("format") == fileformat.FORMAT_NAME


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
