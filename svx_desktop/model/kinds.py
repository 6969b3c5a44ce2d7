"""One table of how to read and change each kind of map element.

``KINDS[kind]`` says, for a stakeholder, flow, note, the organisation, the map's details
(meta), one of the map's own categories, a touch point, a stage or one of the map's own
channels, how to tell whether an id is in a map, how to
read the element and how to update fields of it (returning the old value, as the map's
``update_*`` methods do). The undo commands and the properties panel look a kind up here
instead of each keeping an if-chain over kind names. The organisation and the map details
are one per map: their id is ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from svx_desktop.model.valuemap import ValueMap

Kind = Literal[
    "stakeholder",
    "flow",
    "note",
    "organisation",
    "meta",
    "category",
    "touch_point",
    "stage",
    "channel",
]


@dataclass(frozen=True)
class ElementKind:
    """How to find, read and change one kind of element of a map."""

    name: Kind
    has: Callable[[ValueMap, str], bool]
    get: Callable[[ValueMap, str], Any]
    #: ``update(vmap, element_id, **changes)`` applies the changes, returns the old value.
    update: Callable[..., Any]
    #: Title-case noun for undo texts ("Change Colour of 3 Stakeholders").
    noun: str = ""
    #: True for the organisation and the map details: one per map, the id is ignored.
    single: bool = False

    def __post_init__(self) -> None:
        if not self.noun:
            object.__setattr__(self, "noun", self.name.title())


def _own_category(vmap: ValueMap, category_id: str) -> bool:
    return any(c.id == category_id for c in vmap.own_categories)


def _always(vmap: ValueMap, element_id: str) -> bool:
    return True


def _update_organisation(vmap: ValueMap, element_id: str, /, **changes: Any) -> Any:
    return vmap.update_organisation(**changes)


def _update_meta(vmap: ValueMap, element_id: str, /, **changes: Any) -> Any:
    return vmap.update_meta(**changes)


def _own_channel(vmap: ValueMap, channel_id: str) -> bool:
    return any(c.id == channel_id for c in vmap.journeys.own_channels)


_M = ValueMap
KINDS: dict[str, ElementKind] = {
    k.name: k
    for k in (
        ElementKind("stakeholder", _M.has_stakeholder, _M.stakeholder, _M.update_stakeholder),
        ElementKind("flow", _M.has_flow, _M.flow, _M.update_flow),
        ElementKind("note", _M.has_note, _M.note, _M.update_note),
        ElementKind("category", _own_category, _M.category, _M.update_category),
        ElementKind(
            "organisation", _always, lambda m, _i: m.organisation, _update_organisation, single=True
        ),
        ElementKind("meta", _always, lambda m, _i: m.meta, _update_meta, "Map Details", True),
        ElementKind(
            "touch_point",
            lambda m, i: m.journeys.has_touch_point(i),
            lambda m, i: m.journeys.touch_point(i),
            lambda m, i, /, **c: m.journeys.update_touch_point(i, **c),
            "Touch Point",
        ),
        ElementKind(
            "stage",
            lambda m, i: m.journeys.has_stage(i),
            lambda m, i: m.journeys.stage(i),
            lambda m, i, /, **c: m.journeys.update_stage(i, **c),
        ),
        ElementKind(
            "channel",
            _own_channel,
            lambda m, i: m.journeys.channel(i),
            lambda m, i, /, **c: m.journeys.update_channel(i, **c),
        ),
    )
}

__all__ = ["KINDS", "ElementKind", "Kind"]
