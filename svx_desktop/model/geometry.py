"""Plane geometry shared by the canvas, free-place finding and Arrange (no Qt).

Rectangles are ``(left, top, right, bottom)`` float tuples in scene units, y downwards.
``ObstacleGrid`` answers "does this rectangle overlap anything stored?" with a few
dictionary look-ups, and ``PolylineIndex`` "which thin drawings pass near this
rectangle?"; both keep their entries by key so that one can be moved or removed cheaply.
``widest_gaps`` finds the widest angular gaps between points round a centre, and the
``*_SIZE`` constants are the typical sizes of a map's elements, for code that places them
without the canvas's measurements.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

_KeySet = set  # the classes below have a method called ``set``
_Cell = TypeVar("_Cell", tuple[int, int], int)

Rect = tuple[float, float, float, float]  # (left, top, right, bottom)
Point = tuple[float, float]
Size = tuple[float, float]

#: Side of the square cells ``ObstacleGrid`` buckets rectangles in.
GRID_CELL = 256.0

#: A typical stakeholder card (cards are 130–270 wide, 46 high on the canvas), the
#: organisation's box and a parking-lot note, in scene units.
CARD_SIZE: Size = (180.0, 46.0)
ORGANISATION_SIZE: Size = (260.0, 96.0)
NOTE_SIZE: Size = (180.0, 80.0)
#: Space kept free round a new card where one is placed (N, Arrange's spread, imports).
CARD_MARGIN = 24.0


def rect_around(centre: Point, size: Size, margin: float = 0.0) -> Rect:
    """The rectangle of ``size`` centred on ``centre``, grown by ``margin`` on each side."""
    w, h = size
    return (
        centre[0] - w / 2 - margin,
        centre[1] - h / 2 - margin,
        centre[0] + w / 2 + margin,
        centre[1] + h / 2 + margin,
    )


def rects_overlap(a: Rect, b: Rect) -> bool:
    """Whether two rectangles share some area (touching edges do not overlap)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def overlap_area(a: Rect, b: Rect) -> float:
    """The area two rectangles share."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def grown(r: Rect, by: float) -> Rect:
    """``r`` grown by ``by`` on every side."""
    return (r[0] - by, r[1] - by, r[2] + by, r[3] + by)


def nearest_point(rect: Rect, p: Point) -> Point:
    """The point of ``rect`` nearest to ``p``."""
    return (min(max(p[0], rect[0]), rect[2]), min(max(p[1], rect[1]), rect[3]))


def border_point(rect: Rect, dx: float, dy: float) -> Point:
    """Where a ray from the rectangle's centre in direction (dx, dy) leaves it."""
    cx, cy = (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2
    hw, hh = (rect[2] - rect[0]) / 2, (rect[3] - rect[1]) / 2
    if dx == 0 and dy == 0:
        return (cx, cy)
    sx = hw / abs(dx) if dx else math.inf
    sy = hh / abs(dy) if dy else math.inf
    s = min(sx, sy)
    return (cx + dx * s, cy + dy * s)


def distance_to_segment(p: Point, a: Point, b: Point) -> float:
    """The distance from ``p`` to the line segment from ``a`` to ``b``."""
    ax, ay = b[0] - a[0], b[1] - a[1]
    length2 = ax * ax + ay * ay
    if length2 == 0:
        return math.dist(p, a)
    t = max(0.0, min(1.0, ((p[0] - a[0]) * ax + (p[1] - a[1]) * ay) / length2))
    return math.dist(p, (a[0] + t * ax, a[1] + t * ay))


def clockwise_angle(centre: Point, p: Point) -> float:
    """Angle of ``p`` around ``centre``, clockwise from the top, in [0, 2π)."""
    a = math.atan2(p[1] - centre[1], p[0] - centre[0]) + math.pi / 2
    return a % (2 * math.pi)


def widest_gaps(
    centre: Point, taken: Iterable[Point], count: int
) -> list[tuple[float, Point, Point]]:
    """The ``count`` widest angular gaps between the ``taken`` points seen from
    ``centre``, widest first (ties: clockwise from the top), each as (the angle of its
    middle, the point before it, the point after it). One point leaves one gap all round."""
    ordered = sorted(((clockwise_angle(centre, p), p) for p in taken), key=lambda ap: ap[0])
    gaps: list[tuple[float, float, Point, Point]] = []  # (width, middle, before, after)
    for i, (a, p) in enumerate(ordered):
        b, q = ordered[(i + 1) % len(ordered)]
        width = (b - a) % (2 * math.pi) or 2 * math.pi
        gaps.append((width, a + width / 2, p, q))
    gaps.sort(key=lambda g: (-round(g[0], 9), round(g[1], 9)))
    return [(middle, p, q) for _, middle, p, q in gaps[:count]]


class _Buckets(Generic[_Cell]):
    """Keys bucketed by the grid cells they occupy: what ``PolylineIndex`` below and
    ``model.legible``'s ``ArrowIndex`` share (``ObstacleGrid`` keeps its rectangles in
    its cells instead).

    Each key remembers its cells, so it is moved or removed without recomputing them.
    """

    def __init__(self) -> None:
        self._cells: dict[_Cell, set[Hashable]] = {}
        self._cells_of: dict[Hashable, tuple[_Cell, ...]] = {}

    def _put(self, key: Hashable, cells: Iterable[_Cell]) -> None:
        kept = self._cells_of[key] = tuple(cells)
        buckets = self._cells
        for cell in kept:
            bucket = buckets.get(cell)
            if bucket is None:
                buckets[cell] = {key}
            else:
                bucket.add(key)

    def remove(self, key: Hashable) -> None:
        for cell in self._cells_of.pop(key, ()):
            bucket = self._cells.get(cell)
            if bucket is not None:
                bucket.discard(key)
                if not bucket:
                    del self._cells[cell]

    def _gather(self, cells: Iterable[_Cell]) -> _KeySet[Hashable]:
        found: _KeySet[Hashable] = _KeySet()
        for cell in cells:
            bucket = self._cells.get(cell)
            if bucket:
                found.update(bucket)
        return found


class ObstacleGrid:
    """Rectangles by key, bucketed in a uniform grid for fast overlap queries.

    Each cell maps the keys of the rectangles it holds to the rectangles themselves, so a
    query reads them straight from the cell (the label placer asks tens of thousands of
    times while a map is laid out); each key remembers its cells, so it is moved or
    removed without recomputing them."""

    def __init__(self) -> None:
        self._rects: dict[Hashable, Rect] = {}
        self._cells: dict[tuple[int, int], dict[Hashable, Rect]] = {}
        self._cells_of: dict[Hashable, tuple[tuple[int, int], ...]] = {}

    def __len__(self) -> int:
        return len(self._rects)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._rects

    def get(self, key: Hashable) -> Rect | None:
        return self._rects.get(key)

    @staticmethod
    def _span(r: Rect) -> Iterable[tuple[int, int]]:
        x0, y0 = math.floor(r[0] / GRID_CELL), math.floor(r[1] / GRID_CELL)
        x1, y1 = math.floor(r[2] / GRID_CELL), math.floor(r[3] / GRID_CELL)
        for i in range(x0, x1 + 1):
            for j in range(y0, y1 + 1):
                yield (i, j)

    def set(self, key: Hashable, rect: Rect) -> None:
        rects = self._rects
        old = rects.get(key)
        if old == rect:
            return
        if old is not None:
            self.remove(key)
        rects[key] = rect
        floor = math.floor
        i0, j0 = floor(rect[0] / GRID_CELL), floor(rect[1] / GRID_CELL)
        i1, j1 = floor(rect[2] / GRID_CELL), floor(rect[3] / GRID_CELL)
        kept: tuple[tuple[int, int], ...]
        if i0 == i1 and j0 == j1:  # most cards and stacks lie in one cell
            kept = ((i0, j0),)
        else:
            kept = tuple((i, j) for i in range(i0, i1 + 1) for j in range(j0, j1 + 1))
        self._cells_of[key] = kept
        cells = self._cells
        for cell in kept:
            bucket = cells.get(cell)
            if bucket is None:
                cells[cell] = {key: rect}
            else:
                bucket[key] = rect

    def remove(self, key: Hashable) -> None:
        if self._rects.pop(key, None) is None:
            return
        cells = self._cells
        for cell in self._cells_of.pop(key):
            bucket = cells[cell]
            del bucket[key]
            if not bucket:
                del cells[cell]

    def near(self, rect: Rect) -> _KeySet[Hashable]:
        found: _KeySet[Hashable] = _KeySet()
        cells = self._cells
        for cell in self._span(rect):
            bucket = cells.get(cell)
            if bucket:
                found.update(bucket)
        return found

    def overlap(self, rect: Rect, ignore: Hashable = None, limit: float = math.inf) -> float:
        """Total area of ``rect`` covered by stored rectangles (other than ``ignore``), or
        a sum at least ``limit`` once it reaches that (the caller wants less).

        Summed cell by cell over the part of ``rect`` in each cell, so a rectangle stored
        in several cells is counted once without collecting the keys first."""
        left, top, right, bottom = rect
        cells = self._cells
        total = 0.0
        for i in range(math.floor(left / GRID_CELL), math.floor(right / GRID_CELL) + 1):
            x0 = max(left, i * GRID_CELL)
            x1 = min(right, (i + 1) * GRID_CELL)
            for j in range(math.floor(top / GRID_CELL), math.floor(bottom / GRID_CELL) + 1):
                bucket = cells.get((i, j))
                if not bucket:
                    continue
                y0 = max(top, j * GRID_CELL)
                y1 = min(bottom, (j + 1) * GRID_CELL)
                for key, r in bucket.items():
                    w = (x1 if x1 < r[2] else r[2]) - (x0 if x0 > r[0] else r[0])
                    if w <= 0:
                        continue
                    h = (y1 if y1 < r[3] else r[3]) - (y0 if y0 > r[1] else r[1])
                    if h > 0 and key != ignore:
                        total += w * h
                if total >= limit:
                    return total
        return total

    def buckets(self) -> dict[tuple[int, int], dict[Hashable, Rect]]:
        """The grid's cells (rectangles by key, by ``(column, row)`` of ``GRID_CELL``
        squares), for a caller's tight loop that asks ``hit`` thousands of times (read
        only)."""
        return self._cells

    def collides(self, rect: Rect, ignore: Hashable = None) -> bool:
        """Whether ``rect`` overlaps a stored rectangle (other than ``ignore``)."""
        return self.hit(rect, ignore) is not None

    def hit(self, rect: Rect, ignore: Hashable = None) -> Rect | None:
        """A stored rectangle (other than ``ignore``) that ``rect`` overlaps, if any: a
        caller trying many nearby places tests the next one against it first."""
        left, top, right, bottom = rect
        cells = self._cells
        rows = range(math.floor(top / GRID_CELL), math.floor(bottom / GRID_CELL) + 1)
        for i in range(math.floor(left / GRID_CELL), math.floor(right / GRID_CELL) + 1):
            for j in rows:
                bucket = cells.get((i, j))
                if not bucket:
                    continue
                for key, r in bucket.items():
                    if (
                        left < r[2]
                        and r[0] < right
                        and top < r[3]
                        and r[1] < bottom
                        and key != ignore
                    ):
                        return r
        return None


class PolylineIndex(_Buckets[int]):
    """Which grid cells a thin drawing (an arrow: sampled points along it) passes through.

    Indexing a long diagonal arrow by its bounding box would claim every cell of that box;
    indexing the cells near its sampled points claims only the cells it crosses. Cells are
    large and stored as packed ints, which keeps 15,000 long arrows to a few megabytes.
    """

    _PACK = 1 << 20

    def __init__(self, cell: float = 1024.0, reach: float = 8.0) -> None:
        super().__init__()
        self._cell = cell
        self._reach = reach

    def set(self, key: Hashable, points: Iterable[Point]) -> None:
        self.remove(key)
        c, r = self._cell, self._reach
        cells: _KeySet[int] = _KeySet()
        for x, y in points:
            for i in range(math.floor((x - r) / c), math.floor((x + r) / c) + 1):
                for j in range(math.floor((y - r) / c), math.floor((y + r) / c) + 1):
                    cells.add(i * self._PACK + j)
        self._put(key, cells)

    def near(self, rect: Rect) -> _KeySet[Hashable]:
        c, pack = self._cell, self._PACK
        columns = range(math.floor(rect[0] / c), math.floor(rect[2] / c) + 1)
        rows = range(math.floor(rect[1] / c), math.floor(rect[3] / c) + 1)
        return self._gather(i * pack + j for i in columns for j in rows)


__all__ = [
    "CARD_MARGIN",
    "CARD_SIZE",
    "GRID_CELL",
    "NOTE_SIZE",
    "ORGANISATION_SIZE",
    "ObstacleGrid",
    "Point",
    "PolylineIndex",
    "Rect",
    "Size",
    "border_point",
    "clockwise_angle",
    "distance_to_segment",
    "grown",
    "nearest_point",
    "overlap_area",
    "rect_around",
    "rects_overlap",
    "widest_gaps",
]
