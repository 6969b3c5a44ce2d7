"""Files through the main window: open, save, unsaved-changes questions, errors, recent."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from svx_desktop.editing import AddElements, Document
from svx_desktop.fileformat import load
from svx_desktop.model import Stakeholder
from svx_desktop.ui import mainwindow, recent

Button = QMessageBox.StandardButton


def shown_title(window: mainwindow.MainWindow) -> str:
    """The title as the window system shows it (``[*]`` replaced)."""
    handle = window.windowHandle()
    assert handle is not None
    return handle.title()


def add_customers(window: mainwindow.MainWindow) -> None:
    customers = Stakeholder("Customers", position=(0, -300))
    window.document.push(AddElements(window.document.map, stakeholders=[customers]))


def blank_svx(**changes: object) -> dict:
    doc = {
        "format": "svx",
        "version": 1,
        "organisation": {"id": "org", "name": "Acme", "description": "", "x": 0.0, "y": 0.0},
        "meta": {"title": "", "facilitator": ""},
        "categories": [],
        "stakeholders": [],
        "flows": [],
        "notes": [],
    }
    doc.update(changes)
    return doc


def test_title_star_follows_the_undo_stack(make_window, tmp_path):
    window = make_window()
    assert shown_title(window) == "Untitled — SVX"
    add_customers(window)
    assert shown_title(window) == "Untitled* — SVX"
    window.document.undo_stack.undo()
    assert shown_title(window) == "Untitled — SVX"
    window.document.undo_stack.redo()
    assert window.save_as(tmp_path / "bank.svx")
    assert shown_title(window) == "bank.svx — SVX"
    window.document.undo_stack.undo()
    assert shown_title(window) == "bank.svx* — SVX"
    window.document.undo_stack.redo()
    assert shown_title(window) == "bank.svx — SVX"


def test_save_as_then_reopen_gives_the_same_map(make_window, answers, tmp_path):
    window = make_window()
    add_customers(window)
    target = tmp_path / "acme.svx"
    answers.answer(str(target))  # the Save As file dialog
    assert window.save()
    assert not window.document.is_dirty
    assert load(target).map == window.document.map
    saved = window.document.map
    assert window.close()
    other = make_window()
    assert other.open_path(target)
    assert other.document.map == saved
    assert [s.kind for s in answers.shown] == ["file"]


def test_save_as_adds_the_suffix_and_cancel_saves_nothing(make_window, answers, tmp_path):
    window = make_window()
    add_customers(window)
    answers.answer(None)
    assert not window.save()
    assert window.document.is_dirty
    assert list(tmp_path.glob("*.svx")) == []
    answers.answer(str(tmp_path / "no-suffix"))
    assert window.save_as()
    assert (tmp_path / "no-suffix.svx").is_file()


def test_close_with_unsaved_changes_cancel_keeps_the_window(make_window, answers):
    window = make_window()
    add_customers(window)
    answers.answer(Button.Cancel)
    assert not window.close()
    assert window.isVisible()
    assert window.document.is_dirty
    assert "Save the changes to “Untitled”?" in answers.shown[-1].text


def test_close_with_unsaved_changes_discard_closes(make_window, answers):
    window = make_window()
    add_customers(window)
    answers.answer(Button.Discard)
    assert window.close()
    assert not window.isVisible()
    assert window not in mainwindow.windows()


def test_close_with_unsaved_changes_save_saves(make_window, answers, tmp_path):
    path = tmp_path / "acme.svx"
    window = make_window()
    add_customers(window)
    assert window.save_as(path)
    add_customers(window)
    answers.answer(Button.Save)
    assert window.close()
    assert len(load(path).map.stakeholders) == 2


def test_close_untitled_save_asks_for_a_name_and_cancel_there_keeps_it_open(
    make_window, answers, tmp_path
):
    window = make_window()
    add_customers(window)
    answers.answer(Button.Save, None)  # Save, then Cancel in the file dialog
    assert not window.close()
    assert window.isVisible()
    answers.answer(Button.Save, str(tmp_path / "kept.svx"))
    assert window.close()
    assert (tmp_path / "kept.svx").is_file()


def test_close_without_changes_asks_nothing(make_window, answers):
    window = make_window()
    assert window.close()
    assert answers.shown == []


def test_open_over_unsaved_changes_asks_and_cancel_keeps_the_map(make_window, answers, bank_path):
    window = make_window()
    add_customers(window)
    before = window.document
    answers.answer(Button.Cancel)
    assert not window.open_path(bank_path)
    assert window.document is before
    answers.answer(Button.Discard)
    assert window.open_path(bank_path)
    assert window.document.path == bank_path.resolve()
    assert window.document.map == load(bank_path).map
    assert not window.document.is_dirty
    assert shown_title(window) == "bank.svx — SVX"


def test_open_replaces_the_canvas_and_undo_follows_the_new_document(make_window, bank_path):
    window = make_window()
    old_stack = window.document.undo_stack
    assert window.open_path(bank_path)
    assert window.document.undo_stack is not old_stack
    assert window.undo_group.activeStack() is window.document.undo_stack
    assert window.view.scene() is window.scene
    assert window.view.parentWidget() is window.centralWidget()
    assert window.view.isVisibleTo(window)
    assert not window.undo_action.isEnabled()
    stakeholder = window.document.map.stakeholders[0]
    window.view.setFocus()
    window.scene.select_ids([stakeholder.id])
    window.delete_action.trigger()
    assert not window.document.map.has_stakeholder(stakeholder.id)
    assert window.undo_action.text().replace("&", "").startswith("Undo Delete Stakeholder")
    window.undo_action.trigger()
    assert window.document.map == load(bank_path).map


def test_open_the_same_file_twice_brings_its_window_forward(make_window, bank_path):
    first = make_window()
    assert first.open_path(bank_path)
    second = make_window()
    assert second.open_path(bank_path)
    assert second.document.path is None  # the file stays in its own window


def test_garbage_file_shows_the_loader_message_and_keeps_the_map(make_window, answers, tmp_path):
    window = make_window()
    add_customers(window)
    before = window.document.map.copy()
    bad = tmp_path / "garbage.svx"
    bad.write_bytes(b"\x00\xffnot json at all{{{")
    answers.answer(Button.Discard)
    assert not window.open_path(bad)
    message = answers.shown[-1]
    assert message.text == "“garbage.svx” could not be opened."
    assert message.informative.startswith("garbage.svx")
    assert "Traceback" not in message.all_text
    assert window.document.map == before
    assert window.isVisible()


def test_newer_version_is_refused_with_a_clear_message(make_window, answers, tmp_path):
    newer = tmp_path / "future.svx"
    newer.write_text(json.dumps(blank_svx(version=99)), encoding="utf-8")
    window = make_window()
    assert not window.open_path(newer)
    text = answers.shown[-1].all_text
    assert "future.svx" in text
    assert "newer" in text
    assert window.document.path is None


def test_missing_file_and_folder_show_messages(make_window, answers, tmp_path):
    window = make_window()
    assert not window.open_path(tmp_path / "nowhere.svx")
    assert "does not exist" in answers.shown[-1].all_text
    assert not window.open_path(tmp_path)
    assert "folder" in answers.shown[-1].all_text


def test_load_warnings_are_shown_once_after_opening(make_window, answers, tmp_path):
    flows = [
        {"id": "f1", "stakeholder": "gone", "direction": "provides", "label": "deposits"},
    ]
    path = tmp_path / "repaired.svx"
    path.write_text(json.dumps(blank_svx(flows=flows)), encoding="utf-8")
    window = make_window()
    assert window.open_path(path)
    assert len(answers.shown) == 1
    assert answers.shown[0].text == "Opened “repaired.svx”. Please note:"
    assert "gone" in answers.shown[0].informative  # the loader's words name the problem
    # nothing more when the user carries on working
    add_customers(window)
    assert len(answers.shown) == 1


def test_failed_save_keeps_the_map_dirty_and_offers_save_as(make_window, answers, tmp_path):
    window = make_window()
    add_customers(window)
    folder = tmp_path / "a-folder.svx"
    folder.mkdir()
    answers.answer(Button.Cancel)  # decline Save As
    assert not window.save_as(folder)
    assert window.document.is_dirty
    message = answers.shown[-1]
    assert message.text == "The map could not be saved."
    assert "Traceback" not in message.all_text
    good = tmp_path / "good.svx"
    answers.answer(Button.Save, str(good))  # accept Save As, then pick a file
    assert window.save_as(folder)
    assert good.is_file()
    assert not window.document.is_dirty
    assert window.document.path == good.resolve()


def test_missing_folder_save_error(make_window, answers, tmp_path):
    window = make_window()
    add_customers(window)
    answers.answer(Button.Cancel)
    assert not window.save_as(tmp_path / "no" / "such" / "folder" / "x.svx")
    assert window.document.is_dirty
    assert "x.svx" in answers.shown[-1].all_text


def test_recent_files_persist_and_missing_entries_are_removed(make_window, answers, tmp_path):
    paths = []
    window = make_window()
    for i in range(12):
        p = tmp_path / f"map{i}.svx"
        add_customers(window)
        assert window.save_as(p)
        paths.append(str(p.resolve()))
    assert recent.recent_files() == list(reversed(paths))[:10]
    # a fresh window reads the same list from the settings
    other = make_window()
    other.files.fill_recent_menu()
    texts = [a.text() for a in other.recent_menu.actions() if not a.isSeparator()]
    assert texts[0].endswith("map11.svx")
    assert len([t for t in texts if ".svx" in t]) == 10
    Path(paths[-1]).unlink()
    assert not other.files.open_recent(paths[-1])
    assert "no longer there" in answers.shown[-1].text
    assert paths[-1] not in recent.recent_files()
    assert other.files.open_recent(paths[-2])
    assert recent.recent_files()[0] == paths[-2]


def _drop(window, kind, path):
    """Deliver a drag event to the canvas the way Qt's drag manager would.

    Qt refuses drag events sent with ``sendEvent`` (only its drag manager may deliver
    them), so the event goes to the window's filter on the viewport directly.
    """
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    viewport = window.view.viewport()
    pos = QPointF(viewport.width() / 2, viewport.height() / 2)
    args = (pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0))
    event = QDragEnterEvent(pos.toPoint(), *args[1:]) if kind == "enter" else QDropEvent(*args)
    event.setAccepted(False)
    handled = window.eventFilter(viewport, event)
    return handled and event.isAccepted()


def test_dropping_a_file_on_the_canvas_opens_it(make_window, qtbot, bank_path, answers, tmp_path):
    window = make_window()
    assert _drop(window, "enter", bank_path)
    assert _drop(window, "drop", bank_path)
    qtbot.waitUntil(lambda: window.document.path == bank_path.resolve())
    # a hostile drop: a message, the map stays
    bad = tmp_path / "bad.svx"
    bad.write_bytes(b"{" * 100_000)
    assert _drop(window, "drop", bad)
    qtbot.waitUntil(lambda: len(answers.shown) == 1)
    assert "bad.svx" in answers.shown[0].all_text
    assert window.document.path == bank_path.resolve()


def test_new_opens_another_window(make_window):
    window = make_window()
    add_customers(window)
    window.new_action.trigger()
    assert len(mainwindow.windows()) == 2
    new = mainwindow.windows()[-1]
    assert new.document.map.stakeholders == ()
    assert window.document.is_dirty  # untouched


def test_quit_stops_at_cancel(make_window, answers):
    first = make_window()
    second = make_window()
    add_customers(first)
    answers.answer(Button.Cancel)
    assert not mainwindow.quit_all()
    assert first.isVisible()
    assert second not in mainwindow.windows()  # the clean one closed
    answers.answer(Button.Discard)
    assert mainwindow.quit_all()
    assert mainwindow.windows() == []


def test_window_geometry_is_remembered(make_window):
    window = make_window()
    window.resize(700, 500)  # the offscreen screen is small: stay inside it
    assert window.close()
    again = make_window()
    assert (again.width(), again.height()) == (700, 500)


def test_document_given_to_the_window_is_shown(make_window, bank_path):
    document = Document.open(bank_path)
    window = make_window(document)
    assert window.document is document
    assert "stakeholders" in window.counts_label.text()
    n = len(document.map.stakeholders)
    assert window.counts_label.text().startswith(f"{n} stakeholders")


def test_an_empty_map_says_how_to_start(make_window):
    window = make_window()
    assert window.empty_map_hint.startswith("Double-click the canvas or press N")
    assert window.statusBar().currentMessage() == window.empty_map_hint
    add_customers(window)
    assert window.statusBar().currentMessage() == ""
    window.document.undo_stack.undo()
    assert window.statusBar().currentMessage() == window.empty_map_hint


def test_a_file_changed_by_another_program_is_never_silently_overwritten(
    make_window, answers, tmp_path
):
    path = tmp_path / "shared.svx"
    window = make_window()
    add_customers(window)
    assert window.save_as(path)
    other = Document.open(path)  # another program (or SVX instance) changes the file
    other.push(AddElements(other.map, stakeholders=[Stakeholder("Their change")]))
    other.save()
    theirs = path.read_bytes()
    add_customers(window)
    # Cancel: nothing written
    answers.answer(Button.Cancel)
    assert not window.save()
    assert "changed by another program" in answers.shown[-1].text
    assert path.read_bytes() == theirs
    # Keep Mine: Save As somewhere else, their file stays
    answers.answer(Button.Save, str(tmp_path / "mine.svx"))
    assert window.save()
    assert path.read_bytes() == theirs
    assert window.document.path == (tmp_path / "mine.svx").resolve()


def test_external_change_reload_and_overwrite(make_window, answers, tmp_path):
    path = tmp_path / "shared.svx"
    window = make_window()
    add_customers(window)
    assert window.save_as(path)
    other = Document.open(path)
    other.push(AddElements(other.map, stakeholders=[Stakeholder("Their change")]))
    other.save()
    add_customers(window)
    answers.answer(Button.Discard)  # "Reload"
    assert not window.save()
    assert window.document.map == load(path).map
    assert not window.document.is_dirty
    # now they change it again and we overwrite on purpose
    other.push(AddElements(other.map, stakeholders=[Stakeholder("Again")]))
    other.save()
    add_customers(window)
    answers.answer(Button.Ignore)  # "Overwrite"
    assert window.save()
    assert load(path).map == window.document.map


def test_revert_to_backup(make_window, answers, tmp_path):
    path = tmp_path / "kept.svx"
    window = make_window()
    add_customers(window)
    assert window.save_as(path)
    first = window.document.map.copy()
    add_customers(window)
    assert window.save()
    second = window.document.map.copy()
    assert window.files.revert_to_backup()  # the dialog is accepted with the newest backup
    assert window.document.map == first
    assert window.document.is_dirty
    assert load(path).map == second  # nothing written until Save
    assert any("Reverted" in t for t in answers.texts())
    assert window.save()
    assert load(path).map.stakeholders == first.stakeholders


def test_revert_without_a_file_says_why(make_window, answers):
    window = make_window()
    assert not window.files.revert_to_backup()
    assert "not been saved yet" in answers.shown[-1].text


def test_show_document_uses_a_blank_window_else_a_new_one(make_window, answers, bank_path):
    window = make_window()
    first = Document.open(bank_path)
    assert window.show_document(first)
    assert window.document is first
    second = Document()
    assert not window.show_document(second)
    assert window.document is first
    assert mainwindow.windows()[-1].document is second


def test_the_real_question_box_is_modal_and_answerable(make_window, qtbot):
    """Without a responder the real QMessageBox runs; a timer answers it like a user."""
    from svx_desktop.ui import dialogs

    window = make_window()
    add_customers(window)
    dialogs.set_responder(None)  # this test only: the real modal box
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        box.button(Button.Discard).click()

    QTimer.singleShot(0, answer)
    assert window.close()
    assert seen == ["Save the changes to “Untitled”?"]
