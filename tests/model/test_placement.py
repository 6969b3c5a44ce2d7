"""Free places for new stakeholders (model/placement.py, the one source for N, capture, paste)."""

from __future__ import annotations

import itertools
import math

from svx_desktop.model import Direction, Flow, Note, Organisation, Stakeholder, ValueMap
from svx_desktop.model.geometry import distance_to_segment, rect_around, rects_overlap
from svx_desktop.model.placement import (
    CARD_SIZE,
    FIRST_RING,
    RING_STEP,
    SIGHT_CLEARANCE,
    angular_order,
    clockwise_angle,
    free_positions,
    next_free_position,
    place_new,
    ring_places,
)
from svx_desktop.model.spots import MAX_TESTED


def test_first_places_are_above_below_right_and_left() -> None:
    m = ValueMap(Organisation(position=(10.0, 20.0)))
    places = free_positions(m, 4)
    assert places == [(10.0, 20.0 - 430.0), (10.0, 20.0 + 430.0), (440.0, 20.0), (-420.0, 20.0)]


def test_a_place_behind_another_card_is_passed_over_for_one_in_sight() -> None:
    m = ValueMap(Organisation(position=(0.0, 0.0)))
    # A card half way up: the top slot of the first ring is free but hidden behind it.
    m.add_stakeholder(Stakeholder("In the way", position=(0.0, -230.0)))
    place = next_free_position(m)
    assert place != (0.0, -430.0)
    assert distance_to_segment((0.0, -230.0), (0.0, 0.0), place) >= SIGHT_CLEARANCE
    assert math.dist(place, (0.0, 0.0)) == FIRST_RING


def test_places_never_overlap_and_fill_ring_by_ring() -> None:
    m = ValueMap(Organisation())
    m.add_note(Note("parked", position=(0.0, 430.0)))
    places = free_positions(m, 40)
    rects = [rect_around(p, CARD_SIZE) for p in places]
    for i, a in enumerate(rects):
        assert not rects_overlap(a, rect_around((0.0, 430.0), (180.0, 80.0)))
        for b in rects[i + 1 :]:
            assert not rects_overlap(a, b)
    rings = [round((math.dist(p, (0.0, 0.0)) - FIRST_RING) / RING_STEP) for p in places]
    assert rings[0] == 0 and max(rings) <= 4
    # Rings never go back more than one: at most one ring is skipped ahead for sight.
    assert all(b >= a - 1 for a, b in itertools.pairwise(rings))


def test_every_other_ring_sits_between_the_ring_inside() -> None:
    inner = ring_places((0.0, 0.0), 0)
    outer = ring_places((0.0, 0.0), 1)
    assert (0.0, -430.0) in inner
    assert all(abs(p[0]) > 1.0 or p[1] > 0 for p in outer)  # none straight above


def test_angular_order_runs_clockwise_from_the_top() -> None:
    points = {"top": (0.0, -5.0), "right": (5.0, 0.0), "bottom": (0.0, 5.0), "left": (-5.0, 0.0)}
    assert angular_order((0.0, 0.0), points) == ["top", "right", "bottom", "left"]
    assert clockwise_angle((0.0, 0.0), (5.0, 0.0)) == math.pi / 2


def test_gap_places_go_down_the_middle_of_the_widest_gap_nearest_first() -> None:
    from svx_desktop.model.placement import gap_places

    centre = (0.0, 0.0)
    # Cards straight above, right and below: the widest gap is the left half.
    places = list(gap_places(centre, [(0.0, -430.0), (430.0, 0.0), (0.0, 430.0)]))
    assert places[0] == (-FIRST_RING, 0.0)
    assert math.dist(places[3], centre) == FIRST_RING + RING_STEP / 2  # the next radius
    assert next(gap_places(centre, [])) == (0.0, -FIRST_RING)


def test_a_new_card_goes_where_the_map_stays_legible() -> None:
    """N tests free places with the canvas's label placer (``model.spots``): a place whose
    arrows would run through another card, or crowd its labels, is passed over."""
    from svx_desktop.model import Direction, Flow
    from svx_desktop.model.spots import LegibleSpots

    m = ValueMap(Organisation(position=(0.0, 0.0)))
    near = Stakeholder("Near", position=(0.0, -430.0))
    m.add_stakeholder(near)
    for label in ("fees", "advice", "licence"):
        m.add_flow(Flow(near.id, Direction.PROVIDES, label))
        m.add_flow(Flow(near.id, Direction.EXPECTS, label + " back"))
    spots = LegibleSpots(m, CARD_SIZE)
    assert not spots.fits((0.0, -900.0))  # straight behind Near: arrows through its card
    assert not spots.fits((60.0, -330.0))  # on top of Near's labels
    assert spots.fits((0.0, 430.0))
    place = next_free_position(m)
    assert spots.fits(place)
    assert math.dist(place, (0.0, 0.0)) == FIRST_RING


def _with_flows(m: ValueMap, pos: tuple[float, float], i: int) -> None:
    s = Stakeholder(f"Stakeholder {i}", position=pos)
    m.add_stakeholder(s)
    for direction in Direction:
        m.add_flow(Flow(s.id, direction, "something of value"))


def test_when_no_legible_place_is_left_the_map_spreads_out_keeping_its_shape() -> None:
    m = ValueMap(Organisation(position=(50.0, -20.0)))
    m.add_note(Note("parking lot", position=(900.0, 700.0)))
    for i in range(30):
        placement = place_new(m)
        if placement.moves:
            break
        _with_flows(m, placement.positions[0], i)
    else:  # pragma: no cover - the inner ring is full long before
        raise AssertionError("never spread out")
    assert 8 <= len(m.stakeholders) <= 16
    # Every stakeholder and note moves straight out from the organisation by one factor.
    centre = m.organisation.position
    elements = [*m.stakeholders, *m.notes]
    assert set(placement.moves) == {e.id for e in elements}
    factors = set()
    for e in elements:
        new = placement.moves[e.id]
        assert abs(clockwise_angle(centre, new) - clockwise_angle(centre, e.position)) < 1e-3
        factors.add(round(math.dist(centre, new) / math.dist(centre, e.position), 2))
    assert len(factors) == 1 and factors.pop() > 1.0
    # The new card overlaps nothing where everything has moved to.
    new_card = rect_around(placement.positions[0], CARD_SIZE)
    assert not any(
        rects_overlap(new_card, rect_around(p, CARD_SIZE)) for p in placement.moves.values()
    )
    # free_positions (an import, a contribution) never moves anything.
    assert len(free_positions(m, 3)) == 3


def test_place_new_on_a_map_too_big_to_test_moves_nothing() -> None:
    m = ValueMap(Organisation(position=(0.0, 0.0)))
    for i, pos in enumerate(free_positions(m, MAX_TESTED + 1, legible=False)):
        _with_flows(m, pos, i)
    placement = place_new(m)
    assert placement.moves == {}
    assert placement.positions == free_positions(m, legible=False)
