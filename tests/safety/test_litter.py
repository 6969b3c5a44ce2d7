"""kill -9 in the middle of a save leaves its temporary file; the next save sweeps it.

A real process saves a large map over and over; it is killed the moment a temporary file
of its own is seen beside the map (retrying if the save finished in between). Then this
process saves the same map: the litter is gone, the map reads back whole.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from svx_desktop.fileformat import load, save
from svx_desktop.model import Organisation, Stakeholder, ValueMap
from tests.safety.tools import REPO

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs signals")

SAVER = """
import random, sys
from svx_desktop.fileformat import save
from tests.safety.tools import make_map
vmap = make_map(random.Random(5), stakeholders=3000, flows_each=4)
print("ready", flush=True)
while True:
    save(vmap, sys.argv[1])
"""


def _temps(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def _half_written(folder: Path) -> bool:
    for p in _temps(folder):
        with contextlib.suppress(FileNotFoundError):  # renamed over the map meanwhile
            if p.stat().st_size > 0:
                return True
    return False


def _kill_mid_save(target: Path) -> Path:
    """Kill -9 a saving process while its temporary file exists; return that file."""
    for _attempt in range(20):
        proc = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(target)], cwd=REPO, stdout=subprocess.PIPE
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        deadline = time.monotonic() + 60
        while not _half_written(target.parent) and time.monotonic() < deadline:
            time.sleep(0.001)
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        left = _temps(target.parent)
        if left:
            assert len(left) == 1
            assert f"-{proc.pid}." in left[0].name  # its own pid is in the name
            return left[0]
    pytest.fail("no kill landed inside a save in 20 attempts")


def test_the_next_save_removes_what_a_killed_save_left(tmp_path: Path) -> None:
    target = tmp_path / "map.svx"
    litter = _kill_mid_save(target)
    assert litter.stat().st_size > 0
    mine = ValueMap(Organisation(name="Mine"))
    mine.add_stakeholder(Stakeholder("Customers"))
    save(mine, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.svx"]
    assert load(target).map == mine
