"""The journeys of a validated ``.svx`` document, added to the map the loader built.

Version 3 stores four top-level lists: the map's own ``channels``, ``stages``,
``touch_points`` and ``charters`` (each journey's order is its order in the file). Unlike a
flow of a missing stakeholder, which the loader drops and reports, a broken link here is
refused with an ``SvxLoadError`` naming the file, the place and the problem: a journey
element of a missing stakeholder, a touch point in another stakeholder's stage, a link to
a missing flow, to a flow the stakeholder *provides* or to another stakeholder's flow, an
unknown channel, an id used twice. Dropping such a link would silently lose what the
workshop decided; the user fixes the file instead. Unknown fields are kept in ``extra``.
"""

from __future__ import annotations

from typing import Any

from svx_desktop.fileformat.errors import SvxLoadError
from svx_desktop.fileformat.migrations import JOURNEY_LISTS
from svx_desktop.model import Direction, Health, ModelError, ValueMap
from svx_desktop.model.journey_elements import (
    BUILTIN_CHANNEL_IDS,
    Channel,
    Charter,
    Initiator,
    Mechanism,
    Promise,
    Sourcing,
    Stage,
    TouchPoint,
)


def _quote(value: Any) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _extra(element: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
    return {k: v for k, v in element.items() if k not in known}


class _Reader:
    """Checks the links of the journey lists against the map, then builds the elements."""

    def __init__(self, doc: dict[str, Any], vmap: ValueMap, source: str) -> None:
        from svx_desktop.fileformat.plain import known_fields

        self.doc = doc
        self.vmap = vmap
        self.source = source
        self.known = known_fields()
        self.where: dict[str, str] = {vmap.organisation.id: "organisation"}
        for key in ("stakeholders", "flows", "notes"):
            for i, element in enumerate(doc[key]):
                self.where.setdefault(element["id"], f"{key}[{i}]")
        self.channel_ids = set(BUILTIN_CHANNEL_IDS)
        self.stage_of: dict[str, str] = {}  # stage id -> stakeholder id

    def fail(self, location: str, message: str) -> SvxLoadError:
        return SvxLoadError(self.source, message, location)

    def new_id(self, element_id: str, location: str) -> None:
        if element_id in self.where:
            raise self.fail(
                f"{location}.id",
                f"duplicate id {_quote(element_id)} (also used by {self.where[element_id]})",
            )
        self.where[element_id] = location

    def stakeholder(self, sid: str, location: str, what: str) -> None:
        if not self.vmap.has_stakeholder(sid):
            message = f"{what} of missing stakeholder {_quote(sid)}"
            raise self.fail(f"{location}.stakeholder", message)

    def channels(self, ids: list[str], location: str, what: str) -> tuple[str, ...]:
        for k, cid in enumerate(ids):
            if cid not in self.channel_ids:
                raise self.fail(
                    f"{location}.channels[{k}]",
                    f"{what} names an unknown channel {_quote(cid)} (neither built in nor "
                    "one of the map's channels)",
                )
            if cid in ids[:k]:
                message = f"{what} names channel {_quote(cid)} twice"
                raise self.fail(f"{location}.channels[{k}]", message)
        return tuple(ids)

    def serves(self, fid: str, sid: str, location: str, what: str) -> None:
        vmap = self.vmap
        if not vmap.has_flow(fid):
            raise self.fail(location, f"{what} serves a missing flow {_quote(fid)}")
        flow = vmap.flow(fid)
        if flow.stakeholder_id != sid:
            owner = vmap.stakeholder(flow.stakeholder_id).name
            raise self.fail(
                location,
                f"{what} serves {_quote(flow.label)}, a flow of another stakeholder "
                f"({_quote(owner)})",
            )
        if flow.direction is not Direction.EXPECTS:
            raise self.fail(
                location,
                f"{what} serves {_quote(flow.label)}, which the stakeholder provides; "
                "a touch point or promise serves only what it expects",
            )

    # --------------------------------------------------------------- the lists
    def read_channels(self) -> list[Channel]:
        known = self.known["channels"]
        out = []
        for i, c in enumerate(self.doc["channels"]):
            where = f"channels[{i}]"
            if c["id"] in self.channel_ids:
                built_in = " (a built-in channel)" if c["id"] in BUILTIN_CHANNEL_IDS else ""
                message = f"channel id {_quote(c['id'])} is already used{built_in}"
                raise self.fail(f"{where}.id", message)
            self.channel_ids.add(c["id"])
            out.append(Channel(c["id"], c["name"], _extra(c, known)))
        return out

    def read_stages(self) -> list[Stage]:
        known = self.known["stages"]
        out = []
        for i, s in enumerate(self.doc["stages"]):
            where = f"stages[{i}]"
            self.stakeholder(s["stakeholder"], where, f"stage {_quote(s['name'])}")
            self.new_id(s["id"], where)
            self.stage_of[s["id"]] = s["stakeholder"]
            out.append(Stage(s["stakeholder"], s["name"], s["id"], _extra(s, known)))
        return out

    def read_touch_points(self) -> list[TouchPoint]:
        known = self.known["touch_points"]
        known_mechanism = self.known["touch_points.mechanism"]
        out = []
        for i, t in enumerate(self.doc["touch_points"]):
            where = f"touch_points[{i}]"
            what = f"touch point {_quote(t['name'])}"
            sid = t["stakeholder"]
            self.stakeholder(sid, where, what)
            self.new_id(t["id"], where)
            stage = t["stage"]
            if stage is not None and self.stage_of.get(stage) != sid:
                if stage not in self.stage_of:
                    problem = f"is in stage {_quote(stage)}, which does not exist"
                else:
                    owner = self.vmap.stakeholder(self.stage_of[stage]).name
                    problem = f"is in a stage of another stakeholder ({_quote(owner)})"
                raise self.fail(f"{where}.stage", f"{what} {problem}")
            serves = t["serves"]
            for k, fid in enumerate(serves):
                self.serves(fid, sid, f"{where}.serves[{k}]", what)
                if fid in serves[:k]:
                    raise self.fail(f"{where}.serves[{k}]", f"{what} serves {_quote(fid)} twice")
            m = t["mechanism"]
            mechanism = None
            if m is not None:
                mechanism = Mechanism(
                    m["name"], Sourcing(m["sourcing"]), m["owner"], _extra(m, known_mechanism)
                )
            out.append(
                TouchPoint(
                    sid,
                    t["name"],
                    t["id"],
                    stage,
                    self.channels(t["channels"], where, what),
                    Initiator(t["initiator"]),
                    tuple(serves),
                    t["experience"],
                    None if t["health"] is None else Health.from_key(t["health"]),
                    t["moment_of_truth"],
                    t["pains"],
                    t["ideas"],
                    mechanism,
                    _extra(t, known),
                )
            )
        return out

    def read_charters(self) -> list[Charter]:
        known = self.known["charters"]
        known_promise = self.known["charters.promises"]
        out = []
        seen: dict[str, int] = {}
        for i, c in enumerate(self.doc["charters"]):
            where = f"charters[{i}]"
            sid = c["stakeholder"]
            self.stakeholder(sid, where, "charter")
            if sid in seen:
                raise self.fail(
                    f"{where}.stakeholder",
                    f"a second charter for {_quote(self.vmap.stakeholder(sid).name)} "
                    f"(the first is charters[{seen[sid]}])",
                )
            seen[sid] = i
            promises = []
            for k, p in enumerate(c["promises"]):
                at = f"{where}.promises[{k}]"
                self.new_id(p["id"], at)
                if p["serves"] is not None:
                    self.serves(p["serves"], sid, f"{at}.serves", "a promise")
                channels = self.channels(p["channels"], at, "a promise")
                extra = _extra(p, known_promise)
                promises.append(
                    Promise(p["text"], p["id"], p["serves"], channels, p["standard"], extra)
                )
            out.append(Charter(sid, tuple(promises), _extra(c, known)))
        return out


def add_journeys(doc: dict[str, Any], vmap: ValueMap, source: str) -> None:
    """Add the journeys of a validated document to ``vmap`` (built from the same
    document); ``SvxLoadError`` for a broken link, and then nothing is added."""
    if not any(doc[name] for name in JOURNEY_LISTS):
        return
    reader = _Reader(doc, vmap, source)
    channels = reader.read_channels()
    stages = reader.read_stages()
    touch_points = reader.read_touch_points()
    charters = reader.read_charters()
    try:
        vmap.journeys.add_all(channels, stages, touch_points, charters)
    except ModelError as e:  # pragma: no cover - the checks above name every refusal first
        raise SvxLoadError(source, str(e)) from None


__all__ = ["add_journeys"]
