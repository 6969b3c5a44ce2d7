"""Every canvas key, pressed as the running app receives it, in a real main window.

Keys go to the canvas's viewport while the canvas has the focus, through Qt's shortcut
machinery (``QTest`` sends ``ShortcutOverride`` first), so each test proves that the
keymap's action is reachable, scoped to the canvas and does what the sheet says.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from svx_desktop.canvas.keymap import CANVAS_KEYS, key_sequences
from svx_desktop.editing import Document
from svx_desktop.fileformat.templates import load_template
from svx_desktop.model import Direction
from svx_desktop.ui import mainwindow
from tests.ui.workshop_helpers import kit_window  # noqa: F401 - a fixture

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def window(kit_window):  # type: ignore[no-untyped-def]  # noqa: F811
    w = kit_window(Document(load_template("bank")))
    w.view.setFocus()
    QApplication.processEvents()
    return w


def press(w: mainwindow.MainWindow, key: Key, modifiers: Qt.KeyboardModifier = NONE) -> None:
    """A key on the focused canvas, as the window system delivers it."""
    assert QApplication.focusWidget() is w.view, "the canvas must have the focus"
    QTest.keyClick(w.view.viewport(), key, modifiers)


def type_and_enter(w: mainwindow.MainWindow, text: str) -> None:
    line = QApplication.focusWidget()
    assert isinstance(line, QLineEdit) and w.view.is_editing_text()
    QTest.keyClicks(line, text)
    QTest.keyClick(line, Key.Key_Return)
    assert not w.view.is_editing_text()


def first(w: mainwindow.MainWindow) -> str:
    return w.document.map.stakeholders[0].id


def test_n_names_a_new_stakeholder(window):
    before = len(window.document.map.stakeholders)
    press(window, Key.Key_N)
    type_and_enter(window, "Pension fund")
    names = [s.name for s in window.document.map.stakeholders]
    assert len(names) == before + 1 and names[-1] == "Pension fund"


@pytest.mark.parametrize(("key", "direction"), [(Key.Key_P, "provides"), (Key.Key_E, "expects")])
def test_p_and_e_add_a_flow_to_the_selected_stakeholder(window, key, direction):
    sid = first(window)
    window.scene.select_ids([sid])
    press(window, key)
    type_and_enter(window, "goodwill")
    flows = window.document.map.flows_of(sid, Direction(direction))
    assert [f.label for f in flows][-1] == "goodwill"


def test_p_without_a_stakeholder_does_nothing(window):
    window.scene.clearSelection()
    press(window, Key.Key_P)
    assert not window.view.is_editing_text()


@pytest.mark.parametrize("key", [Key.Key_F2, Key.Key_Return, Key.Key_Enter])
def test_f2_and_enter_rename_the_selection(window, key):
    sid = first(window)
    window.scene.select_ids([sid])
    press(window, key)
    line = QApplication.focusWidget()
    assert isinstance(line, QLineEdit)
    assert line.text() == window.document.map.stakeholder(sid).name
    line.selectAll()
    type_and_enter(window, "Clients")
    assert window.document.map.stakeholder(sid).name == "Clients"


@pytest.mark.parametrize("key", [Key.Key_Delete, Key.Key_Backspace])
def test_delete_and_backspace_remove_the_selection(window, key):
    sid = first(window)
    window.scene.select_ids([sid])
    press(window, key)
    assert not window.document.map.has_stakeholder(sid)
    assert window.document.undo_stack.count() == 1


def test_ctrl_a_selects_everything_and_esc_nothing(window):
    press(window, Key.Key_A, CTRL)
    sel = window.scene.selection()
    assert sel.organisation and len(sel.stakeholders) == len(window.document.map.stakeholders)
    press(window, Key.Key_Escape)
    assert window.scene.selection().count == 0


@pytest.mark.parametrize(
    ("key", "modifiers", "dx", "dy"),
    [
        (Key.Key_Left, NONE, -5, 0),
        (Key.Key_Right, NONE, 5, 0),
        (Key.Key_Up, NONE, 0, -5),
        (Key.Key_Down, NONE, 0, 5),
        (Key.Key_Left, SHIFT, -25, 0),
        (Key.Key_Down, SHIFT, 0, 25),
    ],
)
def test_arrows_nudge_the_selection(window, key, modifiers, dx, dy):
    sid = first(window)
    x, y = window.document.map.stakeholder(sid).position
    window.scene.select_ids([sid])
    press(window, key, modifiers)
    assert window.document.map.stakeholder(sid).position == (x + dx, y + dy)
    assert window.document.undo_stack.count() == 1


def test_arrows_scroll_when_nothing_is_selected(window):
    window.scene.clearSelection()
    window.view.zoom_100()
    bar = window.view.horizontalScrollBar()
    start = bar.value()
    press(window, Key.Key_Right)
    assert bar.value() > start
    assert window.document.undo_stack.count() == 0


def test_tab_and_shift_tab_step_round_the_organisation(window):
    press(window, Key.Key_Tab)
    (one,) = window.scene.selection().stakeholders
    press(window, Key.Key_Tab)
    (two,) = window.scene.selection().stakeholders
    assert one != two
    press(window, Key.Key_Tab, SHIFT)
    assert window.scene.selection().stakeholders == (one,)


def test_slash_opens_quick_capture_and_f_focuses(window):
    window.scene.select_ids([first(window)])
    press(window, Key.Key_F)
    assert window.workshop.spotlight.focus_id == first(window)
    window.view.setFocus()
    press(window, Key.Key_Slash)
    assert window.workshop.command_bar.isVisible()


@pytest.mark.parametrize(
    ("key", "zoom"),
    [
        (Key.Key_1, lambda z: z == 1.0),
        (Key.Key_Plus, lambda z: z > 1.0),
        (Key.Key_Minus, lambda z: z < 1.0),
    ],
)
def test_zoom_keys(window, key, zoom):
    window.view.zoom_100()
    press(window, key, CTRL)
    assert zoom(window.view.zoom_factor())


def test_keys_belong_to_the_canvas_only(window):
    """A letter typed in a panel is that panel's (here: the command bar's line)."""
    window.workshop.command_bar.open()
    line = QApplication.focusWidget()
    assert isinstance(line, QLineEdit)
    QTest.keyClicks(line, "NPE")
    assert line.text() == "NPE" and not window.view.is_editing_text()


def test_every_key_of_the_keymap_is_on_the_sheet(window):
    rows = window.shortcut_rows()
    sheet = {keys for _section, _what, keys in rows}
    texts = {what for _section, what, _keys in rows}
    for entry in CANVAS_KEYS:
        action = window.keymap[entry.name]
        assert action.shortcuts() == key_sequences(entry.keys)
        in_menu = action.text().replace("&", "") in texts
        shares_a_row = entry.name.startswith(("nudge_", "previous_", "rate_"))
        assert in_menu or entry.sheet is not None or shares_a_row, f"{entry.name}: no sheet row"
        if entry.sheet is not None:
            assert entry.sheet[0] in sheet
