"""Checks shared by every operation that puts an element into a map."""

from __future__ import annotations

import math
from collections.abc import Iterable

from svx_desktop.model.categories import Category, is_colour
from svx_desktop.model.elements import (
    MAX_COORDINATE,
    MAX_IMPORTANCE,
    MAX_LABEL_LENGTH,
    MAX_NOTES_LENGTH,
    MIN_IMPORTANCE,
    Direction,
    Flow,
    MapMeta,
    Note,
    Organisation,
    Stakeholder,
    ValueKind,
)
from svx_desktop.model.health import MAX_DEPENDENCE, MIN_DEPENDENCE, Health

#: The longest id a map may hold.
MAX_ID_LENGTH = 200


class ModelError(ValueError):
    """An operation would break an invariant of the map; the map is left unchanged."""


def _check_encodable(value: str, what: str) -> None:
    # A lone surrogate (e.g. from a "\ud800" JSON escape) cannot be written as UTF-8:
    # accepting one would make the next save fail.
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ModelError(f"{what} contains an unpaired surrogate character") from None


def check_text(value: object, what: str, limit: int = MAX_LABEL_LENGTH) -> None:
    if not isinstance(value, str):
        raise ModelError(f"{what} must be text, not {type(value).__name__}")
    if len(value) > limit:
        raise ModelError(f"{what} is {len(value):,} characters long; the limit is {limit:,}")
    _check_encodable(value, what)


def check_position(pos: object, what: str = "position") -> None:
    if not (isinstance(pos, tuple) and len(pos) == 2):
        raise ModelError(f"{what} must be a pair of numbers")
    for v in pos:
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise ModelError(f"{what} must be a pair of numbers")
        # abs() before isfinite(): isfinite() of a huge int raises OverflowError (and the
        # repr of a 5,000-digit int raises ValueError, hence the short form).
        if abs(v) > MAX_COORDINATE or not math.isfinite(v):
            shown = repr(v) if isinstance(v, float) or abs(v) < 10**30 else "<huge integer>"
            raise ModelError(f"{what} {shown} is outside ±{MAX_COORDINATE:g}")


def check_id(value: object, what: str) -> None:
    if not isinstance(value, str) or not value or len(value) > MAX_ID_LENGTH:
        raise ModelError(f"{what} must be a non-empty id of at most {MAX_ID_LENGTH} characters")
    _check_encodable(value, what)


def check_organisation(org: Organisation) -> None:
    check_id(org.id, "organisation id")
    check_text(org.name, "organisation name")
    check_text(org.description, "organisation description", MAX_NOTES_LENGTH)
    check_position(org.position, "organisation position")


def check_stakeholder(s: Stakeholder) -> None:
    check_id(s.id, "stakeholder id")
    check_text(s.name, "stakeholder name")
    check_id(s.category, "stakeholder category")
    check_position(s.position, "stakeholder position")
    check_text(s.notes, "stakeholder notes", MAX_NOTES_LENGTH)
    if s.colour is not None and not (isinstance(s.colour, str) and is_colour(s.colour)):
        raise ModelError(f"stakeholder colour {s.colour!r} is not a #rrggbb colour")


def check_flow(f: Flow) -> None:
    check_id(f.id, "flow id")
    check_id(f.stakeholder_id, "flow stakeholder")
    if not isinstance(f.direction, Direction):
        raise ModelError(f"flow direction {f.direction!r} is not 'provides' or 'expects'")
    if not isinstance(f.value_kind, ValueKind):
        raise ModelError(f"flow value kind {f.value_kind!r} is unknown")
    check_text(f.label, "flow label")
    check_text(f.notes, "flow notes", MAX_NOTES_LENGTH)
    if (
        isinstance(f.importance, bool)
        or not isinstance(f.importance, int)
        or not MIN_IMPORTANCE <= f.importance <= MAX_IMPORTANCE
    ):
        raise ModelError(
            f"flow importance {f.importance!r} is not between {MIN_IMPORTANCE} and {MAX_IMPORTANCE}"
        )
    check_ratings(f)


def check_ratings(f: Flow) -> None:
    """A flow's ratings: each unrated (None) or in range, and only on its own direction."""
    met, dependence = f.met_today, f.dependence
    if met is not None:
        if type(met) is not Health:
            raise ModelError(f"flow 'met today' {met!r} is not a health step (dead … alive)")
        if f.direction is not Direction.EXPECTS:
            raise ModelError("only an 'expects' flow can be rated for how well it is met today")
    if dependence is not None:
        if (
            isinstance(dependence, bool)
            or not isinstance(dependence, int)
            or not MIN_DEPENDENCE <= dependence <= MAX_DEPENDENCE
        ):
            raise ModelError(
                f"flow dependence {dependence!r} is not between {MIN_DEPENDENCE} and "
                f"{MAX_DEPENDENCE}"
            )
        if f.direction is not Direction.PROVIDES:
            raise ModelError("only a 'provides' flow can be rated for dependence")


def check_note(n: Note) -> None:
    check_id(n.id, "note id")
    check_text(n.text, "note text")
    check_position(n.position, "note position")


def check_meta(m: MapMeta) -> None:
    for name in ("title", "facilitator", "workshop_date", "created", "modified"):
        check_text(getattr(m, name), f"map {name.replace('_', ' ')}")
    keys = m.dismissed_checks
    if not isinstance(keys, tuple):
        raise ModelError("dismissed checks must be a tuple of check keys")
    for key in keys:
        check_text(key, "dismissed check key")
        if not key:
            raise ModelError("a dismissed check key cannot be empty")
    if len(set(keys)) != len(keys):
        raise ModelError("a check is dismissed twice")


def check_category(c: Category) -> None:
    check_id(c.id, "category id")
    check_text(c.name, "category name")
    check_text(c.icon, "category icon", 100)
    if not (isinstance(c.colour, str) and is_colour(c.colour)):
        raise ModelError(f"category colour {c.colour!r} is not a #rrggbb colour")


def _plain_pos(pos: object) -> bool:
    """True if ``pos`` is a pair of floats within the limits (a subset of check_position)."""
    if type(pos) is not tuple or len(pos) != 2:
        return False
    x, y = pos
    return (
        type(x) is float
        and type(y) is float
        and -MAX_COORDINATE <= x <= MAX_COORDINATE
        and -MAX_COORDINATE <= y <= MAX_COORDINATE
    )


def _plain_id(value: object) -> bool:
    """True if ``value`` is an ASCII id ``check_id`` accepts (a subset of it)."""
    return type(value) is str and 0 < len(value) <= MAX_ID_LENGTH and value.isascii()


def _plain_text(value: object, limit: int = MAX_LABEL_LENGTH) -> bool:
    """True if ``value`` is ASCII text ``check_text`` accepts (a subset of it)."""
    return type(value) is str and len(value) <= limit and value.isascii()


# Batch checks for large maps (loading a file). Each element first meets a fast test that
# only accepts what the single-element check accepts (exact built-in types, ASCII text,
# values inside the limits); anything else goes through that full check, which raises the
# precise error or accepts it. So a batch accepts and refuses exactly what the
# single-element checks do, several times faster on ordinary data.


def check_stakeholders(stakeholders: Iterable[Stakeholder]) -> None:
    for s in stakeholders:
        if not (
            _plain_id(s.id)
            and _plain_id(s.category)
            and _plain_text(s.name)
            and _plain_text(s.notes, MAX_NOTES_LENGTH)
            and s.colour is None
            and _plain_pos(s.position)
        ):
            check_stakeholder(s)


def check_flows(flows: Iterable[Flow]) -> None:
    for f in flows:
        importance = f.importance
        if not (
            _plain_id(f.id)
            and _plain_id(f.stakeholder_id)
            and _plain_text(f.label)
            and _plain_text(f.notes, MAX_NOTES_LENGTH)
            and type(importance) is int
            and MIN_IMPORTANCE <= importance <= MAX_IMPORTANCE
            and type(f.direction) is Direction
            and type(f.value_kind) is ValueKind
            and f.met_today is None
            and f.dependence is None
        ):
            check_flow(f)


def check_notes(notes: Iterable[Note]) -> None:
    for n in notes:
        if not (_plain_id(n.id) and _plain_text(n.text) and _plain_pos(n.position)):
            check_note(n)


def check_fields(cls: type, changes: dict[str, object], immutable: tuple[str, ...]) -> None:
    """Refuse unknown field names and changes to identity fields."""
    known = cls.__dataclass_fields__  # type: ignore[attr-defined]
    for name in changes:
        if name not in known:
            raise ModelError(f"{cls.__name__} has no field {name!r}")
        if name in immutable:
            raise ModelError(f"{cls.__name__}.{name} cannot be changed")


__all__ = ["ModelError"]
