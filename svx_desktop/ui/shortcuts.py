"""Keyboard facts the main window needs: its actions, editor keys, canvas gestures, the
shortcuts sheet.

``make_action`` makes every window action (the window's own and its tools');
``editor_wants`` says which keys an open inline editor keeps even though a window action
uses them as a shortcut; ``sheet_rows`` reads the shortcuts sheet off the live menus, so it
can never disagree with them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from svx_desktop.canvas.keymap import key_sequences
from svx_desktop.ui.dialogs import key_text

#: Keys an inline editor needs even though a menu action uses them as a shortcut.
TEXT_EDIT_KEYS = (
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.SelectAll,
    QKeySequence.StandardKey.Delete,
    QKeySequence.StandardKey.Backspace,
)
COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)

#: Gestures that are not actions, for the shortcuts sheet: (keys, what). The canvas keys
#: that are in no menu come from the canvas keymap (``CanvasKeymap.sheet_rows``).
CANVAS_GESTURES: tuple[tuple[str, str], ...] = (
    ("Double-click empty canvas", "New stakeholder there, name editor open"),
    ("Enter / Shift+Enter in Find", "Next / previous match"),
    ("Esc in a bar or presentation", "Close the bar / leave presentation mode"),
    ("Enter while typing", "Commit the name or label being typed"),
    ("Esc while typing", "Cancel typing (a new, unnamed stakeholder goes away)"),
    ("Drag a handle", "New flow: stakeholder → organisation provides, the reverse expects"),
    ("Drag on empty canvas", "Rubber-band selection"),
    ("Ctrl+wheel, pinch", "Zoom"),
    ("Wheel, middle-drag, Space+drag", "Pan"),
    ("Drop a .svx file on the window", "Open it"),
)

#: The keys that act only while presenting (``ui.presentation``): (name, what, keys).
PRESENTING_KEYS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "next",
        "Next stakeholder (ring order; revealing: show one more)",
        ("Right", "Down", "PgDown"),
    ),
    ("previous", "Previous stakeholder (revealing: hide the last)", ("Left", "Up", "PgUp")),
    ("home", "The whole map", ("Home",)),
    ("reveal", "Reveal stakeholders one by one, on or off", ("R",)),
)

KeySpec = QKeySequence | QKeySequence.StandardKey | str


def make_action(
    parent: QWidget,
    text: str,
    slot: Callable[[], object],
    shortcuts: Sequence[KeySpec] = (),
    tip: str = "",
) -> QAction:
    """A window action calling ``slot``, with its keys (standard keys expanded to the
    platform's bindings, duplicates dropped) and status tip; added to ``parent`` so its
    keys work wherever the window has the focus."""
    # QAction(text, parent) would make PySide6 set up QIcon (~10 ms) to pick the overload
    action = QAction(parent)
    action.setText(text)
    keys = key_sequences(shortcuts)
    if keys:
        action.setShortcuts(keys)
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    parent.addAction(action)
    return action


def editor_wants(event: QKeyEvent) -> bool:
    """While text is being typed: plain keys and text-editing keys belong to the editor."""
    if not event.modifiers() & COMMAND_MODIFIERS:
        return True
    return any(event.matches(k) for k in TEXT_EDIT_KEYS)


def sheet_rows(
    menus: Iterable[QMenu],
    names: Mapping[QAction, str] | None = None,
    canvas_keys: Iterable[tuple[str, str]] = (),
) -> list[tuple[str, str, str]]:
    """(section, what, keys) rows: every menu action with a shortcut, then the canvas
    keys in no menu (``canvas_keys``: (keys, what)) and the gestures.

    ``names`` overrides an action's text (Undo's text names the step to undo).
    """
    names = names or {}
    rows: list[tuple[str, str, str]] = []
    for menu in menus:
        section = menu.title().replace("&", "")
        for action in menu.actions():
            keys = key_text(action.shortcuts())
            if keys and not action.isSeparator():
                what = names.get(action) or action.text().replace("&", "").replace("…", "")
                rows.append((section, what, keys))
                section = ""
    section = "Canvas"
    for keys, what in (*canvas_keys, *CANVAS_GESTURES):
        rows.append((section, what, keys))
        section = ""
    section = "Presenting (F5)"
    for _name, what, presenting_keys in PRESENTING_KEYS:
        native = QKeySequence.SequenceFormat.NativeText
        rows.append(
            (section, what, ", ".join(QKeySequence(k).toString(native) for k in presenting_keys))
        )
        section = ""
    return rows
