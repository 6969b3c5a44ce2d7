"""Maps too big for the legibility test (over ``MAX_CHECKED`` stakeholders) and small ones.

The placer's fine arrow index is built only when stacks are placed with the legibility
test; the legend's "does an arrow pass here" question is answered from the arrow layer's
index instead. Both must give the answers the fine index would give, on every map size.
What is remembered or made on demand (label sizes, hit-test polylines) follows changes.
"""

from __future__ import annotations

import math

import pytest

from svx_desktop.canvas import MapScene
from svx_desktop.model import Direction, Flow, Organisation, Stakeholder, ValueMap
from svx_desktop.model.geometry import Rect
from svx_desktop.model.legible import MAX_CHECKED, ArrowIndex, curve_line


def ring_map(count: int) -> ValueMap:
    """``count`` stakeholders on rings around the organisation, a flow each way."""
    m = ValueMap(Organisation(name="Ring organisation"))
    placed, ring = 0, 0
    while placed < count:
        radius = 430.0 + 260.0 * ring
        n = min(max(6, int(2 * math.pi * radius / 300.0)), count - placed)
        for i in range(n):
            angle = 2 * math.pi * (i + 0.5 * (ring % 2)) / n
            s = Stakeholder(
                f"Stakeholder {placed}",
                position=(radius * math.cos(angle), radius * math.sin(angle)),
            )
            m.add_stakeholder(s)
            m.add_flow(Flow(s.id, Direction.PROVIDES, "money"))
            m.add_flow(Flow(s.id, Direction.EXPECTS, "service and advice"))
            placed += 1
        ring += 1
    return m


def _probes(scene: MapScene, step: float, size: float) -> list[Rect]:
    r = scene.content_rect()
    out: list[Rect] = []
    y = r.top()
    while y < r.bottom():
        x = r.left()
        while x < r.right():
            out.append((x, y, x + size, y + size))
            x += step
        y += step
    return out


def _fine_index(scene: MapScene) -> ArrowIndex:
    index = ArrowIndex()
    for arrow in scene.arrow_items():
        index.set((arrow.stakeholder_id, arrow.direction), curve_line(arrow.curve))
    return index


@pytest.mark.parametrize("count", [20, MAX_CHECKED + 30])
def test_arrow_test_of_the_legend_matches_the_placers_index(qapp, count) -> None:
    scene = MapScene(ring_map(count))
    fine = _fine_index(scene)
    probes = _probes(scene, 97.0 if count < 100 else 331.0, 40.0)
    hits = 0
    for r in probes:
        for reach in (1.0, 12.0):
            expected = fine.closer_than(r, reach, None)
            assert scene.bundles.arrow_within(r, reach) is expected, (r, reach)
            hits += expected
    assert 0 < hits < 2 * len(probes)  # the probes met arrows and empty places alike
    # where an arrow runs, something of the map is there
    arrow = scene.arrow_items()[0]
    assert arrow.curve is not None
    x, y = arrow.curve.point(0.5)
    assert scene.bundles.arrow_within((x - 1, y - 1, x + 1, y + 1), 1.0)
    scene.detach()


def test_small_maps_keep_the_placers_index_in_step_with_the_arrows(qapp) -> None:
    vmap = ring_map(12)
    scene = MapScene(vmap)
    assert scene.bundles.checks_legibility()
    first = vmap.stakeholders[0]
    vmap.set_positions({first.id: (first.position[0] + 300, first.position[1] - 200)})
    vmap.remove_stakeholder(vmap.stakeholders[1].id)
    index = scene.bundles.legible_arrows
    expected = _fine_index(scene)
    assert len(index) == len(expected) == len(scene.arrow_items())
    for key, line in expected.items():
        assert index.line(key) == line
    scene.detach()


def test_big_maps_place_labels_without_the_legibility_test(qapp) -> None:
    scene = MapScene(ring_map(MAX_CHECKED + 1))
    assert not scene.bundles.checks_legibility()
    # every label still has a place beside its own arrow
    for item in scene.flow_items():
        rect = scene.label_stack_rect(item.stakeholder_id, Direction(item.direction))
        assert rect is not None and rect.contains(item.sceneBoundingRect().center())
    scene.detach()


def test_label_sizes_follow_the_type_scale(qapp) -> None:
    from svx_desktop.canvas import style

    shown, (width, height) = style.label_size("money and advice")
    assert shown == "money and advice"
    try:
        assert style.set_type_scale({"label": 2 * style.BASE_POINTS["label"]})
        _, (wide, tall) = style.label_size("money and advice")
        assert wide > 1.5 * width and tall > 1.5 * height
    finally:
        style.set_type_scale(None)
    assert style.label_size("money and advice") == (shown, (width, height))


def test_an_arrow_is_hit_where_it_runs_after_it_moved(qapp) -> None:
    vmap = ring_map(6)
    scene = MapScene(vmap)
    s = vmap.stakeholders[0]
    arrow = scene.arrow_for(s.id, Direction.PROVIDES)
    assert arrow is not None and arrow.curve is not None
    before = arrow.curve.point(0.5)
    assert arrow.distance(before) < 1.0
    vmap.set_positions({s.id: (s.position[0] + 400, s.position[1] + 250)})
    assert arrow.curve is not None
    after = arrow.curve.point(0.5)
    assert arrow.distance(after) < 1.0 and arrow.distance(before) > 20
    scene.detach()
