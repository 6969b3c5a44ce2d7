"""What journeys say across stakeholders: the channel × stakeholder grid and charter drafts.

``channel_grid`` is the coverage picture: for each stakeholder with a journey and each
channel, the touch points that happen through it and their worst health; an empty cell
is a channel the stakeholder never meets the organisation through. ``draft_charter``
writes a first charter from what the map already says: one promise per expectation (with
the channels of the touch points serving it) and one per moment of truth that serves no
expectation, each with a standard left to fill in; promises the charter already has are
kept, so drafting again only adds what is new.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from svx_desktop.model.elements import Direction
from svx_desktop.model.health import Health
from svx_desktop.model.journey_elements import Channel, Charter, Promise, TouchPoint
from svx_desktop.model.valuemap import ValueMap


@dataclass(frozen=True)
class GridCell:
    """One stakeholder × channel cell: its touch points and their worst health."""

    stakeholder_id: str
    channel_id: str
    touch_points: tuple[TouchPoint, ...]

    @property
    def worst(self) -> Health | None:
        rated = [tp.health for tp in self.touch_points if tp.health is not None]
        return min(rated) if rated else None

    @property
    def empty(self) -> bool:
        return not self.touch_points


@dataclass(frozen=True)
class ChannelGrid:
    """Rows are stakeholders (map order), columns channels (built-in, then own)."""

    stakeholder_ids: tuple[str, ...]
    channels: tuple[Channel, ...]
    cells: dict[tuple[str, str], GridCell]

    def cell(self, stakeholder_id: str, channel_id: str) -> GridCell:
        return self.cells[(stakeholder_id, channel_id)]


def channel_grid(vmap: ValueMap, all_stakeholders: bool = False) -> ChannelGrid:
    """The grid over stakeholders with journeys (or every stakeholder)."""
    j = vmap.journeys
    ids = (
        tuple(s.id for s in vmap.stakeholders)
        if all_stakeholders
        else j.stakeholders_with_journeys()
    )
    channels = j.channels
    cells: dict[tuple[str, str], GridCell] = {}
    for sid in ids:
        journey = j.journey(sid)
        for c in channels:
            points = tuple(tp for tp in journey if c.id in tp.channels)
            cells[(sid, c.id)] = GridCell(sid, c.id, points)
    return ChannelGrid(ids, channels, cells)


def draft_charter(vmap: ValueMap, stakeholder_id: str) -> Charter:
    """A charter for the stakeholder: its current promises plus one per expectation and
    per unlinked moment of truth not yet promised."""
    j = vmap.journeys
    current = j.charter(stakeholder_id) or Charter(stakeholder_id)
    promises = list(current.promises)
    promised = {p.serves for p in promises if p.serves}
    texts = {p.text for p in promises}
    journey = j.journey(stakeholder_id)
    for flow in vmap.flows_of(stakeholder_id, Direction.EXPECTS):
        if flow.id in promised:
            continue
        serving = [tp for tp in journey if flow.id in tp.serves]
        channels = _channels_of(serving)
        promises.append(Promise(f"We will deliver {flow.label}", serves=flow.id, channels=channels))
    for tp in journey:
        if tp.moment_of_truth and not tp.serves:
            text = f"We will make “{tp.name}” a moment to remember"
            if text not in texts:
                promises.append(Promise(text, channels=tp.channels))
    return dataclasses.replace(current, promises=tuple(promises))


def _channels_of(points: list[TouchPoint]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c for tp in points for c in tp.channels))


__all__ = ["ChannelGrid", "GridCell", "channel_grid", "draft_charter"]
