"""Arrange, align, distribute and snap through the main window, checked on the real scene."""

from __future__ import annotations

import itertools
import random

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtTest import QTest

from svx_desktop.canvas import style
from svx_desktop.editing import Document
from svx_desktop.fileformat.templates import load_template, template_names
from svx_desktop.model import (
    BUILTIN_CATEGORIES,
    Direction,
    Flow,
    Organisation,
    Stakeholder,
    ValueMap,
)
from svx_desktop.ui import arrange
from tests.ui import workshop_helpers

kit_window = workshop_helpers.kit_window

_WORDS = [
    "deposits",
    "fees",
    "interest",
    "trust",
    "data",
    "advice",
    "goods",
    "service",
    "capital",
    "support",
    "quality",
]


def generated_map(count: int, seed: int = 11) -> ValueMap:
    """``count`` stakeholders with 1–4 flows each, all piled on the organisation."""
    rnd = random.Random(seed)
    m = ValueMap(Organisation(name="Generated organisation"))
    for i in range(count):
        name = f"Stakeholder {i} " + " ".join(rnd.sample(_WORDS, rnd.randint(0, 3)))
        s = Stakeholder(name.strip(), category=rnd.choice(BUILTIN_CATEGORIES).id)
        m.add_stakeholder(s)
        for _ in range(rnd.randint(1, 4)):
            label = " ".join(rnd.sample(_WORDS, rnd.randint(1, 4)))
            m.add_flow(Flow(s.id, rnd.choice(list(Direction)), label))
    return m


def overlaps(window) -> list[tuple[str, str]]:
    """Pairs of cards, the organisation box and flow labels whose scene rects overlap."""
    scene = window.scene
    boxes: list[tuple[str, QRectF]] = [("organisation", scene.organisation_item.scene_rect())]
    boxes += [(f"card {i.name}", i.scene_rect()) for i in scene.stakeholder_items()]
    boxes += [(f"label {i.label}", i.sceneBoundingRect()) for i in scene.flow_items()]
    boxes.sort(key=lambda b: b[1].left())
    bad = []
    for n, (a, ra) in enumerate(boxes):
        for b, rb in boxes[n + 1 :]:
            if rb.left() >= ra.right():
                break
            if ra.intersected(rb).width() > 0.01 and ra.intersected(rb).height() > 0.01:
                bad.append((a, b))
    return bad


def shuffled(m: ValueMap, seed: int = 1) -> ValueMap:
    rnd = random.Random(seed)
    m.set_positions(
        {s.id: (rnd.uniform(-200, 200), rnd.uniform(-200, 200)) for s in m.stakeholders}
    )
    return m


CASES = [*template_names(), "generated-60"]


@pytest.mark.parametrize("name", CASES)
def test_arrange_is_one_undo_step_and_leaves_no_overlaps(kit_window, qtbot, name):
    m = generated_map(60) if name == "generated-60" else shuffled(load_template(name))
    window = kit_window(Document(m))
    before = {s.id: s.position for s in m.stakeholders}
    window.workshop.actions["arrange"].trigger()
    arranger = window.workshop.arranger
    if m.stakeholders:
        assert arranger.animating, "the move is animated"
        # The model moved at once, through the command; only the items are on their way.
        assert window.document.undo_stack.count() == 1
    qtbot.waitUntil(lambda: not arranger.animating, timeout=20000)
    for item in window.scene.stakeholder_items():
        assert (item.x(), item.y()) == m.stakeholder(item.element_id).position
    assert overlaps(window) == []
    # Arrange frames the result (issue 9): the whole map is in view, and the labels show
    # wherever that zoom shows labels at all.
    view = window.view
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(window.scene.content_rect())
    labels_shown = view.zoom_factor() >= style.LOD_LABELS
    assert all(i.isVisible() == labels_shown for i in window.scene.flow_items())
    stack = window.document.undo_stack
    if not m.stakeholders:
        assert stack.count() == 0
        return
    assert stack.count() == 1
    assert stack.undoText() == "Arrange Around Organisation"
    stack.undo()
    assert {s.id: s.position for s in m.stakeholders} == before
    stack.redo()
    window.workshop.actions["arrange_keep"].trigger()
    qtbot.waitUntil(lambda: not arranger.animating, timeout=20000)
    assert overlaps(window) == []


def test_an_edit_during_the_animation_ends_it_where_the_model_is(kit_window, qtbot):
    m = shuffled(load_template("bank"))
    window = kit_window(Document(m))
    arranger = window.workshop.arranger
    assert arranger.arrange()
    assert arranger.animating
    window.document.undo_stack.undo()
    assert not arranger.animating
    for item in window.scene.stakeholder_items():
        assert (item.x(), item.y()) == m.stakeholder(item.element_id).position


def test_align_and_distribute_the_selection(kit_window):
    m = ValueMap(Organisation(name="Org"))
    ids = []
    for i, (x, y) in enumerate([(300, 0), (420, 90), (800, -60)]):
        s = Stakeholder(f"S{i}", position=(x, y))
        m.add_stakeholder(s)
        ids.append(s.id)
    window = kit_window(Document(m))
    window.scene.select_ids(ids)
    window.workshop.actions["align_left"].trigger()
    lefts = {round(window.scene.item_for(i).scene_rect().left(), 1) for i in ids}
    assert len(lefts) == 1
    window.workshop.actions["align_top"].trigger()
    tops = {round(window.scene.item_for(i).scene_rect().top(), 1) for i in ids}
    assert len(tops) == 1
    assert window.document.undo_stack.count() == 2
    assert window.document.undo_stack.undoText() == "Align Top"
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert [s.position for s in m.stakeholders] == [(300, 0), (420, 90), (800, -60)]
    window.workshop.actions["align_horizontal"].trigger()
    xs = sorted(s.position[0] for s in m.stakeholders)
    rects = sorted((window.scene.item_for(i).scene_rect() for i in ids), key=lambda r: r.left())
    gaps = [round(b.left() - a.right(), 1) for a, b in itertools.pairwise(rects)]
    assert xs[0] == 300 and xs[-1] == 800 and gaps[0] == gaps[1]


def test_snap_to_grid_applies_when_a_drag_ends_and_is_remembered(kit_window, qtbot):
    m = ValueMap(Organisation(name="Org"))
    s = Stakeholder("Customers", position=(303.0, 7.0))
    m.add_stakeholder(s)
    window = kit_window(Document(m))
    snap = window.workshop.actions["snap"]
    assert not snap.isChecked()
    snap.trigger()
    assert arrange.snap_enabled()
    view = window.view
    view.centerOn(window.scene.item_for(s.id))
    viewport = view.viewport()
    start = view.mapFromScene(window.scene.item_for(s.id).scene_rect().center())
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), start)
    for i in range(1, 6):
        QTest.mouseMove(viewport, start + QPoint(7 * i, 3 * i))
    QTest.mouseRelease(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), start + QPoint(35, 15)
    )
    x, y = m.stakeholder(s.id).position
    assert (x % arrange.GRID, y % arrange.GRID) == (0, 0)
    assert (x, y) != (303.0, 7.0)
    assert window.document.undo_stack.count() == 1, "the drag is still one step"
    other = kit_window()
    assert other.workshop.actions["snap"].isChecked(), "the toggle is remembered"
