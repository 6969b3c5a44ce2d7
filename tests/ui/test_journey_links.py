"""Deleting an expectation that touch points or promises serve asks first (issue 12).

The canvas's Delete key and the Exchanges table ask "Delete / Cancel", naming how many
touch points and promises lose the link; Delete unlinks them in the same undo step, and
undo links them again. A deleted stakeholder takes its journey with it: nothing is asked.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from svx_desktop.editing import Document
from svx_desktop.model import Direction, Flow, Stakeholder, ValueMap
from svx_desktop.model.journey_elements import Charter, Promise, TouchPoint
from svx_desktop.ui import main as app_main
from svx_desktop.ui.exchanges import ExchangesPanel
from tests.ui.journey_helpers import journey_window

Button = QMessageBox.StandardButton


def build_map() -> ValueMap:
    vmap = Document().map
    s = Stakeholder("Customers", category="customer", position=(420, 0), id="s-cust")
    vmap.add_stakeholder(s)
    vmap.add_flow(Flow(s.id, Direction.EXPECTS, "quick answers", id="f-answers"))
    vmap.add_flow(Flow(s.id, Direction.EXPECTS, "safe money", id="f-safe"))
    j = vmap.journeys
    j.add_touch_point(TouchPoint(s.id, "Calls", id="tp-call", serves=("f-answers",)))
    j.add_touch_point(TouchPoint(s.id, "Chats", id="tp-chat", serves=("f-answers", "f-safe")))
    j.set_charter(Charter(s.id, (Promise("We answer in a day", id="p1", serves="f-answers"),)))
    return vmap


@pytest.fixture
def window(make_window, qtbot):  # type: ignore[no-untyped-def]
    return journey_window(
        make_window, qtbot, build_map(), (app_main._attach_panels, app_main._attach_journeys)
    )


def delete_on_canvas(w, ids) -> None:  # type: ignore[no-untyped-def]
    w.scene.select_ids(ids)
    assert QApplication.focusWidget() is w.view
    QTest.keyClick(w.view.viewport(), Qt.Key.Key_Delete)


def test_cancel_keeps_the_expectation_and_its_links(window, answers):
    answers.answer(Button.Cancel)
    delete_on_canvas(window, ["f-answers"])
    vmap = window.document.map
    assert vmap.has_flow("f-answers") and window.document.undo_stack.count() == 0
    (shown,) = answers.shown
    assert shown.text == "Delete “quick answers”?"
    assert "2 touch points and 1 charter promise lose their link" in shown.informative


def test_delete_unlinks_in_one_step_and_undo_links_again(window, answers):
    answers.answer(Button.Ok)
    delete_on_canvas(window, ["f-answers"])
    vmap = window.document.map
    j = vmap.journeys
    assert not vmap.has_flow("f-answers")
    assert j.touch_point("tp-call").serves == () and j.touch_point("tp-chat").serves == ("f-safe",)
    assert j.charter("s-cust").promises[0].serves is None
    stack = window.document.undo_stack
    assert stack.count() == 1
    stack.undo()
    assert j.touch_point("tp-call").serves == ("f-answers",)
    assert j.charter("s-cust").promises[0].serves == "f-answers"
    stack.redo()
    assert not j.is_linked("f-answers") and not vmap.has_flow("f-answers")


def test_a_flow_nothing_serves_and_a_whole_stakeholder_go_without_asking(window, answers):
    window.document.map.journeys.update_touch_point("tp-chat", serves=("f-answers",))
    delete_on_canvas(window, ["f-safe"])
    assert not window.document.map.has_flow("f-safe")
    delete_on_canvas(window, ["s-cust", "f-answers"])
    assert not window.document.map.has_stakeholder("s-cust")
    assert answers.shown == []


def test_the_exchanges_table_asks_too(window, answers):
    panel = window.findChild(ExchangesPanel)
    panel.select_flow_ids(["f-safe"])
    answers.answer(Button.Cancel)
    assert not panel.delete_selected()
    assert window.document.map.has_flow("f-safe")
    assert "1 touch point loses its link" in answers.shown[0].informative


# ------------------------------------------------------------ channel grid
def grid_cell(panel, stakeholder_id: str, channel_id: str):  # type: ignore[no-untyped-def]
    row = panel.grid.stakeholder_ids.index(stakeholder_id)
    column = [c.id for c in panel.grid.channels].index(channel_id)
    return row, column, panel.table.item(row, column)


def test_the_grid_equals_what_the_journeys_say_and_is_edited_in_place(window, qtbot):
    from svx_desktop.model.coverage import channel_grid
    from svx_desktop.model.health import Health

    vmap = window.document.map
    vmap.journeys.update_touch_point("tp-call", channels=("phone",), health=Health.DYING)
    vmap.journeys.update_touch_point("tp-chat", channels=("chat", "phone"), health=Health.ALIVE)
    panel = window.journeys.grid
    qtbot.waitUntil(lambda: grid_cell(panel, "s-cust", "phone")[2].text() == "2 · dying")
    expected = channel_grid(vmap)
    for channel in expected.channels:
        cell = expected.cell("s-cust", channel.id)
        _r, _c, item = grid_cell(panel, "s-cust", channel.id)
        worst = cell.worst.label.lower() if cell.worst else None
        assert item.text() == (f"{len(cell.touch_points)} · {worst}" if cell.touch_points else "")
    assert grid_cell(panel, "s-cust", "web")[2].text() == ""  # an empty cell, hatched
    row, column, _item = grid_cell(panel, "s-cust", "web")
    panel.table.setCurrentCell(row, column)
    assert "Customers × Web: 0 touch points" in panel.caption.text()
    assert [panel.points.item(i).text() for i in range(panel.points.count())] == ["Calls", "Chats"]
    panel.points.item(0).setCheckState(Qt.CheckState.Checked)  # "Calls" now through the web
    assert vmap.journeys.touch_point("tp-call").channels == ("phone", "web")
    qtbot.waitUntil(lambda: grid_cell(panel, "s-cust", "web")[2].text() == "1 · dying")
    window.document.undo_stack.undo()
    qtbot.waitUntil(lambda: grid_cell(panel, "s-cust", "web")[2].text() == "")
    panel.points.itemDoubleClicked.emit(panel.points.item(1))
    assert window.journeys.is_open
    assert window.journeys.view().journey_scene.selected_ids() == ["tp-chat"]
