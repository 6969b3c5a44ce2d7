"""Where a save writes and what it leaves: temporary files of dead saves are swept,
symbolic links are followed and kept, and a read-only file is replaced only when asked.

The processes that own temporary files here are real (a finished child process gives a
pid that is certainly dead; a sleeping one a pid that is alive).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from svx_desktop.fileformat import SvxReadOnlyFileError, SvxSaveError, load, save
from svx_desktop.fileformat.save import STALE_TEMP_SECONDS, host_tag
from tests.fileformat.sample import NAME, sample_map


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def live_pid() -> Iterator[int]:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    yield child.pid
    child.kill()
    child.wait()


def litter(folder: Path, pid: int, host: str | None = None, name: str = NAME) -> Path:
    p = folder / f".{name}.{host or host_tag()}-{pid}.k3j4h5ab.tmp"
    p.write_bytes(b"half a map" * 1000)
    return p


# --------------------------------------------------------------------------- litter
def test_next_save_removes_temporary_files_of_dead_saves(tmp_path: Path) -> None:
    target = tmp_path / NAME
    save(sample_map(), target)
    for _ in range(3):
        litter(tmp_path, dead_pid())
    assert len(files_in(tmp_path)) == 4
    save(sample_map(), target)
    assert files_in(tmp_path) == [NAME]
    assert load(target).map == sample_map()


def test_a_live_save_keeps_its_temporary_file(tmp_path: Path, live_pid: int) -> None:
    live = litter(tmp_path, live_pid)
    save(sample_map(), tmp_path / NAME)
    assert live.exists()


def test_only_its_own_pattern_is_touched(tmp_path: Path) -> None:
    others = [
        litter(tmp_path, dead_pid(), name="other.svx"),  # another map's
        tmp_path / f".{NAME}.notes.txt",
        tmp_path / f"{NAME}.tmp",
    ]
    for p in others[1:]:
        p.write_text("keep me")
    foreign_host = litter(tmp_path, dead_pid(), host="0badf00d")  # pid unknowable there
    save(sample_map(), tmp_path / NAME)
    assert all(p.exists() for p in [*others, foreign_host])


def test_a_day_old_temporary_file_goes_whoever_made_it(tmp_path: Path, live_pid: int) -> None:
    old = [litter(tmp_path, live_pid, host="0badf00d"), tmp_path / f".{NAME}.x8y7z6w5.tmp"]
    old[1].write_bytes(b"left by an SVX before pids were in the name")
    day_ago = os.path.getmtime(old[0]) - STALE_TEMP_SECONDS - 60
    for p in old:
        os.utime(p, (day_ago, day_ago))
    save(sample_map(), tmp_path / NAME)
    assert files_in(tmp_path) == [NAME]


# ---------------------------------------------------------------------- symlinks
def test_save_through_a_symlink_writes_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "maps" / NAME
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "shortcut.svx"
    link.symlink_to(real)
    save(sample_map(), link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert load(real).map == sample_map()
    assert files_in(tmp_path) == ["maps", "shortcut.svx"]
    assert files_in(real.parent) == [NAME]


def test_save_to_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "shortcut.svx"
    link.symlink_to("real.svx")  # relative, and nothing there yet
    save(sample_map(), link)
    assert link.is_symlink()
    assert load(tmp_path / "real.svx").map == sample_map()


def test_a_chain_of_links_is_followed_to_the_end(tmp_path: Path) -> None:
    (tmp_path / "a.svx").symlink_to("b.svx")
    (tmp_path / "b.svx").symlink_to("c.svx")
    save(sample_map(), tmp_path / "a.svx")
    assert (tmp_path / "a.svx").is_symlink() and (tmp_path / "b.svx").is_symlink()
    assert not (tmp_path / "c.svx").is_symlink()
    assert load(tmp_path / "c.svx").map == sample_map()


def test_a_loop_of_links_is_refused_in_words(tmp_path: Path) -> None:
    (tmp_path / "a.svx").symlink_to("b.svx")
    (tmp_path / "b.svx").symlink_to("a.svx")
    with pytest.raises(SvxSaveError, match="cannot save"):
        save(sample_map(), tmp_path / "a.svx")
    assert (tmp_path / "a.svx").is_symlink() and (tmp_path / "b.svx").is_symlink()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# --------------------------------------------------------------------- read-only
def test_a_read_only_file_is_not_replaced_without_a_yes(tmp_path: Path) -> None:
    target = tmp_path / NAME
    target.write_bytes(b"the colleague's version")
    target.chmod(0o444)
    with pytest.raises(SvxReadOnlyFileError) as info:
        save(sample_map(), target)
    assert str(info.value).startswith(f"{target}: cannot save: the file is marked read-only")
    assert target.read_bytes() == b"the colleague's version"
    assert files_in(tmp_path) == [NAME]
    save(sample_map(), target, replace_read_only=True)
    assert load(target).map == sample_map()


def test_a_link_to_a_read_only_file_is_read_only_too(tmp_path: Path) -> None:
    real = tmp_path / NAME
    real.write_bytes(b"theirs")
    real.chmod(0o444)
    (tmp_path / "link.svx").symlink_to(real)
    with pytest.raises(SvxReadOnlyFileError):
        save(sample_map(), tmp_path / "link.svx")
    assert real.read_bytes() == b"theirs"
