"""The charter editor (issue 12): drafted from expectations in one step, promises edited
in place, added, removed and reordered — every change one undo step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from svx_desktop.editing import Document
from svx_desktop.model import Direction, Flow, Stakeholder, ValueMap
from svx_desktop.model.journey_elements import TouchPoint
from svx_desktop.ui import main as app_main
from svx_desktop.ui.charter import COL_CHANNELS, COL_SERVES, COL_STANDARD, COL_TEXT

Key = Qt.Key


def build_map() -> ValueMap:
    vmap = Document().map
    s = Stakeholder("Customers", category="customer", position=(420, 0), id="s-cust")
    vmap.add_stakeholder(s)
    vmap.add_flow(Flow(s.id, Direction.EXPECTS, "quick answers", id="f-answers"))
    vmap.add_flow(Flow(s.id, Direction.EXPECTS, "safe money", id="f-safe"))
    vmap.add_flow(Flow(s.id, Direction.PROVIDES, "deposits", id="f-dep"))
    vmap.journeys.add_touch_point(
        TouchPoint(s.id, "Calls", id="tp-call", channels=("phone",), serves=("f-answers",))
    )
    vmap.journeys.add_touch_point(
        TouchPoint(s.id, "Signs", id="tp-sign", channels=("in_person",), moment_of_truth=True)
    )
    return vmap


@pytest.fixture
def editor(make_window, qtbot):  # type: ignore[no-untyped-def]
    w = make_window(Document(build_map()))
    w.extend([app_main._attach_journeys])
    w.scene.select_ids(["s-cust"])
    w.view.setFocus()
    QTest.keyClick(w.view.viewport(), Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    view = w.journeys.view()
    assert QApplication.focusWidget() is view
    QTest.keyClick(
        view.viewport(),
        Key.Key_H,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    ed = w.journeys.charter_editor
    assert ed is not None and ed.isVisible()
    return ed


def texts(ed, column: int = COL_TEXT) -> list[str]:  # type: ignore[no-untyped-def]
    return [ed.table.item(r, column).text() for r in range(ed.table.rowCount())]


def test_draft_writes_one_promise_per_expectation_and_moment_in_one_step(editor):
    stack = editor.document.undo_stack
    assert editor.title.text() == "Charter for Customers" and editor.table.rowCount() == 0
    QTest.mouseClick(editor.draft_button, Qt.MouseButton.LeftButton)
    assert texts(editor) == [
        "We will deliver quick answers",
        "We will deliver safe money",
        "We will make “Signs” a moment to remember",
    ]
    assert texts(editor, COL_SERVES) == ["quick answers", "safe money", ""]
    assert texts(editor, COL_CHANNELS)[0] == "Phone/voice"
    assert stack.count() == 1 and stack.undoText() == "Draft Charter of “Customers”"
    assert not editor.draft()  # drafting again adds nothing new
    stack.undo()
    assert editor.table.rowCount() == 0 and editor.document.map.journeys.charter("s-cust") is None


def test_promises_are_edited_in_place_and_every_change_undoes(editor, qtbot):
    editor.draft()
    stack = editor.document.undo_stack
    table = editor.table
    table.setCurrentCell(0, COL_STANDARD)
    table.editItem(table.item(0, COL_STANDARD))
    field = QApplication.focusWidget()
    assert isinstance(field, QLineEdit)
    QTest.keyClicks(field, "answered within one working day")
    QTest.keyClick(field, Key.Key_Return)
    qtbot.waitUntil(lambda: editor.promises[0].standard == "answered within one working day")
    menu = editor.channel_menu(0)
    web = next(a for a in menu.actions() if a.text() == "Web")
    web.trigger()
    assert editor.promises[0].channels == ("phone", "web")
    assert editor.move_promise(0, 1)
    assert texts(editor)[1] == "We will deliver quick answers"
    assert editor.remove_promise(2)
    assert editor.add_promise("We say sorry first")
    assert texts(editor)[-1] == "We say sorry first"
    assert stack.count() == 6
    for _ in range(5):
        stack.undo()
    assert len(editor.promises) == 3 and editor.promises[0].standard == ""


def test_an_empty_promise_text_is_refused(editor):
    editor.draft()
    editor.table.item(0, COL_TEXT).setText("   ")
    assert editor.promises[0].text == "We will deliver quick answers"
    assert editor.document.undo_stack.count() == 1
