"""Where flow labels go: a grid index of occupied rectangles and a greedy placer.

Every stakeholder has at most two label stacks (its ``provides`` labels and its
``expects`` labels). A stack sits beside its own curved arrow, on the side the arrow bends
to, at the first position along the curve where it overlaps no card and no other stack;
when every candidate is taken, the one with the least overlap wins. Only the stacks of a
node that changed are placed again, so dragging one stakeholder costs a few grid look-ups.
Pure geometry on float tuples: no Qt here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable

Rect = tuple[float, float, float, float]  # (left, top, right, bottom)
Point = tuple[float, float]

_CELL = 256.0
#: Positions along the curve tried in order, as the fraction of the way from the
#: stakeholder's end (the middle first, then towards the stakeholder, where there is more
#: room than near the organisation).
CANDIDATE_STEPS = (0.45, 0.38, 0.52, 0.31, 0.59, 0.25, 0.66, 0.19, 0.73, 0.13, 0.8, 0.07, 0.87)
#: Distances from the curve tried for each position.
CANDIDATE_GAPS = (5.0, 20.0, 40.0, 70.0, 105.0, 145.0)
#: Space kept between a label stack and anything else.
PADDING = 3.0


def intersects(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def overlap_area(a: Rect, b: Rect) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


class ObstacleGrid:
    """Rectangles by key, bucketed in a uniform grid for fast overlap queries."""

    def __init__(self) -> None:
        self._rects: dict[Hashable, Rect] = {}
        self._cells: dict[tuple[int, int], set[Hashable]] = {}

    def __len__(self) -> int:
        return len(self._rects)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._rects

    def get(self, key: Hashable) -> Rect | None:
        return self._rects.get(key)

    @staticmethod
    def _span(r: Rect) -> Iterable[tuple[int, int]]:
        x0, y0 = math.floor(r[0] / _CELL), math.floor(r[1] / _CELL)
        x1, y1 = math.floor(r[2] / _CELL), math.floor(r[3] / _CELL)
        for i in range(x0, x1 + 1):
            for j in range(y0, y1 + 1):
                yield (i, j)

    def set(self, key: Hashable, rect: Rect) -> None:
        old = self._rects.get(key)
        if old == rect:
            return
        if old is not None:
            self.remove(key)
        self._rects[key] = rect
        for cell in self._span(rect):
            self._cells.setdefault(cell, set()).add(key)

    def remove(self, key: Hashable) -> None:
        rect = self._rects.pop(key, None)
        if rect is None:
            return
        for cell in self._span(rect):
            bucket = self._cells.get(cell)
            if bucket is not None:
                bucket.discard(key)
                if not bucket:
                    del self._cells[cell]

    def near(self, rect: Rect) -> set[Hashable]:
        found: set[Hashable] = set()
        for cell in self._span(rect):
            bucket = self._cells.get(cell)
            if bucket:
                found.update(bucket)
        return found

    def overlap(self, rect: Rect, ignore: Hashable = None) -> float:
        """Total area of ``rect`` covered by stored rectangles (other than ``ignore``)."""
        total = 0.0
        for key in self.near(rect):
            if key != ignore:
                total += overlap_area(rect, self._rects[key])
        return total

    def collides(self, rect: Rect, ignore: Hashable = None) -> bool:
        left, top, right, bottom = rect
        rects, cells = self._rects, self._cells
        for i in range(math.floor(left / _CELL), math.floor(right / _CELL) + 1):
            for j in range(math.floor(top / _CELL), math.floor(bottom / _CELL) + 1):
                bucket = cells.get((i, j))
                if not bucket:
                    continue
                for key in bucket:
                    r = rects[key]
                    if (
                        left < r[2]
                        and r[0] < right
                        and top < r[3]
                        and r[1] < bottom
                        and key != ignore
                    ):
                        return True
        return False


def nearest_point(rect: Rect, p: Point) -> Point:
    """The point of ``rect`` nearest to ``p``."""
    return (min(max(p[0], rect[0]), rect[2]), min(max(p[1], rect[1]), rect[3]))


def stack_rect(anchor: Point, normal: Point, width: float, height: float, gap: float) -> Rect:
    """The rectangle of a ``width`` × ``height`` stack beside ``anchor``, pushed along
    ``normal`` (a unit vector) so that its nearest edge is ``gap`` away from the anchor."""
    nx, ny = normal
    reach = abs(nx) * width / 2 + abs(ny) * height / 2
    cx = anchor[0] + nx * (gap + reach)
    cy = anchor[1] + ny * (gap + reach)
    return (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def place_stack(
    grid: ObstacleGrid,
    key: Hashable,
    curve: Callable[[float], tuple[Point, Point]],
    width: float,
    height: float,
    from_end: bool = False,
    crosses: Callable[[Rect], bool] | None = None,
) -> tuple[Rect, Point]:
    """Choose a rectangle for a stack beside ``curve`` and record it in ``grid``.

    Returns the rectangle and the point on the curve it belongs to (for a leader line).

    ``curve(t)`` returns (point, outward unit normal) at ``t``; ``from_end`` says the
    stakeholder is at ``t = 1`` (an ``expects`` arrow) rather than at ``t = 0``. A free
    place where ``crosses(rect)`` (another stakeholder's arrow runs through it, so the
    labels would seem to belong to that arrow) is taken only when no other free place is.
    """
    grid.remove(key)
    candidates: list[tuple[Rect, Point]] = []
    crossed: tuple[Rect, Point] | None = None
    # Close to the arrow first: on its own side, else on the other side (between the
    # stakeholder's two arrows), before moving further away.
    for gap in CANDIDATE_GAPS:
        for side in (1.0, -1.0):
            for step in CANDIDATE_STEPS:
                t = 1.0 - step if from_end else step
                anchor, normal = curve(t)
                normal = (normal[0] * side, normal[1] * side)
                r = stack_rect(anchor, normal, width, height, gap)
                if not grid.collides(
                    (r[0] - PADDING, r[1] - PADDING, r[2] + PADDING, r[3] + PADDING)
                ):
                    if crosses is not None and crosses(r):
                        if crossed is None:
                            crossed = (r, anchor)
                        continue
                    grid.set(key, r)
                    return r, anchor
                candidates.append((r, anchor))
    if crossed is not None:
        grid.set(key, crossed[0])
        return crossed
    # Everything is taken: the least covered place.
    best = min(
        candidates,
        key=lambda c: grid.overlap(
            (c[0][0] - PADDING, c[0][1] - PADDING, c[0][2] + PADDING, c[0][3] + PADDING)
        ),
    )
    grid.set(key, best[0])
    return best


class PolylineIndex:
    """Which grid cells a thin drawing (an arrow: sampled points along it) passes through.

    Indexing a long diagonal arrow by its bounding box would claim every cell of that box;
    indexing the cells near its sampled points claims only the cells it crosses. Cells are
    large and stored as packed ints, which keeps 15,000 long arrows to a few megabytes.
    """

    _PACK = 1 << 20

    def __init__(self, cell: float = 1024.0, reach: float = 8.0) -> None:
        self._cell = cell
        self._reach = reach
        self._cells: dict[int, set[Hashable]] = {}
        self._keys: dict[Hashable, tuple[int, ...]] = {}

    def _pack(self, i: int, j: int) -> int:
        return i * self._PACK + j

    def set(self, key: Hashable, points: Iterable[Point]) -> None:
        self.remove(key)
        c, r = self._cell, self._reach
        cells: set[int] = set()
        for x, y in points:
            for i in range(math.floor((x - r) / c), math.floor((x + r) / c) + 1):
                for j in range(math.floor((y - r) / c), math.floor((y + r) / c) + 1):
                    cells.add(i * self._PACK + j)
        self._keys[key] = tuple(cells)
        for cell in cells:
            bucket = self._cells.get(cell)
            if bucket is None:
                self._cells[cell] = {key}
            else:
                bucket.add(key)

    def remove(self, key: Hashable) -> None:
        for cell in self._keys.pop(key, ()):
            bucket = self._cells.get(cell)
            if bucket is not None:
                bucket.discard(key)
                if not bucket:
                    del self._cells[cell]

    def near(self, rect: Rect) -> set[Hashable]:
        c = self._cell
        found: set[Hashable] = set()
        for i in range(math.floor(rect[0] / c), math.floor(rect[2] / c) + 1):
            for j in range(math.floor(rect[1] / c), math.floor(rect[3] / c) + 1):
                bucket = self._cells.get(i * self._PACK + j)
                if bucket:
                    found.update(bucket)
        return found
