"""Recovery snapshots: written atomically, offered only after their instance is gone,
falling back to the previous snapshot, removed only on save or discard."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from svx_desktop import fileformat
from svx_desktop.editing import AddElements, Document, EditElements, RemoveElements
from svx_desktop.fileformat import SvxLoadError, SvxSaveError
from svx_desktop.model import Stakeholder
from svx_desktop.storage.recovery import (
    Autosaver,
    ChangeSummary,
    RecoveryStore,
    SnapshotPolicy,
    diff_maps,
    user_data_dir,
)
from tests.safety.tools import REPO, make_map

_DATA: dict[int, bytes] = {}


def _data(seed: int = 1) -> bytes:
    """The bytes of a small map, the same for the same seed within a run."""
    if seed not in _DATA:
        _DATA[seed] = fileformat.dumps(make_map(random.Random(seed), 4))
    return _DATA[seed]


def test_own_snapshots_are_not_offered_to_ourselves(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.write_snapshot("k1", None, _data())
    assert store.list_recoverable() == []
    store.close()


def test_snapshot_of_an_ended_session_is_offered_and_loads(tmp_path: Path) -> None:
    vmap = make_map(random.Random(3), 5)
    first = RecoveryStore(tmp_path)
    first.write_snapshot("k1", None, fileformat.dumps(vmap))
    first.close()  # as if the process had died: the lock is gone

    second = RecoveryStore(tmp_path)
    [entry] = second.list_recoverable()
    assert entry.doc_key == "k1"
    assert entry.source_path is None
    assert entry.display_name == "Untitled"
    assert entry.size_bytes == len(fileformat.dumps(vmap))
    assert abs(entry.saved_at - time.time()) < 600
    assert entry.change == ChangeSummary(new_map=True, elements=entry.change.elements)
    assert "unsaved map" in str(entry.change)
    assert second.load(entry) == vmap


def test_live_instance_in_another_process_is_not_offered_but_killed_one_is(
    tmp_path: Path,
) -> None:
    script = (
        "import sys\n"
        "from svx_desktop.storage.recovery import RecoveryStore\n"
        "s = RecoveryStore(sys.argv[1])\n"
        "s.write_snapshot('other', None, open(sys.argv[2], 'rb').read())\n"
        "print('ready', flush=True)\n"
        "sys.stdin.read()\n"
    )
    snap = tmp_path / "data.svx"
    snap.write_bytes(_data())
    root = tmp_path / "recovery"
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(root), str(snap)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        store = RecoveryStore(root)
        assert store.list_recoverable() == []  # the other instance is alive
        proc.kill()
        proc.wait(10)
        [entry] = store.list_recoverable()
        assert entry.doc_key == "other"
    finally:
        proc.kill()
        proc.wait(10)


def test_corrupt_newest_snapshot_falls_back_to_the_previous(tmp_path: Path) -> None:
    older = make_map(random.Random(1), 3)
    newer = make_map(random.Random(2), 3)
    store = RecoveryStore(tmp_path)
    store.write_snapshot("k", None, fileformat.dumps(older))
    newest = store.write_snapshot("k", None, fileformat.dumps(newer))
    assert store.load("k") == newer
    newest.write_bytes(newest.read_bytes()[:50])  # torn by a failing disk
    assert store.load("k") == older
    store.close()
    [entry] = RecoveryStore(tmp_path).list_recoverable()
    assert entry.problem is None
    assert RecoveryStore(tmp_path).load(entry) == older


def test_missing_newest_snapshot_falls_back_to_the_previous(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.write_snapshot("k", None, _data(1))
    store.write_snapshot("k", None, _data(2)).unlink()
    store.close()
    [entry] = RecoveryStore(tmp_path).list_recoverable()
    assert entry.snapshot_path.name == "snapshot.prev.svx"
    assert fileformat.dumps(RecoveryStore(tmp_path).load(entry)) == _data(1)


def test_unreadable_snapshots_are_listed_with_the_problem(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.write_snapshot("k", None, b"{not json")
    store.close()
    store = RecoveryStore(tmp_path)
    [entry] = store.list_recoverable()
    assert entry.problem is not None and "cannot be recovered" in entry.problem
    with pytest.raises(SvxLoadError):
        store.load(entry)
    store.discard("k")
    assert store.list_recoverable() == []


def test_entry_names_the_file_and_counts_the_change(tmp_path: Path) -> None:
    original = tmp_path / "bank.svx"
    doc = Document(make_map(random.Random(5), 4))
    doc.save(original)
    victim = doc.map.stakeholders[0]
    doc.push(AddElements(doc.map, [Stakeholder("New one")]))
    doc.push(RemoveElements(doc.map, [doc.map.stakeholders[1].id]))
    doc.push(EditElements(doc.map, "stakeholder", {victim.id: {"name": "Renamed"}}))
    store = RecoveryStore(tmp_path / "rec")
    store.write_snapshot("k", original, fileformat.dumps(doc.map))
    store.close()
    [entry] = RecoveryStore(tmp_path / "rec").list_recoverable()
    assert entry.source_path == original.resolve()
    assert entry.display_name == "bank.svx"
    assert entry.change is not None
    assert entry.change.added == 1
    assert entry.change.changed == 1
    assert entry.change.removed >= 1  # the stakeholder and its flows
    assert "1 added" in str(entry.change)


def test_diff_of_equal_maps_is_empty() -> None:
    vmap = make_map(random.Random(9), 4)
    assert diff_maps(vmap, vmap.copy()).total == 0
    assert str(diff_maps(vmap, vmap.copy())) == "no changes to the elements"


def test_discard_removes_everything_and_bad_keys_are_refused(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.write_snapshot("k", None, _data())
    store.write_snapshot("k", None, _data())
    assert len(store.snapshots("k")) == 2
    store.discard("k")
    assert store.snapshots("k") == []
    assert not (tmp_path / "k").exists()
    for bad in ("../x", "", "a/b", "sessions", "x" * 65):
        with pytest.raises(ValueError):
            store.write_snapshot(bad, None, b"")


def test_adopted_entry_is_no_longer_offered_while_we_run(tmp_path: Path) -> None:
    first = RecoveryStore(tmp_path)
    first.write_snapshot("k", None, _data())
    first.close()
    second = RecoveryStore(tmp_path)
    [entry] = second.list_recoverable()
    assert second.adopt(entry) == "k"
    assert RecoveryStore(tmp_path).list_recoverable() == []  # a third instance
    second.close()
    assert [e.doc_key for e in RecoveryStore(tmp_path).list_recoverable()] == ["k"]


def test_failed_snapshot_write_keeps_the_older_ones(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.write_snapshot("k", None, _data(1))
    # A non-empty folder where the previous snapshot should go makes the next write fail.
    (tmp_path / "k" / "snapshot.prev.svx").mkdir()
    (tmp_path / "k" / "snapshot.prev.svx" / "x").write_text("x")
    with pytest.raises(SvxSaveError):
        store.write_snapshot("k", None, _data(2))
    assert fileformat.dumps(store.load("k")) == _data(1)


def test_data_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SVX_DATA_DIR", str(tmp_path))
    assert user_data_dir() == tmp_path
    assert RecoveryStore().root == tmp_path / "recovery"
    monkeypatch.delenv("SVX_DATA_DIR")
    assert user_data_dir().name.lower().startswith("svx")


# ----------------------------------------------------------------------- policy
def test_policy_debounces_two_seconds_after_the_last_edit() -> None:
    p = SnapshotPolicy(2.0, 10.0)
    assert p.deadline() is None and not p.due(0)
    assert p.edited(0.0) == 2.0
    assert p.edited(1.5) == 3.5
    assert not p.due(3.4)
    assert p.due(3.5)
    p.done()
    assert p.deadline() is None


def test_policy_snapshots_at_least_every_ten_seconds_of_continuous_editing() -> None:
    p = SnapshotPolicy(2.0, 10.0)
    t = 0.0
    taken = []
    while t < 60:
        p.edited(t)
        t += 0.5
        if p.due(t):
            taken.append(t)
            p.done()
    assert taken
    gaps = [b - a for a, b in zip([0.0, *taken], taken, strict=False)]
    assert max(gaps) <= 10.0


def test_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        SnapshotPolicy(0, 10)
    with pytest.raises(ValueError):
        SnapshotPolicy(5, 1)


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_autosaver_snapshots_a_never_saved_map_and_drops_it_on_save(tmp_path: Path) -> None:
    clock = _Clock()
    store = RecoveryStore(tmp_path / "rec")
    doc = Document()
    saver = Autosaver(doc, store, policy=SnapshotPolicy(2, 10), clock=clock)
    doc.push(AddElements(doc.map, [Stakeholder("A")]))
    assert saver.edited() == 2.0
    clock.now += 1
    assert saver.poll() == 1.0  # not yet
    assert store.snapshots(saver.doc_key) == []
    clock.now += 1
    assert saver.poll() is None
    assert saver.snapshots_written == 1
    assert store.load(saver.doc_key) == doc.map
    doc.save(tmp_path / "a.svx")
    saver.saved()
    assert store.snapshots(saver.doc_key) == []


def test_autosaver_drops_snapshot_when_undone_back_to_the_file(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    doc = Document()
    saver = Autosaver(doc, store)
    doc.push(AddElements(doc.map, [Stakeholder("A")]))
    saver.edited()
    assert saver.flush()
    assert store.snapshots(saver.doc_key)
    doc.undo_stack.undo()
    assert saver.edited() is None
    assert store.snapshots(saver.doc_key) == []
    assert not saver.flush()


def test_autosaver_reports_a_failed_snapshot_and_carries_on(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    doc = Document()
    saver = Autosaver(doc, RecoveryStore(blocker / "rec"))
    doc.push(AddElements(doc.map, [Stakeholder("A")]))
    saver.edited()
    assert not saver.snapshot_now()
    assert saver.last_error


def test_snapshot_files_are_never_left_half_written(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    for i in range(20):
        store.write_snapshot("k", None, _data(i))
    leftovers = [p.name for p in (tmp_path / "k").iterdir()]
    assert sorted(leftovers) == ["info.json", "snapshot.prev.svx", "snapshot.svx"]
    assert not [p for p in (tmp_path / "sessions").iterdir() if p.suffix != ".lock"]
    assert os.listdir(tmp_path / "sessions")


def test_lock_files_of_ended_sessions_are_cleaned_up(tmp_path: Path) -> None:
    for i in range(3):  # three instances that ended, one leaving a snapshot behind
        store = RecoveryStore(tmp_path)
        store.write_snapshot(f"k{i}", None, _data())
        if i:
            store.discard(f"k{i}")
        store._session._fh.close()  # type: ignore[union-attr]  # as a crash would
    assert len(list((tmp_path / "sessions").iterdir())) == 3
    live = RecoveryStore(tmp_path)
    live.write_snapshot("mine", None, _data())
    assert [e.doc_key for e in live.list_recoverable()] == ["k0"]
    # The ended session that still owns k0 keeps its lock file, as does the live one.
    assert len(list((tmp_path / "sessions").iterdir())) == 2
    live.close()
