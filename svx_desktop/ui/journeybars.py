"""The journey view's two bars: capture a touch point in one line, and find touch points.

``JourneyCaptureBar`` is the command bar's pattern (``ui.commandbar``) for a journey: Enter
runs the line (``Open an account @web @branch !moment ~dead #join ^us``) through the
journey controller — one undo step, the new touch point placed after the selected one and
selected — and stays open, empty, for the next line; a line that cannot be read leaves
the map alone and shows the parser's hint under the input. ``JourneyFindBar`` selects the
touch points whose name, experience, pains, ideas, mechanism or channels contain the text,
and Enter / F3 steps through them. Esc closes either and gives the keys back to the
journey.
"""

from __future__ import annotations

from collections.abc import Callable

from svx_desktop.journey import JourneyView
from svx_desktop.journey.controller import CaptureDone
from svx_desktop.model.guess import fold
from svx_desktop.model.journey_capture import SYNTAX_EXAMPLE, SYNTAX_HELP, TouchPointParseError
from svx_desktop.ui.bars import OverlayBar, escape_closes
from svx_desktop.ui.labels import plain_label
from svx_desktop.ui.protocols import MapWindow


class _JourneyBar(OverlayBar):
    def __init__(self, window: MapWindow, view: Callable[[], JourneyView | None], edge: str):
        super().__init__(window, edge=edge)
        self.view = view

    def served_view(self) -> JourneyView | None:
        return self.view()


class JourneyCaptureBar(_JourneyBar):
    """Capture touch points on the journey shown. See the module docstring."""

    def __init__(self, window: MapWindow, view: Callable[[], JourneyView | None]) -> None:
        super().__init__(window, view, "bottom")
        self.setObjectName("svxJourneyCaptureBar")
        self.edit = self.add_line(
            "Touch point:", "svxJourneyCaptureLine", f"e.g. {SYNTAX_EXAMPLE}", SYNTAX_HELP
        )
        self.hint_below()
        self.edit.returnPressed.connect(self.run)
        escape_closes(self.edit, self)
        self.last_result: CaptureDone | TouchPointParseError | None = None

    def open(self) -> None:
        super().open()
        self.show_hint(SYNTAX_HELP)

    def run(self) -> CaptureDone | TouchPointParseError | None:
        line = self.edit.text()
        view = self.view()
        if not line.strip() or view is None:
            return None
        result = view.controller.capture(line)
        self.last_result = result
        if isinstance(result, TouchPointParseError):
            self.show_hint(result.hint, error=True)
            return result
        self.edit.clear()
        name = view.controller.map.journeys.touch_point(result.touch_point_id).name
        done = f"Added “{name}”"
        if result.new_channels:
            n = result.new_channels
            done += f" · {n} new channel{'s' if n != 1 else ''}"
        if result.new_stage:
            done += " · a new stage"
        self.show_hint(done)
        view.select_and_show(result.touch_point_id)
        return result


class JourneyFindBar(_JourneyBar):
    """Find touch points on the journey shown. See the module docstring."""

    def __init__(self, window: MapWindow, view: Callable[[], JourneyView | None]) -> None:
        super().__init__(window, view, "top")
        self.setObjectName("svxJourneyFindBar")
        self.edit = self.add_line("Find:", "svxJourneyFindLine", "Find touch points")
        self.count = plain_label(self)
        self.row.addWidget(self.count)
        self.edit.textEdited.connect(lambda _t: self.search())
        self.edit.returnPressed.connect(lambda: self.next_match())
        escape_closes(self.edit, self)
        self.matches: list[str] = []

    def search(self) -> list[str]:
        """The touch points that match the text, left to right; the first is selected."""
        view = self.view()
        text = fold(self.edit.text().strip())
        self.matches = []
        if view is None or not text:
            self.count.setText("")
            return []
        j = view.controller.map.journeys
        for tp_id in view.journey_scene.order():
            tp = j.touch_point(tp_id)
            fields = [tp.name, tp.experience, tp.pains, tp.ideas]
            fields += [j.channel(c).name for c in tp.channels if j.has_channel(c)]
            if tp.mechanism is not None:
                fields += [tp.mechanism.name, tp.mechanism.owner]
            if any(text in fold(f) for f in fields if f):
                self.matches.append(tp_id)
        n = len(self.matches)
        self.count.setText(f"{n} touch point{'s' if n != 1 else ''}" if n else "No match")
        if self.matches:
            view.select_and_show(self.matches[0])
        return self.matches

    def next_match(self, backwards: bool = False) -> str | None:
        view = self.view()
        if view is None:
            return None
        if not self.matches:
            self.search()
        if not self.matches:
            return None
        current = view.journey_scene.current()
        i = self.matches.index(current) + (-1 if backwards else 1) if current in self.matches else 0
        chosen = self.matches[i % len(self.matches)]
        view.select_and_show(chosen)
        return chosen


__all__ = ["JourneyCaptureBar", "JourneyFindBar"]
