"""Atomic save: the previous file survives any failure.

Write a temporary file in the target's folder, check every ``os.write`` wrote all its
bytes, fsync, rename over the target, fsync the folder. On any failure the temporary file
is removed, the target is untouched, and ``SvxSaveError`` says why in words a user
understands (disk full, permission denied, folder missing, target is a folder). Plain
``os`` calls are used on purpose: Qt's ``QSaveFile`` can report success after a short
write on a full disk (see ARCHITECTURE.md), and this layer has no Qt.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from svx_desktop.fileformat.errors import SvxSaveError
from svx_desktop.fileformat.serialize import dumps
from svx_desktop.model import ValueMap

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file is too large for this disk or for the limits set on this process",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the disk is read-only",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "the target is a folder",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.EIO: "the disk reported an input/output error",
}


def describe_os_error(e: OSError) -> str:
    """A user-facing reason for an OS error."""
    reason = _REASONS.get(e.errno or 0)
    return reason if reason else (e.strerror or str(e))


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some filesystems refuse fsync on folders
        pass
    finally:
        os.close(fd)


def _target_mode(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_bytes_atomic(data: bytes, path: str | os.PathLike[str]) -> None:
    """Replace ``path`` with ``data`` atomically, or raise ``SvxSaveError`` and change nothing."""
    target = Path(path)
    name = str(target)
    if target.is_dir():
        raise SvxSaveError(name, "cannot save: the target is a folder")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.exists():
        raise SvxSaveError(name, f"cannot save: the folder {folder} does not exist")
    mode = _target_mode(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        reason = describe_os_error(e)
        if e.errno == errno.ENOENT and folder.is_dir():
            # e.g. /proc: the folder is there but refuses new files with ENOENT.
            reason = "the folder does not accept new files"
        raise SvxSaveError(name, f"cannot save: {reason}") from None
    tmp = Path(tmp_name)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                if written <= 0:
                    raise OSError(errno.ENOSPC, "short write")
                view = view[written:]
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        if os.path.getsize(tmp) != len(data):
            raise OSError(errno.EIO, "size on disk differs from what was written")
        os.replace(tmp, target)
    except OSError as e:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise SvxSaveError(name, f"cannot save: {describe_os_error(e)}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(folder)


def save(vmap: ValueMap, path: str | os.PathLike[str]) -> bytes:
    """Save a map atomically; returns the bytes written."""
    data = dumps(vmap)
    write_bytes_atomic(data, path)
    return data
