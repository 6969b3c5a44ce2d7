"""Change events a map emits after every successful operation.

A scene, a table model or an autosaver subscribes with ``ValueMap.subscribe`` and follows
the map from these events alone. Events carry ids (and, for removals, the removed element)
so a listener never has to diff the map.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from svx_desktop.model.elements import Flow, Note, Stakeholder
from svx_desktop.model.journey_elements import TouchPoint


@dataclass(frozen=True)
class StakeholderAdded:
    stakeholder_id: str


@dataclass(frozen=True)
class StakeholderRemoved:
    stakeholder: Stakeholder


@dataclass(frozen=True)
class StakeholderChanged:
    stakeholder_id: str
    fields: frozenset[str]


@dataclass(frozen=True)
class FlowAdded:
    flow_id: str


@dataclass(frozen=True)
class FlowRemoved:
    flow: Flow


@dataclass(frozen=True)
class FlowChanged:
    flow_id: str
    fields: frozenset[str]


@dataclass(frozen=True)
class NoteAdded:
    note_id: str


@dataclass(frozen=True)
class NoteRemoved:
    note: Note


@dataclass(frozen=True)
class NoteChanged:
    note_id: str
    fields: frozenset[str]


@dataclass(frozen=True)
class PositionsChanged:
    """Several elements (organisation, stakeholders, notes) moved in one operation."""

    element_ids: frozenset[str]


@dataclass(frozen=True)
class OrganisationChanged:
    fields: frozenset[str]


@dataclass(frozen=True)
class MetaChanged:
    fields: frozenset[str]


@dataclass(frozen=True)
class CategoriesChanged:
    """The map's own categories were added, edited or removed."""


@dataclass(frozen=True)
class TouchPointAdded:
    touch_point_id: str
    stakeholder_id: str


@dataclass(frozen=True)
class TouchPointRemoved:
    touch_point: TouchPoint


@dataclass(frozen=True)
class TouchPointChanged:
    touch_point_id: str
    stakeholder_id: str
    fields: frozenset[str]


@dataclass(frozen=True)
class TouchPointMoved:
    """A touch point took another place in its stakeholder's journey."""

    touch_point_id: str
    stakeholder_id: str


@dataclass(frozen=True)
class StagesChanged:
    """A stage of this stakeholder's journey was added, renamed, moved or removed."""

    stakeholder_id: str


@dataclass(frozen=True)
class ChannelsChanged:
    """The map's own channels were added, renamed or removed."""


@dataclass(frozen=True)
class CharterChanged:
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
