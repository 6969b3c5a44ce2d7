"""The export's item-free layout (``canvas.maplayout``) draws exactly what the scene draws.

Pictures are drawn from a ``MapLayout`` of the map, not from a ``MapScene``: the same
cards, placer, arrows, leader lines, badges, journey marks, notes, title and legend, with
no graphics items. Its drawing must equal the scene's, field for field, on the example,
every template, a hostile map, a crowded one, and generated maps both below and above the
size where the placer stops testing legibility.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.bench_fileformat import generate_map
from svx_desktop.canvas.drawing import Drawing, scene_drawing
from svx_desktop.canvas.maplayout import MapLayout
from svx_desktop.canvas.scene import MapScene
from svx_desktop.fileformat import load
from svx_desktop.fileformat.templates import load_template, template_names
from svx_desktop.model import Direction, Flow, Stakeholder, ValueMap
from svx_desktop.model.geometry import rects_overlap
from tests.export.maps import hostile_map

EXAMPLE = Path(__file__).parents[2] / "resources" / "examples" / "bank.svx"


def _crowded() -> ValueMap:
    vmap = ValueMap()
    for i in range(16):  # a tight ring round the organisation: stacks find no room near
        x, y = [(-260, -160), (260, -160), (-260, 160), (260, 160)][i % 4]
        s = Stakeholder(f"S{i}", category="customer", position=(x, y + 30 * (i // 4)))
        vmap.add_stakeholder(s)
        for j in range(3):
            vmap.add_flow(Flow(s.id, Direction(("provides", "expects")[j % 2]), f"gives {j}"))
    return vmap


def _maps() -> list[tuple[str, ValueMap]]:
    out = [("bank", load(EXAMPLE).map), ("hostile", hostile_map()), ("crowded", _crowded())]
    out += [(name, load_template(name)) for name in template_names()]
    out += [("generated-120", generate_map(120, 360)), ("generated-400", generate_map(400, 1200))]
    return out


def _scene_drawing(vmap: ValueMap) -> Drawing:
    scene = MapScene(vmap)
    try:
        return scene_drawing(scene)
    finally:
        scene.detach()


@pytest.mark.parametrize(("name", "vmap"), _maps(), ids=[n for n, _ in _maps()])
def test_the_layout_draws_what_the_scene_draws(qapp: object, name: str, vmap: ValueMap) -> None:
    from_scene = _scene_drawing(vmap)
    from_layout = scene_drawing(MapLayout(vmap))
    assert from_layout.bounds == from_scene.bounds
    assert from_layout.cards == from_scene.cards
    assert from_layout.labels == from_scene.labels
    assert from_layout.arrows == from_scene.arrows
    assert from_layout == from_scene


def test_no_label_of_a_big_generated_map_overlaps_another_label_or_a_card(qapp: object) -> None:
    drawing = scene_drawing(MapLayout(generate_map(1_000, 3_000)))
    labels = [
        (lb.rect[0], lb.rect[1], lb.rect[0] + lb.rect[2], lb.rect[1] + lb.rect[3])
        for lb in drawing.labels
    ]
    cards = [
        (c.rect[0], c.rect[1], c.rect[0] + c.rect[2], c.rect[1] + c.rect[3]) for c in drawing.cards
    ]
    assert len(labels) == 3_000
    labels.sort()
    overlapping = []
    for i, a in enumerate(labels):  # sorted by left edge: only the next few can overlap
        for b in labels[i + 1 :]:
            if b[0] >= a[2]:
                break
            if rects_overlap(a, b):
                overlapping.append((a, b))
    assert overlapping == []
    cards.sort()
    on_cards = [
        a for a in labels if any(rects_overlap(a, c) for c in cards if c[0] < a[2] and a[0] < c[2])
    ]
    assert on_cards == []
