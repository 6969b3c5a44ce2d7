"""The journey keymap: every key the journey view answers, in one table, as actions.

Like the canvas keymap (``canvas.keymap``): ``JOURNEY_KEYS`` names each key's action, its
text, its shortcuts and what it does to the ``JourneyView``; ``JourneyKeymap`` builds one
``QAction`` per entry. View-scoped ones act only while the journey view has the focus (an
inline editor keeps every plain key); window-wide ones (zoom) act anywhere in the window
while the journey is shown — the window lends them the keys the map uses for the same
thing (``ui.journeymode``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from svx_desktop.canvas.keymap import Keys, key_action

if TYPE_CHECKING:
    from svx_desktop.journey.view import JourneyView

SK = QKeySequence.StandardKey


@dataclass(frozen=True)
class JourneyKey:
    name: str
    text: str
    keys: Keys
    run: Callable[[JourneyView], object]
    sheet: tuple[str, str] | None = None
    window_wide: bool = False
    editing: bool = True


def _rate(step: int | None) -> Callable[[JourneyView], object]:
    return lambda v: v.rate(step)


JOURNEY_KEYS: tuple[JourneyKey, ...] = (
    JourneyKey(
        "add",
        "Add &Touch Point",
        ("N", "Ins", "Return", "Enter"),
        lambda v: v.add_touch_point(),
        ("N / Enter", "Journey: add a touch point after the selected one"),
    ),
    JourneyKey(
        "add_stage",
        "Add &Stage",
        ("S",),
        lambda v: v.add_stage(),
        ("S", "Journey: a new stage; the selected touch points move into it"),
    ),
    JourneyKey(
        "stage_left",
        "Move Stage Left",
        ("Ctrl+Alt+Left",),
        lambda v: v.move_stage(-1),
        ("Ctrl+Alt+Left / Right", "Journey: move the selected touch point's stage"),
    ),
    JourneyKey("stage_right", "Move Stage Right", ("Ctrl+Alt+Right",), lambda v: v.move_stage(1)),
    JourneyKey(
        "stage_delete",
        "Delete Stage",
        ("Shift+Del",),
        lambda v: v.delete_stage(),
        ("Shift+Delete", "Journey: delete the selected touch point's stage (its points stay)"),
    ),
    JourneyKey(
        "rename",
        "&Rename Touch Point",
        ("F2",),
        lambda v: v.rename_selection(),
        ("F2", "Journey: rename the selected touch point"),
    ),
    JourneyKey(
        "delete",
        "&Delete Touch Point",
        ("Del",),
        lambda v: v.delete_selection(),
        ("Delete", "Journey: delete the selected touch points"),
    ),
    JourneyKey(
        "previous",
        "Previous Touch Point",
        ("Left",),
        lambda v: v.step_selection(-1),
        ("Left / Right", "Journey: select the previous / next touch point"),
        editing=False,
    ),
    JourneyKey(
        "next", "Next Touch Point", ("Right",), lambda v: v.step_selection(1), None, False, False
    ),
    JourneyKey(
        "first",
        "First Touch Point",
        ("Home",),
        lambda v: v.step_selection(-(10**6)),
        None,
        False,
        False,
    ),
    JourneyKey(
        "last", "Last Touch Point", ("End",), lambda v: v.step_selection(10**6), None, False, False
    ),
    JourneyKey(
        "move_left",
        "Move Touch Point &Left",
        ("Alt+Left",),
        lambda v: v.move_or_back(-1),
        (
            "Alt+Left / Alt+Right",
            "Journey: move the selected touch point (across stages); "
            "Alt+Left with nothing selected goes back to the map",
        ),
        editing=False,
    ),
    JourneyKey(
        "move_right", "Move Touch Point &Right", ("Alt+Right",), lambda v: v.move_or_back(1)
    ),
    *(
        JourneyKey(
            f"rate_{n}",
            f"Health {n}",
            (str(n),),
            _rate(n),
            ("1 … 5 / 0", "Journey: rate the selected touch points' health (0 clears)")
            if n == 1
            else None,
        )
        for n in range(1, 6)
    ),
    JourneyKey("rate_clear", "Clear Health", ("0",), _rate(None)),
    JourneyKey(
        "moment",
        "&Moment of Truth",
        ("M",),
        lambda v: v.toggle_moment(),
        ("M", "Journey: mark / unmark the selected touch points as moments of truth"),
    ),
    JourneyKey(
        "select_all", "Select &All", (SK.SelectAll,), lambda v: v.select_all(), None, False, False
    ),
    JourneyKey(
        "clear_selection",
        "Clear Selection",
        ("Esc",),
        lambda v: v.journey_scene.clearSelection(),
        None,
        False,
        False,
    ),
    JourneyKey(
        "back",
        "&Back to the Map",
        ("Backspace", "Alt+Up"),
        lambda v: v.go_back(),
        ("Backspace / Alt+Up", "Journey: back to the map"),
        editing=False,
    ),
    JourneyKey(
        "zoom_in", "Zoom &In", (SK.ZoomIn, "Ctrl+="), lambda v: v.zoom_in(), None, True, False
    ),
    JourneyKey("zoom_out", "Zoom &Out", (SK.ZoomOut,), lambda v: v.zoom_out(), None, True, False),
    JourneyKey("fit", "&Fit Journey", ("Ctrl+0",), lambda v: v.fit_all(), None, True, False),
    JourneyKey("zoom_100", "&Actual Size", ("Ctrl+1",), lambda v: v.zoom_100(), None, True, False),
)


class JourneyKeymap(QObject):
    """The actions of ``JOURNEY_KEYS`` for one ``JourneyView``."""

    def __init__(self, view: JourneyView) -> None:
        super().__init__(view)
        self._actions: dict[str, QAction] = {}
        for entry in JOURNEY_KEYS:
            name = f"journey-{entry.name}"
            action = key_action(view, name, entry.text, entry.keys, entry.window_wide)
            action.triggered.connect(lambda _c=False, run=entry.run: run(view))
            self._actions[entry.name] = action
            view.addAction(action)

    def __getitem__(self, name: str) -> QAction:
        return self._actions[name]

    def actions(self) -> list[QAction]:
        return list(self._actions.values())

    def set_editable(self, editable: bool) -> None:
        """A read-only map keeps the keys that only look (arrows, zoom, back)."""
        for entry in JOURNEY_KEYS:
            if entry.editing:
                self._actions[entry.name].setEnabled(editable)

    @staticmethod
    def sheet_rows() -> list[tuple[str, str]]:
        return [k.sheet for k in JOURNEY_KEYS if k.sheet is not None]


__all__ = ["JOURNEY_KEYS", "JourneyKey", "JourneyKeymap"]
