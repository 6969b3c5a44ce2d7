"""The ratings a flow can carry: how well an expectation is met today, and dependence.

``Health`` is the method's five-step scale from *dead* to *alive*, defined here and
nowhere else: an ``expects`` flow says with it how well the organisation meets that
expectation today (a touch point's health will use the same scale). Its members are
ordered (``Health.DEAD < Health.ALIVE``) and numbered 1 to 5 so figures can average them;
files store the lower-case ``key`` (``"dying"``). Dependence, on a ``provides`` flow, is a
plain 1–5 number: how much the organisation depends on what the stakeholder provides.
Both are optional: ``None`` means *unrated*, which no figure counts as a rating.
"""

from __future__ import annotations

from enum import IntEnum

MIN_DEPENDENCE = 1
MAX_DEPENDENCE = 5


class Scale(IntEnum):
    """Numbered steps with names (``Health`` here, a finding's ``Severity``); a file or an
    export names a step by its lower-case ``key``."""

    @property
    def key(self) -> str:
        """The name a file stores: ``"dead"``, ``"high"``… (stable, never translated)."""
        return self.name.lower()


class Health(Scale):
    """How alive an expectation (or a touch point) is today, 1 (dead) to 5 (alive)."""

    DEAD = 1
    DYING = 2
    INDIFFERENT = 3
    LIVELY = 4
    ALIVE = 5

    @property
    def label(self) -> str:
        """The step's name for people: ``"Dead"`` … ``"Alive"``."""
        return self.name.capitalize()

    @property
    def meaning(self) -> str:
        """One line saying what the step means in the room."""
        return _MEANINGS[self]

    @classmethod
    def from_key(cls, key: str) -> Health:
        """The step a file names (``"dying"``); ``ValueError`` for anything else."""
        try:
            return _BY_KEY[key]
        except (KeyError, TypeError):
            raise ValueError(f"{key!r} is not a health step") from None


_MEANINGS = {
    Health.DEAD: "rules and procedures keep the stakeholder at arm's length",
    Health.DYING: "met grudgingly, when the stakeholder pushes hard enough",
    Health.INDIFFERENT: "met by the book, no better and no worse",
    Health.LIVELY: "people usually go out of their way to meet it",
    Health.ALIVE: "people are empowered and find a way to say yes",
}
_BY_KEY = {h.key: h for h in Health}

#: The file's names of the steps, dead first.
HEALTH_KEYS: tuple[str, ...] = tuple(h.key for h in Health)

__all__ = ["HEALTH_KEYS", "MAX_DEPENDENCE", "MIN_DEPENDENCE", "Health"]
