"""The elements of a stakeholder's journey: touch points, stages, channels and its charter.

After the map, the method drills down per stakeholder (PRODUCT.md, steps 4–6): the touch
points where it meets the organisation ("moments of truth"), grouped into stages the
facilitator names, the channels each happens through, how alive each is today (the same
``Health`` scale as an expectation), the promises the organisation makes to it (its
*charter*) and, last, the *mechanism* that delivers a touch point — mechanisms exist only
here, never inside the central box. Like the map's elements these are immutable
dataclasses, changed by replacing them; ``extra`` keeps fields a newer SVX wrote.

A touch point *serves* expectations: the ids of its own stakeholder's ``expects`` flows.
A promise may serve one. Channels are referred to by id: the built-in ones below, or a
map's own (``Channel``), added like a map's own categories.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from svx_desktop.model.elements import new_id
from svx_desktop.model.health import Health


class Initiator(StrEnum):
    """Who starts a touch point."""

    STAKEHOLDER = "stakeholder"
    ORGANISATION = "organisation"


class Sourcing(StrEnum):
    """Whether a mechanism is run by the organisation itself or bought in."""

    INTERNAL = "internal"
    OUTSOURCED = "outsourced"


@dataclass(frozen=True)
class Channel:
    """A way a touch point happens: in person, web, phone…; ``id`` is what files store."""

    id: str
    name: str
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


#: The channels every map has (ids are stable: files and capture lines use them).
BUILTIN_CHANNELS: tuple[Channel, ...] = (
    Channel("in_person", "In person"),
    Channel("phone", "Phone/voice"),
    Channel("web", "Web"),
    Channel("email", "E-mail"),
    Channel("sms", "SMS"),
    Channel("chat", "Chat"),
    Channel("social", "Social media"),
    Channel("app", "Mobile app"),
    Channel("post", "Post"),
    Channel("other", "Other"),
)
BUILTIN_CHANNEL_IDS = frozenset(c.id for c in BUILTIN_CHANNELS)


@dataclass(frozen=True)
class Mechanism:
    """What delivers a touch point: its name, internal or outsourced, and its owner."""

    name: str = ""
    sourcing: Sourcing = Sourcing.INTERNAL
    owner: str = ""
    extra: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.owner) and self.sourcing is Sourcing.INTERNAL


@dataclass(frozen=True)
class Stage:
    """A named step of one stakeholder's journey (*discover, join, use, get help, leave*)."""

    stakeholder_id: str
    name: str
    id: str = field(default_factory=new_id)
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class TouchPoint:
    """One interaction of a stakeholder with the organisation, from the stakeholder's side.

    ``stage_id`` is one of the same stakeholder's stages or None (not staged yet);
    ``channels`` are channel ids; ``serves`` are ids of the stakeholder's ``expects``
    flows; ``health`` is how alive it is today (None: unrated).
    """

    stakeholder_id: str
    name: str
    id: str = field(default_factory=new_id)
    stage_id: str | None = None
    channels: tuple[str, ...] = ()
    initiator: Initiator = Initiator.STAKEHOLDER
    serves: tuple[str, ...] = ()
    experience: str = ""
    health: Health | None = None
    moment_of_truth: bool = False
    pains: str = ""
    ideas: str = ""
    mechanism: Mechanism | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Promise:
    """One promise of a charter: its text, the expectation it answers (a flow id or None),
    the channels it is kept through and the measurable standard that says it is kept."""

    text: str
    id: str = field(default_factory=new_id)
    serves: str | None = None
    channels: tuple[str, ...] = ()
    standard: str = ""
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Charter:
    """The promises the organisation makes to one stakeholder, in order."""

    stakeholder_id: str
    promises: tuple[Promise, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


__all__ = [
    "BUILTIN_CHANNELS",
    "BUILTIN_CHANNEL_IDS",
    "Channel",
    "Charter",
    "Initiator",
    "Mechanism",
    "Promise",
    "Sourcing",
    "Stage",
    "TouchPoint",
]
