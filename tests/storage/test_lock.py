"""The lock beside an open map, between real processes: the second opener learns who has
the map, a crashed holder's lock is taken over, a closed map's lock is gone.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from svx_desktop.editing import AddElements, Document
from svx_desktop.fileformat import SvxSaveError, save
from svx_desktop.model import Stakeholder
from svx_desktop.storage.lock import (
    LockOwner,
    MapLock,
    MapLockedError,
    held_elsewhere,
    lock_path_for,
    read_owner,
)
from tests.fileformat.sample import NAME, sample_map
from tests.safety.tools import REPO

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs signals")

HOLDER = """
import sys
from svx_desktop.storage.lock import MapLock
lock = MapLock.acquire(sys.argv[1])
print("locked", flush=True)
sys.stdin.read()
lock.release()
print("released", flush=True)
"""


class Holder:
    """Another SVX process holding the lock of one map until told to let go."""

    def __init__(self, map_path: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(map_path)],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "locked"

    def let_go(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()
        assert self.proc.stdout.readline().strip() == "released"
        assert self.proc.wait(30) == 0

    def crash(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)


@pytest.fixture
def map_path(tmp_path: Path) -> Path:
    path = tmp_path / NAME
    save(sample_map(), path)
    return path


@pytest.fixture
def holder(map_path: Path) -> Iterator[Holder]:
    h = Holder(map_path)
    yield h
    if h.proc.poll() is None:
        h.crash()


def test_the_lock_says_who_where_which_process_since_when(map_path: Path) -> None:
    lock = MapLock.acquire(map_path)
    raw = json.loads(lock_path_for(map_path).read_bytes())
    assert raw["pid"] == os.getpid()
    assert raw["host"] == socket.gethostname()
    assert raw["user"] and raw["since"][:4].isdigit()
    assert lock_path_for(map_path).name == f".~lock.{NAME}#"
    lock.release()
    assert not lock_path_for(map_path).exists()
    lock.release()  # twice is fine


def test_a_second_process_is_told_who_has_the_map(map_path: Path, holder: Holder) -> None:
    with pytest.raises(MapLockedError) as info:
        MapLock.acquire(map_path)
    owner = info.value.owner
    assert owner is not None and owner.pid == holder.proc.pid
    assert owner.on_this_machine and not owner.is_stale
    assert held_elsewhere(map_path) == owner
    assert "since" in str(info.value) and owner.user in str(info.value)
    holder.let_go()
    assert not lock_path_for(map_path).exists()
    MapLock.acquire(map_path).release()


def test_a_crashed_holders_lock_is_taken_over(map_path: Path, holder: Holder) -> None:
    holder.crash()
    stale = read_owner(map_path)
    assert stale is not None and stale.pid == holder.proc.pid and stale.is_stale
    assert held_elsewhere(map_path) is None
    lock = MapLock.acquire(map_path)
    assert read_owner(map_path) == lock.owner
    lock.release()


def test_a_lock_from_another_machine_is_respected(map_path: Path) -> None:
    other = LockOwner("ann", "laptop-of-ann", 1, "2026-12-01T09:00:00+0100")
    lock_path_for(map_path).write_bytes(other.to_json())
    with pytest.raises(MapLockedError) as info:
        MapLock.acquire(map_path)
    assert info.value.owner == other
    assert "ann on laptop-of-ann since 2026-12-01 09:00" in str(info.value)


def test_two_paths_through_a_link_share_one_lock(map_path: Path, tmp_path: Path) -> None:
    link = tmp_path / "shortcut.svx"
    link.symlink_to(map_path)
    lock = MapLock.acquire(link)
    assert lock_path_for(link) == lock_path_for(map_path)
    assert lock.lock_file.parent == map_path.parent
    lock.release()


def test_no_lock_in_a_folder_that_refuses_new_files() -> None:
    if not Path("/sys/kernel").is_dir():
        pytest.skip("no /sys here")
    with pytest.raises(OSError):
        MapLock.acquire("/sys/kernel/map.svx")


# ------------------------------------------------------------- documents and locks
def test_save_as_moves_the_lock_and_close_removes_it(map_path: Path, tmp_path: Path) -> None:
    doc = Document.open(map_path)
    doc.keep_locked = True
    doc.lock = MapLock.acquire(map_path)
    doc.push(AddElements(doc.map, [Stakeholder("New")]))
    doc.save(tmp_path / "copy.svx")
    assert not lock_path_for(map_path).exists()
    owner = read_owner(tmp_path / "copy.svx")
    assert owner is not None and owner.is_this_process
    assert doc.lock is not None and doc.lock.map_path == (tmp_path / "copy.svx").resolve()
    doc.close()
    assert not lock_path_for(tmp_path / "copy.svx").exists()


def test_save_as_onto_a_map_open_elsewhere_is_refused(
    map_path: Path, holder: Holder, tmp_path: Path
) -> None:
    doc = Document(sample_map())
    doc.keep_locked = True
    doc.push(AddElements(doc.map, [Stakeholder("New")]))
    before = map_path.read_bytes()
    with pytest.raises(SvxSaveError, match="open for editing by"):
        doc.save(map_path)
    assert map_path.read_bytes() == before
    assert doc.is_dirty and doc.lock is None
    owner = read_owner(map_path)
    assert owner is not None and owner.pid == holder.proc.pid
