"""The export's item-free layout (``canvas.maplayout``) draws exactly what the scene draws.

Pictures are drawn from a ``MapLayout`` of the map, not from a ``MapScene``: the same
cards, placer, arrows, leader lines, badges, journey marks, notes, title and legend, with
no graphics items. Its drawing must equal the scene's, field for field, on the example,
every template, a hostile map, a crowded one, and generated maps both below and above the
size where the placer stops testing legibility; and the exported 1,000/3,000 map has no
label over another label or a card.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.bench_export import overlapping_labels
from benchmarks.bench_fileformat import generate_map
from svx_desktop.canvas.drawing import Drawing, scene_drawing
from svx_desktop.canvas.maplayout import MapLayout
from svx_desktop.canvas.scene import MapScene
from svx_desktop.fileformat import load
from svx_desktop.fileformat.templates import load_template, template_names
from svx_desktop.model import Direction, Flow, Stakeholder, ValueMap
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
    assert len(drawing.labels) == 3_000
    assert overlapping_labels(drawing) == 0


def test_the_overlap_count_sees_a_label_over_a_label_and_over_a_card(qapp: object) -> None:
    drawing = scene_drawing(MapLayout(load(EXAMPLE).map))
    assert overlapping_labels(drawing) == 0
    first, second = drawing.labels[0], drawing.labels[1]
    card = drawing.cards[1]
    moved = replace(second, rect=(first.rect[0] + 5, first.rect[1] + 5, *second.rect[2:]))
    assert overlapping_labels(replace(drawing, labels=(first, moved))) == 1
    on_card = replace(first, rect=(card.rect[0] + 2, card.rect[1] + 2, *first.rect[2:]))
    assert overlapping_labels(replace(drawing, labels=(on_card,))) == 1


@pytest.mark.parametrize("name", ["bank", "crowded"])
def test_the_layout_finds_the_same_places_taken_as_the_scene(qapp: object, name: str) -> None:
    """Where the legend may go: ``occupied`` of the layout answers as the scene's, over a
    sweep of small and large boxes across the whole map (cards, labels, arrows, gaps)."""
    from PySide6.QtCore import QRectF

    vmap = load(EXAMPLE).map if name == "bank" else _crowded()
    layout = MapLayout(vmap)
    scene = MapScene(vmap)
    try:
        scene.ensure_labels()
        area = QRectF(*scene_drawing(layout).bounds)
        answers = {True: 0, False: 0}
        for size in (6.0, 45.0, 160.0):
            y = area.top()
            while y < area.bottom():
                x = area.left()
                while x < area.right():
                    box = QRectF(x, y, size, size * 0.6)
                    taken = layout.occupied(box)
                    assert taken == scene.occupied(box), (size, x, y)
                    answers[taken] += 1
                    x += 37.0
                y += 29.0
        assert answers[True] > 0 and answers[False] > 0
    finally:
        scene.detach()
