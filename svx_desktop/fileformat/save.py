"""Atomic save: the previous file survives any failure, and no litter is left beside it.

Write a temporary file in the target's folder, check every ``os.write`` wrote all its
bytes, fsync, rename over the target, fsync the folder. On any failure the temporary file
is removed, the target is untouched, and ``SvxSaveError`` says why in words a user
understands (disk full, permission denied, folder missing, target is a folder). Plain
``os`` calls are used on purpose: Qt's ``QSaveFile`` can report success after a short
write on a full disk (see ARCHITECTURE.md), and this layer has no Qt.

A temporary file is named ``.<map name>.<host>-<pid>.<random>.tmp``; a process killed
mid-write leaves it behind, and the next save of that map removes those whose process is
gone (same host, dead pid) or that are a day old. A path that is a symbolic link (even a
dangling one) is saved *through* the link: the target is written, the link stays. A file
marked read-only is not replaced unless the caller says the user agreed
(``SvxReadOnlyFileError`` otherwise).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
import time
from pathlib import Path

from svx_desktop.fileformat.errors import SvxReadOnlyFileError, SvxSaveError
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
    errno.ELOOP: "the path is a loop of symbolic links",
}

#: A temporary file of a save older than this is litter whoever made it (no save takes a day).
STALE_TEMP_SECONDS = 24 * 3600


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


def process_alive(pid: int) -> bool:
    """True if a process ``pid`` runs on this machine (or if that cannot be told)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - os.kill would end the process there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, owned by someone else
        return True
    return True


def host_tag() -> str:
    """A short, file-name-safe tag of this machine's name."""
    import hashlib  # with the first save, not at start-up (socket alone takes ~15 ms)
    import socket

    return hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def _temp_prefix(target: Path) -> str:
    return f".{target.name}.{host_tag()}-{os.getpid()}."


def remove_stale_temp_files(target: Path) -> list[Path]:
    """Remove temporary files of earlier saves of ``target`` that no live process holds.

    Only files of this module's own pattern for this very file name are considered: those
    made on this machine by a process that is gone, and any a day old. Returns the removed.
    """
    pattern = re.compile(
        r"^\." + re.escape(target.name) + r"\.(?:([0-9a-f]{8})-(\d+)\.)?[^.]+\.tmp$"
    )
    folder = target.parent
    removed: list[Path] = []
    here = host_tag()
    try:
        candidates = [p for p in folder.iterdir() if pattern.match(p.name)]
    except OSError:
        return removed
    now = time.time()
    for p in candidates:
        m = pattern.match(p.name)
        assert m is not None
        try:
            info = p.lstat()
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        orphan = m.group(1) == here and not process_alive(int(m.group(2)))
        if orphan or now - info.st_mtime > STALE_TEMP_SECONDS:
            with contextlib.suppress(OSError):
                p.unlink()
                removed.append(p)
    return removed


def resolve_link(path: str | os.PathLike[str]) -> Path:
    """The file that saving to ``path`` writes: the end of its symbolic links, if any.

    A dangling link gives the path it points to (saving creates that file); a loop of
    links raises ``OSError`` (ELOOP).
    """
    p = Path(path)
    if not p.is_symlink():
        return p
    try:
        return Path(os.path.realpath(p, strict=True))
    except FileNotFoundError:
        real = Path(os.path.realpath(p))
        if real.is_symlink():  # the walk stopped on a link: a loop
            raise OSError(errno.ELOOP, "a loop of symbolic links", str(p)) from None
        return real


def is_read_only_file(path: Path) -> bool:
    """True for an existing regular file this process may not write, or whose mode bits
    give write permission to nobody (root may write those, but the owner meant no)."""
    try:
        info = path.stat()
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):
        return False
    writable_bits = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    return not (info.st_mode & writable_bits) or not os.access(path, os.W_OK)


def write_bytes_atomic(
    data: bytes, path: str | os.PathLike[str], *, replace_read_only: bool = False
) -> tuple[int, int]:
    """Replace ``path`` with ``data`` atomically, or raise ``SvxSaveError`` and change nothing.

    A symbolic link is followed (its target is written; the link stays). A read-only file
    raises ``SvxReadOnlyFileError`` unless ``replace_read_only``. Returns the written file's
    identity (device, inode), so a read-back can tell whether another program replaced it.
    """
    name = str(Path(path))
    try:
        target = resolve_link(path)
    except OSError as e:
        raise SvxSaveError(name, f"cannot save: {describe_os_error(e)}") from None
    if not replace_read_only and is_read_only_file(target):
        raise SvxReadOnlyFileError(name)
    if target.is_dir():
        raise SvxSaveError(name, "cannot save: the target is a folder")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.exists():
        raise SvxSaveError(name, f"cannot save: the folder {folder} does not exist")
    mode = _target_mode(target)
    remove_stale_temp_files(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=".tmp", dir=folder)
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
            written_stat = os.fstat(fd)
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
    return (written_stat.st_dev, written_stat.st_ino)


def save(vmap: ValueMap, path: str | os.PathLike[str], *, replace_read_only: bool = False) -> bytes:
    """Save a map atomically; returns the bytes written (see ``write_bytes_atomic``)."""
    data = dumps(vmap)
    write_bytes_atomic(data, path, replace_read_only=replace_read_only)
    return data
