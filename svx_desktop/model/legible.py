"""When a label stack reads as belonging to its own arrow and card (no Qt).

A stack of flow labels is *legible* where a reader cannot mistake whose it is: every
label in it is nearer to its own arrow than to any other arrow (the stakeholder's other
direction included), and nearer to its own stakeholder's card than to any other card, and
no arrow (its own included) runs through a label. ``ArrowIndex`` keeps every arrow as a
polyline in small grid cells so these questions cost a few look-ups on a big map;
``Legibility`` asks them for the placer (``stacks.place_stack``), which takes the first
candidate beside the arrow, nearest the stakeholder's end, that is free and legible. The
canvas and Arrange both use it, so the map Arrange plans is the map the canvas draws, and
the export renderer reads the same rectangles from the scene.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable, Iterable, Iterator, Sequence

from svx_desktop.model.geometry import ObstacleGrid, Point, Rect, Size, _Buckets
from svx_desktop.model.stacks import (
    STACK_GAP,
    Curve,
    StackPlace,
    place_stack,
    stack_path,
    stack_size,
)

_Keys = set  # ``ArrowIndex`` has a method called ``set``

#: Past this many stakeholders the canvas stops testing legibility (a map that big is
#: read a part at a time; the test would cost a big map's placement, run on every edit).
MAX_CHECKED = 300
#: Side of the cells the arrows' segments are bucketed in.
CELL = 128.0
#: How many straight segments stand for one curved arrow.
SEGMENTS = 16
#: A label must be at least this much nearer to its own arrow (and card) than to another.
MARGIN = 2.0
#: The least room between a label and any arrow running past it (its own included): half
#: the widest arrow pen and a pixel.
CLEARANCE = 3.0
#: The arrowhead as the canvas draws it (``canvas.flows``).
HEAD_LENGTH = 13.0
HEAD_HALF_WIDTH = 6.5


def point_rect_distance(p: Point, r: Rect) -> float:
    dx = max(r[0] - p[0], 0.0, p[0] - r[2])
    dy = max(r[1] - p[1], 0.0, p[1] - r[3])
    return math.hypot(dx, dy)


def rect_distance(a: Rect, b: Rect) -> float:
    """The gap between two rectangles (0 when they touch or overlap)."""
    dx = max(b[0] - a[2], 0.0, a[0] - b[2])
    dy = max(b[1] - a[3], 0.0, a[1] - b[3])
    return math.hypot(dx, dy)


def segment_hits_rect(a: Point, b: Point, r: Rect) -> bool:
    """Whether the segment from ``a`` to ``b`` passes through ``r`` (Liang-Barsky)."""
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - r[0]), (dx, r[2] - a[0]), (-dy, a[1] - r[1]), (dy, r[3] - a[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def segment_rect_distance(a: Point, b: Point, r: Rect) -> float:
    """The distance from the segment ``a``–``b`` to the rectangle ``r`` (0 if it crosses)."""
    if segment_hits_rect(a, b, r):
        return 0.0
    best = min(point_rect_distance(a, r), point_rect_distance(b, r))
    ax, ay = b[0] - a[0], b[1] - a[1]
    length2 = ax * ax + ay * ay
    if length2 > 0:
        for cx, cy in ((r[0], r[1]), (r[2], r[1]), (r[0], r[3]), (r[2], r[3])):
            t = max(0.0, min(1.0, ((cx - a[0]) * ax + (cy - a[1]) * ay) / length2))
            best = min(best, math.hypot(a[0] + t * ax - cx, a[1] + t * ay - cy))
    return best


def polyline_rect_distance(points: Sequence[Point], r: Rect, limit: float = math.inf) -> float:
    """The distance from a polyline to ``r`` (or ``limit``, if it is nearer than that).

    The same answer as ``segment_rect_distance`` over every segment, written out with
    squared distances and no calls: the placer asks it hundreds of thousands of times.
    """
    left, top, right, bottom = r
    best2 = limit * limit
    ax, ay = points[0]
    for bx, by in points[1:]:
        sx0, sx1 = (ax, bx) if ax < bx else (bx, ax)
        sy0, sy1 = (ay, by) if ay < by else (by, ay)
        # A segment whose bounding box lies further away than the best so far cannot win.
        dx = left - sx1 if left > sx1 else (sx0 - right if sx0 > right else 0.0)
        dy = top - sy1 if top > sy1 else (sy0 - bottom if sy0 > bottom else 0.0)
        if dx * dx + dy * dy >= best2:
            ax, ay = bx, by
            continue
        ux, uy = bx - ax, by - ay
        # Does the segment cross the rectangle (Liang-Barsky)?
        t0, t1 = 0.0, 1.0
        crosses = True
        for p, q in ((-ux, ax - left), (ux, right - ax), (-uy, ay - top), (uy, bottom - ay)):
            if p == 0.0:
                if q < 0.0:
                    crosses = False
                    break
                continue
            t = q / p
            if p < 0.0:
                if t > t0:
                    t0 = t
            elif t < t1:
                t1 = t
            if t0 > t1:
                crosses = False
                break
        if crosses:
            return 0.0
        # Apart: the nearest pair is an end of the segment and the rectangle, or a corner
        # of the rectangle and the segment.
        for px, py in ((ax, ay), (bx, by)):
            ex = left - px if px < left else (px - right if px > right else 0.0)
            ey = top - py if py < top else (py - bottom if py > bottom else 0.0)
            d2 = ex * ex + ey * ey
            if d2 < best2:
                best2 = d2
        length2 = ux * ux + uy * uy
        if length2 > 0.0:
            for cx, cy in ((left, top), (right, top), (left, bottom), (right, bottom)):
                t = ((cx - ax) * ux + (cy - ay) * uy) / length2
                t = 0.0 if t < 0.0 else (1.0 if t > 1.0 else t)
                ex, ey = ax + t * ux - cx, ay + t * uy - cy
                d2 = ex * ex + ey * ey
                if d2 < best2:
                    best2 = d2
        ax, ay = bx, by
    return math.sqrt(best2) if best2 < limit * limit else limit


class ArrowIndex(_Buckets[tuple[int, int]]):
    """Every arrow as a polyline, its segments bucketed in ``CELL``-sized cells (the
    grid buckets ``model.geometry``'s indexes use)."""

    def __init__(self) -> None:
        super().__init__()
        self._lines: dict[Hashable, list[Point]] = {}
        self._boxes: dict[Hashable, Rect] = {}

    def __len__(self) -> int:
        return len(self._lines)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._lines

    def line(self, key: Hashable) -> list[Point] | None:
        return self._lines.get(key)

    def items(self) -> Iterator[tuple[Hashable, list[Point]]]:
        return iter(self._lines.items())

    def set(self, key: Hashable, points: Sequence[Point]) -> None:
        self.remove(key)
        if len(points) < 2:
            return
        pts = list(points)
        self._lines[key] = pts
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        self._boxes[key] = (min(xs), min(ys), max(xs), max(ys))
        claimed: set[tuple[int, int]] = set()
        floor = math.floor
        for a, b in itertools.pairwise(pts):
            i0, i1 = floor(a[0] / CELL), floor(b[0] / CELL)
            j0, j1 = floor(a[1] / CELL), floor(b[1] / CELL)
            if -1 <= i1 - i0 <= 1 and -1 <= j1 - j0 <= 1:
                # A short segment (the usual case): the at most four cells of its box.
                claimed.update(((i0, j0), (i1, j1), (i0, j1), (i1, j0)))
            else:
                claimed.update(segment_cells(a, b))
        self._put(key, claimed)

    def remove(self, key: Hashable) -> None:
        if self._lines.pop(key, None) is None:
            return
        del self._boxes[key]
        super().remove(key)

    def near(self, r: Rect) -> _Keys[Hashable]:
        """Keys of the arrows that may pass within ``r``."""
        return self._gather(
            (i, j)
            for i in range(_cell(r[0]), _cell(r[2]) + 1)
            for j in range(_cell(r[1]), _cell(r[3]) + 1)
        )

    def distance(self, key: Hashable, r: Rect) -> float:
        line = self._lines.get(key)
        return math.inf if line is None else polyline_rect_distance(line, r)

    def closer_than(self, r: Rect, reach: float, ignore: Hashable) -> bool:
        """Whether an arrow other than ``ignore`` comes within ``reach`` of ``r``."""
        box = (r[0] - reach, r[1] - reach, r[2] + reach, r[3] + reach)
        for key in self.near(box):
            if key == ignore or not _overlaps(self._boxes[key], box):
                continue
            if polyline_rect_distance(self._lines[key], r, reach) < reach:
                return True
        return False


def curve_line(curve: Curve | None) -> list[Point]:
    """The polyline that stands for an arrow's curve (empty for no arrow)."""
    if curve is None:
        return []
    points = [curve.point(i / SEGMENTS) for i in range(SEGMENTS + 1)]
    # The head: a triangle at the end, as wide as the canvas draws it.
    (cx, cy), (px, py) = curve.c, curve.p2
    tx, ty = px - cx, py - cy
    norm = math.hypot(tx, ty) or 1.0
    tx, ty = tx / norm, ty / norm
    bx, by = px - tx * HEAD_LENGTH, py - ty * HEAD_LENGTH
    wings = [(bx - ty * HEAD_HALF_WIDTH, by + tx * HEAD_HALF_WIDTH)]
    wings.append((bx + ty * HEAD_HALF_WIDTH, by - tx * HEAD_HALF_WIDTH))
    return [*points, wings[0], wings[1], (px, py)]


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _cell(v: float) -> int:
    return math.floor(v / CELL)


def segment_cells(a: Point, b: Point) -> Iterator[tuple[int, int]]:
    """The grid cells the segment ``a``–``b`` passes through, walked along it (a cell
    grid traversal): as many cells as the segment is long, not the whole box it spans —
    a long diagonal arrow on a spread-out map would otherwise claim millions of cells."""
    i, j = _cell(a[0]), _cell(a[1])
    i_end, j_end = _cell(b[0]), _cell(b[1])
    yield i, j
    dx, dy = b[0] - a[0], b[1] - a[1]
    step_i = 1 if dx > 0 else -1
    step_j = 1 if dy > 0 else -1
    next_x = ((i + (step_i > 0)) * CELL - a[0]) / dx if dx else math.inf
    next_y = ((j + (step_j > 0)) * CELL - a[1]) / dy if dy else math.inf
    delta_x = CELL / abs(dx) if dx else math.inf
    delta_y = CELL / abs(dy) if dy else math.inf
    # Each step moves one cell nearer the end, never past it in either direction, so the
    # walk ends within this many steps whatever the rounding.
    for _ in range(abs(i_end - i) + abs(j_end - j)):
        if (i, j) == (i_end, j_end):
            return
        if j == j_end or (i != i_end and next_x < next_y):
            i += step_i
            next_x += delta_x
        elif i == i_end or next_y < next_x:
            j += step_j
            next_y += delta_y
        else:  # through a corner: the two cells beside it are touched too
            yield i + step_i, j
            yield i, j + step_j
            i, j = i + step_i, j + step_j
            next_x += delta_x
            next_y += delta_y
        yield i, j
    yield i_end, j_end  # even if rounding stopped the walk a cell short


def label_rects(stack: Rect, anchor: Point, sizes: Sequence[Size], gap: float) -> list[Rect]:
    """The labels' rectangles in a stack: top to bottom, aligned towards the arrow
    (left-aligned when the stack sits right of its anchor, right-aligned when left,
    centred above or below)."""
    left, top, right, _ = stack
    width = right - left
    offset = (left + right) / 2 - anchor[0]
    out: list[Rect] = []
    y = top
    # The same side for every label: left-aligned, right-aligned or centred.
    side = 1 if offset > 0.3 * width else (-1 if offset < -0.3 * width else 0)
    for w, h in sizes:
        if side == 1:
            x = left
        elif side == -1:
            x = right - w
        else:
            x = (left + right - w) / 2
        out.append((x, y, x + w, y + h))
        y += h + gap
    return out


class Legibility:
    """Asks whether a stack of labels at a candidate place is legible (module docstring).

    ``arrows`` holds every arrow by bundle key; ``grid`` holds the cards under keys
    ``("card", stakeholder id)`` (and anything else, which is ignored here).
    """

    def __init__(self, arrows: ArrowIndex, grid: ObstacleGrid) -> None:
        self.arrows = arrows
        self.grid = grid

    def check(
        self,
        key: Hashable,
        stakeholder_id: str,
        labels: Iterable[Rect],
    ) -> bool:
        own_card = self.grid.get(("card", stakeholder_id))
        for r in labels:
            d_arrow = self.arrows.distance(key, r)
            if d_arrow < CLEARANCE:
                return False
            if math.isfinite(d_arrow) and self.arrows.closer_than(r, d_arrow + MARGIN, key):
                return False
            if own_card is not None and self._other_card_within(
                r, rect_distance(r, own_card) + MARGIN, stakeholder_id
            ):
                return False
        return True

    def _other_card_within(self, r: Rect, reach: float, stakeholder_id: str) -> bool:
        box = (r[0] - reach, r[1] - reach, r[2] + reach, r[3] + reach)
        for k in self.grid.near(box):
            if (
                isinstance(k, tuple)
                and k[0] == "card"
                and k[1] != stakeholder_id
                and rect_distance(r, self.grid.get(k) or r) < reach
            ):
                return True
        return False


def place_labels(
    grid: ObstacleGrid,
    arrows: ArrowIndex,
    key: tuple[str, object],
    curve: Curve | None,
    card: Rect,
    sizes: Sequence[Size],
    from_end: bool,
    limit: int | None = None,
    check: bool = True,
) -> StackPlace | None:
    """Place the stack of labels of ``sizes`` for bundle ``key`` (stakeholder id,
    direction) beside its arrow ``curve`` (already in ``arrows``), recorded in ``grid``
    under ``("stack", *key)``: the first free and legible candidate (``stacks``), or
    without ``check`` the first free one (maps too big to read anyway)."""
    width, height = stack_size(list(sizes), STACK_GAP)
    path = stack_path(curve, card, from_end)
    if not check:
        return place_stack(grid, ("stack", *key), path, width, height, from_end, limit=limit)
    test = Legibility(arrows, grid)
    sid = key[0]

    def legible(rect: Rect, anchor: Point) -> bool:
        return test.check(key, sid, label_rects(rect, anchor, sizes, STACK_GAP))

    return place_stack(
        grid,
        ("stack", *key),
        path,
        width,
        height,
        from_end,
        legible=legible,
        limit=limit,
        length=None if curve is None else curve.length(),
    )


__all__ = [
    "CLEARANCE",
    "MARGIN",
    "MAX_CHECKED",
    "SEGMENTS",
    "ArrowIndex",
    "Legibility",
    "curve_line",
    "label_rects",
    "place_labels",
    "point_rect_distance",
    "polyline_rect_distance",
    "rect_distance",
    "segment_cells",
    "segment_hits_rect",
    "segment_rect_distance",
]
