"""The map's Yjs layout: which root types hold what, and element ↔ Yjs value conversion.

A live session's document has seven root ``Y.Map``s (``ROOTS``), created before any
transaction (``journeys``, one JSON text per stakeholder's journey, see ``live.journeys``):
``meta`` and ``organisation`` hold the fields of those two records;
``categories``, ``stakeholders``, ``flows`` and ``notes`` map each element's stable id to a
nested ``Y.Map`` of its fields, so concurrent edits to different elements (or to different
fields of one element) never conflict. The fields are exactly the ones the ``.svx`` file
writes for that element (``fileformat.serialize``), plus two reserved keys: ``@order`` (a
number; elements are listed by ``(@order, id)``) and ``@extra`` (the element's unknown
fields as one JSON text, because Yjs numbers are all doubles and would turn a kept ``1``
into ``1.0``). A new element kind is one more root map and one more entry in ``KINDS``.
Reading is tolerant: a value that the file format would refuse makes that element absent
(``LayoutError``), never a crash. See ``docs/live-session-layout.md``.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from svx_desktop.fileformat import serialize
from svx_desktop.model import (
    Category,
    Direction,
    Flow,
    Health,
    MapMeta,
    Note,
    Organisation,
    Stakeholder,
    ValueKind,
)

#: The root maps of a session document, in the order they are created.
ROOTS: tuple[str, ...] = (
    "meta",
    "organisation",
    "categories",
    "stakeholders",
    "flows",
    "notes",
    "journeys",
)
#: Session settings, not part of the map (never saved to its file): ``contributions``
#: is ``"open"`` (the default) or ``"closed"``; ``id`` is the session owning a room of
#: another y-websocket server (``live.relay``).
SESSION_ROOT = "session"
ORDER_KEY = "@order"
EXTRA_KEY = "@extra"
#: Largest ``@extra`` text accepted from a peer (the file's own limits apply to the rest).
MAX_EXTRA_CHARS = 100_000

Element = Category | Stakeholder | Flow | Note


class LayoutError(ValueError):
    """A Yjs value that does not make a valid element (it is left out of the map)."""


@dataclass(frozen=True)
class Kind:
    """One element root: how its elements are written and read."""

    root: str
    values: Callable[[Any], dict[str, Any]]
    build: Callable[[dict[str, Any], dict[str, Any]], Any]


@cache
def _known() -> dict[str, frozenset[str]]:
    from svx_desktop.fileformat.plain import known_fields

    return known_fields()


@cache
def _models() -> dict[str, Any]:
    from svx_desktop.fileformat import schema

    return {
        "meta": schema.MetaV2,
        "organisation": schema.OrganisationV1,
        "categories": schema.CategoryV1,
        "stakeholders": schema.StakeholderV1,
        "flows": schema.FlowV2,
        "notes": schema.NoteV1,
    }


def fields_of(root: str, values: dict[str, Any]) -> dict[str, Any]:
    """The Yjs fields of a serializer dict: known fields as they are, unknown ones as
    one JSON text under ``@extra``."""
    known = _known()[root]
    out = {k: v for k, v in values.items() if k in known}
    extra = {k: v for k, v in values.items() if k not in known}
    if extra:
        out[EXTRA_KEY] = json.dumps(extra, ensure_ascii=False, sort_keys=True)
    return out


def _integral(value: Any) -> Any:
    """Yjs stores every number as a double: give back the int a whole number was."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def _validated(root: str, raw: Any) -> tuple[Any, dict[str, Any]]:
    """The schema model of a Yjs value and its unknown fields; ``LayoutError`` if invalid."""
    from pydantic import ValidationError

    if not isinstance(raw, dict):
        raise LayoutError(f"{root}: not a map")
    known = _known()[root]
    data = {k: v for k, v in raw.items() if k in known}
    for key in ("importance", "dependence"):
        if key in data:
            data[key] = _integral(data[key])
    extra: dict[str, Any] = {}
    text = raw.get(EXTRA_KEY)
    if text is not None:
        if not isinstance(text, str) or len(text) > MAX_EXTRA_CHARS:
            raise LayoutError(f"{root}: {EXTRA_KEY} is not a JSON text within limits")
        try:
            extra = json.loads(text)
        except ValueError as e:
            raise LayoutError(f"{root}: {EXTRA_KEY} is not JSON") from e
        if not isinstance(extra, dict):
            raise LayoutError(f"{root}: {EXTRA_KEY} is not a JSON object")
        extra = {k: v for k, v in extra.items() if k not in known}
    model_class = _models()[root]
    # A field the format refuses falls back to its default (a deterministic repair, so
    # every peer reads the same element); a required field that is refused drops it.
    for _ in range(len(known) + 1):
        try:
            return model_class.model_validate(data), extra
        except ValidationError as e:
            bad = {err["loc"][0] for err in e.errors() if err["loc"]}
            optional = {
                name
                for name in bad
                if name in model_class.model_fields
                and not model_class.model_fields[name].is_required()
                and name in data
            }
            if not optional or optional != bad:
                raise LayoutError(f"{root}: {e.errors()[0]['msg']}") from None
            for name in optional:
                del data[name]
    raise LayoutError(f"{root}: not a valid element")  # pragma: no cover - loop bound


def order_of(raw: Any) -> float:
    """The ``@order`` of a Yjs element value (elements without one sort last)."""
    value = raw.get(ORDER_KEY) if isinstance(raw, dict) else None
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return math.inf


def order_between(before: float | None, after: float | None) -> float:
    """A fresh ``@order`` that sorts between two neighbours (either may be missing).

    A random share of the gap is taken, so two peers inserting at the same place at the
    same time get different orders (ties are broken by id, which might not be the place
    each peer chose).
    """
    if before is not None and not math.isfinite(before):
        before = None
    if after is not None and not math.isfinite(after):
        after = None
    share = 0.25 + 0.5 * random.random()
    if before is None and after is None:
        return share
    if after is None:
        assert before is not None
        return before + 2 * share
    if before is None:
        return after - 2 * share
    return before + (after - before) * share


# ------------------------------------------------------------------ builders
def _category(m: Any, extra: dict[str, Any]) -> Category:
    return Category(m.id, m.name, m.colour, m.icon, extra)


def _stakeholder(m: Any, extra: dict[str, Any]) -> Stakeholder:
    return Stakeholder(m.name, m.id, m.category, (m.x, m.y), m.notes, m.colour, extra)


def _flow(m: Any, extra: dict[str, Any]) -> Flow:
    direction = Direction(m.direction)
    met = None if m.met_today is None else Health.from_key(m.met_today)
    dependence = m.dependence
    # Two peers may rate and flip a flow at once: a rating on the wrong direction is
    # cleared, as the loader does.
    if direction is not Direction.EXPECTS:
        met = None
    if direction is not Direction.PROVIDES:
        dependence = None
    return Flow(
        m.stakeholder,
        direction,
        m.label,
        m.id,
        ValueKind(m.value_kind),
        m.importance,
        m.notes,
        extra,
        met,
        dependence,
    )


def _note(m: Any, extra: dict[str, Any]) -> Note:
    return Note(m.text, m.id, (m.x, m.y), extra)


KINDS: dict[str, Kind] = {
    k.root: k
    for k in (
        Kind("categories", serialize.category_values, _category),
        Kind("stakeholders", serialize.stakeholder_values, _stakeholder),
        Kind("flows", serialize.flow_document, _flow),
        Kind("notes", serialize.note_values, _note),
    )
}


def element_fields(root: str, element: Any, order: float) -> dict[str, Any]:
    """The Yjs fields of an element of ``root``, with its ``@order``."""
    fields = fields_of(root, KINDS[root].values(element))
    fields[ORDER_KEY] = order
    return fields


def element_from(root: str, element_id: str, raw: Any) -> Any:
    """The element a Yjs value of ``root`` describes; ``LayoutError`` if it is invalid."""
    model, extra = _validated(root, raw)
    if model.id != element_id:
        raise LayoutError(f"{root}: element {element_id!r} carries the id {model.id!r}")
    return KINDS[root].build(model, extra)


def meta_fields(meta: MapMeta) -> dict[str, Any]:
    return fields_of("meta", serialize.meta_values(meta))


def organisation_fields(org: Organisation) -> dict[str, Any]:
    return fields_of("organisation", serialize.organisation_values(org))


def meta_from(raw: Any) -> MapMeta:
    m, extra = _validated("meta", raw)
    return MapMeta(
        m.title,
        m.facilitator,
        m.workshop_date,
        m.created,
        m.modified,
        extra,
        tuple(dict.fromkeys(m.dismissed_checks)),
    )


def organisation_from(raw: Any) -> Organisation:
    m, extra = _validated("organisation", raw)
    return Organisation(m.id, m.name, m.description, (m.x, m.y), extra)
