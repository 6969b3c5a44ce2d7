"""Journeys in a live session: one entry per stakeholder in the root map ``journeys``.

A stakeholder's journey (its stages, touch points and charter) is one JSON text under its
stakeholder id, written with the ``.svx`` serializer's own dicts; the map's own channels
are one JSON list under ``@channels``. So two people editing *different* stakeholders'
journeys never conflict, and concurrent edits to the same journey end with one of them
(the document's last writer), the same on every peer. Applying a remote journey changes
the touch points field by field when the journey keeps its ids and order, and otherwise
replaces the journey in one step. A link the map cannot hold (a flow deleted or flipped
by another peer meanwhile, or not arrived yet) is dropped on reading, the same way on
every peer; such a journey, or one the map refused, is read again when flows or
stakeholders change.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from typing import Any

from svx_desktop.fileformat import serialize
from svx_desktop.live.layout import MAX_EXTRA_CHARS, LayoutError
from svx_desktop.model import (
    Channel,
    Charter,
    Direction,
    ModelError,
    Stage,
    TouchPoint,
    ValueMap,
)

log = logging.getLogger(__name__)

JOURNEYS_ROOT = "journeys"
CHANNELS_KEY = "@channels"
#: Largest JSON text of one journey accepted from a peer.
MAX_JOURNEY_CHARS = 2_000_000
_FIELDS = tuple(f for f in TouchPoint.__dataclass_fields__ if f not in ("id", "stakeholder_id"))

Journey = tuple[list[Stage], list[TouchPoint], Charter | None]


def journey_text(vmap: ValueMap, stakeholder_id: str) -> str | None:
    """The JSON text of one stakeholder's journey, None when it has none."""
    j = vmap.journeys
    stages, points = j.stages(stakeholder_id), j.journey(stakeholder_id)
    charter = j.charter(stakeholder_id)
    if not (stages or points or charter):
        return None
    data = {
        "stages": [serialize.stage_values(st) for st in stages],
        "touch_points": [serialize.touch_point_values(tp) for tp in points],
        "charter": None if charter is None else serialize.charter_values(charter),
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def channels_text(vmap: ValueMap) -> str:
    return json.dumps(
        [serialize.channel_values(c) for c in vmap.journeys.own_channels],
        ensure_ascii=False,
        sort_keys=True,
    )


def _loaded(text: Any, limit: int) -> Any:
    if not isinstance(text, str) or len(text) > limit:
        raise LayoutError("journeys: not a JSON text within limits")
    try:
        return json.loads(text)
    except ValueError as e:
        raise LayoutError("journeys: not JSON") from e


def _valid(model: Any, raw: Any, what: str) -> dict[str, Any]:
    from pydantic import ValidationError

    try:
        return model.model_validate(raw).model_dump()  # type: ignore[no-any-return]
    except ValidationError as e:
        raise LayoutError(f"{what}: {e.errors()[0]['msg']}") from None


def parse_journey(vmap: ValueMap, stakeholder_id: str, text: Any) -> tuple[Journey, bool]:
    """The journey a JSON text describes, built as the loader builds it, and whether it
    had to be repaired; ``LayoutError`` for anything the file format would refuse.

    Links the map cannot hold — to a flow that is gone, no longer an expectation of this
    stakeholder, or to an unknown channel (another peer deleted or flipped it while this
    journey was edited) — are dropped, the same way on every peer, so the map stays a
    function of the document; the journey is read again when flows or channels change.
    """
    from svx_desktop.fileformat.load_journeys import journey_elements
    from svx_desktop.fileformat.schema import CharterV3, StageV3, TouchPointV3

    data = _loaded(text, MAX_JOURNEY_CHARS)
    if not isinstance(data, dict):
        raise LayoutError("journeys: not a JSON object")
    stages = [_valid(StageV3, s, "stage") for s in data.get("stages") or []]
    points = [_valid(TouchPointV3, t, "touch point") for t in data.get("touch_points") or []]
    raw_charter = data.get("charter")
    charters = [] if raw_charter is None else [_valid(CharterV3, raw_charter, "charter")]
    for element in (*stages, *points, *charters):
        if element["stakeholder"] != stakeholder_id:
            raise LayoutError("journeys: an element of another stakeholder")
    doc = {"channels": [], "stages": stages, "touch_points": points, "charters": charters}
    _, read_stages, read_points, read_charters = journey_elements(doc, vmap)
    expected = {f.id for f in vmap.flows_of(stakeholder_id, Direction.EXPECTS)}
    known = vmap.journeys.has_channel

    def kept(ids: tuple[str, ...], ok: Any) -> tuple[str, ...]:
        return tuple(i for i in ids if ok(i))

    fixed_points = [
        dataclasses.replace(
            tp, serves=kept(tp.serves, expected.__contains__), channels=kept(tp.channels, known)
        )
        for tp in read_points
    ]
    charter = read_charters[0] if read_charters else None
    fixed_charter = charter
    if charter is not None:
        promises = tuple(
            dataclasses.replace(
                p,
                serves=p.serves if p.serves in expected else None,
                channels=kept(p.channels, known),
            )
            for p in charter.promises
        )
        fixed_charter = dataclasses.replace(charter, promises=promises)
    repaired = fixed_points != read_points or fixed_charter != charter
    return (read_stages, fixed_points, fixed_charter), repaired


def parse_channels(text: Any) -> list[Channel]:
    from svx_desktop.fileformat.schema import ChannelV3

    data = _loaded(text, MAX_EXTRA_CHARS)
    if not isinstance(data, list):
        raise LayoutError("channels: not a JSON list")
    out = []
    for raw in data:
        c = _valid(ChannelV3, raw, "channel")
        extra = {k: v for k, v in c.items() if k not in ("id", "name")}
        out.append(Channel(c["id"], c["name"], extra))
    return out


def apply_channels(vmap: ValueMap, channels: list[Channel], remove: bool) -> None:
    """Add and rename own channels to match (and, with ``remove``, drop the others that
    nothing uses any more)."""
    j = vmap.journeys
    own = {c.id: c for c in j.own_channels}
    for c in channels:
        try:
            if c.id not in own:
                j.add_channel(c)
            elif own[c.id] != c:
                j.update_channel(c.id, name=c.name, extra=c.extra)
        except ModelError as e:
            log.warning("live session: channel %r not applied: %s", c.id, e)
    if remove:
        wanted = {c.id for c in channels}
        for cid in own:
            if cid not in wanted:
                try:
                    j.remove_channel(cid)
                except ModelError as e:
                    log.info("live session: channel %r kept: %s", cid, e)


def apply_journey(vmap: ValueMap, stakeholder_id: str, target: Journey | None) -> bool:
    """Bring one stakeholder's journey to ``target`` (None: no journey); False when the
    map refused it (it is then left as it was)."""
    if not vmap.has_stakeholder(stakeholder_id):
        return False
    j = vmap.journeys
    stages, points, charter = target if target is not None else ([], [], None)
    try:
        same_shape = tuple(stages) == j.stages(stakeholder_id) and [tp.id for tp in points] == [
            tp.id for tp in j.journey(stakeholder_id)
        ]
        if same_shape:
            for tp in points:
                current = j.touch_point(tp.id)
                changes = {
                    f: getattr(tp, f) for f in _FIELDS if getattr(current, f) != getattr(tp, f)
                }
                if changes:
                    j.update_touch_point(tp.id, **changes)
        else:
            removed = j.take_stakeholder(stakeholder_id)
            try:
                j.add_all(stages=stages, touch_points=points)
            except ModelError:
                j.put_back(removed)
                raise
        if j.charter(stakeholder_id) != charter:
            j.set_charter(charter, stakeholder_id)
    except ModelError as e:
        log.info("live session: journey of %r not applied yet: %s", stakeholder_id, e)
        return False
    return True


__all__ = [
    "CHANNELS_KEY",
    "JOURNEYS_ROOT",
    "apply_channels",
    "apply_journey",
    "channels_text",
    "journey_text",
    "parse_channels",
    "parse_journey",
]
