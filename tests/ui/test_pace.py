"""Keeping pace with the room: capture-bar keys, the hint's place, copies that never stack,
categories guessed on N, right-click menus and the optional toolbar."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu, QToolBar

from svx_desktop.model import Direction
from svx_desktop.ui import clipboard, toolbar
from tests.ui import workshop_helpers

kit_window = workshop_helpers.kit_window
Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


# ------------------------------------------------------------------- capture bar
def _bar(window, qtbot):  # type: ignore[no-untyped-def]
    bar = window.workshop.command_bar
    bar.open()
    qtbot.waitUntil(bar.edit.hasFocus)
    return bar


def _type_line(qtbot, bar, line: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(bar.edit, line)
    qtbot.keyClick(bar.edit, Key.Key_Return)


def test_ctrl_z_in_the_bar_undoes_the_last_applied_line(kit_window, qtbot):
    window = kit_window()
    bar = _bar(window, qtbot)
    _type_line(qtbot, bar, "Customers: provides deposits")
    _type_line(qtbot, bar, "Staff: provides skills")
    vmap = window.document.map
    assert [s.name for s in vmap.stakeholders] == ["Customers", "Staff"]
    qtbot.keyClick(bar.edit, Key.Key_Z, CTRL)
    assert [s.name for s in vmap.stakeholders] == ["Customers"]
    assert bar.edit.text() == "Staff: provides skills"  # back in the input, to be fixed
    qtbot.keyClick(bar.edit, Key.Key_Z, CTRL)  # still as the undo left it: the line before
    assert not vmap.stakeholders
    assert bar.edit.text() == "Customers: provides deposits"
    assert bar.isVisible() and bar.edit.hasFocus()


def test_ctrl_z_is_the_inputs_own_while_the_text_was_changed(kit_window, qtbot):
    window = kit_window()
    bar = _bar(window, qtbot)
    _type_line(qtbot, bar, "Customers: provides deposits")
    qtbot.keyClicks(bar.edit, "Sta")
    qtbot.keyClick(bar.edit, Key.Key_Z, CTRL)
    assert [s.name for s in window.document.map.stakeholders] == ["Customers"]  # map untouched
    assert bar.edit.text() != "Sta"  # the typing was undone instead


def test_a_forgotten_colon_is_read_as_a_flow(kit_window, qtbot):
    window = kit_window()
    bar = _bar(window, qtbot)
    _type_line(qtbot, bar, "Customers provides deposits")
    vmap = window.document.map
    assert [s.name for s in vmap.stakeholders] == ["Customers"]
    (flow,) = vmap.flows
    assert (flow.direction, flow.label) == (Direction.PROVIDES, "deposits")
    assert vmap.stakeholders[0].category == "customer"
    _type_line(qtbot, bar, "Customers expects")  # nothing after the word: refused, hinted
    assert bar.hint.isVisible() and "expects" in bar.hint.text()
    assert len(vmap.stakeholders) == 1
    assert all("provides" not in s.name and "expects" not in s.name for s in vmap.stakeholders)


def test_the_hint_never_narrows_the_input(kit_window, qtbot):
    window = kit_window()
    window.resize(1280, 720)
    bar = _bar(window, qtbot)
    QApplication.processEvents()
    width = bar.edit.width()
    qtbot.keyClicks(bar.edit, "Customers, provides deposits (oops")
    qtbot.keyClick(bar.edit, Key.Key_Return)
    assert bar.hint.isVisible() and bar.hint.text()
    QApplication.processEvents()
    assert bar.edit.width() == width
    # The hint is below the input, on its own line, inside the bar.
    hint = bar.hint.geometry()
    assert hint.top() >= bar.edit.geometry().bottom()
    assert bar.rect().contains(hint)


# ----------------------------------------------------------------- copies
def _positions(window) -> list[tuple[float, float]]:  # type: ignore[no-untyped-def]
    return [s.position for s in window.document.map.stakeholders]


def test_repeated_pastes_and_duplicates_cascade(kit_window, qtbot):
    window = kit_window()
    window.workshop.command_bar.run_line("Customers: provides deposits")
    vmap = window.document.map
    window.scene.select_ids([vmap.stakeholders[0].id])
    assert clipboard.copy(window)
    for _ in range(3):
        assert clipboard.paste(window)
    window.scene.select_ids([vmap.stakeholders[0].id])
    for _ in range(2):
        assert clipboard.duplicate(window)
    places = _positions(window)
    assert len(places) == 6
    assert len(set(places)) == 6, places  # no copy sits exactly on another
    xs = sorted(p[0] for p in places)
    assert all(b - a >= clipboard.OFFSET - 1e-6 for a, b in pairwise(xs))


# --------------------------------------------------------------------- N
def test_n_guesses_the_category_in_the_same_undo_step(kit_window, qtbot):
    window = kit_window()
    view = window.view
    stack = window.document.undo_stack
    view.setFocus()
    qtbot.keyClick(view, Key.Key_N)
    editor = view.editing.active_editor()
    qtbot.keyClicks(editor.widget, "Business customers")
    qtbot.keyClick(editor.widget, Key.Key_Return)
    (s,) = window.document.map.stakeholders
    assert (s.name, s.category) == ("Business customers", "customer")
    assert stack.count() == 1
    stack.undo()
    assert not window.document.map.stakeholders
    qtbot.keyClick(view, Key.Key_N)
    editor = view.editing.active_editor()
    qtbot.keyClicks(editor.widget, "Acme")
    qtbot.keyClick(editor.widget, Key.Key_Return)
    assert window.document.map.stakeholders[0].category == "other"


# ------------------------------------------------------------------ menus
def _menu_at(window, qtbot, scene_point: QPointF) -> list[str]:  # type: ignore[no-untyped-def]
    """Right-click at ``scene_point``; the texts of the menu that opens (then closed)."""
    view = window.view
    pos = view.mapFromScene(scene_point)
    texts: list[str] = []

    def read() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        texts.extend(a.text().replace("&", "") for a in menu.actions() if not a.isSeparator())
        menu.close()

    QTimer.singleShot(0, read)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    assert texts, "no menu opened"
    return texts


def _menu_window(kit_window):  # type: ignore[no-untyped-def]
    window = kit_window()
    window.resize(1280, 720)
    window.workshop.command_bar.run_line("Customers: provides deposits; expects interest")
    window.workshop.command_bar.close_bar()
    window.view.fit_all()
    QApplication.processEvents()
    return window


def test_right_click_on_a_card(kit_window, qtbot):
    window = _menu_window(kit_window)
    s = window.document.map.stakeholders[0]
    texts = _menu_at(window, qtbot, QPointF(*s.position))
    for wanted in ("Rename", "Add Provides Flow", "Add Expects Flow", "Focus on Selection"):
        assert wanted in texts
    for wanted in ("Cut", "Copy", "Paste", "Duplicate", "Delete"):
        assert wanted in texts
    assert window.scene.selection().stakeholders == (s.id,)  # what was clicked is selected


def test_right_click_on_a_flow_label(kit_window, qtbot):
    window = _menu_window(kit_window)
    flow = window.document.map.flows[0]
    item = window.scene.item_for(flow.id)
    texts = _menu_at(window, qtbot, item.sceneBoundingRect().center())
    assert {"Rename", "Delete", "Add Provides Flow", "Add Expects Flow"} <= set(texts)
    assert "Add Stakeholder Here" not in texts
    assert flow.id in window.scene.selection().flows


def test_right_click_on_a_note(kit_window, qtbot):
    from svx_desktop.editing import AddElements
    from svx_desktop.model import Note

    window = _menu_window(kit_window)
    note = Note("Ask about fees", position=(600.0, -300.0))
    window.document.push(AddElements(window.document.map, notes=[note]))
    window.view.fit_all()
    QApplication.processEvents()
    texts = _menu_at(window, qtbot, QPointF(*note.position))
    assert {"Rename", "Cut", "Copy", "Duplicate", "Delete"} <= set(texts)
    assert "Add Provides Flow" not in texts


def test_right_click_on_empty_canvas_adds_here(kit_window, qtbot):
    window = _menu_window(kit_window)
    view = window.view
    empty = view.mapToScene(QPoint(20, 20))  # the top-left corner: no card, no legend
    assert view.itemAt(view.mapFromScene(empty)) is None
    texts = _menu_at(window, qtbot, empty)
    assert texts[:2] == ["Add Stakeholder Here", "Add Note Here"]
    assert {"Paste", "Select All", "Arrange Around Organisation", "Fit Map"} <= set(texts)
    assert "Delete" not in texts and "Rename" not in texts
    # The entry acts at the clicked point.
    window.workshop.menus.stakeholder_here.trigger()
    editor = view.editing.active_editor()
    assert editor is not None
    qtbot.keyClicks(editor.widget, "Suppliers")
    qtbot.keyClick(editor.widget, Key.Key_Return)
    made = window.document.map.stakeholders[-1]
    assert made.name == "Suppliers" and made.category == "supplier"
    assert abs(made.position[0] - empty.x()) < 1 and abs(made.position[1] - empty.y()) < 1


# ---------------------------------------------------------------- toolbar
def test_the_toolbar_is_optional_saved_and_hidden_when_presenting(kit_window, qtbot):
    window = kit_window()
    bar = window.findChild(QToolBar, "svxToolbar")
    assert bar is not None and not bar.isVisible()  # off until asked for
    action = window.workshop.actions["toolbar"]
    assert action in window.view_menu.actions()
    action.trigger()
    assert bar.isVisible() and toolbar.saved_shown()
    texts = [a.text().replace("&", "") for a in bar.actions() if not a.isSeparator()]
    assert {"Add Stakeholder", "Quick Capture…", "Fit Map", "Undo"} <= set(texts)
    presentation = window.workshop.presentation
    presentation.toggle()
    assert not bar.isVisible()
    presentation.toggle()
    qtbot.waitUntil(bar.isVisible)
    later = kit_window()  # the next window remembers
    assert later.findChild(QToolBar, "svxToolbar").isVisible()
    action.trigger()
    assert not toolbar.saved_shown()


def test_context_menu_positions_are_canvas_points(kit_window, qtbot):
    window = _menu_window(kit_window)
    view = window.view
    point = QPoint(10, 10)
    view.map_scene.clearSelection()
    menu = window.workshop.menus.menu_for(point)
    assert menu.objectName() == "svxCanvasMenu-canvas"
    menu.deleteLater()


def test_the_menu_key_opens_the_menu_of_the_selection(kit_window, qtbot):
    window = _menu_window(kit_window)
    view = window.view
    s = window.document.map.stakeholders[0]
    window.scene.select_ids([s.id])
    texts: list[str] = []

    def read() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        texts.extend(a.text().replace("&", "") for a in menu.actions() if not a.isSeparator())
        menu.close()

    QTimer.singleShot(0, read)
    centre = view.rect().center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, centre, view.mapToGlobal(centre))
    QApplication.sendEvent(view, event)
    assert "Add Provides Flow" in texts  # the selected card's menu, not the canvas's
