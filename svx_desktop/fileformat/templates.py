"""Bundled map templates: list them, and start a new map from one (no Qt).

A template is an ordinary ``.svx`` file in ``resources/templates/`` (the package
``svx_desktop.resources.templates`` once installed), read with ``importlib.resources``.
Its name is the file name without ``.svx``. The text a picker shows lives in the file's
metadata under one extra key, ``template``::

    "meta": {"title": "Bank", "template": {"title": "Bank", "description": "..."}, ...}

``template.title`` is the display name and ``template.description`` a one-line summary;
both fall back to the map title and an empty description when missing. ``load_template``
returns a map ready to edit: every element gets a fresh id (flows are re-pointed at their
stakeholder's new id; the map's own category ids are kept, they are names not identities),
``created``/``modified`` are set to now, and the ``template`` key is dropped from the
metadata so it does not follow the new map around.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from importlib.resources.abc import Traversable

from svx_desktop.fileformat.errors import SvxLoadError
from svx_desktop.fileformat.load import loads
from svx_desktop.model import ValueMap, new_id

TEMPLATES_PACKAGE = "svx_desktop.resources"
TEMPLATES_FOLDER = "templates"
TEMPLATE_KEY = "template"
SUFFIX = ".svx"


@dataclass(frozen=True)
class TemplateInfo:
    """What a template picker shows: the name to pass on, a title and a one-line summary."""

    name: str
    title: str
    description: str


def _folder() -> Traversable:
    return resources.files(TEMPLATES_PACKAGE).joinpath(TEMPLATES_FOLDER)


def _read(name: str) -> bytes:
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise KeyError(name)
    entry = _folder().joinpath(name + SUFFIX)
    if not entry.is_file():
        raise KeyError(name)
    return entry.read_bytes()


def template_names() -> list[str]:
    """Names of the bundled templates, ``blank`` first, the rest alphabetical."""
    names = [
        e.name[: -len(SUFFIX)]
        for e in _folder().iterdir()
        if e.name.endswith(SUFFIX) and e.is_file() and not e.name.startswith(".")
    ]
    return sorted(names, key=lambda n: (n != "blank", n))


def _info(name: str, vmap: ValueMap) -> TemplateInfo:
    extra = vmap.meta.extra.get(TEMPLATE_KEY)
    extra = extra if isinstance(extra, dict) else {}
    title = extra.get("title")
    description = extra.get("description")
    return TemplateInfo(
        name,
        title if isinstance(title, str) and title else (vmap.meta.title or name),
        description if isinstance(description, str) else "",
    )


def list_templates() -> list[tuple[str, str, str]]:
    """``(name, title, description)`` of every bundled template that loads cleanly."""
    out: list[tuple[str, str, str]] = []
    for name in template_names():
        try:
            vmap = loads(_read(name), name + SUFFIX).map
        except SvxLoadError:  # pragma: no cover - templates are tested to load
            continue
        info = _info(name, vmap)
        out.append((info.name, info.title, info.description))
    return out


def template_info(name: str) -> TemplateInfo:
    """The picker text of one template; ``KeyError`` if there is no such template."""
    return _info(name, loads(_read(name), name + SUFFIX).map)


def now_iso() -> str:
    """The current time, ISO 8601 in UTC to the second (as the editor writes ``modified``)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def fresh_copy(vmap: ValueMap, timestamp: str | None = None) -> ValueMap:
    """A copy of ``vmap`` with new ids everywhere and created/modified set to ``timestamp``.

    Flows follow their stakeholder to its new id, journeys their stakeholder, stages and
    expectations; the map's own category and channel ids are kept.
    The ``template`` metadata key is dropped.
    """
    stamp = timestamp if timestamp is not None else now_iso()
    meta_extra = {k: v for k, v in vmap.meta.extra.items() if k != TEMPLATE_KEY}
    meta = dataclasses.replace(vmap.meta, created=stamp, modified=stamp, extra=meta_extra)
    org = dataclasses.replace(vmap.organisation, id=new_id())
    out = ValueMap(org, meta, dict(vmap.extra))
    for c in vmap.own_categories:
        out.add_category(c)
    ids: dict[str, str] = {}
    for s in vmap.stakeholders:
        ids[s.id] = new_id()
        out.add_stakeholder(dataclasses.replace(s, id=ids[s.id]))
    for f in vmap.flows:
        ids[f.id] = new_id()
        out.add_flow(dataclasses.replace(f, id=ids[f.id], stakeholder_id=ids[f.stakeholder_id]))
    for n in vmap.notes:
        out.add_note(dataclasses.replace(n, id=new_id()))
    if vmap.journeys:
        _copy_journeys(vmap, out, ids)
    return out


def _copy_journeys(vmap: ValueMap, out: ValueMap, ids: dict[str, str]) -> None:
    """The journeys of ``vmap`` into ``out`` with new ids, links following them (``ids``
    maps the old stakeholder and flow ids to the new; channel ids are kept)."""
    j = vmap.journeys
    stages = []
    for st in j.all_stages:
        ids[st.id] = new_id()
        stages.append(dataclasses.replace(st, id=ids[st.id], stakeholder_id=ids[st.stakeholder_id]))
    points = [
        dataclasses.replace(
            tp,
            id=new_id(),
            stakeholder_id=ids[tp.stakeholder_id],
            stage_id=None if tp.stage_id is None else ids[tp.stage_id],
            serves=tuple(ids[f] for f in tp.serves),
        )
        for tp in j.touch_points
    ]
    charters = [
        dataclasses.replace(
            c,
            stakeholder_id=ids[c.stakeholder_id],
            promises=tuple(
                dataclasses.replace(
                    p, id=new_id(), serves=None if p.serves is None else ids[p.serves]
                )
                for p in c.promises
            ),
        )
        for c in j.charters
    ]
    out.journeys.add_all(j.own_channels, stages, points, charters)


def load_template(name: str, timestamp: str | None = None) -> ValueMap:
    """A new map made from the bundled template ``name`` (fresh ids, timestamps now).

    Raises ``KeyError`` for an unknown name.
    """
    return fresh_copy(loads(_read(name), name + SUFFIX).map, timestamp)


__all__ = [
    "TemplateInfo",
    "fresh_copy",
    "list_templates",
    "load_template",
    "now_iso",
    "template_info",
    "template_names",
]
