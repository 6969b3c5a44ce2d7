"""Atomic save: the target is replaced whole or not at all, and errors say why.

Write failures (a short write, a full disk, a failed fsync, a file-size limit) are
provoked in a subprocess, so the test process itself is never limited or patched.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from svx_desktop.fileformat import SvxSaveError, dumps, load, save
from svx_desktop.model import Stakeholder, ValueMap
from tests.fileformat.sample import NAME, sample_map

REPO = Path(__file__).resolve().parents[2]


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_save_writes_what_dumps_returns(tmp_path: Path) -> None:
    target = tmp_path / NAME
    written = save(sample_map(), target)
    assert target.read_bytes() == written == dumps(sample_map())
    assert load(target).map == sample_map()
    assert files_in(tmp_path) == [NAME]


def test_save_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / NAME
    target.write_bytes(b"old content that is longer than nothing" * 100)
    save(ValueMap(), target)
    assert target.read_bytes() == dumps(load(target).map)
    assert files_in(tmp_path) == [NAME]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o444])
def test_save_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path, mode: int) -> None:
    target = tmp_path / NAME
    target.write_bytes(b"{}")
    target.chmod(mode)  # 0o444: a read-only file in a writable folder is replaced by rename
    save(sample_map(), target, replace_read_only=mode == 0o444)  # …once the user said yes
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_new_file_gets_the_mode_the_umask_allows(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        save(sample_map(), tmp_path / NAME)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / NAME).stat().st_mode) == 0o640


def test_relative_path_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    save(sample_map(), NAME)
    assert files_in(tmp_path) == [NAME]


def test_target_is_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / NAME
    folder.mkdir()
    (folder / "inside.txt").write_text("keep")
    with pytest.raises(SvxSaveError, match="folder") as info:
        save(sample_map(), folder)
    assert str(info.value).startswith(str(folder))
    assert files_in(folder) == ["inside.txt"]
    assert files_in(tmp_path) == [NAME]


def test_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / NAME
    with pytest.raises(SvxSaveError, match="does not exist"):
        save(sample_map(), target)
    assert files_in(tmp_path) == []


def test_part_of_the_path_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(SvxSaveError, match="not a folder"):
        save(sample_map(), tmp_path / "file" / NAME)


def test_read_only_folder(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # chmod does not stop root; /sys refuses new files even to root.
        if not Path("/sys").is_dir():
            pytest.skip("running as root and there is no /sys to refuse the write")
        with pytest.raises(SvxSaveError, match=r"permission denied|read-only") as info:
            save(sample_map(), Path("/sys") / NAME)
        assert str(info.value).startswith(f"/sys/{NAME}: cannot save: ")
        return
    target = tmp_path / NAME
    save(ValueMap(), target)
    before = target.read_bytes()
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(SvxSaveError, match="permission denied"):
            save(sample_map(), target)
        assert target.read_bytes() == before
        assert files_in(tmp_path) == [NAME]
    finally:
        tmp_path.chmod(0o755)


def test_folder_that_refuses_new_files() -> None:
    if not Path("/proc").is_dir():
        pytest.skip("no /proc")
    with pytest.raises(SvxSaveError, match="cannot save: ") as info:
        save(sample_map(), Path("/proc") / NAME)
    assert "does not exist" not in str(info.value)


# ------------------------------------------------------------------ failed writes
FAULTS = textwrap.dedent(
    """
    import errno, os, resource, signal, sys
    from svx_desktop.fileformat import SvxSaveError, save
    from svx_desktop.model import Stakeholder, ValueMap

    target, fault = sys.argv[1], sys.argv[2]
    vmap = ValueMap()
    for i in range(40):
        vmap.add_stakeholder(Stakeholder(f"S{i}", notes="n" * 5000))  # ~200 kB

    real_write = os.write
    calls = []

    def short_write(fd, data):
        calls.append(1)
        if len(calls) == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))
        return 0

    def disk_full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    def fsync_fails(fd):
        raise OSError(errno.EIO, "Input/output error")

    if fault == "fsize":
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))
    elif fault == "short-write":
        os.write = short_write
    elif fault == "enospc":
        os.write = disk_full
    elif fault == "fsync":
        os.fsync = fsync_fails
    try:
        save(vmap, target)
    except SvxSaveError as e:
        print(e)
        sys.exit(3)
    print("saved")
    """
)


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("fsize", "too large"),
        ("short-write", "the disk is full"),
        ("enospc", "the disk is full"),
        ("fsync", "input/output error"),
    ],
)
def test_failed_write_leaves_the_old_file_intact(tmp_path: Path, fault: str, reason: str) -> None:
    target = tmp_path / NAME
    save(sample_map(), target)
    target.chmod(0o640)
    before = target.read_bytes()
    before_stat = target.stat()

    run = subprocess.run(
        [sys.executable, "-c", FAULTS, str(target), fault],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert run.returncode == 3, (run.stdout, run.stderr)
    message = run.stdout.strip()
    assert message.startswith(f"{target}: cannot save: "), message
    assert reason in message, message
    assert "Traceback" not in run.stderr
    # The old file is untouched, and no temporary file is left behind.
    assert target.read_bytes() == before
    assert target.stat().st_ino == before_stat.st_ino
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert files_in(tmp_path) == [NAME]
    assert load(target).map == sample_map()


def test_the_fault_script_saves_when_nothing_fails(tmp_path: Path) -> None:
    """Guards the test above: the faults, not the script, make it fail."""
    target = tmp_path / NAME
    run = subprocess.run(
        [sys.executable, "-c", FAULTS, str(target), "none"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "saved"
    assert len(load(target).map.stakeholders) == 40
    assert target.stat().st_size > 64 * 1024  # bigger than the fsize limit above
    assert files_in(tmp_path) == [NAME]


def test_interrupted_save_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even a KeyboardInterrupt mid-write removes the temporary file."""
    target = tmp_path / NAME
    save(sample_map(), target)
    before = target.read_bytes()

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    vmap = sample_map()
    vmap.add_stakeholder(Stakeholder("New"))
    with pytest.raises(KeyboardInterrupt):
        save(vmap, target)
    monkeypatch.undo()
    assert target.read_bytes() == before
    assert files_in(tmp_path) == [NAME]
