"""Undo commands for journeys: touch points, stages, channels and charters.

Field edits of a touch point, stage or own channel go through ``EditElements`` with the
kinds ``"touch_point"``, ``"stage"`` and ``"channel"`` (one table, ``model.kinds``); the
commands here add, remove and reorder, and set a whole charter. Like every command they
change the model only and compute each ``redo`` from their own data.
"""

from __future__ import annotations

from collections.abc import Iterable

from svx_desktop.editing.commands import MapCommand, _clip, plural
from svx_desktop.model import (
    Channel,
    Charter,
    RemovedStage,
    Stage,
    TouchPoint,
    ValueMap,
)


class AddTouchPoint(MapCommand):
    """Add a touch point at ``index`` of its stakeholder's journey (default: the end)."""

    def __init__(self, vmap: ValueMap, touch_point: TouchPoint, index: int | None = None):
        super().__init__(vmap, f"Add Touch Point “{_clip(touch_point.name)}”")
        self.touch_point = touch_point
        self.index = index

    def _redo(self) -> None:
        self.map.journeys.add_touch_point(self.touch_point, self.index)

    def _undo(self) -> None:
        self.map.journeys.remove_touch_point(self.touch_point.id)


class RemoveTouchPoints(MapCommand):
    """Delete touch points; undo puts each back at its place."""

    def __init__(self, vmap: ValueMap, touch_point_ids: Iterable[str]) -> None:
        self.ids = tuple(dict.fromkeys(touch_point_ids))
        if len(self.ids) == 1:
            text = f"Delete Touch Point “{_clip(vmap.journeys.touch_point(self.ids[0]).name)}”"
        else:
            text = f"Delete {plural(len(self.ids), 'Touch Point')}"
        super().__init__(vmap, text)
        self._removed: list[tuple[int, TouchPoint]] = []

    def _redo(self) -> None:
        j = self.map.journeys
        self._removed = [j.remove_touch_point(i) for i in self.ids if j.has_touch_point(i)]

    def _undo(self) -> None:
        for index, tp in reversed(self._removed):
            self.map.journeys.add_touch_point(tp, index)


class MoveTouchPoint(MapCommand):
    """Move a touch point to ``index`` of its journey, optionally into another stage
    (``stage_id``; pass ``keep_stage=False`` to set it, None meaning unstaged)."""

    def __init__(
        self,
        vmap: ValueMap,
        touch_point_id: str,
        index: int,
        stage_id: str | None = None,
        keep_stage: bool = True,
    ) -> None:
        tp = vmap.journeys.touch_point(touch_point_id)
        super().__init__(vmap, f"Move Touch Point “{_clip(tp.name)}”")
        self.id_ = touch_point_id
        self.index = index
        self.stage_id = tp.stage_id if keep_stage else stage_id
        self._old_index = vmap.journeys.index_of(touch_point_id)
        self._old_stage = tp.stage_id

    def _redo(self) -> None:
        j = self.map.journeys
        if self.stage_id != j.touch_point(self.id_).stage_id:
            j.update_touch_point(self.id_, stage_id=self.stage_id)
        try:
            self._old_index = j.move_touch_point(self.id_, self.index)
        except Exception:
            j.update_touch_point(self.id_, stage_id=self._old_stage)
            raise

    def _undo(self) -> None:
        j = self.map.journeys
        j.move_touch_point(self.id_, self._old_index)
        if j.touch_point(self.id_).stage_id != self._old_stage:
            j.update_touch_point(self.id_, stage_id=self._old_stage)


class AddStage(MapCommand):
    def __init__(self, vmap: ValueMap, stage: Stage, index: int | None = None) -> None:
        super().__init__(vmap, f"Add Stage “{_clip(stage.name)}”")
        self.stage = stage
        self.index = index

    def _redo(self) -> None:
        self.map.journeys.add_stage(self.stage, self.index)

    def _undo(self) -> None:
        self.map.journeys.remove_stage(self.stage.id)


class RemoveStage(MapCommand):
    """Delete a stage; its touch points stay, unstaged. Undo restores both."""

    def __init__(self, vmap: ValueMap, stage_id: str) -> None:
        super().__init__(vmap, f"Delete Stage “{_clip(vmap.journeys.stage(stage_id).name)}”")
        self.stage_id = stage_id
        self._removed: RemovedStage | None = None

    def _redo(self) -> None:
        self._removed = self.map.journeys.remove_stage(self.stage_id)

    def _undo(self) -> None:
        if self._removed is not None:
            self.map.journeys.restore_stage(self._removed)


class MoveStage(MapCommand):
    def __init__(self, vmap: ValueMap, stage_id: str, index: int) -> None:
        super().__init__(vmap, f"Move Stage “{_clip(vmap.journeys.stage(stage_id).name)}”")
        self.stage_id = stage_id
        self.index = index
        self._old = index

    def _redo(self) -> None:
        self._old = self.map.journeys.move_stage(self.stage_id, self.index)

    def _undo(self) -> None:
        self.map.journeys.move_stage(self.stage_id, self._old)


class AddChannel(MapCommand):
    def __init__(self, vmap: ValueMap, channel: Channel) -> None:
        super().__init__(vmap, f"Add Channel “{_clip(channel.name)}”")
        self.channel = channel

    def _redo(self) -> None:
        self.map.journeys.add_channel(self.channel)

    def _undo(self) -> None:
        self.map.journeys.remove_channel(self.channel.id)


class RemoveChannel(MapCommand):
    def __init__(self, vmap: ValueMap, channel_id: str) -> None:
        name = vmap.journeys.channel(channel_id).name
        super().__init__(vmap, f"Delete Channel “{_clip(name)}”")
        self.channel_id = channel_id
        self._removed: tuple[int, Channel] | None = None

    def _redo(self) -> None:
        self._removed = self.map.journeys.remove_channel(self.channel_id)

    def _undo(self) -> None:
        if self._removed is not None:
            index, channel = self._removed
            self.map.journeys.add_channel(channel, index)


class SetCharter(MapCommand):
    """Give a stakeholder a new charter (or none); undo gives back the one it had."""

    def __init__(
        self,
        vmap: ValueMap,
        stakeholder_id: str,
        charter: Charter | None,
        text: str | None = None,
    ) -> None:
        name = _clip(vmap.stakeholder(stakeholder_id).name)
        super().__init__(vmap, text or f"Edit Charter of “{name}”")
        self.stakeholder_id = stakeholder_id
        self.charter = charter
        self._old: Charter | None = vmap.journeys.charter(stakeholder_id)

    def _redo(self) -> None:
        self._old = self.map.journeys.set_charter(self.charter, self.stakeholder_id)

    def _undo(self) -> None:
        self.map.journeys.set_charter(self._old, self.stakeholder_id)


__all__ = [
    "AddChannel",
    "AddStage",
    "AddTouchPoint",
    "MoveStage",
    "MoveTouchPoint",
    "RemoveChannel",
    "RemoveStage",
    "RemoveTouchPoints",
    "SetCharter",
]
