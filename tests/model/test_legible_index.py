"""The arrow index behind the legible placer: a segment is filed under the cells it
crosses, every one of them and not the whole box it spans."""

from __future__ import annotations

import itertools
import math

from hypothesis import example, given, settings
from hypothesis import strategies as st

from svx_desktop.model.geometry import ObstacleGrid, overlap_area
from svx_desktop.model.legible import (
    CELL,
    ArrowIndex,
    polyline_rect_distance,
    segment_cells,
    segment_rect_distance,
)

coord = st.floats(-2000, 2000, allow_nan=False, allow_infinity=False)


def _touched(a, b) -> set[tuple[int, int]]:
    """Brute force: every cell of the segment's box whose square the segment meets."""
    out = set()
    for i in range(math.floor(min(a[0], b[0]) / CELL), math.floor(max(a[0], b[0]) / CELL) + 1):
        for j in range(math.floor(min(a[1], b[1]) / CELL), math.floor(max(a[1], b[1]) / CELL) + 1):
            square = (i * CELL, j * CELL, (i + 1) * CELL, (j + 1) * CELL)
            if segment_rect_distance(a, b, square) < 1e-9:
                out.add((i, j))
    return out


@given(coord, coord, coord, coord)
@example(128.0, 128.0, 0.0, -1.555315295645909e-132)  # from a corner, ending just past one
@example(0.0, 0.0, 256.0, 256.0)  # corner to corner
@settings(max_examples=1000)
def test_every_cell_the_segment_crosses_is_claimed(x0, y0, x1, y1) -> None:
    a, b = (x0, y0), (x1, y1)
    cells = set(segment_cells(a, b))
    # Cells the segment only grazes at an edge may be left out; any it passes through not.
    inner = {
        c
        for c in _touched(a, b)
        if segment_rect_distance(
            a,
            b,
            (
                c[0] * CELL + 1e-6,
                c[1] * CELL + 1e-6,
                (c[0] + 1) * CELL - 1e-6,
                (c[1] + 1) * CELL - 1e-6,
            ),
        )
        == 0.0
    }
    assert inner <= cells
    steps = abs(math.floor(x1 / CELL) - math.floor(x0 / CELL)) + abs(
        math.floor(y1 / CELL) - math.floor(y0 / CELL)
    )
    assert len(cells) <= 2 * steps + 2  # along the segment, not its box


def test_a_long_diagonal_arrow_claims_cells_along_it_only() -> None:
    """A stakeholder a million units out used to make its arrow claim every cell of the
    box between (about 6e7 cells and gigabytes): the test suite ran out of memory."""
    index = ArrowIndex()
    index.set("far", [(0.0, 0.0), (1_000_000.0, 1_000_000.0)])
    assert len(set(segment_cells((0.0, 0.0), (1_000_000.0, 1_000_000.0)))) < 3 * 1_000_000 / CELL
    assert "far" in index.near((499_990.0, 499_990.0, 500_010.0, 500_010.0))
    assert "far" not in index.near((0.0, 900_000.0, 10.0, 900_010.0))


@given(
    st.lists(st.tuples(coord, coord), min_size=2, max_size=8),
    coord,
    coord,
    st.floats(0, 400),
    st.floats(0, 400),
)
@example([(0.0, 0.0), (100.0, 0.0)], 10.0, 5.0, 0.0, 0.0)  # a point on the line
@example([(0.0, 0.0), (0.0, 0.0)], 10.0, 5.0, 20.0, 20.0)  # a segment of no length
@settings(max_examples=500)
def test_polyline_distance_is_the_nearest_segments(points, x, y, w, h) -> None:
    """The written-out polyline distance the placer uses equals the plain definition."""
    r = (x, y, x + w, y + h)
    expected = min(segment_rect_distance(a, b, r) for a, b in itertools.pairwise(points))
    assert math.isclose(polyline_rect_distance(points, r), expected, rel_tol=1e-9, abs_tol=1e-6)
    limit = expected / 2 + 1.0
    assert math.isclose(
        polyline_rect_distance(points, r, limit), min(expected, limit), rel_tol=1e-9, abs_tol=1e-6
    )


@given(
    st.lists(st.tuples(coord, coord, st.floats(0, 700), st.floats(0, 700)), max_size=12),
    st.tuples(coord, coord, st.floats(0, 700), st.floats(0, 700)),
)
@settings(max_examples=300)
def test_grid_overlap_is_the_sum_of_the_overlaps(stored, probe) -> None:
    """The placer's least-overlap fallback reads ``ObstacleGrid.overlap``: summed cell by
    cell, it is still each stored rectangle's overlap counted once."""
    grid = ObstacleGrid()
    rects = [(x, y, x + w, y + h) for x, y, w, h in stored]
    for i, r in enumerate(rects):
        grid.set(i, r)
    x, y, w, h = probe
    r = (x, y, x + w, y + h)
    expected = sum(overlap_area(r, s) for s in rects[1:])
    assert math.isclose(grid.overlap(r, ignore=0), expected, rel_tol=1e-9, abs_tol=1e-6)
    assert grid.overlap(r, ignore=0, limit=expected / 2) >= min(expected / 2, expected) - 1e-6
