"""The elements of a map: organisation, stakeholders, flows, notes and map metadata.

Elements are immutable dataclasses; a change replaces an element with an edited copy
(``dataclasses.replace``), which makes undo a matter of keeping the old value. Geometry is
plain floats. ``extra`` carries fields this version of SVX does not know, so that a file
written by a newer version keeps them through a load and save.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from svx_desktop.model.categories import OTHER_CATEGORY_ID
from svx_desktop.model.health import Health

Pos = tuple[float, float]

#: Longest name or label accepted anywhere (longer text is refused at load and at input).
MAX_LABEL_LENGTH = 10_000
#: Longest free-text notes field.
MAX_NOTES_LENGTH = 100_000
#: Largest absolute coordinate.
MAX_COORDINATE = 1e7
MIN_IMPORTANCE = 1
MAX_IMPORTANCE = 5
DEFAULT_IMPORTANCE = 3


def new_id() -> str:
    """A new persistent element id (a random uuid as a string).

    The same as ``str(uuid.uuid4())``, formatted here: the ``uuid`` module imports
    ``platform`` (a dozen regular expressions), milliseconds of the app's start-up.
    """
    b = bytearray(os.urandom(16))
    b[6] = (b[6] & 0x0F) | 0x40  # version 4
    b[8] = (b[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = b.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class Direction(StrEnum):
    """Which way a flow goes: ``provides`` is stakeholder → organisation."""

    PROVIDES = "provides"
    EXPECTS = "expects"


class ValueKind(StrEnum):
    """What kind of value a flow carries."""

    MONEY = "money"
    GOODS_SERVICES = "goods_services"
    INFORMATION = "information"
    INTANGIBLE = "intangible"

    @property
    def label(self) -> str:
        return _VALUE_KIND_LABELS[self]


_VALUE_KIND_LABELS = {
    ValueKind.MONEY: "Money",
    ValueKind.GOODS_SERVICES: "Goods & services",
    ValueKind.INFORMATION: "Information",
    ValueKind.INTANGIBLE: "Intangible",
}


@dataclass(frozen=True)
class Organisation:
    """The central, opaque organisation: a name and a short description, nothing inside."""

    id: str = field(default_factory=new_id)
    name: str = "Organisation"
    description: str = ""
    position: Pos = (0.0, 0.0)
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Stakeholder:
    """An external party around the organisation."""

    name: str
    id: str = field(default_factory=new_id)
    category: str = OTHER_CATEGORY_ID
    position: Pos = (0.0, 0.0)
    notes: str = ""
    colour: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Flow:
    """One value item exchanged between a stakeholder and the organisation.

    Ratings belong to one direction each and are ``None`` (unrated) by default:
    ``met_today`` (how well an ``expects`` flow is met today) and ``dependence`` (1–5, how
    much the organisation depends on a ``provides`` flow). A rating on the other direction
    is refused by the model; ``model.ratings`` has the helpers that set, show and clear
    ratings, and flip a flow's direction clearing the rating that would no longer fit.
    """

    stakeholder_id: str
    direction: Direction
    label: str
    id: str = field(default_factory=new_id)
    value_kind: ValueKind = ValueKind.GOODS_SERVICES
    importance: int = DEFAULT_IMPORTANCE
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict, hash=False)
    met_today: Health | None = None
    dependence: int | None = None


@dataclass(frozen=True)
class Note:
    """A parking-lot sticky note: an idea said in the room, not yet placed on the map."""

    text: str
    id: str = field(default_factory=new_id)
    position: Pos = (0.0, 0.0)
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class MapMeta:
    """Map metadata. Dates are ISO 8601 strings (``workshop_date`` a date only).

    ``dismissed_checks`` holds the keys of checks the workshop agreed to leave (see
    ``model.checks``), in the order they were dismissed, each once.
    """

    title: str = ""
    facilitator: str = ""
    workshop_date: str = ""
    created: str = ""
    modified: str = ""
    extra: dict[str, Any] = field(default_factory=dict, hash=False)
    dismissed_checks: tuple[str, ...] = ()


__all__ = [
    "DEFAULT_IMPORTANCE",
    "MAX_COORDINATE",
    "MAX_IMPORTANCE",
    "MAX_LABEL_LENGTH",
    "MAX_NOTES_LENGTH",
    "MIN_IMPORTANCE",
    "Direction",
    "Flow",
    "MapMeta",
    "Note",
    "Organisation",
    "Pos",
    "Stakeholder",
    "ValueKind",
    "new_id",
]
