"""Where a new stakeholder goes, and the order Tab visits stakeholders in (no Qt).

The one place that decides where new stakeholders go — the canvas's "add stakeholder"
(N / Insert, the category palette), quick capture and pasted capture lines all ask here
(``place_new``).

Candidate places lie on rings around the organisation. Each ring is cut into as many
slots as cards fit on it, and the slots are tried in an order that spreads the first
few stakeholders evenly (top, bottom, right, left, then the diagonals, ...) rather than
crowding one side — so a facilitator adding stakeholders one after another gets a
balanced map. Slots of every other ring sit between those of the ring inside it. A slot
is free when a card there, with a margin, would overlap no other card, note or the
organisation; a free slot is preferred when no stakeholder or note sits on the straight
line from the organisation to it (the new stakeholder's arrows would run under that
card), unless that means going more than one ring further out. Positions are centres,
as in the model.

On a map of up to ``spots.MAX_TESTED`` stakeholders a place must also keep the map
legible: places down the middle of the widest angular gaps between what is already there
(``gap_places``, nearest first) are tested with the canvas's own label placer
(``model.spots``) and the first that passes is taken. Past about ten stakeholders none of
the ``MAX_TESTS`` passes (every arrow to a card further out would cross the labels of the
cards inside); ``place_new`` then spreads the map out (``model.respace``: a gap as far
out as its neighbours, else every card and note moved away from the organisation by the
least common factor that gives the new card a legible place) and says what moves, for
the caller to move in the same undo step. It also spreads out to mend a label or two
that an earlier card's flows made illegible (up to ``respace.MEND_LIMIT``); a map
illegible in more places (crowded by hand) is left as it is (and past
``spots.MAX_TESTED_CROWDED`` stakeholders not even tested). Where nothing may move
(``free_positions``: an import, a contribution) or nothing legible is found, the rings
above are used as they are. Past ``MAX_TESTED`` nothing is tested, so N stays quick on
a big map.

The sizes are estimates in scene units (the canvas's defaults); a caller that knows the
real size of each element passes them in ``sizes``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from svx_desktop.model.elements import Pos, Stakeholder
from svx_desktop.model.geometry import (
    CARD_MARGIN,
    CARD_SIZE,
    NOTE_SIZE,
    ORGANISATION_SIZE,
    ObstacleGrid,
    Rect,
    Size,
    clockwise_angle,
    distance_to_segment,
    rect_around,
    widest_gaps,
)
from svx_desktop.model.respace import GAPS_TRIED, MEND_LIMIT, spread_out
from svx_desktop.model.spots import MAX_TESTED, MAX_TESTED_CROWDED, LegibleSpots
from svx_desktop.model.valuemap import ValueMap

#: Distance from the organisation's centre to the first ring, and between rings, and the
#: least distance between neighbouring places on a ring — room for the flow labels
#: between a card and the organisation.
FIRST_RING = 430.0
RING_STEP = 260.0
SLOT_SPACING = 300.0
#: How close (centre to line) a card or note may come to the line of sight from the
#: organisation to a free place before another place is preferred.
SIGHT_CLEARANCE = 110.0
#: Rings tried before giving up (the place then goes straight below, past them all).
MAX_RINGS = 60
#: Free places tested for legibility (``model.spots``) before the first free one on the
#: rings is taken as if untested (each test places every label stack of the map), and the
#: radii tried in each of the ``respace.GAPS_TRIED`` widest gaps (``gap_places``).
MAX_TESTS = 12
GAP_RADII = 16


def _spread_order(n: int) -> list[int]:
    """Slot indices 0..n-1 in an order that spreads them evenly (van der Corput)."""
    order: list[int] = []
    seen: set[int] = set()
    j = 0
    while len(order) < n:
        # Bit-reversed fraction of j: 0, 1/2, 1/4, 3/4, 1/8, ...
        f, denom, k = 0.0, 1.0, j
        while k:
            denom *= 2
            f += (k & 1) / denom
            k >>= 1
        slot = round(f * n) % n
        if slot not in seen:
            seen.add(slot)
            order.append(slot)
        j += 1
        if j > 64 * n:  # pragma: no cover - every slot is reached long before
            order.extend(i for i in range(n) if i not in seen)
            break
    return order


def ring_slots(radius: float, card_size: Size = CARD_SIZE, margin: float = CARD_MARGIN) -> int:
    """How many cards of ``card_size`` fit side by side on a ring of ``radius`` (a multiple
    of four, so that the first places are exactly above, below, right and left)."""
    pitch = max(card_size[0] + margin, card_size[1] + margin, SLOT_SPACING)
    return max(4, 4 * int(2 * math.pi * radius / pitch / 4))


def ring_places(
    centre: Pos,
    ring: int,
    card_size: Size = CARD_SIZE,
    margin: float = CARD_MARGIN,
    first_ring: float = FIRST_RING,
    ring_step: float = RING_STEP,
) -> list[Pos]:
    """The places of ring ``ring`` (0 = innermost) around ``centre``, in the order they are
    tried. Every other ring is turned by half a slot, so its places sit between those of
    the ring inside it."""
    radius = first_ring + ring * ring_step
    slots = ring_slots(radius, card_size, margin)
    offset = 0.5 if ring % 2 else 0.0
    out: list[Pos] = []
    for slot in _spread_order(slots):
        angle = -math.pi / 2 + 2 * math.pi * (slot + offset) / slots  # clockwise from the top
        out.append(
            (round(centre[0] + radius * math.cos(angle), 1),
             round(centre[1] + radius * math.sin(angle), 1))
        )  # fmt: skip
    return out


class _Obstacles:
    """What new cards keep clear of: rectangles (overlap) and centres (line of sight)."""

    def __init__(self, centre: Pos) -> None:
        self.centre = centre
        self.grid = ObstacleGrid()
        self.points: list[tuple[float, Pos]] = []  # (distance from the centre, centre)

    def add(self, rect: Rect, sight: bool = True) -> None:
        self.grid.set(len(self.grid), rect)
        if sight:
            p = ((rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2)
            self.points.append((math.dist(self.centre, p), p))

    def free(self, r: Rect) -> bool:
        return not self.grid.collides(r)

    def in_sight(self, place: Pos) -> bool:
        """Whether nothing sits on the line from the organisation to ``place``, and
        ``place`` sits on no such line to a card further out (its arrows)."""
        reach = math.dist(self.centre, place)
        return not any(
            (d < reach and distance_to_segment(p, self.centre, place) < SIGHT_CLEARANCE)
            or (d > reach and distance_to_segment(place, self.centre, p) < SIGHT_CLEARANCE)
            for d, p in self.points
        )


def _next_place(obstacles: _Obstacles, card_size: Size) -> Pos:
    """The first free place on the rings, one in sight of the organisation if there is
    one on that ring or the next."""
    centre = obstacles.centre
    first_free: tuple[int, Pos] | None = None
    for ring in range(MAX_RINGS):
        if first_free is not None and ring > first_free[0] + 1:
            return first_free[1]
        for pos in ring_places(centre, ring, card_size):
            if obstacles.free(rect_around(pos, card_size, CARD_MARGIN)):
                if obstacles.in_sight(pos):
                    return pos
                if first_free is None:
                    first_free = (ring, pos)
    if first_free is not None:
        return first_free[1]
    return (centre[0], centre[1] + FIRST_RING + MAX_RINGS * RING_STEP)


def gap_places(
    centre: Pos, taken: Sequence[Pos], first_ring: float = FIRST_RING, ring_step: float = RING_STEP
) -> Iterator[Pos]:
    """Places in the middle of the widest angular gaps between what is ``taken`` (seen
    from ``centre``), nearest first: each radius (``ring_step / 2`` apart) in the
    ``GAPS_TRIED`` widest gaps before the next radius. The new card's arrows then run
    down the middle of a gap, clear of the cards and labels on either side. With nothing
    taken, straight above the centre."""
    middles = [m for m, _, _ in widest_gaps(centre, taken, GAPS_TRIED)] or [0.0]
    for i in range(GAP_RADII):
        radius = first_ring + i * ring_step / 2
        for m in middles:
            yield (
                round(centre[0] + radius * math.sin(m), 1),
                round(centre[1] - radius * math.cos(m), 1),
            )


def _legible_place(
    obstacles: _Obstacles, card_size: Size, fits: Callable[[Pos], bool]
) -> Pos | None:
    """The first free place in a gap (``gap_places``) where ``fits`` says the map stays
    legible, or None (after ``MAX_TESTS`` tests)."""
    taken = [p for _, p in obstacles.points]
    tests = 0
    for pos in gap_places(obstacles.centre, taken):
        if not obstacles.free(rect_around(pos, card_size, CARD_MARGIN)):
            continue
        if tests >= MAX_TESTS:
            return None
        tests += 1
        if fits(pos):
            return pos
    return None


@dataclass(frozen=True)
class Placement:
    """Where new cards go (``positions``, in order) and the stakeholders and notes that
    move first to make room for them (``moves``: empty unless the map was spread out)."""

    positions: list[Pos]
    moves: dict[str, Pos] = field(default_factory=dict)


def place_new(
    vmap: ValueMap,
    count: int = 1,
    *,
    card_size: Size = CARD_SIZE,
    sizes: Mapping[str, Size] | None = None,
    legible: bool = True,
    respace: bool = True,
) -> Placement:
    """``count`` places for new cards around the organisation, best first.

    Each place returned is also kept free of the ones before it, so the result can be used
    for several new stakeholders at once (a paste, a multi-line capture). With
    ``legible`` (and a map of at most ``spots.MAX_TESTED`` stakeholders), a place is taken
    only where the map stays legible with the new card's labels (``model.spots``); when
    there is none, the map is spread out (``model.respace``) and the result says which
    stakeholders and notes move — or, without ``respace``, the rings are used as they are.
    """
    sizes = sizes or {}
    org = vmap.organisation
    obstacles = _Obstacles(org.position)
    obstacles.add(rect_around(org.position, sizes.get(org.id, ORGANISATION_SIZE)), sight=False)
    for s in vmap.stakeholders:
        obstacles.add(rect_around(s.position, sizes.get(s.id, card_size)))
    for n in vmap.notes:
        obstacles.add(rect_around(n.position, sizes.get(n.id, NOTE_SIZE)))
    tested = legible and len(vmap.stakeholders) + count <= MAX_TESTED
    spots = LegibleSpots(vmap, card_size, sizes) if tested else None
    illegible = len(spots.known) if spots is not None else 0
    # A map illegible in many places (crowded by hand) is not spread out: Arrange is.
    crowded = illegible > MEND_LIMIT
    if crowded and len(vmap.stakeholders) + count > MAX_TESTED_CROWDED:
        spots = None
    spread = respace and spots is not None and not crowded
    if spread and illegible:  # a label or two is illegible already: spread out to mend it
        return _spread_out(vmap, [], count, card_size, sizes, spots)
    found: list[Pos] = []
    for _ in range(count):
        pos = None
        if spots is not None:
            pos = _legible_place(obstacles, card_size, spots.fits)
            if pos is None and spread:
                break  # no legible place near: spread the map out
            if pos is None:
                spots = None  # the rest of the cards as untested
        if pos is None:
            pos = _next_place(obstacles, card_size)
        found.append(pos)
        obstacles.add(rect_around(pos, card_size))
        if spots is not None:
            spots.add(pos)
    if len(found) == count:
        return Placement(found)
    return _spread_out(vmap, found, count, card_size, sizes, None if found else spots)


def _spread_out(
    vmap: ValueMap,
    found: list[Pos],
    count: int,
    card_size: Size,
    sizes: Mapping[str, Size],
    spots: LegibleSpots | None,
) -> Placement:
    """The places after ``found`` with the map spread out to make room (``model.respace``),
    one card at a time; where no spreading helps, ``free_positions`` of the map so far."""
    work = vmap.copy()
    new_ids = []
    for pos in found:
        s = Stakeholder("new", position=pos)
        work.add_stakeholder(s)
        new_ids.append(s.id)
    moves: dict[str, Pos] = {}
    while len(new_ids) < count:
        result = spread_out(work, card_size=card_size, sizes=sizes, spots=spots)
        spots = None  # the map changes from here on
        if result is None:  # spreading out finds nothing: as if nothing may move
            pos = next_free_position(work, card_size=card_size, sizes=sizes)
        else:
            pos, step = result
            work.set_positions(step)
            moves.update(step)
        s = Stakeholder("new", position=pos)
        work.add_stakeholder(s)
        new_ids.append(s.id)
    kept = {k: p for k, p in moves.items() if k not in new_ids and p != vmap.position_of(k)}
    return Placement([work.position_of(k) for k in new_ids], kept)


def free_positions(
    vmap: ValueMap,
    count: int = 1,
    *,
    card_size: Size = CARD_SIZE,
    sizes: Mapping[str, Size] | None = None,
    legible: bool = True,
) -> list[Pos]:
    """``count`` free places for new cards around the organisation, with nothing else
    moved (``place_new`` without spreading out: a legible place where one is found, else
    the rings above as they are)."""
    places = place_new(
        vmap, count, card_size=card_size, sizes=sizes, legible=legible, respace=False
    )
    return places.positions


def next_free_position(
    vmap: ValueMap,
    *,
    card_size: Size = CARD_SIZE,
    sizes: Mapping[str, Size] | None = None,
) -> Pos:
    """The place for one new stakeholder card when nothing else may move (see
    ``place_new`` for the place that keeps the map legible)."""
    return free_positions(vmap, 1, card_size=card_size, sizes=sizes)[0]


def angular_order(centre: Pos, points: Mapping[str, Pos]) -> list[str]:
    """Ids sorted clockwise from the top around ``centre`` (nearer first on ties)."""
    return sorted(
        points,
        key=lambda k: (
            round(clockwise_angle(centre, points[k]), 6),
            math.dist(centre, points[k]),
        ),
    )


__all__ = [
    "CARD_SIZE",
    "FIRST_RING",
    "NOTE_SIZE",
    "ORGANISATION_SIZE",
    "RING_STEP",
    "SLOT_SPACING",
    "Placement",
    "angular_order",
    "clockwise_angle",
    "free_positions",
    "next_free_position",
    "place_new",
    "ring_places",
    "ring_slots",
]
