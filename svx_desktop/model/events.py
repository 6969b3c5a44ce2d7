"""Change events a map emits after every successful operation.

A scene, a table model or an autosaver subscribes with ``ValueMap.subscribe`` and follows
the map from these events alone. Events carry ids (and, for removals, the removed element)
so a listener never has to diff the map.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import FrozenInstanceError
from typing import Any, ClassVar, dataclass_transform

from svx_desktop.model.elements import Flow, Note, Stakeholder
from svx_desktop.model.journey_elements import TouchPoint


@dataclass_transform(eq_default=True, frozen_default=True)
class Event:
    """What every event is, written once: a frozen value of the fields its class annotates,
    given in order or by keyword, equal to an event of the same class with equal fields,
    hashable, shown as ``FlowAdded(flow_id='…')`` and matched by position
    (``case FlowChanged(fid, fields)``), as a frozen dataclass would be. A dataclass
    writes and compiles these methods for each of the twenty event classes when the
    model is imported (two fifths of importing ``model`` here); an ``Event`` class
    compiles only its ``__init__``."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        fields = cls._fields = tuple(inspect.get_annotations(cls))
        type.__setattr__(cls, "__match_args__", fields)  # for ``case X(a, b)``
        # One small __init__ per class (a dataclass compiles five methods): the fields by
        # position or keyword, Python's own errors for a wrong call, as fast as it gets.
        params = "".join(f", {f}" for f in fields)
        body = "".join(f"\n    d[{f!r}] = {f}" for f in fields)
        namespace: dict[str, Any] = {}
        exec(f"def __init__(self{params}):\n    d = self.__dict__{body}", namespace)
        init = namespace["__init__"]
        init.__qualname__ = f"{cls.__qualname__}.__init__"
        type.__setattr__(cls, "__init__", init)

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash(tuple(self.__dict__.values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__qualname__}({shown})"


class StakeholderAdded(Event):
    stakeholder_id: str


class StakeholderRemoved(Event):
    stakeholder: Stakeholder


class StakeholderChanged(Event):
    stakeholder_id: str
    fields: frozenset[str]


class FlowAdded(Event):
    flow_id: str


class FlowRemoved(Event):
    flow: Flow


class FlowChanged(Event):
    flow_id: str
    fields: frozenset[str]


class NoteAdded(Event):
    note_id: str


class NoteRemoved(Event):
    note: Note


class NoteChanged(Event):
    note_id: str
    fields: frozenset[str]


class PositionsChanged(Event):
    """Several elements (organisation, stakeholders, notes) moved in one operation."""

    element_ids: frozenset[str]


class OrganisationChanged(Event):
    fields: frozenset[str]


class MetaChanged(Event):
    fields: frozenset[str]


class CategoriesChanged(Event):
    """The map's own categories were added, edited or removed."""


class TouchPointAdded(Event):
    touch_point_id: str
    stakeholder_id: str


class TouchPointRemoved(Event):
    touch_point: TouchPoint


class TouchPointChanged(Event):
    touch_point_id: str
    stakeholder_id: str
    fields: frozenset[str]


class TouchPointMoved(Event):
    """A touch point took another place in its stakeholder's journey."""

    touch_point_id: str
    stakeholder_id: str


class StagesChanged(Event):
    """A stage of this stakeholder's journey was added, renamed, moved or removed."""

    stakeholder_id: str


class ChannelsChanged(Event):
    """The map's own channels were added, renamed or removed."""


class CharterChanged(Event):
    stakeholder_id: str


MapEvent = (
    StakeholderAdded
    | StakeholderRemoved
    | StakeholderChanged
    | FlowAdded
    | FlowRemoved
    | FlowChanged
    | NoteAdded
    | NoteRemoved
    | NoteChanged
    | PositionsChanged
    | OrganisationChanged
    | MetaChanged
    | CategoriesChanged
    | TouchPointAdded
    | TouchPointRemoved
    | TouchPointChanged
    | TouchPointMoved
    | StagesChanged
    | ChannelsChanged
    | CharterChanged
)

#: The events that change a journey, a stage, a channel or a charter (not the map itself).
JOURNEY_EVENTS: tuple[type, ...] = (
    TouchPointAdded,
    TouchPointRemoved,
    TouchPointChanged,
    TouchPointMoved,
    StagesChanged,
    ChannelsChanged,
    CharterChanged,
)

Listener = Callable[[MapEvent], None]


__all__ = [
    "JOURNEY_EVENTS",
    "CategoriesChanged",
    "ChannelsChanged",
    "CharterChanged",
    "Event",
    "FlowAdded",
    "FlowChanged",
    "FlowRemoved",
    "Listener",
    "MapEvent",
    "MetaChanged",
    "NoteAdded",
    "NoteChanged",
    "NoteRemoved",
    "OrganisationChanged",
    "PositionsChanged",
    "StagesChanged",
    "StakeholderAdded",
    "StakeholderChanged",
    "StakeholderRemoved",
    "TouchPointAdded",
    "TouchPointChanged",
    "TouchPointMoved",
    "TouchPointRemoved",
]
