"""One table of how to read and change each kind of map element.

``KINDS[kind]`` says, for a stakeholder, flow, note, the organisation, the map's details
(meta) or one of the map's own categories, how to tell whether an id is in a map, how to
read the element and how to update fields of it (returning the old value, as the map's
``update_*`` methods do). The undo commands and the properties panel look a kind up here
instead of each keeping an if-chain over kind names. The organisation and the map details
are one per map: their id is ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from svx_desktop.model.valuemap import ValueMap

Kind = Literal["stakeholder", "flow", "note", "organisation", "meta", "category"]


@dataclass(frozen=True)
class ElementKind:
    """How to find, read and change one kind of element of a map."""

    name: Kind
    #: Title-case noun for undo texts ("Change Colour of 3 Stakeholders").
    noun: str
    has: Callable[[ValueMap, str], bool]
    get: Callable[[ValueMap, str], Any]
    update: Callable[[ValueMap, str, Mapping[str, Any]], Any]
    #: True for the organisation and the map details: one per map, the id is ignored.
    single: bool = False


def _own_category(vmap: ValueMap, category_id: str) -> bool:
    return any(c.id == category_id for c in vmap.own_categories)


KINDS: dict[str, ElementKind] = {
    k.name: k
    for k in (
        ElementKind(
            "stakeholder",
            "Stakeholder",
            ValueMap.has_stakeholder,
            ValueMap.stakeholder,
            lambda m, i, c: m.update_stakeholder(i, **c),
        ),
        ElementKind(
            "flow", "Flow", ValueMap.has_flow, ValueMap.flow, lambda m, i, c: m.update_flow(i, **c)
        ),
        ElementKind(
            "note", "Note", ValueMap.has_note, ValueMap.note, lambda m, i, c: m.update_note(i, **c)
        ),
        ElementKind(
            "organisation",
            "Organisation",
            lambda m, _i: True,
            lambda m, _i: m.organisation,
            lambda m, _i, c: m.update_organisation(**c),
            single=True,
        ),
        ElementKind(
            "meta",
            "Map Details",
            lambda m, _i: True,
            lambda m, _i: m.meta,
            lambda m, _i, c: m.update_meta(**c),
            single=True,
        ),
        ElementKind(
            "category",
            "Category",
            _own_category,
            ValueMap.category,
            lambda m, i, c: m.update_category(i, **c),
        ),
    )
}

__all__ = ["KINDS", "ElementKind", "Kind"]
