"""ValueMap → the bytes of a ``.svx`` file, deterministically.

Layout: a JSON object with sorted keys; each list element (category, stakeholder, flow,
note, channel, stage, touch point, charter) on a line of its own with sorted keys. The
result is valid JSON, diffs one element per line in version control, and is written with
the C JSON encoder, so saving stays a small multiple of a plain ``json.dumps``. Unknown
fields kept from loading are merged in (known fields win on a clash).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from svx_desktop.fileformat.version import CURRENT_VERSION, FORMAT_NAME
from svx_desktop.model import Flow, MapMeta, Note, Organisation, Stakeholder, ValueMap
from svx_desktop.model.categories import Category
from svx_desktop.model.journey_elements import Channel, Charter, Mechanism, Stage, TouchPoint


@cache
def _encoder() -> Callable[[Any], str]:
    """The JSON encoder of every value (json is imported with the first save)."""
    import json

    return json.JSONEncoder(ensure_ascii=False, sort_keys=True, allow_nan=False).encode


def _with_extra(known: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    if not extra:
        return known
    return {**extra, **known}


def flow_values(f: Flow) -> dict[str, Any]:
    """A flow's own values as the file (and ``svx info --json``) write them, after its ids."""
    return {
        "label": f.label,
        "value_kind": f.value_kind.value,
        "importance": f.importance,
        "notes": f.notes,
        "met_today": None if f.met_today is None else f.met_today.key,
        "dependence": f.dependence,
    }


def meta_values(m: MapMeta) -> dict[str, Any]:
    """The map metadata as the file writes it (unknown fields merged in)."""
    return _with_extra(
        {
            "title": m.title,
            "facilitator": m.facilitator,
            "workshop_date": m.workshop_date,
            "created": m.created,
            "modified": m.modified,
            "dismissed_checks": list(m.dismissed_checks),
        },
        m.extra,
    )


def _placed(e: Organisation | Stakeholder | Note, values: dict[str, Any]) -> dict[str, Any]:
    """An element with a place on the canvas: its own ``values``, its id, x and y."""
    values["id"] = e.id
    values["x"] = float(e.position[0])
    values["y"] = float(e.position[1])
    return _with_extra(values, e.extra)


def organisation_values(o: Organisation) -> dict[str, Any]:
    """The organisation as the file writes it."""
    return _placed(o, {"name": o.name, "description": o.description})


def category_values(c: Category) -> dict[str, Any]:
    """One of the map's own categories as the file writes it."""
    return _with_extra({"id": c.id, "name": c.name, "colour": c.colour, "icon": c.icon}, c.extra)


def stakeholder_values(s: Stakeholder) -> dict[str, Any]:
    """A stakeholder as the file writes it."""
    return _placed(
        s, {"name": s.name, "category": s.category, "notes": s.notes, "colour": s.colour}
    )


def flow_document(f: Flow) -> dict[str, Any]:
    """A flow as the file writes it: its ids, direction and values."""
    return _with_extra(
        {
            "id": f.id,
            "stakeholder": f.stakeholder_id,
            "direction": f.direction.value,
            **flow_values(f),
        },
        f.extra,
    )


def note_values(n: Note) -> dict[str, Any]:
    """A parking-lot note as the file writes it."""
    return _placed(n, {"text": n.text})


def to_document(vmap: ValueMap) -> dict[str, Any]:
    """The map as the plain dict that ``loads`` reads back (current version).

    Each element is written by its own function above (``stakeholder_values``…), which
    the live session's Yjs layout (``svx_desktop.live.layout``) shares with the file.
    """
    doc: dict[str, Any] = dict(vmap.extra)
    doc.update(
        format=FORMAT_NAME,
        version=CURRENT_VERSION,
        meta=meta_values(vmap.meta),
        organisation=organisation_values(vmap.organisation),
        categories=[category_values(c) for c in vmap.own_categories],
        stakeholders=[stakeholder_values(s) for s in vmap.stakeholders],
        flows=[flow_document(f) for f in vmap.flows],
        notes=[note_values(n) for n in vmap.notes],
    )
    doc.update(journey_document(vmap))
    return doc


def _mechanism(m: Mechanism | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return _with_extra({"name": m.name, "sourcing": m.sourcing.value, "owner": m.owner}, m.extra)


def touch_point_values(tp: TouchPoint) -> dict[str, Any]:
    """A touch point as the file writes it."""
    return _with_extra(
        {
            "id": tp.id,
            "stakeholder": tp.stakeholder_id,
            "name": tp.name,
            "stage": tp.stage_id,
            "channels": list(tp.channels),
            "initiator": tp.initiator.value,
            "serves": list(tp.serves),
            "experience": tp.experience,
            "health": None if tp.health is None else tp.health.key,
            "moment_of_truth": tp.moment_of_truth,
            "pains": tp.pains,
            "ideas": tp.ideas,
            "mechanism": _mechanism(tp.mechanism),
        },
        tp.extra,
    )


def charter_values(c: Charter) -> dict[str, Any]:
    """A charter with its promises as the file writes it."""
    promises = [
        _with_extra(
            {
                "id": p.id,
                "text": p.text,
                "serves": p.serves,
                "channels": list(p.channels),
                "standard": p.standard,
            },
            p.extra,
        )
        for p in c.promises
    ]
    return _with_extra({"stakeholder": c.stakeholder_id, "promises": promises}, c.extra)


def channel_values(c: Channel) -> dict[str, Any]:
    """One of the map's own channels as the file writes it."""
    return _with_extra({"id": c.id, "name": c.name}, c.extra)


def stage_values(st: Stage) -> dict[str, Any]:
    """A stage as the file writes it."""
    return _with_extra({"id": st.id, "stakeholder": st.stakeholder_id, "name": st.name}, st.extra)


def journey_document(vmap: ValueMap) -> dict[str, list[dict[str, Any]]]:
    """The four journey lists of the file (each empty for a map without journeys): the
    map's own channels, then stages and touch points stakeholder by stakeholder in map
    order (each journey's order is its order in the file), then the charters."""
    j = vmap.journeys
    if not j:
        return {"channels": [], "stages": [], "touch_points": [], "charters": []}
    return {
        "channels": [channel_values(c) for c in j.own_channels],
        "stages": [stage_values(st) for st in j.all_stages],
        "touch_points": [touch_point_values(tp) for tp in j.touch_points],
        "charters": [charter_values(c) for c in j.charters],
    }


def dumps(vmap: ValueMap) -> bytes:
    """The ``.svx`` bytes of a map: UTF-8 JSON, stable key and list order, final newline."""
    return document_bytes(to_document(vmap))


def document_bytes(doc: dict[str, Any]) -> bytes:
    """The ``.svx`` bytes of a ``to_document`` dict (a map's document can be taken on one
    thread and written on another: it shares nothing that changes)."""
    _encode = _encoder()
    parts: list[str] = ["{\n"]
    keys = sorted(doc)
    for i, key in enumerate(keys):
        value = doc[key]
        parts.append(f"  {_encode(key)}: ")
        if isinstance(value, list) and value:
            parts.append("[\n    ")
            parts.append(",\n    ".join(map(_encode, value)))
            parts.append("\n  ]")
        else:
            parts.append(_encode(value))
        parts.append(",\n" if i < len(keys) - 1 else "\n")
    parts.append("}\n")
    return "".join(parts).encode("utf-8")
