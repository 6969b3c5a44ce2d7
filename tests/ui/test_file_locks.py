"""Two writers, one map; read-only made real — through a real offscreen main window.

Another SVX is a real process holding the map's lock (``tests.storage.test_lock.Holder``).
Questions are answered the way the other window tests answer them (``answers``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from svx_desktop.editing import AddElements
from svx_desktop.fileformat import load
from svx_desktop.model import Stakeholder
from svx_desktop.storage.lock import lock_path_for, read_owner
from svx_desktop.ui import readonly
from tests.storage.test_lock import Holder

Button = QMessageBox.StandardButton
OPEN_READ_ONLY, OPEN_A_COPY = Button.Open, Button.Save


@pytest.fixture
def holder(bank_path: Path):
    h = Holder(bank_path)
    yield h
    if h.proc.poll() is None:
        h.crash()


def banner_text(window) -> str:
    banner = window.read_only_banner
    return banner.label.text() if banner is not None and banner.isVisible() else ""


def empty_spot(window) -> QPoint:
    return window.view.mapFromScene(window.view.mapToScene(8, 8))


def assert_nothing_can_be_edited(qtbot, window) -> None:
    vmap = window.document.map
    before = (len(vmap.stakeholders), len(vmap.flows))
    assert all(not a.isEnabled() for a in readonly.editing_actions(window))
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    QTest.mouseDClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier(0),
        empty_spot(window),
    )
    assert not window.view.is_editing_text()
    # Selecting something must not bring the editing keys back.
    window.scene.select_ids([next(iter(vmap.stakeholders))])
    for key in (Qt.Key.Key_Delete, Qt.Key.Key_P, Qt.Key.Key_Right, Qt.Key.Key_F2):
        qtbot.keyClick(window.view.viewport(), key)
    assert not window.view.is_editing_text()
    assert (len(vmap.stakeholders), len(vmap.flows)) == before
    assert window.document.undo_stack.count() == 0


# ------------------------------------------------------------------ lock life
def test_an_open_map_is_locked_until_its_window_closes(make_window, bank_path):
    window = make_window()
    assert window.open_path(bank_path)
    owner = read_owner(bank_path)
    assert owner is not None and owner.pid == os.getpid()
    window.close()
    assert not lock_path_for(bank_path).exists()


def test_opening_another_map_releases_the_first(make_window, bank_path, tmp_path):
    other = tmp_path / "other.svx"
    shutil.copyfile(bank_path, other)
    window = make_window()
    assert window.open_path(bank_path)
    assert window.open_path(other)
    assert not lock_path_for(bank_path).exists()
    assert lock_path_for(other).exists()


# --------------------------------------------------------- open elsewhere
def test_a_map_open_in_another_svx_opens_read_only_with_a_banner(
    qtbot, make_window, answers, bank_path, holder
):
    window = make_window()
    view = window.view
    answers.answer(OPEN_READ_ONLY)
    assert window.open_path(bank_path)
    [asked] = answers.shown
    assert "is open for editing by" in asked.text and "this computer" in asked.text
    doc = window.document
    assert doc.read_only and doc.path == bank_path.resolve()
    assert window.view is view  # one view per window: the scene was swapped
    assert view.scene() is window.scene
    assert "open for editing by" in banner_text(window)
    assert "(read-only)" in window.windowTitle()
    assert_nothing_can_be_edited(qtbot, window)
    owner = read_owner(bank_path)
    assert owner is not None and owner.pid == holder.proc.pid  # theirs, untouched

    # The way out: Save As… on the banner.
    copy = bank_path.with_name("mine.svx")
    answers.answer(copy)
    window.read_only_banner.save_as_button.click()
    assert not window.document.read_only and not banner_text(window)
    assert window.add_stakeholder_action.isEnabled()
    saved, original = load(copy).map, load(bank_path).map
    assert [s.name for s in saved.stakeholders] == [s.name for s in original.stakeholders]
    assert len(saved.flows) == len(original.flows)
    mine = read_owner(copy)
    assert mine is not None and mine.pid == os.getpid()
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    assert window.view.is_editing_text()  # editing works again


def test_open_a_copy_gives_an_untitled_editable_map(make_window, answers, bank_path, holder):
    window = make_window()
    answers.answer(OPEN_A_COPY)
    assert window.open_path(bank_path)
    doc = window.document
    assert doc.path is None and not doc.read_only
    assert doc.map == load(bank_path).map
    assert window.windowTitle().startswith("Untitled")
    doc.push(AddElements(doc.map, [Stakeholder("Mine")]))
    assert doc.is_dirty


def test_cancel_keeps_the_current_map(make_window, answers, bank_path, holder):
    window = make_window()
    before = window.document
    answers.answer(Button.Cancel)
    assert not window.open_path(bank_path)
    assert window.document is before


def test_a_crashed_svxs_lock_is_taken_over_without_a_question(make_window, bank_path, holder):
    holder.crash()
    window = make_window()
    assert window.open_path(bank_path)  # no answer queued: a question would fail the test
    assert not window.document.read_only
    owner = read_owner(bank_path)
    assert owner is not None and owner.pid == os.getpid()


# ------------------------------------------------------------ permissions
def test_a_file_without_write_permission_opens_read_only(qtbot, make_window, bank_path):
    bank_path.chmod(0o444)
    window = make_window()
    assert window.open_path(bank_path)
    assert window.document.read_only
    assert "no permission to change this file" in banner_text(window)
    assert_nothing_can_be_edited(qtbot, window)
    assert not lock_path_for(bank_path).exists()


def test_saving_over_a_read_only_file_asks_first(make_window, answers, bank_path, tmp_path):
    theirs = tmp_path / "theirs.svx"
    theirs.write_bytes(b"their bytes")
    theirs.chmod(0o444)
    window = make_window()
    assert window.open_path(bank_path)
    answers.answer(Button.Cancel)
    assert not window.save_as(theirs)
    assert "is marked read-only" in answers.shown[-1].text
    assert theirs.read_bytes() == b"their bytes"
    answers.answer(Button.Yes)  # Replace
    assert window.save_as(theirs)
    assert load(theirs).map == window.document.map


# --------------------------------------------------------------- links, one view
def test_save_as_onto_a_symlink_writes_its_target_and_keeps_the_link(
    make_window, bank_path, tmp_path
):
    real = tmp_path / "shared" / "map.svx"
    real.parent.mkdir()
    real.write_bytes(bank_path.read_bytes())
    link = tmp_path / "desktop-shortcut.svx"
    link.symlink_to(real)
    window = make_window()
    window.document.push(AddElements(window.document.map, [Stakeholder("Mine")]))
    assert window.save_as(link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert [s.name for s in load(real).map.stakeholders] == ["Mine"]
    assert lock_path_for(link).parent == real.parent  # the lock sits beside the real file


def test_opening_swaps_the_scene_in_the_one_view(qtbot, make_window, bank_path, tmp_path):
    window = make_window()
    view, first_scene = window.view, window.scene
    assert window.open_path(bank_path)
    assert window.view is view and view.scene() is window.scene is not first_scene
    assert view.map_scene is window.scene
    assert window.counts_label.text().startswith("9 stakeholders")
    qtbot.keyClick(view, Qt.Key.Key_N)  # the canvas keys still reach the same view
    assert view.is_editing_text()
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Escape)
    second_scene = window.scene
    other = tmp_path / "other.svx"
    shutil.copyfile(bank_path, other)
    assert window.open_path(other)
    assert window.view is view and view.scene() is window.scene is not second_scene
