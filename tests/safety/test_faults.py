"""Fault injection in real processes: kill -9 during save and during editing, a disk that
fills up (RLIMIT_FSIZE), a folder that cannot be written, and a long session.

Counts come from the environment so ``make faults`` can run many more trials than
``make test``: ``SVX_SAVE_KILL_TRIALS`` (default 60), ``SVX_EDIT_KILL_TRIALS`` (default
24), ``SVX_GUI_KILL_TRIALS`` (default 6, the real main window offscreen),
``SVX_LONG_SESSION_EDITS`` (default 10,000). Each test prints its figures (run with
``-s`` to see them).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from svx_desktop import fileformat
from svx_desktop.editing import AddElements, Document
from svx_desktop.fileformat import SvxSaveError
from svx_desktop.model import Stakeholder
from svx_desktop.storage.backups import BackupStore
from svx_desktop.storage.recovery import Autosaver, RecoveryStore
from tests.safety.child import digest
from tests.safety.tools import REPO, make_map

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs fork and signals")

SAVE_KILL_TRIALS = int(os.environ.get("SVX_SAVE_KILL_TRIALS", "60"))
EDIT_KILL_TRIALS = int(os.environ.get("SVX_EDIT_KILL_TRIALS", "24"))
GUI_KILL_TRIALS = int(os.environ.get("SVX_GUI_KILL_TRIALS", "6"))
LONG_SESSION_EDITS = int(os.environ.get("SVX_LONG_SESSION_EDITS", "10000"))

# The editing workers snapshot ≤ DEBOUNCE after the last edit and at least every MAX_WAIT.
DEBOUNCE = 0.1
MAX_WAIT = 0.3
# Time a snapshot may take to reach the disk on a busy machine, on top of MAX_WAIT.
SLACK = 0.4


class ForkServer:
    """Talks to ``python -m tests.safety.child serve`` (see that module)."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.safety.child", "serve"],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        assert self._read() == "serving"

    def _read(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the fork server died")
        return line.strip()

    def _send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def start(self, *words: object) -> int:
        """Fork a worker; returns its pid once it says it is ready."""
        self._send(" ".join(str(w) for w in words))
        line = self._read()
        assert line.startswith("ready "), line
        return int(line.split()[1])

    def kill(self, pid: int) -> int:
        """SIGKILL a worker and reap it; returns its wait status."""
        os.kill(pid, signal.SIGKILL)
        self._send(f"reap {pid}")
        line = self._read()
        assert line.startswith(f"reaped {pid} "), line
        return int(line.split()[2])

    def close(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self._send("quit")
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)


@pytest.fixture(scope="module")
def server() -> Iterator[ForkServer]:
    s = ForkServer()
    yield s
    s.close()


# --------------------------------------------------------------- kill during save
def test_kill_9_during_save_never_damages_the_file(server: ForkServer, tmp_path: Path) -> None:
    rng = random.Random(1123)
    damaged = []
    mid_save = 0  # kills that left a temporary file (of the save or its backup): a cut write
    for trial in range(SAVE_KILL_TRIALS):
        folder = tmp_path / f"t{trial}"
        folder.mkdir()
        pid = server.start("save", folder, trial)
        time.sleep(rng.uniform(0.0, 0.08))
        status = server.kill(pid)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        allowed = {(folder / f"expected-{v}.svx").read_bytes() for v in "ab"}
        data = (folder / "map.svx").read_bytes()
        if data not in allowed:
            damaged.append((trial, len(data)))
        if any(p.name.endswith(".tmp") for p in folder.rglob("*")):
            mid_save += 1
        for backup in BackupStore(folder / "backups").list_backups(folder / "map.svx"):
            if backup.path.read_bytes() not in allowed:
                damaged.append((trial, f"backup {backup.path.name}"))
        shutil.rmtree(folder)
    print(
        f"\nkill -9 during save: trials={SAVE_KILL_TRIALS} damaged={len(damaged)} "
        f"cut-mid-write={mid_save}"
    )
    assert not damaged
    # The kills must really land inside saves, not only between them.
    assert mid_save >= SAVE_KILL_TRIALS // 20


# -------------------------------------------------------------- kill during editing
def _journal(path: Path) -> list[tuple[int, float, str]]:
    out = []
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) == 3:  # a line cut by the kill is ignored
            out.append((int(parts[0]), float(parts[1]), parts[2]))
    return out


@pytest.mark.parametrize("worker", ["edit", "gui-edit"])
def test_kill_9_during_editing_then_restart_recovers_the_edits(
    server: ForkServer, tmp_path: Path, worker: str
) -> None:
    """``edit``: Document + the Qt-free Autosaver; ``gui-edit``: the real main window with
    ``ui.autosave.attach`` and its timers (offscreen)."""
    trials = EDIT_KILL_TRIALS if worker == "edit" else GUI_KILL_TRIALS
    rng = random.Random(2311)
    lost = []
    recovered_edits = 0
    for trial in range(trials):
        folder = tmp_path / f"t{trial}"
        folder.mkdir()
        pid = server.start(worker, folder, trial, DEBOUNCE, MAX_WAIT)
        time.sleep(rng.uniform(0.2, 0.9))
        killed_at = time.time()
        server.kill(pid)
        journal = _journal(folder / "journal")
        assert len(journal) > 1

        # The restart: a new instance looks for what it can recover.
        root = folder / "recovery" if worker == "edit" else folder / "data" / "recovery"
        store = RecoveryStore(root)
        entries = store.list_recoverable()
        must_have = [i for i, t, _ in journal if t < killed_at - MAX_WAIT - SLACK]
        states = [state for *_, state in journal]
        initial = states[0]
        if not entries:
            # Nothing to recover is only right if no edit was old enough, or all were undone.
            if must_have and states[max(must_have)] != initial:
                lost.append((trial, "no snapshot", len(journal)))
            store.close()
            shutil.rmtree(folder)
            continue
        [entry] = entries
        assert entry.problem is None
        source = folder / "map.svx"
        assert entry.source_path in (None, source.resolve())
        recovered = store.load(entry)
        state = digest(fileformat.dumps(recovered))
        # The snapshot is one of the states the editor was in...
        matches = [i for i, s in enumerate(states) if s == state]
        if not matches:
            lost.append((trial, "snapshot is no state of the session", len(journal)))
        # ...and no older than the last edit made before the snapshot interval.
        elif must_have and max(matches) < max(must_have):
            lost.append((trial, f"state {max(matches)} < {max(must_have)}", len(journal)))
        else:
            recovered_edits += max(matches)
        # Recovery opens next to the file, never over it: the file is as it was saved.
        if source.exists():
            assert fileformat.load(source).map is not None
        store.discard(entry.doc_key)
        assert store.list_recoverable() == []
        store.close()
        shutil.rmtree(folder)
    print(
        f"\nkill -9 during editing ({worker}): trials={trials} lost={len(lost)} "
        f"edits recovered={recovered_edits} (interval {MAX_WAIT}s, slack {SLACK}s)"
    )
    assert not lost, lost


# --------------------------------------------------------- disk full / short write
FSIZE_SCRIPT = r"""
import json, resource, signal, sys
from pathlib import Path
from svx_desktop.editing import Document
from svx_desktop.storage.backups import BackupStore
from svx_desktop.storage.recovery import Autosaver, RecoveryStore
from svx_desktop.fileformat import SvxSaveError, load
from svx_desktop.model import Stakeholder
from tests.safety.tools import make_map
import random

folder = Path(sys.argv[1])
doc = Document.open(folder / "map.svx")
store = RecoveryStore(folder / "recovery")
saver = Autosaver(doc, store)
from svx_desktop.editing import AddElements
doc.push(AddElements(doc.map, make_map(random.Random(2), 300, 3).stakeholders))
saver.edited()
assert saver.snapshot_now()  # before the limit: one good snapshot
doc.push(AddElements(doc.map, [Stakeholder("one more " * 100)]))

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
out = {}
try:
    doc.save(backups=BackupStore(folder / "backups"))
    out["saved"] = True
except SvxSaveError as e:
    out["error"] = str(e)
out["dirty"] = doc.is_dirty
out["snapshot"] = saver.snapshot_now()
out["snapshot_error"] = saver.last_error
out["snapshot_stakeholders"] = len(store.load(saver.doc_key).stakeholders)
print(json.dumps(out))
"""


def test_disk_full_during_save_leaves_the_old_file_and_a_dirty_map(tmp_path: Path) -> None:
    doc = Document(make_map(random.Random(1), 3))
    doc.save(tmp_path / "map.svx")
    old = (tmp_path / "map.svx").read_bytes()
    limit = 20_000  # bytes: the old file fits, the new one (300+ stakeholders) does not
    assert len(old) < limit
    proc = subprocess.run(
        [sys.executable, "-c", FSIZE_SCRIPT, str(tmp_path), str(limit)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    print(f"\nRLIMIT_FSIZE save: {out}")
    assert "saved" not in out
    assert "too large" in out["error"] or "disk is full" in out["error"]
    assert out["dirty"] is True
    assert (tmp_path / "map.svx").read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "backups",
        "map.svx",
        "recovery",
    ]  # no temporary file left behind
    # The snapshot that hit the limit failed; the one before it is still there and whole.
    assert out["snapshot"] is False and out["snapshot_error"]
    assert out["snapshot_stakeholders"] == 3 + 300


# ------------------------------------------------------------- read-only folders
@contextlib.contextmanager
def _read_only(folder: Path) -> Iterator[str]:
    """Make ``folder`` unwritable for this process, honestly, or skip."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield "chmod 555"
        finally:
            folder.chmod(0o755)
        return
    # Root ignores permission bits; the immutable attribute stops root too.
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip(
            "running as root and chattr is not installed: no way to make a folder read-only"
        )
    done = subprocess.run([chattr, "+i", str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"running as root and chattr +i is refused here: {done.stderr.strip()}")
    try:
        yield "chattr +i"
    finally:
        subprocess.run([chattr, "-i", str(folder)], check=True)


def test_read_only_folder_refuses_the_save_and_keeps_everything(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    doc = Document(make_map(random.Random(4), 3))
    doc.save(folder / "map.svx")
    old = (folder / "map.svx").read_bytes()
    doc.push(AddElements(doc.map, [Stakeholder("New")]))
    with _read_only(folder) as how:
        with pytest.raises(SvxSaveError) as info:
            doc.save(backups=BackupStore(tmp_path / "backups"))
        # A second instance cannot drop recovery snapshots there either, and says so.
        saver = Autosaver(doc, RecoveryStore(folder / "recovery"))
        saver.edited()
        assert not saver.snapshot_now()
        assert saver.last_error
    print(f"\nread-only folder ({how}): {info.value}")
    assert "permission denied" in str(info.value) or "read-only" in str(info.value)
    assert doc.is_dirty
    assert (folder / "map.svx").read_bytes() == old
    assert sorted(p.name for p in folder.iterdir()) == ["map.svx"]
    doc.save(tmp_path / "elsewhere.svx")  # Save As somewhere else works
    assert not doc.is_dirty


def test_folder_even_root_cannot_write(tmp_path: Path) -> None:
    """/sys refuses new files to every user, root included."""
    if not Path("/sys/kernel").is_dir():
        pytest.skip("no /sys here")
    doc = Document(make_map(random.Random(4), 1))
    doc.push(AddElements(doc.map, [Stakeholder("New")]))
    with pytest.raises(SvxSaveError) as info:
        doc.save("/sys/kernel/map.svx")
    assert "cannot save" in str(info.value)
    assert doc.is_dirty and doc.path is None


# ------------------------------------------------------------------ long session
def test_long_session_keeps_memory_bounded_and_exits_0() -> None:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "tests.safety.child", "long", str(LONG_SESSION_EDITS)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout)
    print(
        f"\nlong session: edits={out['edits']} undo steps={out['undo_steps']} "
        f"memory with history={out['with_history'] / 1e6:.1f} MB, "
        f"without={out['without_history'] / 1e6:.2f} MB "
        f"(after warm-up {out['after_warmup'] / 1e6:.2f} MB) "
        f"in {time.perf_counter() - start:.1f}s"
    )
    assert out["edits"] == LONG_SESSION_EDITS
    assert out["kinds"].get("undo", 0) > 0 and out["kinds"].get("redo", 0) > 0
    # The undo history is kept whole (no limit) and costs well under a kilobyte a step.
    assert out["with_history"] < 2_000 * max(out["undo_steps"], 1) + 5_000_000
    # Outside the history nothing accumulates: clearing it returns to the warm-up level
    # (the map itself may have grown by a few elements).
    assert out["without_history"] < out["after_warmup"] + 1_000_000
