"""Arrange: a radial layout of the stakeholders around the organisation (no Qt).

``radial_layout`` puts the stakeholders on one or more rings around the organisation,
grouped by category (or, with ``keep_order=True``, in their current clockwise order),
and returns ``{stakeholder id: (x, y)}`` for one ``MoveElements``. The organisation and
the parking-lot notes stay where they are.

Spacing is decided on geometry, not guessed. Every stakeholder occupies its card and up
to two label stacks — all the labels of one direction stacked beside that direction's
curved arrow. The stacks are placed by the canvas's own placer (``model.stacks``: the
same curves, candidates, order and fallback), so the stacks checked here are exactly the
ones the canvas will draw. Each stakeholder gets an angle in proportion to the room it
needs, and each ring the smallest radius at which no card comes within ``spacing`` of any
other card, note or the organisation and every stack finds a free place close to its
arrow (``LayoutMetrics.layout_label_gaps``). Many stakeholders go on several rings
(neighbours in the order alternate between rings, so outer arrows pass through the gaps
of the inner ring); the ring count that gives the most compact map wins. ``networkx`` supplies each
stakeholder's flows: the map's graph has an edge per flow, stakeholder → organisation for
``provides`` and back for ``expects``.

Sizes are estimates from text length (``LayoutMetrics``: average character width, line
height and the canvas's size rules). The canvas passes its real font measurements through
``card_size`` and ``label_size`` callbacks (and the organisation's size) for an exact fit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from svx_desktop.model.categories import OTHER_CATEGORY_ID
from svx_desktop.model.elements import Direction, Pos
from svx_desktop.model.geometry import (
    ObstacleGrid,
    Rect,
    Size,
    clockwise_angle,
    grown,
    rect_around,
)
from svx_desktop.model.legible import ArrowIndex
from svx_desktop.model.stacks import (
    STACK_GAP,
    arrow_curve,
    candidates,
    candidates_within,
    stack_path,
)
from svx_desktop.model.stacks import stack_size as stacked_size
from svx_desktop.model.trial import _arrow_index, _Frame, _Item, _Stacks
from svx_desktop.model.valuemap import ValueMap

SizeOf = Callable[[str], Size]

#: Rings are not grown past this radius (the model's coordinates end at 1e7).
_MAX_RADIUS = 1e6


# ------------------------------------------------------------------------ metrics
@dataclass(frozen=True)
class LayoutMetrics:
    """How big things are on the canvas, in scene units (pixels at 100 % zoom).

    The defaults mirror the canvas's size rules with text measured at an average
    character width; every size can be replaced by a callback with real font metrics.
    """

    #: Card: a colour band plus the name, between a minimum and a maximum width.
    card_height: float = 46.0
    card_min_width: float = 130.0
    card_max_width: float = 270.0
    card_chrome: float = 54.0  # band and padding beside the name
    name_char_width: float = 10.5
    #: Organisation box.
    organisation_min_width: float = 220.0
    organisation_max_width: float = 300.0
    organisation_min_height: float = 96.0
    organisation_char_width: float = 12.5
    organisation_line_height: float = 24.0
    #: One flow label: elided to a maximum width, plus padding; labels stack with a gap.
    label_char_width: float = 8.2
    label_max_width: float = 210.0
    label_padding: float = 14.0
    label_height: float = 23.5
    stack_gap: float = STACK_GAP
    #: Arrange wants every stack within the first this many of the placer's distances
    #: from its arrow (``stacks.CANDIDATE_GAPS``: the canvas could push stacks further
    #: out; a tidy map keeps them close).
    layout_label_gaps: int = 2
    #: Parking-lot notes: fixed width, wrapped text.
    note_width: float = 180.0
    note_line_height: float = 18.0
    note_chars_per_line: int = 20
    #: The least free space between any two cards, stacks or the organisation.
    spacing: float = 16.0

    def preferred_candidates(self) -> int:
        """How many leading candidates are close enough for Arrange."""
        return candidates_within(self.layout_label_gaps)

    def card(self, name: str) -> Size:
        text = " ".join(name[:400].split())
        width = self.card_chrome + len(text) * self.name_char_width
        return (min(max(width, self.card_min_width), self.card_max_width), self.card_height)

    def label(self, text: str) -> Size:
        shown = " ".join(text[:400].split()) or "(no label)"
        width = min(len(shown) * self.label_char_width, self.label_max_width)
        return (width + self.label_padding, self.label_height)

    def note(self, text: str) -> Size:
        lines = sum(
            max(1, math.ceil(len(para) / self.note_chars_per_line))
            for para in (text[:800].splitlines() or [""])
        )
        return (self.note_width, max(70.0, min(lines, 8) * self.note_line_height + 22))

    def organisation(self, name: str) -> Size:
        text = " ".join(name[:400].split()) or "Organisation"
        text_width = len(text) * self.organisation_char_width
        width = min(max(text_width + 40, self.organisation_min_width), self.organisation_max_width)
        lines = min(3, max(1, math.ceil(text_width / max(width - 32, 1.0))))
        height = max(self.organisation_min_height, lines * self.organisation_line_height + 40)
        return (width, height)


DEFAULT_METRICS = LayoutMetrics()


# ----------------------------------------------------------------------- geometry
def stack_size(
    labels: Sequence[str], label_size: Callable[[str], Size], gap: float = STACK_GAP
) -> Size | None:
    """The size of a stack of labels, ``gap`` apart (None for no labels)."""
    if not labels:
        return None
    return stacked_size([label_size(t) for t in labels], gap)


def stack_candidates(
    card_centre: Pos,
    card: Size,
    organisation_centre: Pos,
    organisation: Size,
    direction: Direction,
    size: Size,
    metrics: LayoutMetrics = DEFAULT_METRICS,
) -> list[Rect]:
    """The places the canvas tries for one label stack, in its order of preference
    (``stacks.candidates``). ``provides`` arrows run card → organisation, ``expects``
    arrows back; each bends to its own left. With no arrow (the card on the
    organisation) the stack goes under (provides) or over (expects) the card.
    (``metrics`` is still accepted but no longer matters: the placer has one set of
    candidates, the canvas's.)"""
    from_end = direction is Direction.EXPECTS
    card_rect = rect_around(card_centre, card)
    curve = arrow_curve(card_rect, rect_around(organisation_centre, organisation), from_end)
    path = stack_path(curve, card_rect, from_end)
    return [r for r, _ in candidates(path, size[0], size[1], from_end)]


class _Index:
    """Rectangles in square cells for quick overlap questions (keyed by count)."""

    def __init__(self) -> None:
        self.grid = ObstacleGrid()

    def add(self, r: Rect) -> None:
        self.grid.set(len(self.grid), r)

    def hits(self, r: Rect) -> bool:
        return self.grid.collides(r)


# ------------------------------------------------------------------ what to place
def _items(
    vmap: ValueMap,
    card_size: Size | SizeOf | None,
    label_size: Callable[[str], Size] | None,
    metrics: LayoutMetrics,
) -> list[_Item]:
    graph = vmap.graph
    measure = label_size or metrics.label
    out: list[_Item] = []
    for s in vmap.stakeholders:
        # Edges are keyed by flow id: stakeholder → organisation is "provides".
        provides = [vmap.flow(k).label for _, _, k in graph.out_edges(s.id, keys=True)]
        expects = [vmap.flow(k).label for _, _, k in graph.in_edges(s.id, keys=True)]
        if card_size is None:
            card = metrics.card(s.name)
        elif callable(card_size):
            card = card_size(s.id)
        else:
            card = card_size
        gap = metrics.stack_gap
        out.append(
            _Item(
                s.id,
                card,
                stack_size(provides, measure, gap),
                stack_size(expects, measure, gap),
                tuple(measure(t) for t in provides),
                tuple(measure(t) for t in expects),
            )
        )
    return out


def _place_stacks(
    placed: Sequence[tuple[_Item, Pos]],
    frame: _Frame,
    metrics: LayoutMetrics,
    within: int | None = None,
) -> tuple[dict[tuple[str, str], Rect], int]:
    """Place every label stack with the canvas's own placer (``_Stacks.place_all``)."""
    stacks, crowded, _ = _Stacks(placed, frame).place_all(within)
    return stacks, crowded


def _order(vmap: ValueMap, items: list[_Item], keep_order: bool) -> list[list[_Item]]:
    """Items in layout order, in groups (one group per category, or one group)."""
    if keep_order:
        centre = vmap.organisation.position
        by_id = {s.id: s for s in vmap.stakeholders}
        ordered = sorted(
            items,
            key=lambda it: (
                round(clockwise_angle(centre, by_id[it.id].position), 9),
                math.dist(centre, by_id[it.id].position),
            ),
        )
        return [ordered]
    rank = {c.id: i for i, c in enumerate(vmap.categories)}
    other = rank.get(OTHER_CATEGORY_ID, len(rank))
    groups: dict[int, list[_Item]] = {}
    for it in items:
        cat = vmap.stakeholder(it.id).category
        groups.setdefault(rank.get(cat, other), []).append(it)
    return [groups[k] for k in sorted(groups)]


# ---------------------------------------------------------------------- the rings
def _extent(size: Size, direction: Pos) -> float:
    """The length of a box's shadow on a unit ``direction``."""
    return abs(direction[0]) * size[0] + abs(direction[1]) * size[1]


def _weights(items: list[_Item], angles: list[float], metrics: LayoutMetrics) -> list[float]:
    """Room each stakeholder needs across its ray, measured at the card's radius."""
    out = []
    for it, a in zip(items, angles, strict=True):
        tangent = (-math.sin(a), math.cos(a))
        card = _extent(it.card, tangent) + metrics.spacing
        stacks = sum(_extent(s, tangent) for s in (it.provides, it.expects) if s is not None)
        # Stacks sit about half way in, where the circle is half as long.
        out.append(max(card, 2 * stacks + metrics.spacing))
    return out


def _angles(groups: list[list[_Item]], metrics: LayoutMetrics) -> list[float]:
    """Angles (radians; screen coordinates, so clockwise) in proportion to need, with a
    gap between groups."""
    items = [it for g in groups for it in g]
    n = len(items)
    angles = [2 * math.pi * (i + 0.5) / n for i in range(n)]
    for _ in range(3):
        weights = _weights(items, angles, metrics)
        group_gap = 0.5 * sum(weights) / n if len(groups) > 1 else 0.0
        scale = 2 * math.pi / (sum(weights) + group_gap * len(groups))
        angles = []
        acc = 0.0
        i = 0
        for g in groups:
            acc += group_gap / 2 * scale
            for _ in g:
                share = weights[i] * scale
                angles.append(acc + share / 2)
                acc += share
                i += 1
            acc += group_gap / 2 * scale
    return angles


def _on_ring(
    ring: list[tuple[_Item, float]], radius: float, centre: Pos
) -> list[tuple[_Item, Pos]]:
    # Rounded as they will be stored, so the checks see the final positions.
    out = []
    for it, a in ring:
        x = round(centre[0] + radius * math.cos(a), 1)
        y = round(centre[1] + radius * math.sin(a), 1)
        out.append((it, (x, y)))
    return out


def _place_rings(
    sequence: list[tuple[_Item, float]],
    rings: int,
    frame: _Frame,
    metrics: LayoutMetrics,
    map_rank: Mapping[str, int],
) -> tuple[dict[str, Pos], float] | None:
    """Place ``sequence`` on ``rings`` rings (neighbours alternate between rings), each at
    the smallest radius where cards keep ``spacing`` apart and every label stack finds a
    free place. Returns positions and the distance of the farthest corner from the
    organisation's centre (None if no radius within the coordinate limit works)."""
    half = metrics.spacing / 2
    centre = frame.org_centre
    cards = _Index()
    cards.add(grown(rect_around(centre, frame.org_size), half))
    for r in frame.notes:
        cards.add(grown(r, half))
    placed: list[tuple[_Item, Pos]] = []
    max_card = max(max(it.card) for it, _ in sequence)
    radius = 0.0
    stacks: dict[tuple[str, str], Rect] = {}
    failed: tuple[str, Direction] | None = None
    # The arrows of the cards placed so far and of the ring being tried.
    arrows = ArrowIndex()
    org_rect = rect_around(centre, frame.org_size)
    for k in range(rings):
        ring = sequence[k::rings]
        radius = max(
            math.hypot(*frame.org_size) / 2 + max_card / 2 + metrics.spacing,
            radius + metrics.card_height + metrics.spacing,
        )
        # More than one ring is worth it only near its first radius: outer arrows run
        # between the inner cards, and growing further would only spread the map.
        give_up = _MAX_RADIUS if rings == 1 else 2.5 * radius + 1000.0
        while True:
            if radius > give_up:
                return None
            here = _on_ring(ring, radius, centre)
            ring_cards = _Index()
            ok = True
            for it, p in here:
                g = grown(rect_around(p, it.card), half)
                if cards.hits(g) or ring_cards.hits(g):
                    ok = False
                    break
                ring_cards.add(g)
            if ok:
                # Check the stacks in the order the canvas places them; the stack that
                # failed the last trial first, alone (it usually fails again, sooner).
                _arrow_index(here, org_rect, arrows)
                trial = _Stacks(
                    sorted(placed + here, key=lambda x: map_rank[x[0].id]), frame, arrows
                )
                within = metrics.preferred_candidates()
                if failed is None or trial.fits_alone(failed, within):
                    stacks, crowded, failed = trial.place_all(within)
                    if crowded == 0:
                        break
            radius = radius * 1.03 + 4.0
        for it, p in here:
            cards.add(grown(rect_around(p, it.card), half))
        placed.extend(here)
    if rings > 1 and _arrows_cross_cards(placed, frame):
        return None
    far = 0.0
    blocks = [rect_around(p, it.card) for it, p in placed] + list(stacks.values())
    for b in blocks:
        for x, y in ((b[0], b[1]), (b[2], b[1]), (b[0], b[3]), (b[2], b[3])):
            far = max(far, math.hypot(x - centre[0], y - centre[1]))
    return {it.id: p for it, p in placed}, far


def _arrows_cross_cards(placed: Sequence[tuple[_Item, Pos]], frame: _Frame) -> bool:
    """Whether an arrow runs through a card other than its own (an outer ring's arrow
    through an inner ring's card)."""
    return bool(_Stacks(placed, frame).crossings())


def _frame(vmap: ValueMap, organisation_size: Size | None, metrics: LayoutMetrics) -> _Frame:
    org = vmap.organisation
    return _Frame(
        org.position,
        organisation_size or metrics.organisation(org.name),
        tuple(rect_around(n.position, metrics.note(n.text)) for n in vmap.notes),
    )


def radial_layout(
    vmap: ValueMap,
    keep_order: bool = False,
    card_size: Size | SizeOf | None = None,
    label_size: Callable[[str], Size] | None = None,
    organisation_size: Size | None = None,
    metrics: LayoutMetrics = DEFAULT_METRICS,
    max_rings: int = 4,
) -> dict[str, Pos]:
    """New positions for every stakeholder, around the organisation (see the module
    docstring). The organisation and the notes do not move; cards and labels keep clear
    of both.

    ``card_size`` is one size for every card, or a callback from stakeholder id to its
    card's size; ``label_size`` measures one flow label; ``organisation_size`` is the
    organisation box's. Omitted sizes are estimated with ``metrics``.
    """
    items = _items(vmap, card_size, label_size, metrics)
    if not items:
        return {}
    frame = _frame(vmap, organisation_size, metrics)
    groups = _order(vmap, items, keep_order)
    ordered = [it for g in groups for it in g]
    angles = _angles(groups, metrics)
    # Centre the first stakeholder at the top; with keep_order, turn the whole ring so
    # that stakeholders move as little as possible from their current angles.
    shift = -math.pi / 2 - angles[0]
    if keep_order:
        sx = sy = 0.0
        for it, a in zip(ordered, angles, strict=True):
            p = vmap.stakeholder(it.id).position
            old = clockwise_angle(frame.org_centre, p) - math.pi / 2
            sx += math.cos(old - a)
            sy += math.sin(old - a)
        if math.hypot(sx, sy) > 1e-9:
            shift = math.atan2(sy, sx)
    sequence = [(it, a + shift) for it, a in zip(ordered, angles, strict=True)]
    map_rank = {it.id: i for i, it in enumerate(items)}

    best: tuple[float, dict[str, Pos]] | None = None
    for rings in range(1, max(1, min(max_rings, len(items) // 6)) + 1):
        result = _place_rings(sequence, rings, frame, metrics, map_rank)
        if result is not None and (best is None or result[1] < best[0] * 0.97):
            best = (result[1], result[0])
    if best is None:  # pragma: no cover - only past the coordinate limit
        return {}
    return best[1]


def layout_blocks(
    vmap: ValueMap,
    positions: Mapping[str, Pos] | None = None,
    card_size: Size | SizeOf | None = None,
    label_size: Callable[[str], Size] | None = None,
    organisation_size: Size | None = None,
    metrics: LayoutMetrics = DEFAULT_METRICS,
) -> tuple[dict[tuple[str, str], Rect], int]:
    """Every block of the map as the canvas would draw it, and how many label stacks
    found no free place. Keys: ``("organisation", id)``, ``("note", id)``,
    ``("card", id)``, ``("provides", id)`` and ``("expects", id)``.

    ``positions`` overrides stakeholder positions (e.g. a layout not yet applied). Label
    stacks are placed as the canvas places them (``stack_candidates``, in the canvas's
    order), so a good layout has no two blocks overlapping and nothing crowded.
    """
    positions = positions or {}
    frame = _frame(vmap, organisation_size, metrics)
    org = vmap.organisation
    out: dict[tuple[str, str], Rect] = {
        ("organisation", org.id): rect_around(frame.org_centre, frame.org_size)
    }
    for n, r in zip(vmap.notes, frame.notes, strict=True):
        out[("note", n.id)] = r
    placed = [
        (it, positions.get(it.id, vmap.stakeholder(it.id).position))
        for it in _items(vmap, card_size, label_size, metrics)
    ]
    for it, p in placed:
        out[("card", it.id)] = rect_around(p, it.card)
    stacks, crowded = _place_stacks(placed, frame, metrics)
    out.update(stacks)
    return out, crowded


__all__ = [
    "DEFAULT_METRICS",
    "LayoutMetrics",
    "clockwise_angle",
    "layout_blocks",
    "radial_layout",
    "stack_candidates",
    "stack_size",
]
