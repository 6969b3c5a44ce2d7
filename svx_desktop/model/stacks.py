"""Where flow labels go: the arrows' curves and the greedy label-stack placer (no Qt).

The one source of truth for label placement: the canvas places its label stacks with
``place_stack`` against its scene's ``ObstacleGrid``, and Arrange (``model.layout``) runs
the very same code on estimated or measured sizes, so an arranged map has exactly the
stacks the canvas will draw.

Every stakeholder has at most two label stacks (its ``provides`` labels and its
``expects`` labels), each beside its own curved arrow: ``provides`` arrows run card →
organisation and ``expects`` arrows organisation → card, each bending to its own left
(``flow_curve``). A stack sits on the side its arrow bends to, at the first position along
the curve where it overlaps no card and no other stack (``CANDIDATE_GAPS`` × sides ×
``CANDIDATE_STEPS``, nearest the stakeholder first) and, given a ``legible`` test
(``model.legible``), where every label is nearer its own arrow and card than any other and
no arrow runs through it; when every candidate is taken, the first free place further
out (``FAR_GAPS``, joined to its arrow by a leader line), and only when there is none the
one close to its arrow (``FALLBACK_GAPS``) with the least overlap. Stacks are placed nearest the
organisation first (they have the least room), then in map order, ``provides`` before
``expects`` (``placing_order``).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from svx_desktop.model.geometry import (
    GRID_CELL,
    ObstacleGrid,
    Point,
    Rect,
    border_point,
    grown,
)

#: Positions along the curve tried in order, as the fraction of the way from the
#: stakeholder's end, when the arrow's length is not given (the placement of maps too big
#: to test for legibility): the middle first, then towards the stakeholder.
CANDIDATE_STEPS = (0.45, 0.38, 0.52, 0.31, 0.59, 0.25, 0.66, 0.19, 0.73, 0.13, 0.8, 0.07, 0.87)
#: The same positions as distances along the arrow from the stakeholder's end, used when
#: the arrow's length is known (``place_stack(length=...)``): on a long arrow the labels
#: stay as near their card as on a short one, never half way to the organisation.
CANDIDATE_DISTANCES = (
    26.0,
    42.0,
    60.0,
    82.0,
    108.0,
    138.0,
    172.0,
    210.0,
    14.0,
    252.0,
    300.0,
    360.0,
    420.0,
)
#: The furthest fraction of the way tried with ``CANDIDATE_DISTANCES``.
FURTHEST_STEP = 0.8
#: Distances from the curve tried for each position.
CANDIDATE_GAPS = (4.0, 12.0, 24.0, 40.0, 70.0, 110.0)
#: When no candidate is free, the least covered among those at the first this many of
#: ``CANDIDATE_GAPS`` wins: on a crowded map a stack overlapping a little more but close
#: to its own arrow reads better than one far away (and weighing fewer places is quicker).
FALLBACK_GAPS = 2
#: Distances from the curve tried, once every candidate near it is taken, before a stack
#: settles for overlapping something (``place_stack``): a leader line joins it to its arrow.
FAR_GAPS = (160.0, 220.0, 300.0, 400.0, 520.0, 680.0, 880.0, 1150.0, 1500.0, 2000.0, 2600.0)
#: Every distance the free walk tries when nothing but "is it free?" is asked.
_WALK_GAPS = CANDIDATE_GAPS + FAR_GAPS
#: Sides of the curve tried for each distance: the side it bends to, then the other
#: (between the stakeholder's two arrows).
CANDIDATE_SIDES = (1.0, -1.0)
#: Free places tested for legibility before a stack settles for the first free one (keeps
#: a crowded map's placement, run on every edit, as fast as before).
LEGIBLE_TRIES = 60
#: Space kept between a label stack and anything else.
PADDING = 3.0
#: Gap between a label and the next in a stack.
STACK_GAP = 3.0
#: Each direction's arrow ends sit this far to its left of the centre line, and the curve
#: bends by ``BEND_RATIO`` of its span (between ``BEND_MIN`` and ``BEND_MAX``) to that side.
ARROW_OFFSET = 8.0
BEND_RATIO = 0.14
BEND_MIN = 12.0
BEND_MAX = 60.0

#: (point, outward unit normal) at a fraction ``t`` of the way along an arrow.
Path = Callable[[float], tuple[Point, Point]]


@dataclass(frozen=True)
class Curve:
    """A quadratic Bézier from ``p0`` to ``p2`` bending through control point ``c``."""

    p0: Point
    c: Point
    p2: Point
    bend_side: Point  # unit normal pointing to the side the curve bulges to

    def point(self, t: float) -> Point:
        u = 1 - t
        return (
            u * u * self.p0[0] + 2 * u * t * self.c[0] + t * t * self.p2[0],
            u * u * self.p0[1] + 2 * u * t * self.c[1] + t * t * self.p2[1],
        )

    def at(self, t: float) -> tuple[Point, Point]:
        """Point and outward normal at ``t`` (for placing labels)."""
        return self.point(t), self.bend_side

    def length(self) -> float:
        return math.dist(self.p0, self.p2)


def flow_curve(source: Rect, target: Rect) -> Curve | None:
    """The arrow from the ``source`` box to the ``target`` box, bending to its left.

    None when the boxes overlap (nothing sensible to draw).
    """
    scx, scy = (source[0] + source[2]) / 2, (source[1] + source[3]) / 2
    dx = (target[0] + target[2]) / 2 - scx
    dy = (target[1] + target[3]) / 2 - scy
    dist = math.hypot(dx, dy)
    if dist < 1e-6 or (
        source[0] - 4 < target[2]
        and target[0] < source[2] + 4
        and source[1] - 4 < target[3]
        and target[1] < source[3] + 4
    ):
        return None
    ux, uy = dx / dist, dy / dist
    nx, ny = -uy, ux  # the left-hand normal (y grows downwards)
    a = border_point(source, dx, dy)
    b = border_point(target, -dx, -dy)
    p0 = (a[0] + nx * ARROW_OFFSET + ux * 2, a[1] + ny * ARROW_OFFSET + uy * 2)
    p2 = (b[0] + nx * ARROW_OFFSET - ux * 3, b[1] + ny * ARROW_OFFSET - uy * 3)
    span = math.dist(p0, p2)
    bend = min(max(BEND_RATIO * span, BEND_MIN), BEND_MAX)
    c = ((p0[0] + p2[0]) / 2 + nx * bend, (p0[1] + p2[1]) / 2 + ny * bend)
    return Curve(p0, c, p2, (nx, ny))


def arrow_curve(card: Rect, organisation: Rect, from_end: bool) -> Curve | None:
    """A stakeholder's arrow in one direction: card → organisation (``provides``), or
    organisation → card (``from_end``: ``expects``, the stakeholder at ``t = 1``)."""
    return flow_curve(organisation, card) if from_end else flow_curve(card, organisation)


def stack_path(curve: Curve | None, card: Rect, from_end: bool) -> Path:
    """What a stack is placed along: its arrow, or with no arrow (the card sits on the
    organisation) a point under (``provides``) or over (``expects``) the card."""
    if curve is not None:
        return curve.at
    cx = (card[0] + card[2]) / 2
    if not from_end:
        below = (cx, card[3])
        return lambda t: (below, (0.0, 1.0))
    above = (cx, card[1])
    return lambda t: (above, (0.0, -1.0))


def stack_rect(anchor: Point, normal: Point, width: float, height: float, gap: float) -> Rect:
    """The rectangle of a ``width`` × ``height`` stack beside ``anchor``, pushed along
    ``normal`` (a unit vector) so that its nearest edge is ``gap`` away from the anchor."""
    nx, ny = normal
    reach = abs(nx) * width / 2 + abs(ny) * height / 2
    cx = anchor[0] + nx * (gap + reach)
    cy = anchor[1] + ny * (gap + reach)
    return (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def candidates(
    path: Path, width: float, height: float, from_end: bool = False
) -> Iterator[tuple[Rect, Point]]:
    """Every place tried for a stack, in order of preference, with its point on the path."""
    for gap in CANDIDATE_GAPS:
        for side in CANDIDATE_SIDES:
            for step in CANDIDATE_STEPS:
                anchor, normal = path(1.0 - step if from_end else step)
                r = stack_rect(anchor, (normal[0] * side, normal[1] * side), width, height, gap)
                yield r, anchor


def candidates_within(gaps: int) -> int:
    """How many leading candidates lie within the first ``gaps`` of ``CANDIDATE_GAPS``."""
    return max(gaps, 1) * len(CANDIDATE_SIDES) * len(CANDIDATE_STEPS)


class StackPlace(NamedTuple):
    """Where a stack went: its rectangle, its point on the arrow (for a leader line), and
    whether it found no free place near its arrow (``crowded``: it sits further out, or
    where nothing is free there either, overlaps something as little as possible)."""

    rect: Rect
    anchor: Point
    crowded: bool
    #: False when only a free place that fails the ``legible`` test was found.
    legible: bool = True


def place_stack(
    grid: ObstacleGrid,
    key: Hashable,
    path: Path,
    width: float,
    height: float,
    from_end: bool = False,
    legible: Callable[[Rect, Point], bool] | None = None,
    limit: int | None = None,
    length: float | None = None,
) -> StackPlace | None:
    """Choose a rectangle for a stack beside ``path`` and record it in ``grid``.

    ``path(t)`` returns (point, outward unit normal) at ``t``; ``from_end`` says the
    stakeholder is at ``t = 1`` (an ``expects`` arrow) rather than at ``t = 0``. A free
    place that is not ``legible(rect, anchor)`` (an arrow runs through it, or another
    arrow or card is nearer, so the labels would seem to belong to someone else) is taken
    only when no other free place is (``legible=False`` in the result).

    With ``limit``, only the first ``limit`` candidates are tried and None is returned
    (``grid`` left without ``key``) when none of them is free and legible. With the
    arrow's ``length``, positions are ``CANDIDATE_DISTANCES`` from the stakeholder's end.
    """
    grid.remove(key)
    crossed: tuple[Rect, Point] | None = None
    # Close to the arrow first: on its own side, else on the other side (between the
    # stakeholder's two arrows), before moving further away.
    steps: tuple[float, ...] = CANDIDATE_STEPS
    if length is not None and length > 0:
        steps = tuple(min(d / length, FURTHEST_STEP) for d in CANDIDATE_DISTANCES)
    n = illegible = 0
    # Arrange (with a limit) wants a legible place or none; the canvas settles sooner.
    tries = LEGIBLE_TRIES if limit is None else math.inf
    blocked = _Blocked(grid, width, height, path, [1.0 - s for s in steps] if from_end else steps)
    if legible is None and limit is None:
        # Nothing but "is it free?" to ask: each ray walked once (the same first place),
        # near the arrow and on further out (``FAR_GAPS``) in the same walk.
        gaps: tuple[float, ...] = _WALK_GAPS
    else:
        clear = blocked.clear  # looked up here first: most skipped candidates cost no call
        rays = blocked.rays()
        for gap in CANDIDATE_GAPS:
            for i, (anchor, normal) in enumerate(rays):
                if limit is not None and n >= limit:
                    return None
                n += 1
                if gap < clear.get(i, -math.inf):
                    continue
                r = blocked.free(i, anchor, normal, gap)
                if r is None:
                    continue
                if legible is not None and not legible(r, anchor):
                    if crossed is None:
                        crossed = (r, anchor)
                    illegible += 1
                    if illegible >= tries:
                        break  # a crowded map: no more tests, the first free place
                    continue
                grid.set(key, r)
                return StackPlace(r, anchor, False)
            if illegible >= tries:
                break
        if limit is not None:
            return None
        if crossed is not None:
            grid.set(key, crossed[0])
            return StackPlace(crossed[0], crossed[1], False, False)
        # Nothing free near the arrow: the first free place further out (``FAR_GAPS``).
        gaps = FAR_GAPS
    found = blocked.first_free(gaps)
    if found is not None:
        rect, anchor, gap = found
        crowded = gap > CANDIDATE_GAPS[-1]  # a far place: a leader line joins it
        grid.set(key, rect)
        return StackPlace(rect, anchor, crowded, not crowded)
    # Everything is taken: the least covered place near the arrow (the first of equals).
    tried = [
        (stack_rect(anchor, normal, width, height, gap), anchor)
        for gap in CANDIDATE_GAPS[: max(FALLBACK_GAPS, 1)]
        for anchor, normal in blocked.rays()
    ]
    best, least = tried[0], math.inf
    for candidate in tried:
        covered = grid.overlap(grown(candidate[0], PADDING), limit=least)
        if covered < least:
            best, least = candidate, covered
    grid.set(key, best[0])
    return StackPlace(best[0], best[1], True, False)


class _Blocked:
    """Which candidates of one stack are free, asking the grid as little as possible.

    Candidates lie on rays (a point on the path and a direction away from it) at growing
    distances. When the one at some distance hits an obstacle, every candidate further
    along the same ray hits it too until the stack has slid past it, so the distance where
    it clears the obstacle is noted for the ray and nearer candidates are not looked up:
    the same answers as testing each candidate, with a few look-ups a ray.
    """

    def __init__(
        self, grid: ObstacleGrid, width: float, height: float, path: Path, ts: Sequence[float]
    ) -> None:
        self.grid = grid
        self.width = width
        self.height = height
        self.clear: dict[int, float] = {}
        # The rays a stack slides out along: a point on the path at each of ``ts``,
        # pushed along its normal to either side (``CANDIDATE_SIDES``), numbered side by
        # side; each point is computed when a ray through it is first needed.
        self.path = path
        self.ts = ts
        self.count = len(CANDIDATE_SIDES) * len(ts)
        self._along: list[tuple[Point, Point] | None] = [None] * len(ts)

    def ray(self, i: int) -> tuple[Point, Point]:
        """Ray number ``i``: its point on the path and its direction."""
        side, j = divmod(i, len(self.ts))
        point = self._along[j]
        if point is None:
            point = self._along[j] = self.path(self.ts[j])
        anchor, (nx, ny) = point
        sign = CANDIDATE_SIDES[side]
        return anchor, (nx * sign, ny * sign)

    def rays(self) -> list[tuple[Point, Point]]:
        """Every ray, in order."""
        return [self.ray(i) for i in range(self.count)]

    def first_free(self, gaps: tuple[float, ...]) -> tuple[Rect, Point, float] | None:
        """The first free candidate, nearest gap first, then in ray order, with its gap
        (``gaps`` increase): ``free`` written out (the placer's inner loop on a big map),
        with the same arithmetic.

        Only candidates not known to be taken are tested: each ray waits in the bucket of
        its next such gap, and a ray that hits an obstacle moves straight to the bucket of
        the first gap past it, so candidates are tested in exactly the order of a plain
        scan. The two obstacles hit last are tried before the grid: the next ray at the
        same gap, and the same ray further out, often hit one of them."""
        count = len(gaps)
        n = self.count
        clear = self.clear
        buckets: list[list[int]] = [[] for _ in gaps]
        if clear:
            for i in range(n):
                k = bisect_left(gaps, clear[i]) if i in clear else 0
                if k < count:
                    buckets[k].append(i)
        elif count:
            buckets[0] = list(range(n))
        cells = self.grid.buckets()  # ``ObstacleGrid.hit``, written out below
        cell = GRID_CELL
        floor = math.floor
        w, h, pad = self.width, self.height, PADDING
        w2, h2 = w / 2, h / 2
        half_w, half_h = w2 + pad, h2 + pad
        walks: list[_Walk | None] = [None] * n
        path, ts, along, sides = self.path, self.ts, self._along, CANDIDATE_SIDES
        m = len(ts)
        # By side: the last ray's normal on the path, and what follows from it alone.
        ways: list[tuple[Point, float, float, float, int, float, int, float] | None]
        ways = [None] * len(sides)
        last = first = (math.inf, math.inf, -math.inf, -math.inf)  # the obstacles hit last
        for k, bucket in enumerate(buckets):
            if not bucket:
                continue
            bucket.sort()
            gap = gaps[k]
            # The next gap, and its bucket (on the last, none: a list no one reads).
            following = gaps[k + 1] if k + 1 < count else math.inf
            after = buckets[k + 1] if k + 1 < count else []
            for i in bucket:
                walk = walks[i]
                if walk is None:  # the ray's first test: as ``ray``, written out
                    side, j = divmod(i, m)
                    point = along[j]
                    if point is None:
                        point = along[j] = path(ts[j])
                    anchor, normal = point
                    ax, ay = anchor
                    way = ways[side]
                    if way is None or way[0] is not normal:  # else as the ray before
                        sign = sides[side]
                        nx, ny = normal[0] * sign, normal[1] * sign
                        # Where the stack clears an obstacle o (as ``_clear_from``): at
                        # (o[xi] + xh - ax) / nx across, (o[yi] + yh - ay) / ny down,
                        # whichever is nearer.
                        xi = 2 if nx > _TINY else 0 if nx < -_TINY else -1
                        yi = 3 if ny > _TINY else 1 if ny < -_TINY else -1
                        xh = half_w if xi == 2 else -half_w
                        yh = half_h if yi == 3 else -half_h
                        reach = abs(nx) * w2 + abs(ny) * h2  # from the centre to the near edge
                        way = ways[side] = (normal, nx, ny, reach, xi, xh, yi, yh)
                    _, nx, ny, reach, xi, xh, yi, yh = way
                    xoff, yoff = xh - ax, yh - ay
                    # Cleared a hair short, as ``_clear_from``.
                    back = reach + 1e-6
                    walk = walks[i] = (anchor, ax, ay, nx, ny, reach, xi, xoff, yi, yoff, back)
                else:
                    anchor, ax, ay, nx, ny, reach, xi, xoff, yi, yoff, back = walk
                out = gap + reach
                cx = ax + nx * out  # as ``stack_rect``
                cy = ay + ny * out
                left, top = cx - w2 - pad, cy - h2 - pad
                right, bottom = cx + w2 + pad, cy + h2 + pad
                if left < last[2] and last[0] < right and top < last[3] and last[1] < bottom:
                    o = last
                elif left < first[2] and first[0] < right and top < first[3] and first[1] < bottom:
                    o, first = first, last
                else:
                    rows = range(floor(top / cell), floor(bottom / cell) + 1)
                    for col in range(floor(left / cell), floor(right / cell) + 1):
                        for row in rows:
                            for o in cells.get((col, row), _NOTHING).values():
                                if left < o[2] and o[0] < right and top < o[3] and o[1] < bottom:
                                    break
                            else:
                                continue
                            break
                        else:
                            continue
                        break
                    else:  # nothing there: the place
                        return (cx - w2, cy - h2, cx + w2, cy + h2), anchor, gap
                    first = last
                last = o
                if xi < 0:  # straight up or down (or, with no direction, never past it)
                    end = (o[yi] + yoff) / ny if yi >= 0 else math.inf
                elif yi < 0:
                    end = (o[xi] + xoff) / nx
                else:
                    end = (o[xi] + xoff) / nx
                    down = (o[yi] + yoff) / ny
                    if down < end:
                        end = down
                end -= back
                if end <= following:  # mostly the next gap, else the first past ``end``
                    after.append(i)
                else:
                    nxt = bisect_left(gaps, end, k + 2)
                    if nxt < count:
                        buckets[nxt].append(i)
        return None

    def free(self, ray: int, anchor: Point, normal: Point, gap: float) -> Rect | None:
        """The stack's rectangle at ``gap`` along ray number ``ray``, or None if taken."""
        if gap < self.clear.get(ray, -math.inf):
            return None
        w, h = self.width, self.height
        r = stack_rect(anchor, normal, w, h, gap)
        pad = PADDING
        hit = self.grid.hit((r[0] - pad, r[1] - pad, r[2] + pad, r[3] + pad))
        if hit is None:
            return r
        nx, ny = normal
        reach = abs(nx) * w / 2 + abs(ny) * h / 2
        end = _clear_from(hit, anchor[0], anchor[1], nx, ny, w / 2 + pad, h / 2 + pad)
        self.clear[ray] = end - reach
        return None


_TINY = 1e-12
#: An empty cell of an ``ObstacleGrid``.
_NOTHING: dict[Hashable, Rect] = {}
#: A ray as ``_Blocked.first_free`` walks it: its point and the point's coordinates, its
#: direction, the stack's reach along it, and what its ``_clear_from`` needs.
_Walk = tuple[Point, float, float, float, float, float, int, float, int, float, float]


def _clear_from(
    hit: Rect, ax: float, ay: float, nx: float, ny: float, half_w: float, half_h: float
) -> float:
    """How far along the ray from (ax, ay) in direction (nx, ny) a stack's centre must be
    before the stack (``half_w`` × ``half_h`` round its centre, padding included) is past
    ``hit``: it overlaps it while the distance is below the smaller of the two axes' ends.
    A hair short of the exact end, so rounding never skips a free candidate."""
    end = math.inf
    if nx > _TINY:
        end = (hit[2] + half_w - ax) / nx
    elif nx < -_TINY:
        end = (hit[0] - half_w - ax) / nx
    if ny > _TINY:
        end = min(end, (hit[3] + half_h - ay) / ny)
    elif ny < -_TINY:
        end = min(end, (hit[1] - half_h - ay) / ny)
    return end - 1e-6


def stack_size(sizes: list[tuple[float, float]], gap: float = STACK_GAP) -> tuple[float, float]:
    """The size of a stack of labels of ``sizes``, ``gap`` apart."""
    width = max(w for w, _ in sizes)
    height = sum(h for _, h in sizes) + gap * (len(sizes) - 1)
    return (width, height)


def placing_order(distance_squared: float, map_rank: int, expects: bool) -> tuple[float, int, int]:
    """Sort key of a stack: nearest the organisation first, then map order, then
    ``provides`` before ``expects`` (deterministic, and the same for the canvas and
    Arrange)."""
    return (distance_squared, map_rank, 1 if expects else 0)


__all__ = [
    "ARROW_OFFSET",
    "BEND_MAX",
    "BEND_MIN",
    "BEND_RATIO",
    "CANDIDATE_DISTANCES",
    "CANDIDATE_GAPS",
    "CANDIDATE_SIDES",
    "CANDIDATE_STEPS",
    "FALLBACK_GAPS",
    "FAR_GAPS",
    "LEGIBLE_TRIES",
    "PADDING",
    "STACK_GAP",
    "Curve",
    "Path",
    "StackPlace",
    "arrow_curve",
    "candidates",
    "candidates_within",
    "flow_curve",
    "place_stack",
    "placing_order",
    "stack_path",
    "stack_rect",
    "stack_size",
]
