"""The label-stack placer (``model.stacks.place_stack``) on crowded ground.

Where every place near its arrow is taken, a stack goes further out to a free place (a
leader line joins it) rather than over other labels or cards; only with nothing free at
all does it overlap, as little as it can. The placer skips candidates it knows are taken
(``_Blocked``), which must give exactly the place a test of every candidate in order gives.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from svx_desktop.model.geometry import ObstacleGrid, Point, Rect
from svx_desktop.model.stacks import (
    CANDIDATE_DISTANCES,
    CANDIDATE_GAPS,
    CANDIDATE_SIDES,
    CANDIDATE_STEPS,
    FAR_GAPS,
    FURTHEST_STEP,
    PADDING,
    Path,
    candidates,
    flow_curve,
    place_stack,
    stack_path,
    stack_rect,
)

CARD: Rect = (600.0, -20.0, 800.0, 20.0)
ORG: Rect = (-100.0, -40.0, 100.0, 40.0)


def _padded(r: Rect) -> Rect:
    return (r[0] - PADDING, r[1] - PADDING, r[2] + PADDING, r[3] + PADDING)


def _brick_wall(grid: ObstacleGrid, around: Rect, reach: float) -> None:
    """Small obstacles side by side over everything within ``reach`` of ``around``."""
    x = around[0] - reach
    i = 0
    while x < around[2] + reach:
        y = around[1] - reach
        while y < around[3] + reach:
            grid.set(("brick", i), (x, y, x + 38.0, y + 18.0))
            i += 1
            y += 20.0
        x += 40.0


def test_a_stack_with_no_room_near_its_arrow_goes_further_out_and_overlaps_nothing() -> None:
    grid = ObstacleGrid()
    grid.set("org", ORG)
    grid.set("card", CARD)
    _brick_wall(grid, (100.0, -40.0, 600.0, 40.0), 140.0)  # past the last CANDIDATE_GAPS
    curve = flow_curve(CARD, ORG)
    assert curve is not None
    place = place_stack(grid, "stack", curve.at, 120.0, 50.0)
    assert place is not None and place.crowded and not place.legible
    assert not grid.collides(_padded(place.rect), ignore="stack")
    assert grid.get("stack") == place.rect
    # Further from its arrow than any near candidate, within the far ones.
    ax, ay = place.anchor
    cx, cy = (place.rect[0] + place.rect[2]) / 2, (place.rect[1] + place.rect[3]) / 2
    assert math.dist((ax, ay), (cx, cy)) > CANDIDATE_GAPS[-1]
    assert math.dist((ax, ay), (cx, cy)) < FAR_GAPS[-1] + 200


def test_with_nothing_free_anywhere_the_stack_overlaps_as_little_as_it_can() -> None:
    grid = ObstacleGrid()
    grid.set("card", CARD)
    _brick_wall(grid, (100.0, -40.0, 600.0, 40.0), FAR_GAPS[-1] + 400)
    curve = flow_curve(CARD, ORG)
    assert curve is not None
    place = place_stack(grid, "stack", curve.at, 120.0, 50.0)
    assert place is not None and place.crowded
    assert grid.collides(_padded(place.rect), ignore="stack")


def test_skipping_known_taken_candidates_finds_the_place_testing_each_one_finds() -> None:
    rnd = random.Random(7)
    for trial in range(40):
        grid = ObstacleGrid()
        grid.set("org", ORG)
        card = (rnd.uniform(300, 900), rnd.uniform(-600, 600))
        card_rect = (card[0], card[1], card[0] + 180.0, card[1] + 44.0)
        grid.set("card", card_rect)
        for i in range(rnd.randint(20, 1500)):
            x, y = rnd.uniform(-900, 1500), rnd.uniform(-1200, 1200)
            grid.set(("o", i), (x, y, x + rnd.uniform(20, 220), y + rnd.uniform(15, 120)))
        grid.remove("card")
        curve = flow_curve(card_rect, ORG)
        assert curve is not None
        width, height = rnd.uniform(60, 240), rnd.uniform(20, 130)
        expected = _plain_scan(grid, curve.at, width, height, False, None)
        place = place_stack(grid, "stack", curve.at, width, height)
        assert place is not None
        if expected is None:
            assert place.crowded, trial
        else:
            assert place.rect == expected[0], trial
            assert place.crowded == expected[2], trial


def _ring(
    along: list[tuple[Point, Point]], gaps: tuple[float, ...], width: float, height: float
) -> Iterator[tuple[Rect, Point]]:
    for gap in gaps:
        for side in CANDIDATE_SIDES:
            for anchor, (nx, ny) in along:
                yield stack_rect(anchor, (nx * side, ny * side), width, height, gap), anchor


def _along(from_end: bool, length: float | None) -> list[float]:
    """Where along its arrow a stack's candidates lie (``place_stack``'s steps)."""
    steps: tuple[float, ...] = CANDIDATE_STEPS
    if length is not None:
        steps = tuple(min(d / length, FURTHEST_STEP) for d in CANDIDATE_DISTANCES)
    return [1.0 - s if from_end else s for s in steps]


def _plain_scan(
    grid: ObstacleGrid,
    path: Path,
    width: float,
    height: float,
    from_end: bool,
    length: float | None,
) -> tuple[Rect, Point, bool] | None:
    """The first free place testing every candidate in order (``candidates`` near the
    arrow), then the same rays at ``FAR_GAPS`` (crowded)."""
    along = [path(t) for t in _along(from_end, length)]
    near = candidates(path, width, height, from_end) if length is None else None
    for crowded, places in (
        (False, near or _ring(along, CANDIDATE_GAPS, width, height)),
        (True, _ring(along, FAR_GAPS, width, height)),
    ):
        for r, anchor in places:
            if not grid.collides(_padded(r)):
                return r, anchor, crowded
    return None


def _lattice_obstacles(seed: int, count: int) -> list[Rect]:
    """``count`` obstacles on a coarse lattice round the arrows (so their edges often meet
    a candidate's exactly): from a few to a crowd that leaves free places only far out."""
    rnd = random.Random(seed)
    obstacles = []
    for _ in range(count):
        x, y = rnd.randint(-50, 50) * 10.0, rnd.randint(-50, 50) * 10.0
        obstacles.append((x, y, x + rnd.randint(1, 30) * 10.0, y + rnd.randint(1, 20) * 5.0))
    return obstacles


@settings(max_examples=200, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    count=st.integers(0, 700),
    flush=st.integers(0, 40),
    card=st.tuples(st.integers(-40, 40), st.integers(-40, 40)),
    width=st.integers(2, 60).map(lambda v: v * 5.0),
    height=st.integers(2, 30).map(lambda v: v * 5.0),
    from_end=st.booleans(),
    with_arrow=st.booleans(),
    length=st.one_of(st.none(), st.floats(50.0, 2000.0)),
    ask=st.booleans(),
)
def test_the_placer_finds_the_place_a_plain_scan_of_every_candidate_finds(
    seed: int,
    count: int,
    flush: int,
    card: tuple[int, int],
    width: float,
    height: float,
    from_end: bool,
    with_arrow: bool,
    length: float | None,
    ask: bool,
) -> None:
    x, y = card[0] * 10.0, card[1] * 10.0
    card_rect = (x, y, x + 180.0, y + 46.0)
    curve = flow_curve(card_rect, ORG) if with_arrow else None
    # Without an arrow (the card sits on the organisation) the rays run straight up or
    # down: the walk's axis-parallel case.
    path = stack_path(curve, card_rect, from_end)
    grid = ObstacleGrid()
    for i, r in enumerate(_lattice_obstacles(seed, count)):
        grid.set(("o", i), r)
    # Some obstacles flush against a candidate (with its padding): exactly touching edges.
    rnd = random.Random(seed)
    for i in range(flush):
        anchor, (nx, ny) = path(rnd.choice(_along(from_end, length)))
        side = rnd.choice(CANDIDATE_SIDES)
        gap = rnd.choice(CANDIDATE_GAPS + FAR_GAPS)
        left, top, right, bottom = _padded(
            stack_rect(anchor, (nx * side, ny * side), width, height, gap)
        )
        grid.set(
            ("flush", i),
            rnd.choice(
                [
                    (right, top, right + 40.0, bottom),
                    (left - 40.0, top, left, bottom),
                    (left, bottom, right, bottom + 40.0),
                    (left, top - 40.0, right, top),
                ]
            ),
        )
    expected = _plain_scan(grid, path, width, height, from_end, length)
    # Asked whether a place is legible (and every place is), the placer takes its other
    # road (each candidate tested on its own) to the same place.
    legible = (lambda r, anchor: True) if ask else None
    place = place_stack(grid, "stack", path, width, height, from_end, legible, length=length)
    assert place is not None
    assert grid.get("stack") == place.rect
    if expected is None:
        assert place.crowded and not place.legible
        assert grid.collides(_padded(place.rect), ignore="stack")
    else:
        assert (place.rect, place.anchor, place.crowded) == expected
        assert place.legible == (not expected[2])
