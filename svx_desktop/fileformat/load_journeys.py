"""The journeys of a validated ``.svx`` document, added to the map the loader built.

Version 3 stores four top-level lists: the map's own ``channels``, ``stages``,
``touch_points`` and ``charters`` (each journey's order is its order in the file). Unlike a
flow of a missing stakeholder, which the loader drops and reports, a broken link here is
refused with an ``SvxLoadError`` naming the file, the place and the problem (the model
checks every link as the elements are added; only when it refuses are the lists read
again, link by link, to find the place): a journey
element of a missing stakeholder, a touch point in another stakeholder's stage, a link to
a missing flow, to a flow the stakeholder *provides* or to another stakeholder's flow, an
unknown channel, an id used twice. Dropping such a link would silently lose what the
workshop decided; the user fixes the file instead. Unknown fields are kept in ``extra``.
"""

from __future__ import annotations

from typing import Any

from svx_desktop.fileformat.errors import SvxLoadError
from svx_desktop.fileformat.load import extra_of, fast_constructor
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


_TOUCH_POINT_FIELDS = (
    "stakeholder_id", "name", "id", "stage_id", "channels", "initiator", "serves",
    "experience", "health", "moment_of_truth", "pains", "ideas", "mechanism", "extra",
)  # fmt: skip


_make_touch_point = fast_constructor(TouchPoint, _TOUCH_POINT_FIELDS)


class _Named:
    """``touch point "Open an account"`` for a message, quoted only when one is shown."""

    __slots__ = ("kind", "name")

    def __init__(self, kind: str, name: str) -> None:
        self.kind = kind
        self.name = name

    def __str__(self) -> str:
        return f"{self.kind} {_quote(self.name)}"


_INITIATORS = {i.value: i for i in Initiator}
_HEALTH: dict[str | None, Health | None] = {None: None, **{h.key: h for h in Health}}


class _Reader:
    """Builds the journey elements of the lists; with ``check``, first checks each link
    against the map and raises ``SvxLoadError`` at the first broken one, in file order."""

    def __init__(self, doc: dict[str, Any], vmap: ValueMap, source: str, check: bool) -> None:
        from svx_desktop.fileformat.plain import known_fields

        self.doc = doc
        self.vmap = vmap
        self.source = source
        self.check = check
        self.known = known_fields()
        self.where: dict[str, str] = {vmap.organisation.id: "organisation"}
        if check:
            for key in ("stakeholders", "flows", "notes"):
                for i, element in enumerate(doc[key]):
                    self.where.setdefault(element["id"], f"{key}[{i}]")
        self.channel_ids = set(BUILTIN_CHANNEL_IDS)
        self.stage_of: dict[str, str] = {}  # stage id -> stakeholder id

    def fail(self, location: str, message: str) -> SvxLoadError:
        return SvxLoadError(self.source, message, location)

    def new_id(self, element_id: str, location: str) -> None:
        if not self.check:
            return
        if element_id in self.where:
            raise self.fail(
                f"{location}.id",
                f"duplicate id {_quote(element_id)} (also used by {self.where[element_id]})",
            )
        self.where[element_id] = location

    def stakeholder(self, sid: str, location: str, what: object) -> None:
        if self.check and not self.vmap.has_stakeholder(sid):
            message = f"{what} of missing stakeholder {_quote(sid)}"
            raise self.fail(f"{location}.stakeholder", message)

    def channels(self, ids: list[str], location: str, what: object) -> tuple[str, ...]:
        if not self.check:
            return tuple(ids)
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

    def serves(self, fid: str, sid: str, location: str, what: object) -> None:
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
            if self.check and c["id"] in self.channel_ids:
                built_in = " (a built-in channel)" if c["id"] in BUILTIN_CHANNEL_IDS else ""
                message = f"channel id {_quote(c['id'])} is already used{built_in}"
                raise self.fail(f"{where}.id", message)
            self.channel_ids.add(c["id"])
            out.append(Channel(c["id"], c["name"], extra_of(c, known)))
        return out

    def read_stages(self) -> list[Stage]:
        known = self.known["stages"]
        out = []
        for i, s in enumerate(self.doc["stages"]):
            where = f"stages[{i}]"
            self.stakeholder(s["stakeholder"], where, _Named("stage", s["name"]))
            self.new_id(s["id"], where)
            self.stage_of[s["id"]] = s["stakeholder"]
            out.append(Stage(s["stakeholder"], s["name"], s["id"], extra_of(s, known)))
        return out

    def read_touch_points(self) -> list[TouchPoint]:
        known = self.known["touch_points"]
        known_mechanism = self.known["touch_points.mechanism"]
        out = []
        for i, t in enumerate(self.doc["touch_points"]):
            where = f"touch_points[{i}]"
            what = _Named("touch point", t["name"])
            sid = t["stakeholder"]
            self.stakeholder(sid, where, what)
            self.new_id(t["id"], where)
            stage = t["stage"]
            if self.check and stage is not None and self.stage_of.get(stage) != sid:
                if stage not in self.stage_of:
                    problem = f"is in stage {_quote(stage)}, which does not exist"
                else:
                    owner = self.vmap.stakeholder(self.stage_of[stage]).name
                    problem = f"is in a stage of another stakeholder ({_quote(owner)})"
                raise self.fail(f"{where}.stage", f"{what} {problem}")
            serves = t["serves"]
            for k, fid in enumerate(serves if self.check else ()):
                self.serves(fid, sid, f"{where}.serves[{k}]", what)
                if fid in serves[:k]:
                    raise self.fail(f"{where}.serves[{k}]", f"{what} serves {_quote(fid)} twice")
            m = t["mechanism"]
            mechanism = None
            if m is not None:
                mechanism = Mechanism(
                    m["name"], Sourcing(m["sourcing"]), m["owner"], extra_of(m, known_mechanism)
                )
            out.append(
                _make_touch_point(
                    stakeholder_id=sid,
                    name=t["name"],
                    id=t["id"],
                    stage_id=stage,
                    channels=self.channels(t["channels"], where, what),
                    initiator=_INITIATORS[t["initiator"]],
                    serves=tuple(serves),
                    experience=t["experience"],
                    health=_HEALTH[t["health"]],
                    moment_of_truth=t["moment_of_truth"],
                    pains=t["pains"],
                    ideas=t["ideas"],
                    mechanism=mechanism,
                    extra=extra_of(t, known),
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
            if self.check and sid in seen:
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
                if self.check and p["serves"] is not None:
                    self.serves(p["serves"], sid, f"{at}.serves", "a promise")
                channels = self.channels(p["channels"], at, "a promise")
                extra = extra_of(p, known_promise)
                promises.append(
                    Promise(p["text"], p["id"], p["serves"], channels, p["standard"], extra)
                )
            out.append(Charter(sid, tuple(promises), extra_of(c, known)))
        return out


def add_journeys(doc: dict[str, Any], vmap: ValueMap, source: str) -> None:
    """Add the journeys of a validated document to ``vmap`` (built from the same
    document); ``SvxLoadError`` for a broken link, and then nothing is added."""
    if not any(doc[name] for name in JOURNEY_LISTS):
        return
    try:
        vmap.journeys.add_all(*_elements(_Reader(doc, vmap, source, check=False)))
    except ModelError as e:
        # The model refuses the batch (and keeps none of it); read the lists again with
        # every link checked, to name the place of the first broken one.
        _elements(_Reader(doc, vmap, source, check=True))
        raise SvxLoadError(source, str(e)) from None  # pragma: no cover - named above


def journey_elements(
    doc: dict[str, Any], vmap: ValueMap
) -> tuple[list[Channel], list[Stage], list[TouchPoint], list[Charter]]:
    """The journey elements of validated journey lists (``channels``, ``stages``,
    ``touch_points``, ``charters``), built as the loader builds them, links unchecked
    (the model checks them when they are added)."""
    return _elements(_Reader(doc, vmap, "", check=False))


def _elements(
    reader: _Reader,
) -> tuple[list[Channel], list[Stage], list[TouchPoint], list[Charter]]:
    return (
        reader.read_channels(),
        reader.read_stages(),
        reader.read_touch_points(),
        reader.read_charters(),
    )


__all__ = ["add_journeys"]
