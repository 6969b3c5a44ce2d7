"""Crash recovery: snapshots of unsaved maps, and when to take them (no Qt).

A ``RecoveryStore`` keeps, per open document, the newest snapshot and the one before it
under the user data folder (``platformdirs``; ``SVX_DATA_DIR`` overrides it, tests pass a
folder). Every snapshot is written atomically. Each running SVX holds an OS lock on a
session file, so the snapshots of a *live* instance are never offered as crash leftovers,
while those of a killed one are (the OS drops the lock with the process). Snapshots go away
only when the map is saved or the user discards them.

``SnapshotPolicy`` decides when to snapshot: at most ``debounce`` seconds after the last
edit and at least every ``max_wait`` seconds while edits keep coming. ``Autosaver`` ties a
policy, a store and a document together without Qt; ``svx_desktop.ui.autosave`` drives it
with timers.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from svx_desktop import fileformat
from svx_desktop.fileformat import SvxLoadError, SvxSaveError
from svx_desktop.fileformat.save import describe_os_error
from svx_desktop.model import ValueMap

log = logging.getLogger(__name__)

APP_NAME = "svx-desktop"
#: Environment variable that moves the whole user data folder (tests, portable installs).
DATA_DIR_ENV = "SVX_DATA_DIR"

SNAPSHOT = "snapshot.svx"
PREVIOUS = "snapshot.prev.svx"
INFO = "info.json"
SESSIONS = "sessions"
_KEY = re.compile(r"^[0-9A-Za-z_-]{1,64}$")

DEBOUNCE_SECONDS = 2.0
MAX_WAIT_SECONDS = 10.0


def user_data_dir() -> Path:
    """SVX's user data folder: ``$SVX_DATA_DIR`` or the platform's (platformdirs)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_path(APP_NAME, appauthor=False))


# --------------------------------------------------------------------- session locks
def _try_lock(fh: IO[bytes]) -> bool:
    """Take an exclusive, non-blocking OS lock on ``fh``; False if someone holds it."""
    try:
        if sys.platform == "win32":  # pragma: no cover - not run on Linux CI
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fh: IO[bytes]) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":  # pragma: no cover
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def session_alive(lock_path: Path) -> bool:
    """True while the process that owns ``lock_path`` is running (it holds the lock)."""
    try:
        fh = open(lock_path, "rb")  # noqa: SIM115 - closed below
    except OSError:
        return False
    try:
        if _try_lock(fh):
            _unlock(fh)
            return False
        return True
    finally:
        fh.close()


class _Session:
    """This process's claim on its snapshots: a locked file ``sessions/<id>.lock``."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.id = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self.path = folder / f"{self.id}.lock"
        self._fh: IO[bytes] | None = open(self.path, "wb")  # noqa: SIM115 - held for life
        if not _try_lock(self._fh):  # pragma: no cover - a fresh uuid name is never held
            raise OSError(f"cannot lock {self.path}")
        with contextlib.suppress(OSError):
            os.write(self._fh.fileno(), f"{os.getpid()}\n".encode())

    def close(self) -> None:
        if self._fh is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        _unlock(self._fh)
        self._fh.close()
        self._fh = None


# ---------------------------------------------------------------------- entries
@dataclass(frozen=True)
class ChangeSummary:
    """How far a snapshot is from the file on disk, counted in elements."""

    added: int = 0
    removed: int = 0
    changed: int = 0
    #: True when there is no file to compare with (a never-saved map, or the file is gone).
    new_map: bool = False
    #: Elements in the snapshot (stakeholders, flows, notes, own categories).
    elements: int = 0

    @property
    def total(self) -> int:
        return self.added + self.removed + self.changed

    def __str__(self) -> str:
        if self.new_map:
            return f"unsaved map, {_count(self.elements, 'element')}"
        if not self.total:
            return "no changes to the elements"
        parts = [
            f"{n} {word}" for n, word in ((self.added, "added"), (self.removed, "removed")) if n
        ]
        if self.changed:
            parts.append(f"{self.changed} changed")
        return ", ".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


@dataclass(frozen=True)
class RecoveryEntry:
    """One document that can be recovered, as a recovery dialog lists it."""

    doc_key: str
    #: The file the map came from, or None for a never-saved map.
    source_path: Path | None
    #: When the newest snapshot was written (seconds since the epoch).
    saved_at: float
    #: The newest snapshot file that exists (the previous one if the newest is missing).
    snapshot_path: Path
    #: Size of the snapshot in bytes.
    size_bytes: int
    #: How much differs from the file on disk (None if it could not be worked out).
    change: ChangeSummary | None = None
    #: Why the snapshot cannot be read, if neither snapshot can.
    problem: str | None = None

    @property
    def display_name(self) -> str:
        return self.source_path.name if self.source_path is not None else "Untitled"

    @property
    def saved_at_text(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.saved_at))


def diff_maps(new: ValueMap, old: ValueMap | None) -> ChangeSummary:
    """Count elements added, removed and changed from ``old`` (the file) to ``new``."""

    def elements(m: ValueMap) -> dict[tuple[str, str], Any]:
        out: dict[tuple[str, str], Any] = {}
        out.update({("category", c.id): c for c in m.own_categories})
        out.update({("stakeholder", s.id): s for s in m.stakeholders})
        out.update({("flow", f.id): f for f in m.flows})
        out.update({("note", n.id): n for n in m.notes})
        return out

    mine = elements(new)
    if old is None:
        return ChangeSummary(new_map=True, elements=len(mine))
    theirs = elements(old)
    added = sum(1 for k in mine if k not in theirs)
    removed = sum(1 for k in theirs if k not in mine)
    changed = sum(1 for k, v in mine.items() if k in theirs and theirs[k] != v)
    if new.organisation != old.organisation:
        changed += 1
    meta_new = {**new.meta.__dict__, "modified": ""}
    meta_old = {**old.meta.__dict__, "modified": ""}
    if meta_new != meta_old or new.extra != old.extra:
        changed += 1
    return ChangeSummary(added, removed, changed, False, len(mine))


# ------------------------------------------------------------------------ store
class RecoveryStore:
    """Snapshots of unsaved maps under ``root`` (default: ``<user data>/recovery``)."""

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        self.root = Path(root) if root is not None else user_data_dir() / "recovery"
        self._session: _Session | None = None
        self._info: dict[str, dict[str, Any]] = {}

    # ---------------------------------------------------------------- session
    @property
    def session_id(self) -> str:
        return self._ensure_session().id

    def _ensure_session(self) -> _Session:
        if self._session is None:
            self._session = _Session(self.root / SESSIONS)
        return self._session

    def close(self) -> None:
        """End this process's session (snapshots stay; they are for after a crash)."""
        if self._session is not None:
            self._session.close()
            self._session = None
        self._info.clear()

    @staticmethod
    def new_key() -> str:
        """A fresh document key (one per open document, even for the same file twice)."""
        return uuid.uuid4().hex

    def _folder(self, doc_key: str) -> Path:
        if not _KEY.match(doc_key) or doc_key == SESSIONS:
            raise ValueError(f"not a document key: {doc_key!r}")
        return self.root / doc_key

    # ----------------------------------------------------------------- writing
    def write_snapshot(
        self, doc_key: str, source_path: str | os.PathLike[str] | None, data: bytes
    ) -> Path:
        """Store ``data`` (the bytes of a ``.svx`` file) as the newest snapshot.

        The newest snapshot so far becomes the previous one. Raises ``SvxSaveError`` if
        the snapshot cannot be written; the snapshots already there stay readable.
        """
        folder = self._folder(doc_key)
        try:
            session = self._ensure_session()
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise SvxSaveError(
                str(self.root), f"cannot write recovery snapshots here: {describe_os_error(e)}"
            ) from None
        source = str(Path(source_path).resolve()) if source_path is not None else None
        info = self._info.get(doc_key)
        if info is None or info.get("source") != source or info.get("session") != session.id:
            info = {
                "format": "svx-recovery",
                "version": 1,
                "doc_key": doc_key,
                "source": source,
                "session": session.id,
                "pid": os.getpid(),
            }
            text = json.dumps(info, ensure_ascii=False, indent=1, sort_keys=True)
            fileformat.write_bytes_atomic(text.encode(), folder / INFO)
            self._info[doc_key] = info
        newest = folder / SNAPSHOT
        if newest.exists():
            try:
                os.replace(newest, folder / PREVIOUS)
            except OSError as e:
                raise SvxSaveError(str(newest), f"cannot keep the previous snapshot: {e}") from None
        fileformat.write_bytes_atomic(data, newest)
        return newest

    def discard(self, doc_key: str) -> None:
        """Remove every snapshot of a document (after a save, or when the user says so)."""
        folder = self._folder(doc_key)
        self._info.pop(doc_key, None)
        # Remove the snapshots before the info, so a half-done discard is never listed
        # with the wrong file name.
        for name in (SNAPSHOT, PREVIOUS, INFO):
            with contextlib.suppress(FileNotFoundError):
                (folder / name).unlink()
        shutil.rmtree(folder, ignore_errors=True)

    def adopt(self, entry: RecoveryEntry | str) -> str:
        """Make a crashed session's document this session's (after recovering it).

        Its snapshots stay until the recovered map is saved or discarded; they are no
        longer offered to other instances while this one runs. Returns the document key.
        """
        doc_key = entry if isinstance(entry, str) else entry.doc_key
        folder = self._folder(doc_key)
        session = self._ensure_session()
        info = self._read_info(folder) or {"doc_key": doc_key, "source": None}
        info.update(session=session.id, pid=os.getpid(), format="svx-recovery", version=1)
        text = json.dumps(info, ensure_ascii=False, indent=1, sort_keys=True)
        fileformat.write_bytes_atomic(text.encode(), folder / INFO)
        self._info[doc_key] = info
        return doc_key

    # ----------------------------------------------------------------- reading
    @staticmethod
    def _read_info(folder: Path) -> dict[str, Any] | None:
        try:
            info = json.loads((folder / INFO).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return info if isinstance(info, dict) else None

    def _owner_alive(self, info: dict[str, Any] | None) -> bool:
        session = info.get("session") if info else None
        if not isinstance(session, str) or not _KEY.match(session):
            return False
        if self._session is not None and session == self._session.id:
            return True
        return session_alive(self.root / SESSIONS / f"{session}.lock")

    def list_recoverable(self, compare_with_disk: bool = True) -> list[RecoveryEntry]:
        """Documents left behind by instances that are no longer running, newest first.

        With ``compare_with_disk`` each entry says how much differs from its file.
        """
        try:
            folders = [p for p in self.root.iterdir() if p.is_dir() and p.name != SESSIONS]
        except OSError:
            return []
        entries = []
        sessions_in_use: set[str] = set()
        for folder in folders:
            if not _KEY.match(folder.name):
                continue
            info = self._read_info(folder)
            if info and isinstance(info.get("session"), str):
                sessions_in_use.add(info["session"])
            if self._owner_alive(info):
                continue
            snap = next((folder / n for n in (SNAPSHOT, PREVIOUS) if (folder / n).is_file()), None)
            if snap is None:
                continue
            try:
                st = snap.stat()
            except OSError:
                continue
            raw_source = info.get("source") if info else None
            source = Path(raw_source) if isinstance(raw_source, str) and raw_source else None
            entry = RecoveryEntry(folder.name, source, st.st_mtime, snap, st.st_size)
            if compare_with_disk:
                entry = self._with_change(entry)
            entries.append(entry)
        entries.sort(key=lambda e: e.saved_at, reverse=True)
        self._prune_sessions(sessions_in_use)
        return entries

    def _prune_sessions(self, in_use: set[str]) -> None:
        """Remove the lock files of ended sessions that no snapshot refers to any more."""
        own = self._session.id if self._session is not None else None
        try:
            locks = list((self.root / SESSIONS).glob("*.lock"))
        except OSError:
            return
        for lock in locks:
            if lock.stem in in_use or lock.stem == own or session_alive(lock):
                continue
            with contextlib.suppress(OSError):
                lock.unlink()

    def _with_change(self, entry: RecoveryEntry) -> RecoveryEntry:
        try:
            snapshot = self.load(entry)
        except SvxLoadError as e:
            return _replace(entry, problem=str(e))
        disk: ValueMap | None = None
        if entry.source_path is not None:
            try:
                disk = fileformat.load(entry.source_path).map
            except SvxLoadError:
                disk = None
        return _replace(entry, change=diff_maps(snapshot, disk))

    def snapshots(self, doc_key: str) -> list[Path]:
        """The snapshot files of a document that exist, newest first."""
        folder = self._folder(doc_key)
        return [folder / n for n in (SNAPSHOT, PREVIOUS) if (folder / n).is_file()]

    def load(self, entry: RecoveryEntry | str) -> ValueMap:
        """The newest readable snapshot as a map; falls back to the previous snapshot.

        Raises ``SvxLoadError`` if no snapshot can be read.
        """
        doc_key = entry if isinstance(entry, str) else entry.doc_key
        name = entry.display_name if isinstance(entry, RecoveryEntry) else doc_key
        problems = []
        for path in self.snapshots(doc_key):
            try:
                return fileformat.load(path).map
            except SvxLoadError as e:
                log.warning("recovery snapshot %s is unreadable: %s", path, e)
                problems.append(e.message)
        reason = "; ".join(problems) if problems else "no snapshot left"
        raise SvxLoadError(f"{name} (recovered)", f"cannot be recovered: {reason}")


def _replace(entry: RecoveryEntry, **changes: Any) -> RecoveryEntry:
    import dataclasses

    return dataclasses.replace(entry, **changes)


# ----------------------------------------------------------------------- policy
class SnapshotPolicy:
    """When to take a snapshot: ≤ ``debounce`` s after the last edit, ≤ ``max_wait`` s of lag.

    Times are plain floats from one clock (``time.monotonic`` in the app).
    """

    def __init__(
        self, debounce: float = DEBOUNCE_SECONDS, max_wait: float = MAX_WAIT_SECONDS
    ) -> None:
        if debounce <= 0 or max_wait < debounce:
            raise ValueError("need 0 < debounce <= max_wait")
        self.debounce = debounce
        self.max_wait = max_wait
        self.first_unsaved: float | None = None
        self.last_edit: float | None = None

    @property
    def pending(self) -> bool:
        return self.first_unsaved is not None

    def edited(self, now: float) -> float:
        """Record an edit at ``now``; returns the time the next snapshot is due."""
        if self.first_unsaved is None:
            self.first_unsaved = now
        self.last_edit = now
        deadline = self.deadline()
        assert deadline is not None
        return deadline

    def deadline(self) -> float | None:
        """When the next snapshot is due, or None if nothing is waiting."""
        if self.first_unsaved is None or self.last_edit is None:
            return None
        return min(self.last_edit + self.debounce, self.first_unsaved + self.max_wait)

    def due(self, now: float) -> bool:
        deadline = self.deadline()
        return deadline is not None and now >= deadline

    def done(self) -> None:
        """A snapshot was taken (or the edits were saved): nothing is waiting."""
        self.first_unsaved = None
        self.last_edit = None


class DocumentLike(Protocol):
    """What ``Autosaver`` needs of a document (``svx_desktop.editing.Document`` fits)."""

    @property
    def map(self) -> ValueMap: ...

    @property
    def path(self) -> Path | None: ...

    @property
    def is_dirty(self) -> bool: ...


class Autosaver:
    """Recovery snapshots for one document, without Qt.

    Call ``edited()`` after every change of the document (undo and redo included) and
    ``poll()`` when the returned delay has passed; call ``saved()`` once the document is
    clean again, and ``discard()`` when the user throws the changes away. A timer-driven
    wrapper lives in ``svx_desktop.ui.autosave``.
    """

    def __init__(
        self,
        document: DocumentLike,
        store: RecoveryStore,
        doc_key: str | None = None,
        policy: SnapshotPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.document = document
        self.store = store
        self.doc_key = doc_key or store.new_key()
        self.policy = policy or SnapshotPolicy()
        self.clock = clock
        self.snapshots_written = 0
        #: The message of the last failed snapshot, cleared by the next good one.
        self.last_error: str | None = None

    def edited(self) -> float | None:
        """Note a change; returns seconds until ``poll()`` should run (None: nothing due)."""
        if not self.document.is_dirty:
            self.saved()
            return None
        now = self.clock()
        return max(0.0, self.policy.edited(now) - now)

    def poll(self) -> float | None:
        """Snapshot if one is due; returns seconds until the next call (None: nothing due)."""
        now = self.clock()
        if self.policy.due(now):
            self.snapshot_now()
            return None
        deadline = self.policy.deadline()
        return None if deadline is None else max(0.0, deadline - now)

    def snapshot_now(self) -> bool:
        """Write a snapshot now if the document is dirty; True if one was written."""
        self.policy.done()
        if not self.document.is_dirty:
            return False
        try:
            data = fileformat.dumps(self.document.map)
            self.store.write_snapshot(self.doc_key, self.document.path, data)
        except (SvxSaveError, OSError, ValueError) as e:
            self.last_error = str(e)
            log.warning("recovery snapshot failed: %s", e)
            return False
        self.last_error = None
        self.snapshots_written += 1
        return True

    def flush(self) -> bool:
        """Write a pending snapshot at once (before quitting, before a risky action)."""
        if self.policy.pending:
            return self.snapshot_now()
        return False

    def saved(self) -> None:
        """The document is clean (saved, or undone back to its file): drop its snapshots."""
        self.policy.done()
        self.discard()

    def discard(self) -> None:
        self.policy.done()
        with contextlib.suppress(OSError):
            self.store.discard(self.doc_key)
