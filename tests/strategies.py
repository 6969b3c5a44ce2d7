"""Hypothesis strategies for maps and their parts, shared by every test layer.

``value_maps()`` draws a whole ``ValueMap`` built through the model's public operations:
stakeholders (built-in, own and occasionally unknown categories), flows of both directions,
parking-lot notes, the map's own categories, unicode and HTML-looking text, and unknown
fields (``extra``) on the map and on every element, as a file written by a newer SVX would
carry. Every drawn map is valid and can be saved; sizes stay small so property tests run
fast. ``maps_with_journeys()`` adds journeys to such a map: own channels, stages, touch
points with every field drawn, and charters. Import what you need:
``from tests.strategies import value_maps, labels``.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from svx_desktop.model import (
    BUILTIN_CATEGORY_IDS,
    MAX_COORDINATE,
    MAX_IMPORTANCE,
    MIN_IMPORTANCE,
    Category,
    Direction,
    Flow,
    Health,
    MapMeta,
    Note,
    Organisation,
    Stakeholder,
    ValueKind,
    ValueMap,
)
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

# Field names each element writes itself; unknown fields must not reuse them (the writer
# lets a known field win, so such an "extra" could not survive a round trip anyway).
TOP_FIELDS = frozenset(
    {
        "format",
        "version",
        "meta",
        "organisation",
        "categories",
        "stakeholders",
        "flows",
        "notes",
        "channels",
        "stages",
        "touch_points",
        "charters",
    }
)
META_FIELDS = frozenset(
    {"title", "facilitator", "workshop_date", "created", "modified", "dismissed_checks"}
)
ORGANISATION_FIELDS = frozenset({"id", "name", "description", "x", "y"})
CATEGORY_FIELDS = frozenset({"id", "name", "colour", "icon"})
STAKEHOLDER_FIELDS = frozenset({"id", "name", "category", "x", "y", "notes", "colour"})
FLOW_FIELDS = frozenset(
    {
        "id",
        "stakeholder",
        "direction",
        "label",
        "value_kind",
        "importance",
        "notes",
        "met_today",
        "dependence",
    }
)
NOTE_FIELDS = frozenset({"id", "text", "x", "y"})
CHANNEL_FIELDS = frozenset({"id", "name"})
STAGE_FIELDS = frozenset({"id", "stakeholder", "name"})
TOUCH_POINT_FIELDS = frozenset(
    {
        "id",
        "stakeholder",
        "name",
        "stage",
        "channels",
        "initiator",
        "serves",
        "experience",
        "health",
        "moment_of_truth",
        "pains",
        "ideas",
        "mechanism",
    }
)
MECHANISM_FIELDS = frozenset({"name", "sourcing", "owner"})
CHARTER_FIELDS = frozenset({"stakeholder", "promises"})
PROMISE_FIELDS = frozenset({"id", "text", "serves", "channels", "standard"})

#: Any character UTF-8 can encode (no lone surrogates), control characters included.
characters = st.characters(codec="utf-8")

HTML_ISH = (
    "<b>bold</b>",
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "a & b &amp; c &lt;d&gt;",
    "</span><span style='color:red'>",
    "<!-- comment -->",
    "<a href='https://example.invalid'>link</a>",
    "line one\nline two\r\n\ttabbed",
    "right\u202eto left \u2028 separator",
    "emoji 🏦💶 and combining e\u0301",
)


def text(max_size: int = 40, min_size: int = 0) -> st.SearchStrategy[str]:
    """Unicode text, sometimes with HTML-looking fragments mixed in."""
    plain = st.text(characters, min_size=min_size, max_size=max_size)
    html = st.tuples(plain, st.sampled_from(HTML_ISH), plain).map("".join)
    return st.one_of(plain, html.filter(lambda s: min_size <= len(s)))


labels = text(40)
long_text = text(200)

element_ids = st.one_of(
    st.uuids().map(str),
    st.text(characters, min_size=1, max_size=24),
)

coordinates = st.floats(
    min_value=-MAX_COORDINATE,
    max_value=MAX_COORDINATE,
    allow_nan=False,
    allow_infinity=False,
)
positions = st.tuples(coordinates, coordinates)
colours = st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True)
importances = st.integers(MIN_IMPORTANCE, MAX_IMPORTANCE)

#: JSON values as a newer SVX might store them in fields this version does not know.
json_values: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | text(20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text(8), inner, max_size=3),
    max_leaves=6,
)


def extras(known: frozenset[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Unknown fields for an element whose own field names are ``known``."""
    keys = text(12, min_size=1).filter(lambda k: k not in known)
    return st.one_of(st.just({}), st.dictionaries(keys, json_values, max_size=3))


organisations = st.builds(
    Organisation,
    id=element_ids,
    name=labels,
    description=long_text,
    position=positions,
    extra=extras(ORGANISATION_FIELDS),
)

metas = st.builds(
    MapMeta,
    title=labels,
    facilitator=labels,
    workshop_date=st.one_of(st.just(""), st.dates().map(str)),
    created=st.one_of(st.just(""), st.datetimes().map(lambda d: d.isoformat())),
    modified=st.one_of(st.just(""), st.datetimes().map(lambda d: d.isoformat())),
    extra=extras(META_FIELDS),
    dismissed_checks=st.lists(text(30, min_size=1), max_size=3, unique=True).map(tuple),
)

own_category_ids = st.text(characters, min_size=1, max_size=20).filter(
    lambda c: c not in BUILTIN_CATEGORY_IDS
)


def rarely(strategy: st.SearchStrategy[Any], otherwise: Any) -> st.SearchStrategy[Any]:
    """``strategy`` one time in four, else ``otherwise`` (keeps big maps cheap to draw)."""
    return st.one_of(st.just(otherwise), st.just(otherwise), st.just(otherwise), strategy)


@st.composite
def value_maps(
    draw: st.DrawFn,
    max_stakeholders: int = 8,
    max_flows: int = 12,
    max_notes: int = 4,
    max_categories: int = 3,
) -> ValueMap:
    """A valid map, built with the model's own operations."""
    n_stakeholders = draw(st.integers(0, max_stakeholders))
    n_flows = draw(st.integers(0, max_flows)) if n_stakeholders else 0
    n_notes = draw(st.integers(0, max_notes))
    n_ids = 1 + n_stakeholders + n_flows + n_notes
    ids = draw(st.lists(element_ids, min_size=n_ids, max_size=n_ids, unique=True))
    org_id, ids = ids[0], ids[1:]

    organisation = draw(organisations)
    organisation = Organisation(
        org_id,
        organisation.name,
        organisation.description,
        organisation.position,
        organisation.extra,
    )
    vmap = ValueMap(organisation, draw(metas), draw(extras(TOP_FIELDS)))

    category_ids = draw(st.lists(own_category_ids, max_size=max_categories, unique=True))
    for cid in category_ids:
        vmap.add_category(
            Category(
                cid,
                draw(labels),
                draw(colours),
                draw(st.sampled_from(["person", "customer", "bank", ""])),
                draw(extras(CATEGORY_FIELDS)),
            )
        )

    usable_categories = sorted(BUILTIN_CATEGORY_IDS) + category_ids
    stakeholder_ids = ids[:n_stakeholders]
    for sid in stakeholder_ids:
        # Now and then a category this SVX does not know (kept, shown as "other").
        category = draw(
            st.one_of(st.sampled_from(usable_categories), own_category_ids)
            if draw(st.integers(0, 9)) == 0
            else st.sampled_from(usable_categories)
        )
        vmap.add_stakeholder(
            Stakeholder(
                draw(labels),
                sid,
                category,
                draw(positions),
                draw(rarely(long_text, "")),
                draw(rarely(colours, None)),
                draw(rarely(extras(STAKEHOLDER_FIELDS), {})),
            )
        )

    for fid in ids[n_stakeholders : n_stakeholders + n_flows]:
        direction = draw(st.sampled_from(Direction))
        # A rating only on its own direction, unrated half the time.
        rating = draw(st.one_of(st.none(), st.sampled_from(Health) | importances))
        vmap.add_flow(
            Flow(
                draw(st.sampled_from(stakeholder_ids)),
                direction,
                draw(labels),
                fid,
                draw(st.sampled_from(ValueKind)),
                draw(importances),
                draw(rarely(long_text, "")),
                draw(rarely(extras(FLOW_FIELDS), {})),
                met_today=Health(rating) if rating and direction is Direction.EXPECTS else None,
                dependence=int(rating) if rating and direction is Direction.PROVIDES else None,
            )
        )

    for nid in ids[n_stakeholders + n_flows :]:
        vmap.add_note(
            Note(draw(labels), nid, draw(positions), draw(rarely(extras(NOTE_FIELDS), {})))
        )
    return vmap


@st.composite
def maps_with_journeys(
    draw: st.DrawFn,
    max_stakeholders: int = 5,
    max_flows: int = 8,
    max_touch_points: int = 8,
) -> ValueMap:
    """A valid map (``value_maps``) whose stakeholders have journeys and charters."""
    vmap = draw(value_maps(max_stakeholders, max_flows, max_notes=2, max_categories=1))
    if not vmap.stakeholders:
        return vmap
    taken = {vmap.organisation.id} | {e.id for e in (*vmap.stakeholders, *vmap.flows)}
    taken |= {n.id for n in vmap.notes}
    fresh = element_ids.filter(lambda i: i not in taken)
    n_channels = draw(st.integers(0, 2))
    n_stages = draw(st.integers(0, 4))
    n_points = draw(st.integers(0, max_touch_points))
    n_promises = draw(st.integers(0, 4))
    n_ids = n_channels + n_stages + n_points + n_promises
    ids = iter(draw(st.lists(fresh, min_size=n_ids, max_size=n_ids, unique=True)))
    channel_ids = sorted(BUILTIN_CHANNEL_IDS)
    channels = []
    for _ in range(n_channels):
        cid = next(ids)
        if cid in BUILTIN_CHANNEL_IDS:
            continue
        channels.append(Channel(cid, draw(labels), draw(rarely(extras(CHANNEL_FIELDS), {}))))
        channel_ids.append(cid)
    sids = [s.id for s in vmap.stakeholders]
    stages = [
        Stage(
            draw(st.sampled_from(sids)),
            draw(labels),
            next(ids),
            draw(rarely(extras(STAGE_FIELDS), {})),
        )
        for _ in range(n_stages)
    ]

    def expects(sid: str) -> list[str]:
        return [f.id for f in vmap.flows_of(sid, Direction.EXPECTS)]

    def some(options: list[str], most: int = 3) -> tuple[str, ...]:
        if not options:
            return ()
        return tuple(draw(st.lists(st.sampled_from(options), max_size=most, unique=True)))

    points = []
    for _ in range(n_points):
        sid = draw(st.sampled_from(sids))
        own_stages = [st_.id for st_ in stages if st_.stakeholder_id == sid]
        mechanism = draw(
            st.none()
            | st.builds(
                Mechanism,
                name=labels,
                sourcing=st.sampled_from(Sourcing),
                owner=labels,
                extra=rarely(extras(MECHANISM_FIELDS), {}),
            )
        )
        points.append(
            TouchPoint(
                sid,
                draw(labels),
                next(ids),
                draw(st.none() | st.sampled_from(own_stages)) if own_stages else None,
                some(channel_ids),
                draw(st.sampled_from(Initiator)),
                some(expects(sid), 2),
                draw(rarely(long_text, "")),
                draw(st.none() | st.sampled_from(Health)),
                draw(st.booleans()),
                draw(rarely(long_text, "")),
                draw(rarely(long_text, "")),
                mechanism,
                draw(rarely(extras(TOUCH_POINT_FIELDS), {})),
            )
        )
    promises: dict[str, list[Promise]] = {}
    for _ in range(n_promises):
        sid = draw(st.sampled_from(sids))
        serves = expects(sid)
        promises.setdefault(sid, []).append(
            Promise(
                draw(long_text),
                next(ids),
                draw(st.none() | st.sampled_from(serves)) if serves else None,
                some(channel_ids),
                draw(labels),
                draw(rarely(extras(PROMISE_FIELDS), {})),
            )
        )
    charters = [
        Charter(sid, tuple(ps), draw(rarely(extras(CHARTER_FIELDS), {})))
        for sid, ps in promises.items()
    ]
    vmap.journeys.add_all(channels, stages, points, charters)
    return vmap
