"""The lock beside an open map: who has it, on which machine, since when (no Qt).

While a map is open for editing, a small JSON file ``.~lock.<name>#`` sits beside it (the
office suites' convention, so sync tools and ignore lists already know the pattern). It
records the user, the machine, the process id and the time the map was opened. A second
opener — another SVX process, or a colleague on a shared folder — finds it and is told
who has the map. A lock left by a crashed SVX on *this* machine (its process is gone) is
recognised as stale and taken over; a lock from another machine is always respected, as
its process cannot be checked from here. The lock sits beside the file a symbolic link
points to, so two paths to one map share one lock.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from svx_desktop.fileformat.save import (
    describe_os_error,
    is_read_only_file,
    process_alive,
    resolve_link,
)

APP = "svx-desktop"
#: A lock file that cannot be read as JSON is taken to be still being written this long.
UNREADABLE_GRACE_SECONDS = 10.0


def lock_path_for(map_path: str | os.PathLike[str]) -> Path:
    """The lock file of the map at ``map_path`` (beside the file its links lead to)."""
    target = resolve_link(Path(map_path).absolute())
    return target.with_name(f".~lock.{target.name}#")


def _user() -> str:
    import getpass  # these imports wait for the first file: start-up does not need them

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # pragma: no cover - no login name at all
        return "someone"


def _host() -> str:
    import socket

    return socket.gethostname() or "this computer"


@dataclass(frozen=True)
class LockOwner:
    """Who holds a map open, as the lock file says."""

    user: str
    host: str
    pid: int
    #: When the map was opened, ISO 8601 in local time, to the second.
    since: str
    app: str = APP

    @classmethod
    def here(cls) -> LockOwner:
        """This process, now."""
        since = time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime())
        return cls(_user(), _host(), os.getpid(), since)

    @classmethod
    def from_json(cls, raw: Any) -> LockOwner | None:
        if not isinstance(raw, dict):
            return None
        pid = raw.get("pid")
        texts = [raw.get(k) for k in ("user", "host", "since")]
        if (
            not isinstance(pid, int)
            or isinstance(pid, bool)
            or not all(isinstance(t, str) for t in texts)
        ):
            return None
        app = raw.get("app")
        return cls(
            str(texts[0])[:200],
            str(texts[1])[:200],
            pid,
            str(texts[2])[:40],
            app[:40] if isinstance(app, str) else "",
        )

    def to_json(self) -> bytes:
        data = {
            "app": self.app,
            "user": self.user,
            "host": self.host,
            "pid": self.pid,
            "since": self.since,
        }
        import json

        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    @property
    def on_this_machine(self) -> bool:
        return self.host == _host()

    @property
    def is_this_process(self) -> bool:
        return self.on_this_machine and self.pid == os.getpid()

    @property
    def is_stale(self) -> bool:
        """True if the holder was on this machine and its process is gone."""
        return self.on_this_machine and not process_alive(self.pid)

    def describe(self) -> str:
        """“ann on laptop-3 since 2026-12-01 15:04”: plain text for a message."""
        when = self.since[:16].replace("T", " ")
        who = "another window of this SVX" if self.is_this_process else self.user
        where = "this computer" if self.on_this_machine else self.host
        return f"{who} on {where} since {when}"


class MapLockedError(Exception):
    """The map is open for editing elsewhere; ``owner`` says by whom (None: unreadable)."""

    def __init__(self, map_path: Path, owner: LockOwner | None) -> None:
        self.map_path = map_path
        self.owner = owner
        who = owner.describe() if owner is not None else "another program"
        super().__init__(f"{map_path}: the map is open for editing by {who}")


def read_owner(map_path: str | os.PathLike[str]) -> LockOwner | None:
    """The owner recorded in the lock beside ``map_path``, or None if there is none."""
    import json

    try:
        raw = lock_path_for(map_path).read_bytes()[:4096]
        return LockOwner.from_json(json.loads(raw))
    except (OSError, ValueError, RecursionError):
        return None


def _lock_age(lock_file: Path) -> float:
    try:
        return time.time() - lock_file.stat().st_mtime
    except OSError:
        return 0.0


class MapLock:
    """A held lock on one map; ``release()`` (or closing the map) removes it."""

    def __init__(self, map_path: Path, lock_file: Path, owner: LockOwner) -> None:
        self.map_path = map_path
        self.lock_file = lock_file
        self.owner = owner
        self.released = False

    @classmethod
    def acquire(cls, map_path: str | os.PathLike[str]) -> MapLock:
        """Mark ``map_path`` as open here.

        Raises ``MapLockedError`` if a live owner holds it (a stale lock from a crashed
        SVX on this machine is taken over) and ``OSError`` if no lock file can be made
        there (a read-only folder, for one).
        """
        target = resolve_link(Path(map_path).absolute())
        lock_file = lock_path_for(target)
        owner = LockOwner.here()
        for _attempt in range(3):
            try:
                fd = os.open(lock_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                holder = read_owner(target)
                if holder is None:
                    if _lock_age(lock_file) < UNREADABLE_GRACE_SECONDS:
                        raise MapLockedError(target, None) from None
                elif not holder.is_stale:
                    raise MapLockedError(target, holder) from None
                with contextlib.suppress(FileNotFoundError):
                    lock_file.unlink()  # stale: its SVX crashed; take it over
                continue
            try:
                os.write(fd, owner.to_json())
            finally:
                os.close(fd)
            return cls(target, lock_file, owner)
        raise OSError(errno.EAGAIN, f"cannot take the lock {lock_file}")  # pragma: no cover

    def still_ours(self) -> bool:
        """True while the lock file on disk still names this process."""
        holder = read_owner(self.map_path)
        return not self.released and holder is not None and holder == self.owner

    def release(self) -> None:
        """Remove the lock file, if it is still ours. Safe to call twice."""
        if self.released:
            return
        if self.still_ours():
            with contextlib.suppress(OSError):
                self.lock_file.unlink()
        self.released = True


def held_elsewhere(map_path: str | os.PathLike[str]) -> LockOwner | None:
    """The live owner of the lock beside ``map_path`` if it is not this process."""
    owner = read_owner(map_path)
    if owner is None or owner.is_stale or owner.is_this_process:
        return None
    return owner


def why_read_only(map_path: str | os.PathLike[str]) -> str | None:
    """Why the map at ``map_path`` cannot be saved in place, or None if nothing says so.

    A file without write permission, or a folder that refuses new files (a save writes a
    temporary file there first). Other obstacles show up when the lock is taken.
    """
    try:
        target = resolve_link(Path(map_path).absolute())
    except OSError as e:
        return f"the path cannot be followed ({describe_os_error(e)})"
    if is_read_only_file(target):
        return "you have no permission to change this file"
    if not os.access(target.parent, os.W_OK):
        return "its folder does not let you save files there"
    return None


def lock_failure_reason(error: OSError) -> str:
    """Why a lock could not be made, as a read-only reason for the user."""
    return f"SVX cannot write in its folder ({describe_os_error(error)})"
