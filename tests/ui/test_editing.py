"""Drawing a map through the main window the way a facilitator does: mouse and keys.

The bank example is built from nothing with double-clicks, typed names, single-key
shortcuts and a dragged flow handle; then saved, reopened in a fresh window, undone back
to an empty map and redone. Keys go through Qt's shortcut machinery (``QTest`` sends the
``ShortcutOverride`` first), so a shortcut that stole a key from an inline editor would
show up as a wrong name.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from svx_desktop.fileformat import load
from svx_desktop.model import Direction
from svx_desktop.ui import mainwindow

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NO_MODIFIER = Qt.KeyboardModifier(0)


def editor(window: mainwindow.MainWindow) -> QLineEdit:
    """The inline editor that has the keyboard now."""
    focus = QApplication.focusWidget()
    assert isinstance(focus, QLineEdit), f"no inline editor has focus ({focus!r})"
    assert window.view.is_editing_text()
    return focus


def type_and_enter(qtbot, window: mainwindow.MainWindow, text: str) -> None:
    line = editor(window)
    qtbot.keyClicks(line, text)
    assert line.text() == text, "a shortcut stole a key from the inline editor"
    qtbot.keyClick(line, Key.Key_Return)
    assert not window.view.is_editing_text()


def press(qtbot, window: mainwindow.MainWindow, key: Key, modifiers=NO_MODIFIER):
    qtbot.keyClick(window.view, key, modifiers)


def viewport_point(window: mainwindow.MainWindow, element_id: str) -> QPoint:
    item = window.scene.item_for(element_id)
    assert item is not None
    return window.view.mapFromScene(item.sceneBoundingRect().center())


def empty_spot(window: mainwindow.MainWindow) -> QPoint:
    """A point of the viewport with no item under it."""
    view = window.view
    for x in range(40, view.viewport().width() - 40, 37):
        for y in range(40, view.viewport().height() - 40, 41):
            if view.itemAt(QPoint(x, y)) is None:
                return QPoint(x, y)
    raise AssertionError("no empty spot on the canvas")


def selected_stakeholders(window: mainwindow.MainWindow) -> list[str]:
    return list(window.scene.selection().stakeholders)


def structure(vmap) -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (s.name, [(f.direction.value, f.label) for f in vmap.flows_of(s.id)])
        for s in vmap.stakeholders
    ]


def drag_handle_to_organisation(qtbot, window: mainwindow.MainWindow, stakeholder_id: str):
    item = window.scene.item_for(stakeholder_id)
    handle = item.handle
    start = window.view.mapFromScene(handle.scenePos())
    end = viewport_point(window, window.document.map.organisation.id)
    viewport = window.view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), start)
    for i in range(1, 6):
        QTest.mouseMove(viewport, start + (end - start) * (i / 5))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), end)


def build_bank(qtbot, window: mainwindow.MainWindow, bank) -> None:
    """Draw the bank example's organisation, stakeholders and flows with mouse and keys."""
    view = window.view
    # the organisation: click it, F2, type
    org_point = viewport_point(window, window.document.map.organisation.id)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), org_point)
    assert window.scene.selection().organisation
    press(qtbot, window, Key.Key_F2)
    line = editor(window)
    line.selectAll()
    type_and_enter(qtbot, window, bank.organisation.name)

    for i, stakeholder in enumerate(bank.stakeholders):
        if i == 0:  # double-click on empty canvas
            QTest.mouseDClick(
                view.viewport(),
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier(0),
                empty_spot(window),
            )
        elif i % 2:
            press(qtbot, window, Key.Key_N)
        else:
            press(qtbot, window, Key.Key_Insert)
        type_and_enter(qtbot, window, stakeholder.name)
        [sid] = selected_stakeholders(window)
        for j, flow in enumerate(bank.flows_of(stakeholder.id)):
            if i == 1 and j == 0:
                assert flow.direction is Direction.PROVIDES
                drag_handle_to_organisation(qtbot, window, sid)
            else:
                press(
                    qtbot, window, Key.Key_P if flow.direction is Direction.PROVIDES else Key.Key_E
                )
            type_and_enter(qtbot, window, flow.label)
            assert selected_stakeholders(window) == [sid]


def test_build_the_bank_example_save_reopen_undo_redo(make_window, qtbot, bank_path, tmp_path):
    bank = load(bank_path).map
    window = make_window()
    empty = window.document.map.copy()
    build_bank(qtbot, window, bank)

    built = window.document.map
    assert built.organisation.name == "Bank"
    assert structure(built) == structure(bank)
    assert window.counts_label.text() == "9 stakeholders · 33 flows"
    assert window.isWindowModified()

    # save, reopen in a fresh window, same model
    path = tmp_path / "bank.svx"
    assert window.save_as(path)
    assert not window.isWindowModified()
    saved = built.copy()
    assert window.close()
    again = make_window()
    assert again.open_path(path)
    assert again.document.map == saved

    # undo everything back to the empty map, then redo everything, with the keyboard (in a
    # new window over the document that was built, since its first window is closed)
    steps = window.document.undo_stack.count()
    assert steps == 1 + 9 + 33  # rename, stakeholders, flows: one step each
    window2 = make_window(window.document)
    for _ in range(steps):
        press(qtbot, window2, Key.Key_Z, CTRL)
    assert window2.document.map.stakeholders == ()
    assert window2.document.map.organisation.name == empty.organisation.name
    assert not window2.undo_action.isEnabled()
    for _ in range(steps):
        press(qtbot, window2, Key.Key_Z, CTRL | SHIFT)
    assert window2.document.map == saved
    assert not window2.isWindowModified()  # back at the saved state


def test_single_letter_shortcuts_do_not_steal_keys_from_the_editor(make_window, qtbot):
    window = make_window()
    press(qtbot, window, Key.Key_N)
    type_and_enter(qtbot, window, "Customers")
    press(qtbot, window, Key.Key_N)
    line = editor(window)
    # every single-key shortcut letter, capitals, spaces and digits
    qtbot.keyClicks(line, "Pension fund: NPE npe 2 Insert")
    qtbot.keyClick(line, Key.Key_Backspace)
    qtbot.keyClick(line, Key.Key_Delete)
    qtbot.keyClick(line, Key.Key_Home)
    qtbot.keyClick(line, Key.Key_Delete)
    assert line.text() == "ension fund: NPE npe 2 Inser"
    qtbot.keyClick(line, Key.Key_Z, CTRL)  # the editor's own undo, not the map's
    assert [s.name for s in window.document.map.stakeholders] == ["Customers"]
    qtbot.keyClick(line, Key.Key_Escape)
    assert [s.name for s in window.document.map.stakeholders] == ["Customers"]
    assert not window.view.is_editing_text()


def test_delete_and_undo_restores_the_stakeholder_and_its_flows(make_window, qtbot, bank_path):
    window = make_window()
    assert window.open_path(bank_path)
    before = window.document.map.copy()
    customers = before.stakeholders[0]
    QTest.mouseClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier(0),
        viewport_point(window, customers.id),
    )
    assert selected_stakeholders(window) == [customers.id]
    press(qtbot, window, Key.Key_Delete)
    assert not window.document.map.has_stakeholder(customers.id)
    assert len(window.document.map.flows) == len(before.flows) - 4
    assert (
        window.undo_action.text().replace("&", "") == "Undo Delete Stakeholder “Personal customers”"
    )
    assert window.counts_label.text().startswith("8 stakeholders · 29 flows")
    press(qtbot, window, Key.Key_Z, CTRL)
    assert window.document.map == before
    assert window.counts_label.text().startswith("9 stakeholders · 33 flows")
    assert not window.isWindowModified()


def test_undo_menu_names_a_move_of_three_stakeholders(make_window, qtbot, bank_path):
    window = make_window()
    assert window.open_path(bank_path)
    ids = [s.id for s in window.document.map.stakeholders[:3]]
    window.scene.select_ids(ids)
    viewport = window.view.viewport()
    start = viewport_point(window, ids[0])
    end = start + QPoint(40, 25)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), start)
    for i in range(1, 5):
        QTest.mouseMove(viewport, start + (end - start) * (i / 4))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), end)
    assert window.document.undo_stack.count() == 1
    assert window.undo_action.text().replace("&", "") == "Undo Move 3 Stakeholders"
    assert window.isWindowModified()
    press(qtbot, window, Key.Key_Z, CTRL)
    assert window.redo_action.text().replace("&", "") == "Redo Move 3 Stakeholders"
    assert not window.isWindowModified()


def test_status_bar_shows_zoom_and_selection(make_window, qtbot, bank_path):
    window = make_window()
    assert window.open_path(bank_path)
    press(qtbot, window, Key.Key_1, CTRL)
    assert window.zoom_label.text() == "100%"
    press(qtbot, window, Key.Key_Equal, CTRL)
    assert window.zoom_label.text() != "100%"
    window.zoom_100_action.trigger()
    assert window.zoom_label.text() == "100%"
    press(qtbot, window, Key.Key_A, CTRL)
    m = window.document.map
    n = 1 + len(m.stakeholders) + len(m.flows) + len(m.notes)
    assert window.selection_label.text() == f"{n} selected"
    assert window.delete_action.isEnabled()


def test_flow_actions_need_a_stakeholder(make_window, qtbot):
    window = make_window()
    assert not window.add_provides_action.isEnabled()
    press(qtbot, window, Key.Key_P)
    assert not window.view.is_editing_text()
    press(qtbot, window, Key.Key_N)
    type_and_enter(qtbot, window, "Customers")
    assert window.add_provides_action.isEnabled()
    press(qtbot, window, Key.Key_E)
    type_and_enter(qtbot, window, "interest")
    [flow] = window.document.map.flows
    assert (flow.direction, flow.label) == (Direction.EXPECTS, "interest")
    # a selected flow stands for its stakeholder
    window.scene.select_ids([flow.id])
    assert window.add_provides_action.isEnabled()
    press(qtbot, window, Key.Key_P)
    type_and_enter(qtbot, window, "fees")
    assert [f.label for f in window.document.map.flows] == ["interest", "fees"]
    assert window.document.map.flows[1].stakeholder_id == flow.stakeholder_id


def test_shortcuts_sheet_lists_the_menu_shortcuts(make_window, answers):
    window = make_window()
    rows = window.shortcut_rows()
    keys = {what: k for _section, what, k in rows}
    assert keys["Add Stakeholder"] == "N, Ins"
    assert keys["Add Provides Flow"] == "P"
    assert keys["Add Expects Flow"] == "E"
    assert keys["Rename"] == "F2"
    assert keys["Fit Map"] == "Ctrl+0"
    assert keys["Actual Size (100%)"] == "Ctrl+1"
    assert "Undo" in keys
    assert any(what.startswith("New stakeholder there") for _s, what, _k in rows)
    window.shortcuts_action.trigger()


def test_no_two_actions_share_a_shortcut(make_window):
    from PySide6.QtGui import QAction

    window = make_window()
    seen: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            text = key.toString()
            assert text not in seen, f"{text} is both {seen[text]!r} and {action.text()!r}"
            seen[text] = action.text()
    assert {"Ctrl+Q", "Ctrl+S", "Ctrl+Shift+S", "Ctrl+Z", "N", "P", "E", "F2"} <= set(seen)


def test_ctrl_q_asks_about_unsaved_changes(make_window, qtbot, answers):
    from PySide6.QtWidgets import QMessageBox

    window = make_window()
    press(qtbot, window, Key.Key_N)
    type_and_enter(qtbot, window, "Media")
    answers.answer(QMessageBox.StandardButton.Cancel)
    press(qtbot, window, Key.Key_Q, CTRL)
    assert answers.shown[-1].text == "Save the changes to “Untitled”?"
    assert window.isVisible()


def test_save_and_close_include_a_name_still_being_typed(make_window, qtbot, answers, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    window = make_window()
    press(qtbot, window, Key.Key_N)
    qtbot.keyClicks(editor(window), "Customers")
    answers.answer(str(tmp_path / "typed.svx"))
    press(qtbot, window, Key.Key_S, CTRL)  # while the editor is still open
    assert [s.name for s in load(tmp_path / "typed.svx").map.stakeholders] == ["Customers"]
    assert not window.isWindowModified()
    press(qtbot, window, Key.Key_N)
    qtbot.keyClicks(editor(window), "Suppliers")
    answers.answer(QMessageBox.StandardButton.Cancel)
    assert not window.close()  # the typed name made the map dirty: it asks
    assert [s.name for s in window.document.map.stakeholders] == ["Customers", "Suppliers"]


def test_canvas_keys_act_only_while_the_canvas_has_the_focus(make_window, qtbot, bank_path):
    from PySide6.QtWidgets import QListWidget

    window = make_window()
    assert window.open_path(bank_path)
    before = window.document.map.copy()
    panel = QListWidget()
    panel.addItems(["Apple", "Nut", "Pear"])
    window.add_dock(panel, "Fruit", Qt.DockWidgetArea.LeftDockWidgetArea)
    window.scene.select_ids([before.stakeholders[0].id])
    panel.setFocus()
    qtbot.waitUntil(panel.hasFocus)
    qtbot.keyClick(panel, Key.Key_N)  # the list's own type-ahead, not Add Stakeholder
    assert panel.currentItem().text() == "Nut"
    qtbot.keyClick(panel, Key.Key_P)
    qtbot.keyClick(panel, Key.Key_Delete)
    qtbot.keyClick(panel, Key.Key_A, CTRL)
    assert not window.view.is_editing_text()
    assert window.document.map == before
    assert window.document.undo_stack.count() == 0
    # back on the canvas the same keys edit the map
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus)
    press(qtbot, window, Key.Key_Delete)
    assert len(window.document.map.stakeholders) == len(before.stakeholders) - 1
