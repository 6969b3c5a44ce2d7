"""Quick capture through the command bar, parking-lot notes, and the keys that open them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from svx_desktop.model.capture import SYNTAX_EXAMPLE, ParseError
from tests.ui import workshop_helpers
from tests.ui.workshop_helpers import structure

kit_window = workshop_helpers.kit_window

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def open_bar(qtbot, window):
    qtbot.keyClick(window.view, Key.Key_K, CTRL)
    bar = window.workshop.command_bar
    assert bar.isVisible()
    assert QApplication.focusWidget() is bar.edit
    return bar


def type_line(qtbot, bar, text: str) -> None:
    qtbot.keyClicks(bar.edit, text)
    assert bar.edit.text() == text, "a shortcut stole a key from the command bar"
    qtbot.keyClick(bar.edit, Key.Key_Return)


def test_lines_typed_into_the_bar_build_the_map_one_undo_step_each(kit_window, qtbot):
    window = kit_window()
    bar = open_bar(qtbot, window)
    assert SYNTAX_EXAMPLE in bar.edit.placeholderText()
    assert "provides" in bar.edit.toolTip()
    lines = [
        "Customers: provides deposits, fees; expects interest, capital growth",
        "Regulator (government): provides licence; expects compliance",
        "customers: expects advice",
    ]
    for line in lines:
        type_line(qtbot, bar, line)
        assert bar.edit.text() == "", "the bar is emptied for the next line"
    vmap = window.document.map
    assert structure(vmap) == [
        (
            "Customers",
            "customer",
            [
                ("provides", "deposits"),
                ("provides", "fees"),
                ("expects", "interest"),
                ("expects", "capital growth"),
                ("expects", "advice"),
            ],
        ),
        ("Regulator", "regulator", [("provides", "licence"), ("expects", "compliance")]),
    ]
    # The stakeholder of the last line is selected and on screen.
    customers = vmap.stakeholders[0].id
    assert window.scene.selection().stakeholders == (customers,)
    stack = window.document.undo_stack
    assert stack.count() == 3
    stack.undo()
    assert [f.label for f in vmap.flows_of(customers)][-1] == "capital growth"
    stack.undo()
    assert [s.name for s in vmap.stakeholders] == ["Customers"]
    stack.undo()
    assert not vmap.stakeholders and not vmap.flows
    qtbot.keyClick(bar.edit, Key.Key_Escape)
    assert not bar.isVisible()


def test_a_line_it_cannot_read_shows_a_hint_and_changes_nothing(kit_window, qtbot, answers):
    window = kit_window()
    bar = open_bar(qtbot, window)
    type_line(qtbot, bar, 'Customers: provides "deposits')
    assert isinstance(bar.last_result, ParseError)
    assert bar.hint.isVisible() and bar.hint.text() == bar.last_result.hint
    assert bar.edit.text() == 'Customers: provides "deposits', "the line stays for fixing"
    assert not window.document.map.stakeholders
    assert window.document.undo_stack.count() == 0
    assert not answers.shown, "no dialog for a bad line"
    qtbot.keyClicks(bar.edit, '"')
    assert not bar.hint.isVisible(), "typing clears the hint"


def test_slash_on_the_canvas_opens_the_bar_and_names_autocomplete(kit_window, qtbot):
    window = kit_window()
    bar = window.workshop.command_bar
    bar.run_line("Shareholders: provides capital")
    bar.close_bar()
    qtbot.keyClick(window.view, Key.Key_Slash)
    assert bar.isVisible() and QApplication.focusWidget() is bar.edit
    assert bar.names.stringList() == ["Shareholders"]
    bar.completer.setCompletionPrefix("sha")
    assert bar.completer.currentCompletion() == "Shareholders"


def test_add_note_opens_an_editor_at_a_free_spot_and_is_one_undo_step(kit_window, qtbot):
    window = kit_window()
    window.workshop.command_bar.run_line("Customers: provides deposits")
    window.view.setFocus()
    qtbot.keyClick(window.view, Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QPlainTextEdit) and window.view.is_editing_text()
    qtbot.keyClicks(editor, "Ask about branch closures")
    qtbot.keyClick(editor, Key.Key_Return)
    vmap = window.document.map
    assert [n.text for n in vmap.notes] == ["Ask about branch closures"]
    note_rect = window.scene.item_for(vmap.notes[0].id).scene_rect()
    for item in window.scene.stakeholder_items() + window.scene.flow_items():
        assert not note_rect.intersects(item.sceneBoundingRect())
    assert not note_rect.intersects(window.scene.organisation_item.scene_rect())
    # A second note goes below the first, not on it.
    window.workshop.actions["note"].trigger()
    qtbot.keyClicks(QApplication.focusWidget(), "Second")
    qtbot.keyClick(QApplication.focusWidget(), Key.Key_Return)
    a, b = (window.scene.item_for(n.id).scene_rect() for n in vmap.notes)
    assert not a.intersects(b)
    window.document.undo_stack.undo()
    assert len(vmap.notes) == 1
    # Esc leaves no trace.
    window.workshop.actions["note"].trigger()
    qtbot.keyClick(QApplication.focusWidget(), Key.Key_Escape)
    assert len(vmap.notes) == 1


def test_every_new_shortcut_is_on_the_sheet_and_none_is_shared(kit_window):
    from PySide6.QtGui import QAction

    window = kit_window()
    seen: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            text = key.toString()
            assert text not in seen, f"{text} is both {seen[text]!r} and {action.text()!r}"
            seen[text] = action.text()
    rows = window.shortcut_rows()
    keys = {what: k for _section, what, k in rows}
    expected = {
        "Quick Capture": "Ctrl+K",
        "Add Note": "Ctrl+Shift+N",
        "Copy": "Ctrl+C",
        "Paste": "Ctrl+V",
        "Cut": "Ctrl+X",
        "Duplicate": "Ctrl+D",
        "Find": "Ctrl+F",
        "Find Next": "F3",
        "Focus on Selection": "F",
        "Presentation Mode": "F5",
        "Arrange Around Organisation": "Ctrl+L",
        "Arrange, Keep Order": "Ctrl+Shift+L",
        "Quick capture: open the command bar": "/",
    }
    for what, key in expected.items():
        assert what in keys, f"{what} missing from the shortcuts sheet"
        assert keys[what].split(", ")[0] == key, (what, keys[what])
