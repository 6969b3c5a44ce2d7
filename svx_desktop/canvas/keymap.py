"""The canvas keymap: every key the canvas answers, in one table, as actions.

``CANVAS_KEYS`` names each key's action, its text, its shortcuts and what it does to the
view. ``CanvasKeymap`` builds one ``QAction`` per entry: canvas-scoped ones act only
while the canvas has the focus (a letter jumps in a list, Delete edits a table, an inline
editor keeps every plain key), window-wide ones (zoom) anywhere in the window. The main
window puts some of them in its menus; the shortcuts sheet lists the rest from
``sheet_rows``. Keys whose action the window supplies (``/`` quick capture, ``F`` focus)
are here too, with ``run=None``: the window connects them. Space (hold to pan) is a
gesture, not an action: the view handles it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from svx_desktop.canvas.selection import Selection
from svx_desktop.model import Direction, ValueMap

if TYPE_CHECKING:
    from svx_desktop.canvas.view import MapView

SK = QKeySequence.StandardKey
Keys = tuple[str | QKeySequence.StandardKey, ...]
NUDGE = 5.0
BIG_NUDGE = 25.0


@dataclass(frozen=True)
class CanvasKey:
    """One entry of the keymap (see the module docstring)."""

    name: str
    text: str
    keys: Keys
    run: Callable[[MapView], object] | None
    tip: str = ""
    #: The shortcuts sheet's row (keys, what) for an action in no menu; entries that
    #: share a row (the four arrows) give it once.
    sheet: tuple[str, str] | None = None
    window_wide: bool = False


def _nudge(name: str, keys: str, dx: float, dy: float, sheet: tuple[str, str] | None) -> CanvasKey:
    return CanvasKey(
        name, f"Nudge {name.split('_')[-1]}", (keys,), lambda v: v.nudge(dx, dy), sheet=sheet
    )


def _nudges() -> tuple[CanvasKey, ...]:
    out: list[CanvasKey] = []
    for big, step, prefix in ((False, NUDGE, ""), (True, BIG_NUDGE, "Shift+")):
        rows = ("Arrow keys", "Nudge the selection")
        if big:
            rows = ("Shift+Arrow keys", "Nudge the selection further")
        for i, (side, dx, dy) in enumerate(
            (("Left", -1, 0), ("Right", 1, 0), ("Up", 0, -1), ("Down", 0, 1))
        ):
            name = f"nudge_{'far_' if big else ''}{side.lower()}"
            out.append(_nudge(name, prefix + side, dx * step, dy * step, rows if i == 0 else None))
    return tuple(out)


def _rate(step: int | None) -> Callable[[MapView], object]:
    return lambda v: v.rate_selection(step)


def _ratings() -> tuple[CanvasKey, ...]:
    """Digits 1–5 rate the selected flows, 0 clears their rating."""
    out = [
        CanvasKey(
            f"rate_{n}",
            f"Rate {n}",
            (str(n),),
            _rate(n),
            sheet=("1 … 5", "Rate the selected flows: met today (expects), dependence (provides)")
            if n == 1
            else None,
        )
        for n in range(1, 6)
    ]
    out.append(
        CanvasKey(
            "rate_clear",
            "Clear Rating",
            ("0",),
            _rate(None),
            sheet=("0", "Clear the rating of the selected flows"),
        )
    )
    return tuple(out)


CANVAS_KEYS: tuple[CanvasKey, ...] = (
    CanvasKey(
        "add_stakeholder",
        "Add &Stakeholder",
        ("N", "Ins"),
        lambda v: v.add_stakeholder(),
        "A new stakeholder in the next free place around the organisation",
    ),
    CanvasKey(
        "add_provides",
        "Add &Provides Flow",
        ("P",),
        lambda v: v.add_flow(Direction.PROVIDES),
        "What the selected stakeholder provides to the organisation",
    ),
    CanvasKey(
        "add_expects",
        "Add &Expects Flow",
        ("E",),
        lambda v: v.add_flow(Direction.EXPECTS),
        "What the selected stakeholder expects from the organisation",
    ),
    CanvasKey("rename", "&Rename", ("F2",), lambda v: v.rename_selection()),
    CanvasKey(
        "rename_enter",
        "Rename",
        ("Return", "Enter"),
        lambda v: v.rename_selection(),
        sheet=("Enter", "Rename the selected element"),
    ),
    # Not StandardKey.Delete: on X11 that includes Ctrl+D, which users know as Duplicate.
    CanvasKey(
        "delete",
        "&Delete",
        ("Del", "Backspace"),
        lambda v: v.delete_selection(),
        "Delete the selection (a stakeholder takes its flows with it)",
    ),
    CanvasKey("select_all", "Select &All", (SK.SelectAll,), lambda v: v.select_all()),
    CanvasKey(
        "clear_selection",
        "Clear Selection",
        ("Esc",),
        lambda v: v.clear_selection(),
        sheet=("Esc", "Clear the selection"),
    ),
    *_nudges(),
    *_ratings(),
    CanvasKey(
        "next_stakeholder",
        "Next Stakeholder",
        ("Tab",),
        lambda v: v.focus_next(),
        sheet=("Tab / Shift+Tab", "Next / previous stakeholder"),
    ),
    CanvasKey(
        "previous_stakeholder",
        "Previous Stakeholder",
        ("Shift+Tab", "Backtab", "Shift+Backtab"),
        lambda v: v.focus_next(backwards=True),
    ),
    CanvasKey(
        "capture",
        "Quick Capture (canvas)",
        ("/",),
        None,
        sheet=("/", "Quick capture: open the command bar"),
    ),
    CanvasKey(
        "focus",
        "&Focus on Selection",
        ("F",),
        None,
        "Dim everything but the selected stakeholder, its flows and the organisation",
    ),
    CanvasKey(
        "zoom_in", "Zoom &In", (SK.ZoomIn, "Ctrl+="), lambda v: v.zoom_in(), window_wide=True
    ),
    CanvasKey("zoom_out", "Zoom &Out", (SK.ZoomOut,), lambda v: v.zoom_out(), window_wide=True),
    CanvasKey("fit", "&Fit Map", ("Ctrl+0",), lambda v: v.fit_all(), window_wide=True),
    CanvasKey(
        "zoom_100", "&Actual Size (100%)", ("Ctrl+1",), lambda v: v.zoom_100(), window_wide=True
    ),
)

_NEEDS_SELECTION = {k.name for k in CANVAS_KEYS if k.name.startswith("nudge_")}
_NEEDS_FLOWS = {k.name for k in CANVAS_KEYS if k.name.startswith("rate_")}


def key_sequences(keys: Iterable[str | QKeySequence | SK]) -> list[QKeySequence]:
    """The key sequences of ``keys`` (standard keys expanded), without repeats."""
    out: list[QKeySequence] = []
    for k in keys:
        seqs = QKeySequence.keyBindings(k) if isinstance(k, SK) else [QKeySequence(k)]
        out.extend(s for s in seqs if not s.isEmpty() and s not in out)
    return out


def key_action(parent: QObject, name: str, text: str, keys: Keys, window_wide: bool) -> QAction:
    """A keymap entry's action: acting anywhere in the window (``window_wide``) or only
    while the widget it is added to has the focus."""
    action = QAction(parent)  # QAction(text, parent) makes PySide6 load QIcon (~10 ms)
    action.setText(text)
    action.setObjectName(name)
    action.setShortcuts(key_sequences(keys))
    ctx = Qt.ShortcutContext
    action.setShortcutContext(ctx.WindowShortcut if window_wide else ctx.WidgetShortcut)
    return action


class CanvasKeymap(QObject):
    """The actions of ``CANVAS_KEYS`` for the view that ``view()`` returns at the time."""

    def __init__(self, parent: QObject, view: Callable[[], MapView]) -> None:
        super().__init__(parent)
        self._view = view
        self._actions: dict[str, QAction] = {}
        for entry in CANVAS_KEYS:
            name = f"canvas-{entry.name}"
            action = key_action(parent, name, entry.text, entry.keys, entry.window_wide)
            if entry.tip:
                action.setStatusTip(entry.tip)
            if entry.run is not None:
                action.triggered.connect(lambda _c=False, run=entry.run: run(self._view()))
            self._actions[entry.name] = action

    def __getitem__(self, name: str) -> QAction:
        return self._actions[name]

    def canvas_actions(self) -> list[QAction]:
        """The actions that act while the canvas has the focus (add them to the view)."""
        return [self._actions[k.name] for k in CANVAS_KEYS if not k.window_wide]

    def window_actions(self) -> list[QAction]:
        """The actions that act anywhere in the window (add them to the window)."""
        return [self._actions[k.name] for k in CANVAS_KEYS if k.window_wide]

    def follow_selection(self, selection: Selection, vmap: ValueMap, editable: bool = True) -> None:
        """Enable what applies to ``selection``: a disabled key falls through to the view
        (arrows scroll when nothing is selected). A read-only map (``editable`` False)
        gets no editing key at all."""
        one_target = editable and selection.flow_target(vmap) is not None
        self["add_stakeholder"].setEnabled(editable)
        self["add_provides"].setEnabled(one_target)
        self["add_expects"].setEnabled(one_target)
        self["rename"].setEnabled(editable and selection.count == 1)
        self["rename_enter"].setEnabled(editable and selection.count == 1)
        self["delete"].setEnabled(editable and selection.deletable)
        for name in _NEEDS_SELECTION:
            self[name].setEnabled(editable and selection.count > 0)
        for name in _NEEDS_FLOWS:
            self[name].setEnabled(editable and bool(selection.flows))

    def sheet_rows(self) -> list[tuple[str, str]]:
        """(keys, what) for the shortcuts sheet: the keys that are in no menu."""
        return [k.sheet for k in CANVAS_KEYS if k.sheet is not None]
