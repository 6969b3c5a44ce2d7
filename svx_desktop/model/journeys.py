"""The journeys of a map: each stakeholder's touch points and stages, the map's own
channels and the charters, kept by ``ValueMap.journeys``.

``Journeys`` is part of its ``ValueMap``: it checks every change against the map (the
stakeholder exists; a touch point's stage is one of the same stakeholder's stages; it
serves only that stakeholder's ``expects`` flows; its channels exist; ids are unique in
the whole map), changes nothing when a check fails, and emits its events through the map,
so a listener follows journeys exactly as it follows stakeholders and flows.

Order is per stakeholder: a journey is its touch points left to right, its stages in
order. Links to flows are never left dangling: the map refuses to remove (or re-point) a
flow that a touch point or promise serves; ``unlink_flow`` takes those links out first and
returns them, ``relink`` puts them back (what the undo commands do).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from svx_desktop.model import events as ev
from svx_desktop.model import validation as v
from svx_desktop.model.elements import MAX_NOTES_LENGTH, Direction
from svx_desktop.model.graph import index_of, insert_at, lookup, move_to
from svx_desktop.model.health import Health
from svx_desktop.model.journey_elements import (
    BUILTIN_CHANNEL_IDS,
    BUILTIN_CHANNELS,
    Channel,
    Charter,
    Initiator,
    Mechanism,
    Promise,
    Sourcing,
    Stage,
    TouchPoint,
)
from svx_desktop.model.validation import ModelError

if TYPE_CHECKING:
    from svx_desktop.model.valuemap import ValueMap

_E = TypeVar("_E")
_J = TypeVar("_J", TouchPoint, Stage)


@dataclass(frozen=True)
class RemovedStage:
    """What ``remove_stage`` took out: the stage, its place, and the touch points it held."""

    stage: Stage
    index: int
    touch_point_ids: tuple[str, ...]


@dataclass(frozen=True)
class RemovedJourney:
    """A stakeholder's whole journey and charter, taken out with the stakeholder."""

    stakeholder_id: str
    stages: tuple[Stage, ...]
    touch_points: tuple[TouchPoint, ...]
    charter: Charter | None


@dataclass(frozen=True)
class FlowLinks:
    """The touch points and charter that served one flow, as they were before an unlink."""

    flow_id: str
    touch_points: tuple[TouchPoint, ...]
    charter: Charter | None

    def __bool__(self) -> bool:
        return bool(self.touch_points) or self.charter is not None


def _check_mechanism(m: object) -> None:
    if m is None:
        return
    if not isinstance(m, Mechanism):
        raise ModelError("a touch point's mechanism must be a Mechanism or None")
    v.check_text(m.name, "mechanism name")
    v.check_text(m.owner, "mechanism owner")
    if not isinstance(m.sourcing, Sourcing):
        raise ModelError(f"mechanism sourcing {m.sourcing!r} is not 'internal' or 'outsourced'")


def _check_ids_tuple(values: object, what: str) -> tuple[str, ...]:
    if not isinstance(values, tuple):
        raise ModelError(f"{what} must be a tuple of ids")
    for value in values:
        v.check_id(value, what)
    if len(set(values)) != len(values):
        raise ModelError(f"{what} names the same id twice")
    return values


class Journeys:
    """Touch points, stages, own channels and charters of one map. See the module docstring."""

    def __init__(self, owner: ValueMap) -> None:
        self._map = owner
        self._touch_points: dict[str, dict[str, TouchPoint]] = {}
        self._stages: dict[str, dict[str, Stage]] = {}
        self._where: dict[str, str] = {}  # touch point or stage id -> stakeholder id
        self._channels: dict[str, Channel] = {}
        self._charters: dict[str, Charter] = {}

    # ---------------------------------------------------------------- queries
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Journeys):
            return NotImplemented
        return (
            _ordered(self._touch_points) == _ordered(other._touch_points)
            and _ordered(self._stages) == _ordered(other._stages)
            and list(self._channels.items()) == list(other._channels.items())
            and self._charters == other._charters  # one per stakeholder: no order of its own
        )

    __hash__ = None  # type: ignore[assignment]

    def __bool__(self) -> bool:
        """True when the map holds any journey data at all."""
        return bool(self._where or self._channels or self._charters)

    @property
    def own_channels(self) -> tuple[Channel, ...]:
        return tuple(self._channels.values())

    @property
    def channels(self) -> tuple[Channel, ...]:
        """Built-in channels followed by the map's own."""
        return BUILTIN_CHANNELS + self.own_channels

    def channel(self, channel_id: str) -> Channel:
        for c in BUILTIN_CHANNELS:
            if c.id == channel_id:
                return c
        return lookup(self._channels, channel_id, "channel")

    def has_channel(self, channel_id: str) -> bool:
        return channel_id in BUILTIN_CHANNEL_IDS or channel_id in self._channels

    def stakeholders_with_journeys(self) -> tuple[str, ...]:
        """Ids of stakeholders with at least one touch point or stage, in map order."""
        return tuple(
            s.id
            for s in self._map.stakeholders
            if self._touch_points.get(s.id) or self._stages.get(s.id)
        )

    def journey(self, stakeholder_id: str) -> tuple[TouchPoint, ...]:
        """The stakeholder's touch points, left to right."""
        return tuple(self._touch_points.get(stakeholder_id, {}).values())

    def stages(self, stakeholder_id: str) -> tuple[Stage, ...]:
        return tuple(self._stages.get(stakeholder_id, {}).values())

    @property
    def touch_points(self) -> tuple[TouchPoint, ...]:
        """Every touch point, stakeholder by stakeholder in map order."""
        return tuple(tp for sid in self._ids_in_map_order() for tp in self.journey(sid))

    @property
    def all_stages(self) -> tuple[Stage, ...]:
        return tuple(st for sid in self._ids_in_map_order() for st in self.stages(sid))

    @property
    def charters(self) -> tuple[Charter, ...]:
        """Every charter, in map order of their stakeholders."""
        return tuple(self._charters[s.id] for s in self._map.stakeholders if s.id in self._charters)

    def _ids_in_map_order(self) -> Iterator[str]:
        return (s.id for s in self._map.stakeholders)

    def _table_of(self, tables: dict[str, dict[str, _E]], element_id: str) -> dict[str, _E]:
        """The table (touch points or stages of one stakeholder) that holds ``element_id``
        if any; empty when no stakeholder's does."""
        sid = self._where.get(element_id)
        return tables.get(sid, {}) if sid is not None else {}

    def touch_point(self, touch_point_id: str) -> TouchPoint:
        table = self._table_of(self._touch_points, touch_point_id)
        return lookup(table, touch_point_id, "touch point")

    def has_touch_point(self, touch_point_id: str) -> bool:
        return touch_point_id in self._table_of(self._touch_points, touch_point_id)

    def stage(self, stage_id: str) -> Stage:
        return lookup(self._table_of(self._stages, stage_id), stage_id, "stage")

    def has_stage(self, stage_id: str) -> bool:
        return stage_id in self._table_of(self._stages, stage_id)

    def index_of(self, touch_point_id: str) -> int:
        """The touch point's place in its stakeholder's journey."""
        tp = self.touch_point(touch_point_id)
        return index_of(self._touch_points[tp.stakeholder_id], touch_point_id)

    def charter(self, stakeholder_id: str) -> Charter | None:
        return self._charters.get(stakeholder_id)

    def serving(self, flow_id: str) -> tuple[TouchPoint, ...]:
        """The touch points that serve this flow."""
        if not self._map.has_flow(flow_id):
            return ()
        sid = self._map.flow(flow_id).stakeholder_id
        return tuple(tp for tp in self.journey(sid) if flow_id in tp.serves)

    def worst_health(self, stakeholder_id: str) -> Health | None:
        """The lowest health rated on the stakeholder's touch points (None: none rated)."""
        rated = [tp.health for tp in self.journey(stakeholder_id) if tp.health is not None]
        return min(rated) if rated else None

    def uses_id(self, element_id: str) -> bool:
        """True if a touch point, stage or promise of this map has this id."""
        if element_id in self._where:
            return True
        return any(p.id == element_id for c in self._charters.values() for p in c.promises)

    def ids(self) -> set[str]:
        ids = set(self._where)
        ids.update(p.id for c in self._charters.values() for p in c.promises)
        return ids

    # ------------------------------------------------------------------ checks
    def _check_stakeholder(self, stakeholder_id: str) -> None:
        if not self._map.has_stakeholder(stakeholder_id):
            raise ModelError(f"no stakeholder with id {stakeholder_id!r}")

    def _check_serves(self, flow_ids: tuple[str, ...], stakeholder_id: str, what: str) -> None:
        for fid in flow_ids:
            if not self._map.has_flow(fid):
                raise ModelError(f"{what} serves a missing flow {fid!r}")
            flow = self._map.flow(fid)
            if flow.stakeholder_id != stakeholder_id or flow.direction is not Direction.EXPECTS:
                raise ModelError(
                    f"{what} can serve only its own stakeholder's expectations, not {flow.label!r}"
                )

    def _check_channels(self, channel_ids: object, what: str) -> None:
        for cid in _check_ids_tuple(channel_ids, f"{what} channels"):
            if not self.has_channel(cid):
                raise ModelError(f"{what} names an unknown channel {cid!r}")

    def _check_in_journey(self, element: TouchPoint | Stage, cls: type, what: str) -> None:
        """What a touch point and a stage both are: a ``cls`` with an id and a name, in
        the journey of a stakeholder of this map."""
        if not isinstance(element, cls):
            raise ModelError(f"not a {what}")
        v.check_id(element.id, f"{what} id")
        v.check_id(element.stakeholder_id, f"{what} stakeholder")
        self._check_stakeholder(element.stakeholder_id)
        v.check_text(element.name, f"{what} name")

    def _check_touch_point(self, tp: TouchPoint) -> None:
        self._check_in_journey(tp, TouchPoint, "touch point")
        for name in ("experience", "pains", "ideas"):
            v.check_text(getattr(tp, name), f"touch point {name}", MAX_NOTES_LENGTH)
        if tp.stage_id is not None:
            stage = self._stages.get(tp.stakeholder_id, {}).get(tp.stage_id)
            if stage is None:
                raise ModelError(f"touch point {tp.name!r} is in a stage its stakeholder lacks")
        self._check_channels(tp.channels, f"touch point {tp.name!r}")
        if not isinstance(tp.initiator, Initiator):
            raise ModelError(f"touch point initiator {tp.initiator!r} is unknown")
        serves = _check_ids_tuple(tp.serves, "touch point expectations")
        self._check_serves(serves, tp.stakeholder_id, f"touch point {tp.name!r}")
        if tp.health is not None and type(tp.health) is not Health:
            raise ModelError(f"touch point health {tp.health!r} is not a health step")
        if type(tp.moment_of_truth) is not bool:
            raise ModelError("a touch point is a moment of truth or not (True or False)")
        _check_mechanism(tp.mechanism)

    def _check_stage(self, stage: Stage) -> None:
        self._check_in_journey(stage, Stage, "stage")

    def _check_channel(self, channel: Channel) -> None:
        if not isinstance(channel, Channel):
            raise ModelError("not a channel")
        v.check_id(channel.id, "channel id")
        v.check_text(channel.name, "channel name")

    def _check_charter(self, charter: Charter, replacing: Charter | None) -> None:
        if not isinstance(charter, Charter):
            raise ModelError("not a charter")
        v.check_id(charter.stakeholder_id, "charter stakeholder")
        self._check_stakeholder(charter.stakeholder_id)
        if not isinstance(charter.promises, tuple):
            raise ModelError("a charter's promises must be a tuple")
        old_ids = {p.id for p in replacing.promises} if replacing else set()
        seen: set[str] = set()
        for p in charter.promises:
            if not isinstance(p, Promise):
                raise ModelError("a charter holds promises only")
            v.check_id(p.id, "promise id")
            if p.id in seen:
                raise ModelError(f"promise id {p.id!r} is used twice")
            seen.add(p.id)
            if p.id not in old_ids:
                self._map.check_new_id(p.id)
            v.check_text(p.text, "promise text", MAX_NOTES_LENGTH)
            v.check_text(p.standard, "promise standard", MAX_NOTES_LENGTH)
            if p.serves is not None:
                v.check_id(p.serves, "promise expectation")
                self._check_serves((p.serves,), charter.stakeholder_id, "a promise")
            self._check_channels(p.channels, "a promise")

    # ------------------------------------- touch points and stages alike
    def _insert(self, tables: dict[str, dict[str, _J]], element: _J, index: int | None) -> None:
        """Put a checked touch point or stage at ``index`` of its stakeholder's table."""
        self._map.check_new_id(element.id)
        insert_at(tables.setdefault(element.stakeholder_id, {}), element.id, element, index)
        self._where[element.id] = element.stakeholder_id

    def _replace(
        self,
        tables: dict[str, dict[str, _J]],
        old: _J,
        changes: dict[str, Any],
        check: Callable[[_J], None],
    ) -> None:
        """Put ``old`` with ``changes`` (never its id or stakeholder) in its place, checked."""
        v.check_fields(type(old), changes, ("id", "stakeholder_id"))
        new = dataclasses.replace(old, **changes)
        check(new)
        tables[old.stakeholder_id][old.id] = new

    # ------------------------------------------------------------ touch points
    def add_touch_point(self, tp: TouchPoint, index: int | None = None) -> None:
        """Add a touch point to its stakeholder's journey, at ``index`` (default: the end)."""
        self._check_touch_point(tp)
        self._insert(self._touch_points, tp, index)
        self._map.emit(ev.TouchPointAdded(tp.id, tp.stakeholder_id))

    def update_touch_point(self, touch_point_id: str, **changes: Any) -> TouchPoint:
        """Edit fields of a touch point (not its id or stakeholder); returns the old one."""
        old = self.touch_point(touch_point_id)
        self._replace(self._touch_points, old, changes, self._check_touch_point)
        self._map.emit(ev.TouchPointChanged(touch_point_id, old.stakeholder_id, frozenset(changes)))
        return old

    def remove_touch_point(self, touch_point_id: str) -> tuple[int, TouchPoint]:
        """Remove a touch point; returns (index, touch point) for ``add_touch_point``."""
        tp = self.touch_point(touch_point_id)
        journey = self._touch_points[tp.stakeholder_id]
        index = index_of(journey, touch_point_id)
        del journey[touch_point_id]
        del self._where[touch_point_id]
        self._map.emit(ev.TouchPointRemoved(tp))
        return index, tp

    def move_touch_point(self, touch_point_id: str, index: int) -> int:
        """Give a touch point another place in its journey; returns its old place."""
        tp = self.touch_point(touch_point_id)
        journey = self._touch_points[tp.stakeholder_id]
        old = move_to(journey, touch_point_id, index, "touch points of this journey")
        if old != index:
            self._map.emit(ev.TouchPointMoved(touch_point_id, tp.stakeholder_id))
        return old

    # ------------------------------------------------------------------ stages
    def add_stage(self, stage: Stage, index: int | None = None) -> None:
        self._check_stage(stage)
        self._insert(self._stages, stage, index)
        self._map.emit(ev.StagesChanged(stage.stakeholder_id))

    def update_stage(self, stage_id: str, **changes: Any) -> Stage:
        old = self.stage(stage_id)
        self._replace(self._stages, old, changes, self._check_stage)
        self._map.emit(ev.StagesChanged(old.stakeholder_id))
        return old

    def move_stage(self, stage_id: str, index: int) -> int:
        stage = self.stage(stage_id)
        stages = self._stages[stage.stakeholder_id]
        old = move_to(stages, stage_id, index, "stages")
        if old != index:
            self._map.emit(ev.StagesChanged(stage.stakeholder_id))
        return old

    def remove_stage(self, stage_id: str) -> RemovedStage:
        """Remove a stage; its touch points stay in the journey, unstaged."""
        stage = self.stage(stage_id)
        sid = stage.stakeholder_id
        held = tuple(tp.id for tp in self.journey(sid) if tp.stage_id == stage_id)
        for tp_id in held:
            self.update_touch_point(tp_id, stage_id=None)
        stages = self._stages[sid]
        index = index_of(stages, stage_id)
        del stages[stage_id]
        del self._where[stage_id]
        self._map.emit(ev.StagesChanged(sid))
        return RemovedStage(stage, index, held)

    def restore_stage(self, removed: RemovedStage) -> None:
        """Undo ``remove_stage``: the stage at its place, holding its touch points again."""
        for tp_id in removed.touch_point_ids:
            self.touch_point(tp_id)
        self.add_stage(removed.stage, removed.index)
        for tp_id in removed.touch_point_ids:
            self.update_touch_point(tp_id, stage_id=removed.stage.id)

    # ---------------------------------------------------------------- channels
    def add_channel(self, channel: Channel, index: int | None = None) -> None:
        self._check_channel(channel)
        if self.has_channel(channel.id):
            raise ModelError(f"channel id {channel.id!r} is already used")
        insert_at(self._channels, channel.id, channel, index)
        self._map.emit(ev.ChannelsChanged())

    def update_channel(self, channel_id: str, **changes: Any) -> Channel:
        if channel_id not in self._channels:
            raise ModelError(f"{channel_id!r} is not one of this map's own channels")
        old = self._channels[channel_id]
        v.check_fields(Channel, changes, ("id",))
        new = dataclasses.replace(old, **changes)
        self._check_channel(new)
        self._channels[channel_id] = new
        self._map.emit(ev.ChannelsChanged())
        return old

    def remove_channel(self, channel_id: str) -> tuple[int, Channel]:
        """Remove one of the map's own channels that no touch point or promise uses."""
        if channel_id not in self._channels:
            raise ModelError(f"{channel_id!r} is not one of this map's own channels")
        used = sum(1 for tp in self.touch_points if channel_id in tp.channels)
        used += sum(1 for c in self.charters for p in c.promises if channel_id in p.channels)
        if used:
            raise ModelError(f"channel {self._channels[channel_id].name!r} is still used {used}×")
        index = index_of(self._channels, channel_id)
        channel = self._channels.pop(channel_id)
        self._map.emit(ev.ChannelsChanged())
        return index, channel

    # ---------------------------------------------------------------- charters
    def set_charter(self, charter: Charter | None, stakeholder_id: str = "") -> Charter | None:
        """Give a stakeholder this charter (None with ``stakeholder_id``: remove it);
        returns the charter it had (None if none)."""
        sid = charter.stakeholder_id if charter is not None else stakeholder_id
        old = self._charters.get(sid)
        if charter is None:
            if old is None:
                return None
            del self._charters[sid]
        else:
            self._check_charter(charter, old)
            self._charters[sid] = charter
        self._map.emit(ev.CharterChanged(sid))
        return old

    # ------------------------------------------------------------- flow links
    def unlink_flow(self, flow_id: str) -> FlowLinks:
        """Take every link to this flow out of touch points and the charter; returns them."""
        served = self.serving(flow_id)
        for tp in served:
            self.update_touch_point(tp.id, serves=tuple(f for f in tp.serves if f != flow_id))
        charter: Charter | None = None
        if self._map.has_flow(flow_id):
            sid = self._map.flow(flow_id).stakeholder_id
            current = self._charters.get(sid)
            if current is not None and any(p.serves == flow_id for p in current.promises):
                charter = current
                promises = tuple(
                    dataclasses.replace(p, serves=None) if p.serves == flow_id else p
                    for p in current.promises
                )
                self.set_charter(dataclasses.replace(current, promises=promises))
        return FlowLinks(flow_id, served, charter)

    def relink(self, links: FlowLinks) -> None:
        """Undo ``unlink_flow`` (the flow must be back in the map)."""
        for tp in links.touch_points:
            if self.has_touch_point(tp.id):
                self.update_touch_point(tp.id, serves=tp.serves)
        if links.charter is not None:
            self.set_charter(links.charter)

    def is_linked(self, flow_id: str) -> bool:
        if self.serving(flow_id):
            return True
        return any(p.serves == flow_id for c in self._charters.values() for p in c.promises)

    # -------------------------------------------------------- whole journeys
    def take_stakeholder(self, stakeholder_id: str) -> RemovedJourney | None:
        """Remove a stakeholder's journey and charter (before the stakeholder goes)."""
        stages = self.stages(stakeholder_id)
        points = self.journey(stakeholder_id)
        charter = self._charters.get(stakeholder_id)
        if not (stages or points or charter):
            return None
        if charter is not None:
            self.set_charter(None, stakeholder_id)
        for tp in reversed(points):
            self.remove_touch_point(tp.id)
        for stage in reversed(stages):
            self.remove_stage(stage.id)
        self._touch_points.pop(stakeholder_id, None)
        self._stages.pop(stakeholder_id, None)
        return RemovedJourney(stakeholder_id, stages, points, charter)

    def put_back(self, removed: RemovedJourney | None) -> None:
        """Undo ``take_stakeholder`` (the stakeholder and its flows must be back)."""
        if removed is None:
            return
        self.add_all(stages=removed.stages, touch_points=removed.touch_points)
        if removed.charter is not None:
            self.set_charter(removed.charter)

    def add_all(
        self,
        channels: Iterable[Channel] = (),
        stages: Iterable[Stage] = (),
        touch_points: Iterable[TouchPoint] = (),
        charters: Iterable[Charter] = (),
    ) -> None:
        """Add many journey elements (loading a file, a template, an undo), checked first:
        on a ``ModelError`` nothing of the batch stays in the map."""
        done: list[tuple[str, str]] = []
        try:
            for c in channels:
                self.add_channel(c)
                done.append(("channel", c.id))
            for st in stages:
                self.add_stage(st)
                done.append(("stage", st.id))
            for tp in touch_points:
                self.add_touch_point(tp)
                done.append(("touch_point", tp.id))
            for ch in charters:
                if ch.stakeholder_id in self._charters:
                    raise ModelError(f"stakeholder {ch.stakeholder_id!r} has two charters")
                self.set_charter(ch)
                done.append(("charter", ch.stakeholder_id))
        except ModelError:
            for kind, key in reversed(done):
                if kind == "channel":
                    self.remove_channel(key)
                elif kind == "stage":
                    self.remove_stage(key)
                elif kind == "touch_point":
                    self.remove_touch_point(key)
                else:
                    self.set_charter(None, key)
            raise

    def copy_into(self, other: Journeys) -> None:
        other.add_all(self.own_channels, self.all_stages, self.touch_points, self.charters)


def _ordered(d: dict[str, dict[str, Any]]) -> list[tuple[str, list[tuple[str, Any]]]]:
    return sorted((k, list(inner.items())) for k, inner in d.items() if inner)


__all__ = ["FlowLinks", "Journeys", "RemovedJourney", "RemovedStage"]
