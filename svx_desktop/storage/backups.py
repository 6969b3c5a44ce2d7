"""Backups: the last saved versions of each file, kept in the user data folder (no Qt).

Before a save replaces an existing file, ``BackupStore.back_up`` copies the bytes on disk
into ``<user data>/backups/<hash of the file's absolute path>/`` and keeps the newest
``keep`` (3) distinct versions. Backups never go beside the file, so sync folders and
version control do not pick them up or bring them back. ``list_backups(path)`` lists them
newest first and ``load_backup`` reads one for File → Revert to Backup.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from svx_desktop import fileformat
from svx_desktop.fileformat import LoadResult, SvxSaveError
from svx_desktop.fileformat.limits import MAX_FILE_BYTES
from svx_desktop.storage.recovery import user_data_dir

log = logging.getLogger(__name__)

KEEP = 3
_SOURCE = "source.txt"
_SUFFIX = ".svx"


@dataclass(frozen=True)
class Backup:
    """One kept version of a file."""

    path: Path
    #: The file it is a version of.
    source: Path
    #: When the version was replaced by a save (seconds since the epoch).
    saved_at: float
    size_bytes: int

    @property
    def saved_at_text(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.saved_at))


def _absolute(path: str | os.PathLike[str]) -> Path:
    return Path(os.path.abspath(Path(path).expanduser()))


class BackupStore:
    """The last ``keep`` saved versions of each file, under ``root``."""

    def __init__(self, root: str | os.PathLike[str] | None = None, keep: int = KEEP) -> None:
        self.root = Path(root) if root is not None else user_data_dir() / "backups"
        if keep < 1:
            raise ValueError("keep at least one backup")
        self.keep = keep
        #: The message of the last backup that could not be made (a save goes on anyway).
        self.last_error: str | None = None

    def folder_for(self, path: str | os.PathLike[str]) -> Path:
        """Where the backups of ``path`` live (keyed by a hash of its absolute path)."""
        digest = hashlib.sha256(str(_absolute(path)).encode("utf-8", "surrogatepass"))
        return self.root / digest.hexdigest()[:32]

    def back_up(self, path: str | os.PathLike[str], unless_equal: bytes | None = None) -> bool:
        """Keep a copy of the file at ``path`` as it is now, before a save replaces it.

        Nothing is kept if there is no file, if it equals ``unless_equal`` (the bytes
        about to be written) or the newest backup. Returns True if a copy was made.
        A backup that fails is logged and remembered in ``last_error``; it never stops
        the save (the save itself is atomic and keeps the old file on failure).
        """
        source = _absolute(path)
        try:
            if not source.is_file() or source.stat().st_size > MAX_FILE_BYTES:
                return False
            data = source.read_bytes()
        except OSError:
            return False
        if unless_equal is not None and data == unless_equal:
            return False
        backups = self.list_backups(source)
        try:
            if backups and backups[0].path.read_bytes() == data:
                return False
        except OSError:
            pass
        folder = self.folder_for(source)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fileformat.write_bytes_atomic(
                str(source).encode("utf-8", "surrogateescape"), folder / _SOURCE
            )
            stamp = time.time_ns()
            target = folder / f"{stamp:020d}{_SUFFIX}"
            while target.exists():  # pragma: no cover - two saves within a nanosecond
                stamp += 1
                target = folder / f"{stamp:020d}{_SUFFIX}"
            fileformat.write_bytes_atomic(data, target)
        except (OSError, SvxSaveError) as e:
            self.last_error = f"no backup of {source.name} was kept: {e}"
            log.warning("%s", self.last_error)
            return False
        self.last_error = None
        self._prune(folder)
        return True

    def _prune(self, folder: Path) -> None:
        for old in self._files(folder)[self.keep :]:
            with contextlib.suppress(OSError):
                old.unlink()

    @staticmethod
    def _files(folder: Path) -> list[Path]:
        try:
            files = [
                p
                for p in folder.iterdir()
                if p.suffix == _SUFFIX and p.stem.isdigit() and p.is_file()
            ]
        except OSError:
            return []
        return sorted(files, key=lambda p: int(p.stem), reverse=True)

    def list_backups(self, path: str | os.PathLike[str]) -> list[Backup]:
        """The kept versions of ``path``, newest first."""
        source = _absolute(path)
        out = []
        for p in self._files(self.folder_for(source)):
            try:
                size = p.stat().st_size
            except OSError:
                continue
            out.append(Backup(p, source, int(p.stem) / 1e9, size))
        return out

    @staticmethod
    def load_backup(backup: Backup) -> LoadResult:
        """Read a backup as a map (raises ``SvxLoadError`` like any file)."""
        return fileformat.load(backup.path)
