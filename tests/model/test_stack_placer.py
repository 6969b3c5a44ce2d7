"""The label-stack placer (``model.stacks.place_stack``) on crowded ground.

Where every place near its arrow is taken, a stack goes further out to a free place (a
leader line joins it) rather than over other labels or cards; only with nothing free at
all does it overlap, as little as it can. The placer skips candidates it knows are taken
(``_Blocked``), which must give exactly the place a test of every candidate in order gives.
"""

from __future__ import annotations

import math
import random

from svx_desktop.model.geometry import ObstacleGrid, Rect
from svx_desktop.model.stacks import (
    CANDIDATE_GAPS,
    CANDIDATE_SIDES,
    CANDIDATE_STEPS,
    FAR_GAPS,
    PADDING,
    flow_curve,
    place_stack,
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


def _naive(
    grid: ObstacleGrid, curve_at: object, width: float, height: float
) -> tuple[Rect, bool] | None:
    """The first free candidate, testing each in order (what the placer must agree with)."""
    along = [curve_at(step) for step in CANDIDATE_STEPS]  # type: ignore[operator]
    for gaps, crowded in ((CANDIDATE_GAPS, False), (FAR_GAPS, True)):
        for gap in gaps:
            for side in CANDIDATE_SIDES:
                for anchor, (nx, ny) in along:
                    r = stack_rect(anchor, (nx * side, ny * side), width, height, gap)
                    if not grid.collides(_padded(r)):
                        return r, crowded
    return None


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
        expected = _naive(grid, curve.at, width, height)
        place = place_stack(grid, "stack", curve.at, width, height)
        assert place is not None
        if expected is None:
            assert place.crowded, trial
        else:
            assert place.rect == expected[0], trial
            assert place.crowded == expected[1], trial
