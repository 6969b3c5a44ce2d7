"""One typed line → a touch point, the way quick capture works on the map.

    Open an account @web @branch !moment ~dead #join ^us

The words without a marker are the touch point's name. ``@channel`` names a channel by
id or name, case-insensitive (``@web``, ``@"mobile app"``, ``@e-mail``); a channel the
map does not know is created. ``!moment`` (or ``!mot``) marks a moment of truth.
``~health`` rates it (``~dead`` … ``~alive``, or ``~1`` … ``~5``). ``#stage`` puts it in
a stage by name (created if the journey has none of that name). ``^us`` (or ``^org``)
says the organisation starts it; the default is the stakeholder. Double quotes keep a
name with spaces after a marker together. ``parse_touch_point`` never raises: it returns
a ``TouchPointParseError`` with a short hint for bad input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from svx_desktop.model.elements import MAX_LABEL_LENGTH
from svx_desktop.model.guess import fold, tidy
from svx_desktop.model.health import Health
from svx_desktop.model.journey_elements import Channel, Initiator, Stage, TouchPoint
from svx_desktop.model.valuemap import ValueMap

SYNTAX_EXAMPLE = "Open an account @web @branch !moment ~dead #join"
SYNTAX_HELP = (
    "Name, then @channel (any number), !moment, ~dead…~alive, #stage, ^us "
    '(the organisation starts it); quote names with spaces: @"mobile app".'
)

_TOKEN = re.compile(r'([@!~#^]?)"((?:[^"]|"")*)"|(\S+)')
_MOMENT = {"moment", "mot", "truth", "moment-of-truth"}
_US = {"us", "org", "organisation", "organization"}


@dataclass(frozen=True)
class TouchPointLine:
    """What a line says, before it is matched against a map."""

    name: str
    channels: tuple[str, ...] = ()
    moment_of_truth: bool = False
    health: Health | None = None
    stage: str | None = None
    initiator: Initiator = Initiator.STAKEHOLDER


@dataclass(frozen=True)
class TouchPointParseError:
    hint: str


@dataclass(frozen=True)
class TouchPointPlan:
    """What applying a line adds: new channels, maybe a new stage, the touch point."""

    channels: tuple[Channel, ...]
    stage: Stage | None
    touch_point: TouchPoint


def _health(word: str) -> Health | None:
    if word.isdigit() and 1 <= int(word) <= 5:
        return Health(int(word))
    try:
        return Health.from_key(word.lower())
    except ValueError:
        return None


def parse_touch_point(line: str) -> TouchPointLine | TouchPointParseError:
    name_words: list[str] = []
    channels: list[str] = []
    moment = False
    health: Health | None = None
    stage: str | None = None
    initiator = Initiator.STAKEHOLDER
    for m in _TOKEN.finditer(line):
        if m.group(3) is not None:
            raw = m.group(3)
            marker, word = (raw[0], raw[1:]) if raw[0] in "@!~#^" and len(raw) > 1 else ("", raw)
        else:
            marker, word = m.group(1), m.group(2).replace('""', '"')
        word = tidy(word)
        if not marker:
            name_words.append(word)
        elif marker == "@":
            if word and fold(word) not in {fold(c) for c in channels}:
                channels.append(word)
        elif marker == "!":
            if word.lower() not in _MOMENT:
                return TouchPointParseError(f"“!{word}”: write !moment for a moment of truth")
            moment = True
        elif marker == "~":
            health = _health(word)
            if health is None:
                return TouchPointParseError(
                    f"“~{word}”: health is ~dead, ~dying, ~indifferent, ~lively or ~alive"
                )
        elif marker == "#":
            stage = word or None
        elif word.lower() in _US:
            initiator = Initiator.ORGANISATION
        else:
            return TouchPointParseError(f"“^{word}”: write ^us when the organisation starts it")
    name = tidy(" ".join(name_words))
    if not name:
        return TouchPointParseError("type the touch point's name first, e.g. " + SYNTAX_EXAMPLE)
    if len(name) > MAX_LABEL_LENGTH:
        return TouchPointParseError("the name is too long")
    return TouchPointLine(name, tuple(channels), moment, health, stage, initiator)


def plan_touch_point(vmap: ValueMap, stakeholder_id: str, line: TouchPointLine) -> TouchPointPlan:
    """Match a parsed line against the map: known channels and stages by id or name."""
    j = vmap.journeys
    by_name = {fold(c.id): c.id for c in j.channels}
    by_name.update({fold(c.name): c.id for c in j.channels})
    new_channels: list[Channel] = []
    ids: list[str] = []
    for typed in line.channels:
        key = fold(typed)
        cid = by_name.get(key)
        if cid is None:
            cid = _free_channel_id(key, {c.id for c in j.channels} | {c.id for c in new_channels})
            new_channels.append(Channel(cid, typed))
            by_name[key] = cid
        if cid not in ids:
            ids.append(cid)
    new_stage: Stage | None = None
    stage_id: str | None = None
    if line.stage:
        for st in j.stages(stakeholder_id):
            if fold(st.name) == fold(line.stage):
                stage_id = st.id
                break
        else:
            new_stage = Stage(stakeholder_id, line.stage)
            stage_id = new_stage.id
    tp = TouchPoint(
        stakeholder_id,
        line.name,
        stage_id=stage_id,
        channels=tuple(ids),
        initiator=line.initiator,
        health=line.health,
        moment_of_truth=line.moment_of_truth,
    )
    return TouchPointPlan(tuple(new_channels), new_stage, tp)


def _free_channel_id(key: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", key.lower()).strip("_") or "channel"
    cid, n = base, 2
    while cid in taken:
        cid, n = f"{base}_{n}", n + 1
    return cid


def format_touch_point(vmap: ValueMap, tp: TouchPoint) -> str:
    """The touch point as a capture line (parsing it gives the same fields back)."""
    parts = [_quoted(tp.name, bare_ok=not any(w[:1] in "@!~#^" for w in tp.name.split()))]
    parts += ["@" + _quoted(vmap.journeys.channel(c).name) for c in tp.channels]
    if tp.moment_of_truth:
        parts.append("!moment")
    if tp.health is not None:
        parts.append("~" + tp.health.key)
    if tp.stage_id is not None:
        parts.append("#" + _quoted(vmap.journeys.stage(tp.stage_id).name))
    if tp.initiator is Initiator.ORGANISATION:
        parts.append("^us")
    return " ".join(parts)


def _quoted(text: str, bare_ok: bool = True) -> str:
    if bare_ok and text and not re.search(r'[\s"]', text):
        return text
    return '"' + text.replace('"', '""') + '"'


__all__ = [
    "SYNTAX_EXAMPLE",
    "SYNTAX_HELP",
    "TouchPointLine",
    "TouchPointParseError",
    "TouchPointPlan",
    "format_touch_point",
    "parse_touch_point",
    "plan_touch_point",
]
