"""The journey controller: the one place the journey view turns gestures into commands.

``JourneyController(document, scene)`` pushes one command per gesture on the document's
undo stack (the map's own, so Ctrl+Z walks map and journey edits alike): a new touch point
(``AddTouchPoint``, pushed when its name is committed, so Esc leaves no trace), a rename,
a rating, a moment-of-truth toggle or a channel toggle (``EditElements``), a reorder
(``MoveTouchPoint``, crossing into the neighbouring stage at a stage's edge), a delete
(``RemoveTouchPoints``) and one captured line (``apply_touch_point_line``: new channels,
a new stage and the touch point as one undo step). A command the map refuses changes
nothing, and the methods say so by returning ``False`` or ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject

from svx_desktop.editing import Document, EditElements
from svx_desktop.editing.commands import MapCommand
from svx_desktop.editing.journeys import (
    AddChannel,
    AddStage,
    AddTouchPoint,
    MoveStage,
    MoveTouchPoint,
    RemoveStage,
    RemoveTouchPoints,
)
from svx_desktop.journey.layout import move_target
from svx_desktop.journey.scene import JourneyScene
from svx_desktop.model import ValueMap
from svx_desktop.model.health import Health
from svx_desktop.model.journey_capture import (
    TouchPointParseError,
    parse_touch_point,
    plan_touch_point,
)
from svx_desktop.model.journey_elements import Stage, TouchPoint


@dataclass(frozen=True)
class CaptureDone:
    """What a captured line did: the new touch point's id and what was created with it."""

    touch_point_id: str
    new_channels: int
    new_stage: bool


class JourneyController(QObject):
    """Pushes the journey view's commands (see the module docstring)."""

    def __init__(self, document: Document, scene: JourneyScene) -> None:
        super().__init__(scene)
        self.document = document
        self.scene = scene

    @property
    def map(self) -> ValueMap:
        return self.document.map

    @property
    def stakeholder_id(self) -> str:
        return self.scene.stakeholder_id

    def push(self, command: MapCommand) -> bool:
        """Push ``command``; False if the map refused it (a read-only map refuses all)."""
        return self.document.try_push(command)

    # ----------------------------------------------------------------- create
    def new_slot(self) -> tuple[str | None, str | None, int | None]:
        """(stage id, touch point it follows, journey index) of a touch point added now:
        after the selected one, in its stage; else at the end, in no stage."""
        current = self.scene.current()
        if current is None:
            return None, None, None
        tp = self.map.journeys.touch_point(current)
        return tp.stage_id, current, self.map.journeys.index_of(current) + 1

    def add_touch_point(
        self, name: str, stage_id: str | None = None, index: int | None = None
    ) -> str | None:
        """A new touch point (selected); its id, or None if refused or the name is empty."""
        name = " ".join(name.split())
        if not name:
            return None
        tp = TouchPoint(self.stakeholder_id, name, stage_id=stage_id)
        if not self.push(AddTouchPoint(self.map, tp, index)):
            return None
        self.scene.select_ids([tp.id])
        return tp.id

    def add_stage(self, name: str) -> str | None:
        """A new stage after the selected touch point's stage (or last); the selected touch
        points move into it, in the same undo step."""
        name = " ".join(name.split())
        if not name or self.document.read_only:
            return None
        j = self.map.journeys
        stages = [s.id for s in j.stages(self.stakeholder_id)]
        current = self.scene.current()
        index = None
        staged = j.touch_point(current).stage_id if current is not None else None
        if staged is not None and staged in stages:
            index = stages.index(staged) + 1
        stage = Stage(self.stakeholder_id, name)
        stack = self.document.undo_stack
        stack.beginMacro(f"Add Stage “{name}”")
        try:
            ok = self.push(AddStage(self.map, stage, index))
            moves = {i: {"stage_id": stage.id} for i in self.scene.selected_ids()}
            if ok and moves:
                self.push(EditElements(self.map, "touch_point", moves))
        finally:
            stack.endMacro()
        return stage.id if ok else None

    def capture(self, line: str) -> CaptureDone | TouchPointParseError:
        """One typed line (``Open an account @web !moment ~dead``) as one undo step, the
        touch point placed after the selected one (in its stage unless the line names one)."""
        parsed = parse_touch_point(line)
        if isinstance(parsed, TouchPointParseError):
            return parsed
        if self.document.read_only:
            return TouchPointParseError("this map is read-only")
        plan = plan_touch_point(self.map, self.stakeholder_id, parsed)
        stage_id, _after, index = self.new_slot()
        tp = plan.touch_point
        if parsed.stage is None and stage_id is not None:
            tp = TouchPoint(**{**tp.__dict__, "stage_id": stage_id})
        stack = self.document.undo_stack
        stack.beginMacro(f"Capture “{tp.name}”")
        try:
            ok = all(self.push(AddChannel(self.map, c)) for c in plan.channels)
            if ok and plan.stage is not None:
                ok = self.push(AddStage(self.map, plan.stage))
            ok = ok and self.push(AddTouchPoint(self.map, tp, index))
        finally:
            stack.endMacro()
        if not ok:
            stack.undo()
            return TouchPointParseError("the map refused this line")
        self.scene.select_ids([tp.id])
        return CaptureDone(tp.id, len(plan.channels), plan.stage is not None)

    # ------------------------------------------------------------------- edit
    def edit(self, touch_point_ids: list[str], **changes: Any) -> bool:
        """Set fields on touch points that differ, as one ``EditElements``."""
        j = self.map.journeys
        wanted = {}
        for i in touch_point_ids:
            if not j.has_touch_point(i):
                continue
            tp = j.touch_point(i)
            diff = {k: v for k, v in changes.items() if getattr(tp, k) != v}
            if diff:
                wanted[i] = diff
        if not wanted:
            return False
        return self.push(EditElements(self.map, "touch_point", wanted))

    def rename(self, touch_point_id: str, name: str) -> bool:
        name = " ".join(name.split())
        return bool(name) and self.edit([touch_point_id], name=name)

    def current_stage(self) -> str | None:
        """The stage of the selected touch point (None: none selected, or not staged)."""
        current = self.scene.current()
        return self.map.journeys.touch_point(current).stage_id if current else None

    def move_stage(self, step: int) -> bool:
        """Ctrl+Alt+Left/Right: the selected touch point's stage one place along."""
        stage_id = self.current_stage()
        if stage_id is None:
            return False
        ids = [s.id for s in self.map.journeys.stages(self.stakeholder_id)]
        to = ids.index(stage_id) + step
        if not 0 <= to < len(ids):
            return False
        keep = self.scene.selected_ids()
        done = self.push(MoveStage(self.map, stage_id, to))
        self.scene.select_ids(keep)
        return done

    def delete_stage(self) -> bool:
        """Shift+Delete: the selected touch point's stage goes; its touch points stay, in
        no stage (one undo step brings both back)."""
        stage_id = self.current_stage()
        if stage_id is None:
            return False
        keep = self.scene.selected_ids()
        done = self.push(RemoveStage(self.map, stage_id))
        self.scene.select_ids(keep)
        return done

    def rename_stage(self, stage_id: str, name: str) -> bool:
        name = " ".join(name.split())
        j = self.map.journeys
        if not name or not j.has_stage(stage_id) or j.stage(stage_id).name == name:
            return False
        return self.push(EditElements(self.map, "stage", {stage_id: {"name": name}}))

    def rate_selection(self, step: int | None) -> bool:
        """Digits 1–5 rate the selected touch points' health, 0 clears it."""
        return self.edit(self.scene.selected_ids(), health=Health(step) if step else None)

    def toggle_moment(self) -> bool:
        """M: the selected touch points become moments of truth (or stop being ones, when
        they all are)."""
        ids = self.scene.selected_ids()
        j = self.map.journeys
        all_on = bool(ids) and all(j.touch_point(i).moment_of_truth for i in ids)
        return self.edit(ids, moment_of_truth=not all_on)

    def toggle_channel(self, touch_point_id: str, channel_id: str, on: bool) -> bool:
        tp = self.map.journeys.touch_point(touch_point_id)
        channels = [c for c in tp.channels if c != channel_id]
        if on:
            channels.append(channel_id)
        return self.edit([touch_point_id], channels=tuple(channels))

    def delete_selection(self) -> bool:
        ids = self.scene.selected_ids()
        if not ids:
            return False
        order = list(self.scene.order())
        after = order.index(ids[-1]) + 1
        left = [i for i in order[after:] if i not in ids] or [
            i for i in reversed(order[: order.index(ids[0])])
        ]
        if not self.push(RemoveTouchPoints(self.map, ids)):
            return False
        self.scene.select_ids(left[:1])
        return True

    def move_selection(self, step: int) -> bool:
        """Alt+Left (−1) / Alt+Right (+1): the selected touch point one place along."""
        current = self.scene.current()
        if current is None:
            return False
        journey = [tp.id for tp in self.map.journeys.journey(self.stakeholder_id)]
        target = move_target(self.scene.layout, journey, current, step)
        if target is None:
            return False
        index, stage_id, crosses = target
        command = MoveTouchPoint(self.map, current, index, stage_id, keep_stage=not crosses)
        if not self.push(command):
            return False
        self.scene.select_ids([current])
        return True


__all__ = ["CaptureDone", "JourneyController"]
