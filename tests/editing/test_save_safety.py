"""Saving a document: backups of replaced versions, read-back check, external changes,
files of a newer format version, and the failures that must leave the map dirty."""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from svx_desktop import fileformat
from svx_desktop.editing import AddElements, Document, EditElements
from svx_desktop.editing.document import ReadOnlyDocumentError
from svx_desktop.fileformat import SvxLoadError, SvxSaveError, SvxVersionError
from svx_desktop.model import Stakeholder
from svx_desktop.storage.backups import BackupStore
from tests.safety.tools import REPO, make_map


def _doc(tmp_path: Path, name: str = "bank.svx") -> Document:
    doc = Document(make_map(random.Random(7), 4))
    doc.save(tmp_path / name)
    return doc


def _edit(doc: Document, name: str) -> None:
    doc.push(AddElements(doc.map, [Stakeholder(name)]))


# ---------------------------------------------------------------------- backups
def test_each_save_keeps_the_replaced_version_and_only_the_last_three(tmp_path: Path) -> None:
    store = BackupStore(tmp_path / "data" / "backups")
    doc = _doc(tmp_path)
    target = tmp_path / "bank.svx"
    versions = [target.read_bytes()]
    for i in range(5):
        _edit(doc, f"S{i}")
        doc.save(backups=store)
        versions.append(target.read_bytes())
    backups = store.list_backups(target)
    assert len(backups) == 3
    # Newest first: the versions replaced by the last three saves.
    assert [b.path.read_bytes() for b in backups] == versions[-2:-5:-1]
    assert all(b.source == target.resolve() for b in backups)
    assert backups[0].saved_at >= backups[1].saved_at >= backups[2].saved_at
    assert backups[0].size_bytes == len(versions[-2])
    # Never beside the file: the folder holds the map and nothing else.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bank.svx", "data"]


def test_backup_loads_for_revert(tmp_path: Path) -> None:
    store = BackupStore(tmp_path / "b")
    doc = _doc(tmp_path)
    before = fileformat.load(tmp_path / "bank.svx").map
    _edit(doc, "Later")
    doc.save(backups=store)
    [backup] = store.list_backups(tmp_path / "bank.svx")
    assert store.load_backup(backup).map == before
    assert backup.saved_at_text


def test_no_backup_of_a_new_file_or_of_identical_bytes(tmp_path: Path) -> None:
    store = BackupStore(tmp_path / "b")
    doc = Document(make_map(random.Random(1), 2))
    doc.save(tmp_path / "new.svx", backups=store)
    assert store.list_backups(tmp_path / "new.svx") == []
    data = (tmp_path / "new.svx").read_bytes()
    assert not store.back_up(tmp_path / "new.svx", unless_equal=data)
    assert store.back_up(tmp_path / "new.svx")
    assert not store.back_up(tmp_path / "new.svx")  # same as the newest backup
    assert len(store.list_backups(tmp_path / "new.svx")) == 1


def test_backups_of_different_files_do_not_mix(tmp_path: Path) -> None:
    store = BackupStore(tmp_path / "b")
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    for folder in ("x", "y"):
        doc = _doc(tmp_path / folder)
        _edit(doc, folder)
        doc.save(backups=store)
    assert store.folder_for(tmp_path / "x" / "bank.svx") != store.folder_for(
        tmp_path / "y" / "bank.svx"
    )
    assert len(store.list_backups(tmp_path / "x" / "bank.svx")) == 1
    assert len(store.list_backups(tmp_path / "y" / "bank.svx")) == 1


def test_a_failing_backup_does_not_stop_the_save(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the backup folder should be")
    store = BackupStore(blocker / "backups")
    doc = _doc(tmp_path)
    _edit(doc, "X")
    doc.save(backups=store)
    assert not doc.is_dirty
    assert store.last_error is not None and "bank.svx" in store.last_error


def test_keep_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        BackupStore(tmp_path, keep=0)


# ------------------------------------------------------------- read-back check
def test_save_reads_the_file_back_before_marking_clean(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    _edit(doc, "X")
    doc.save()
    data = (tmp_path / "bank.svx").read_bytes()
    assert doc.disk_hash == hashlib.sha256(data).hexdigest()
    assert fileformat.load(tmp_path / "bank.svx").map == doc.map
    assert not doc.is_dirty


@pytest.mark.parametrize("case", ["missing folder", "target is a folder", "not a folder"])
def test_failed_save_keeps_the_map_dirty_and_says_why(tmp_path: Path, case: str) -> None:
    doc = Document(make_map(random.Random(2), 3))
    _edit(doc, "X")
    modified = doc.map.meta.modified
    if case == "missing folder":
        target = tmp_path / "nowhere" / "map.svx"
        words = "does not exist"
    elif case == "target is a folder":
        target = tmp_path / "map.svx"
        target.mkdir()
        words = "folder"
    else:
        (tmp_path / "file").write_text("x")
        target = tmp_path / "file" / "map.svx"
        words = "folder"
    with pytest.raises(SvxSaveError) as info:
        doc.save(target)
    assert words in str(info.value)
    assert doc.is_dirty
    assert doc.path is None
    assert doc.map.meta.modified == modified


# -------------------------------------------------------------- external change
def test_external_modification_between_open_and_save_is_detected(tmp_path: Path) -> None:
    _doc(tmp_path)
    path = tmp_path / "bank.svx"
    doc = Document.open(path)
    assert not doc.changed_on_disk()
    other = Document.open(path)
    other.push(EditElements(other.map, "organisation", {"": {"name": "Changed elsewhere"}}))
    other.save()
    assert doc.changed_on_disk()
    doc.save()  # Overwrite, chosen by the user
    assert not doc.changed_on_disk()


def test_same_mtime_different_content_is_still_detected(tmp_path: Path) -> None:
    import os

    _doc(tmp_path)
    path = tmp_path / "bank.svx"
    doc = Document.open(path)
    st = path.stat()
    data = path.read_bytes()
    path.write_bytes(data.replace(b'"x": ', b'"x":  ', 1))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_mtime_ns == st.st_mtime_ns
    assert doc.changed_on_disk()


def test_deleted_file_counts_as_changed(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    (tmp_path / "bank.svx").unlink()
    assert doc.changed_on_disk()


def test_touch_without_change_is_not_a_change(tmp_path: Path) -> None:
    import os

    doc = _doc(tmp_path)
    os.utime(tmp_path / "bank.svx", (1, 1))
    assert not doc.changed_on_disk()
    assert not Document().changed_on_disk()


# ----------------------------------------------------------- newer format files
def _newer_file(tmp_path: Path) -> tuple[Path, bytes]:
    doc = json.loads(fileformat.dumps(make_map(random.Random(4), 2)))
    doc["version"] = fileformat.CURRENT_VERSION + 1
    doc["shapes_of_the_future"] = [1, 2, 3]
    path = tmp_path / "future.svx"
    data = json.dumps(doc).encode()
    path.write_bytes(data)
    return path, data


def test_newer_file_is_refused_with_a_clear_message_and_left_alone(tmp_path: Path) -> None:
    path, data = _newer_file(tmp_path)
    with pytest.raises(SvxVersionError) as info:
        Document.open(path)
    message = str(info.value)
    assert message.startswith("future.svx: version: ")
    assert f"version {fileformat.CURRENT_VERSION + 1}" in message
    assert "newer SVX" in message
    assert isinstance(info.value, SvxLoadError)
    assert path.read_bytes() == data


def test_newer_file_is_never_overwritten_by_an_older_version(tmp_path: Path) -> None:
    path, data = _newer_file(tmp_path)
    store = BackupStore(tmp_path / "b")
    doc = Document(make_map(random.Random(5), 2))
    _edit(doc, "X")
    with pytest.raises(SvxSaveError) as info:
        doc.save(path, backups=store)
    assert "newer SVX" in str(info.value)
    assert path.read_bytes() == data
    assert doc.is_dirty
    assert store.list_backups(path) == []


def test_saving_always_writes_the_current_version(tmp_path: Path) -> None:
    doc = Document(make_map(random.Random(6), 2))
    doc.save(tmp_path / "m.svx")
    assert json.loads((tmp_path / "m.svx").read_bytes())["version"] == (fileformat.CURRENT_VERSION)


def test_read_only_document_is_not_saved_over_its_file(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    data = (tmp_path / "bank.svx").read_bytes()
    _edit(doc, "X")  # a read-only document takes no edits (below); these came before
    doc.set_read_only("the folder is read-only")
    with pytest.raises(SvxSaveError) as info:
        doc.save()
    assert "read-only" in str(info.value)
    assert (tmp_path / "bank.svx").read_bytes() == data
    doc.save(tmp_path / "copy.svx")  # Save As is fine
    assert not doc.read_only and not doc.is_dirty and not doc.read_only_reason


def test_read_only_document_refuses_every_edit(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    doc.set_read_only("another SVX has it open")
    before = fileformat.dumps(doc.map)
    with pytest.raises(ReadOnlyDocumentError, match="another SVX has it open"):
        _edit(doc, "X")
    assert fileformat.dumps(doc.map) == before
    assert doc.undo_stack.count() == 0 and not doc.is_dirty


def test_unknown_fields_survive_open_and_save(tmp_path: Path) -> None:
    doc = json.loads(fileformat.dumps(make_map(random.Random(8), 2)))
    doc["from_the_future"] = {"a": [1, 2]}
    doc["stakeholders"][0]["mood"] = "happy"
    path = tmp_path / "m.svx"
    path.write_text(json.dumps(doc))
    opened = Document.open(path)
    _edit(opened, "X")
    opened.save()
    again = json.loads(path.read_bytes())
    assert again["from_the_future"] == {"a": [1, 2]}
    assert again["stakeholders"][0]["mood"] == "happy"


# -------------------------------------------------------------------- read-back
OTHER_WRITER = """
import os, sys
from svx_desktop.fileformat import dumps
from svx_desktop.model import Organisation, ValueMap
path = sys.argv[1]
with open(path + ".theirs", "wb") as fh:
    fh.write(dumps(ValueMap(Organisation(name="Theirs"))))
os.replace(path + ".theirs", path)
"""


def _after_the_write(monkeypatch: pytest.MonkeyPatch, then: Callable[[Path], object]) -> None:
    """Run ``then(target)`` between the save's write and its read-back."""
    real = fileformat.write_bytes_atomic

    def write(data: bytes, path: object, **kw: bool) -> tuple[int, int]:
        identity = real(data, path, **kw)  # type: ignore[arg-type]
        then(Path(str(path)))
        return identity

    monkeypatch.setattr(fileformat, "write_bytes_atomic", write)


def test_another_writer_during_the_save_is_named_for_what_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = _doc(tmp_path)
    _edit(doc, "Mine")

    def other_program(target: Path) -> None:
        subprocess.run([sys.executable, "-c", OTHER_WRITER, str(target)], cwd=REPO, check=True)

    _after_the_write(monkeypatch, other_program)
    with pytest.raises(SvxSaveError) as info:
        doc.save()
    assert "another program wrote this file while it was being saved" in str(info.value)
    assert "disk" not in str(info.value)
    assert doc.is_dirty


def test_bytes_changed_in_place_blame_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = _doc(tmp_path)
    _edit(doc, "Mine")

    def flip_a_byte(target: Path) -> None:
        with open(target, "r+b") as fh:  # same file, one byte changed: not another map
            fh.seek(0)
            fh.write(b"X")

    _after_the_write(monkeypatch, flip_a_byte)
    with pytest.raises(SvxSaveError, match="the disk may be failing"):
        doc.save()
    assert doc.is_dirty
