"""The journey row's geometry and where Alt+Left/Right move a touch point."""

from __future__ import annotations

from svx_desktop.journey.layout import (
    CARD_WIDTH,
    UNSTAGED_TITLE,
    Pending,
    journey_layout,
    move_target,
)
from svx_desktop.model.journey_elements import Stage, TouchPoint

SID = "s1"


def make() -> tuple[list[Stage], list[TouchPoint]]:
    a, b = Stage(SID, "Discover", id="a"), Stage(SID, "Join", id="b")
    points = [
        TouchPoint(SID, "loose", id="t0"),
        TouchPoint(SID, "ad", id="t1", stage_id="a"),
        TouchPoint(SID, "form", id="t2", stage_id="b"),
        TouchPoint(SID, "site", id="t3", stage_id="a"),
    ]
    return [a, b], points


def test_cards_are_grouped_under_their_stages_and_unstaged_ones_come_last():
    stages, points = make()
    layout = journey_layout(stages, points)
    assert [g.title for g in layout.groups] == ["Discover", "Join", UNSTAGED_TITLE]
    assert layout.order() == ("t1", "t3", "t2", "t0")
    xs = [layout.cards[i][0] for i in layout.order()]
    assert xs == sorted(xs)
    for g in layout.groups:  # every card sits under its own header, none overlaps another
        left, _top, width, _h = g.header
        for i in g.touch_point_ids:
            assert left <= layout.cards[i][0] and layout.cards[i][0] + CARD_WIDTH <= left + width


def test_an_empty_stage_keeps_a_card_width_and_no_unstaged_group_without_loose_points():
    stages, points = make()
    layout = journey_layout([*stages, Stage(SID, "Leave", id="c")], points[1:])
    assert [g.title for g in layout.groups] == ["Discover", "Join", "Leave"]
    assert layout.groups[-1].header[2] == CARD_WIDTH


def test_a_pending_slot_opens_right_after_the_selected_card():
    stages, points = make()
    layout = journey_layout(stages, points, Pending("a", "t1"))
    assert layout.pending is not None
    assert layout.cards["t1"][0] < layout.pending[0] < layout.cards["t3"][0]


def test_alt_arrows_swap_within_a_stage_and_cross_at_its_edge():
    stages, points = make()
    layout = journey_layout(stages, points)
    journey = [tp.id for tp in points]  # t0 t1 t2 t3
    # t1 → right swaps with t3 (same stage): after t3 in the journey
    assert move_target(layout, journey, "t1", 1) == (3, "a", False)
    # t3 → right crosses into Join, before t2
    assert move_target(layout, journey, "t3", 1) == (2, "b", True)
    # t2 → left crosses back into Discover, after t3
    assert move_target(layout, journey, "t2", -1) == (3, "a", True)
    # t1 is the first card of all: nowhere to go left
    assert move_target(layout, journey, "t1", -1) is None
    # the loose t0 going left joins Join after t2
    assert move_target(layout, journey, "t0", -1) == (2, "b", True)
