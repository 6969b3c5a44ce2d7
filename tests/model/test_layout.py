"""Arrange (radial layout), align, distribute and snap: geometry, not pixels."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Mapping

import pytest

from svx_desktop.fileformat.templates import load_template, template_names
from svx_desktop.model import (
    BUILTIN_CATEGORIES,
    Direction,
    Flow,
    Note,
    Organisation,
    Pos,
    Stakeholder,
    ValueMap,
)
from svx_desktop.model.align import (
    align,
    align_bottom,
    align_centre,
    align_left,
    align_middle,
    align_right,
    align_top,
    changed,
    distribute_horizontally,
    distribute_vertically,
    snap_to_grid,
)
from svx_desktop.model.geometry import Rect, rects_overlap
from svx_desktop.model.layout import (
    DEFAULT_METRICS,
    LayoutMetrics,
    clockwise_angle,
    layout_blocks,
    radial_layout,
    stack_candidates,
    stack_size,
)
from svx_desktop.model.stacks import CANDIDATE_GAPS, CANDIDATE_SIDES, CANDIDATE_STEPS

_WORDS = [
    *[
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
    ],
    *["quality", "reputation", "licence", "compliance", "skills", "wages", "training", "feedback"],
]


def generated_map(count: int, seed: int = 7, max_flows: int = 4) -> ValueMap:
    """A deterministic map of ``count`` stakeholders with 1–``max_flows`` flows each."""
    rnd = random.Random(seed)
    m = ValueMap(Organisation(name="Generated organisation"))
    for i in range(count):
        name = f"Stakeholder {i} " + " ".join(rnd.sample(_WORDS, rnd.randint(0, 3)))
        s = Stakeholder(name.strip(), category=rnd.choice(BUILTIN_CATEGORIES).id)
        m.add_stakeholder(s)
        for _ in range(rnd.randint(1, max_flows)):
            label = " ".join(rnd.sample(_WORDS, rnd.randint(1, 4)))
            m.add_flow(Flow(s.id, rnd.choice(list(Direction)), label))
    return m


def overlapping_pairs(blocks: Mapping[tuple[str, str], Rect]) -> list[tuple[object, object]]:
    items = sorted(blocks.items(), key=lambda kv: kv[1][0])
    bad = []
    for i, (ka, a) in enumerate(items):
        for kb, b in items[i + 1 :]:
            if b[0] >= a[2]:
                break
            if rects_overlap(a, b):
                bad.append((ka, kb))
    return bad


def assert_tidy(m: ValueMap, positions: Mapping[str, Pos], **sizes: object) -> None:
    """No two blocks (cards, organisation, notes, label stacks) overlap, every stack has
    a free place, and cards keep the layout's spacing from each other."""
    blocks, crowded = layout_blocks(m, positions, **sizes)  # type: ignore[arg-type]
    assert crowded == 0
    assert overlapping_pairs(blocks) == []
    half = DEFAULT_METRICS.spacing / 2 - 0.1  # positions are rounded to 0.1
    solid = {
        k: (r[0] - half, r[1] - half, r[2] + half, r[3] + half)
        for k, r in blocks.items()
        if k[0] in ("card", "organisation")
    }
    assert overlapping_pairs(solid) == []


CASES = [*template_names(), "generated-60", "generated-25-long-labels"]


def _case(name: str) -> ValueMap:
    if name == "generated-60":
        return generated_map(60)
    if name == "generated-25-long-labels":
        m = generated_map(25, seed=3)
        for f in m.flows[::3]:
            m.update_flow(f.id, label=f.label + " and a good deal more besides " * 3)
        return m
    return load_template(name)


# ---------------------------------------------------------------------- arrange
@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("keep_order", [False, True])
def test_arrange_leaves_no_overlaps(name: str, keep_order: bool) -> None:
    m = _case(name)
    positions = radial_layout(m, keep_order=keep_order)
    assert set(positions) == {s.id for s in m.stakeholders}
    assert_tidy(m, positions)


def test_templates_are_real_work_for_arrange() -> None:
    # A shuffled template really has overlaps; arrange removes them.
    m = load_template("bank")
    rnd = random.Random(1)
    m.set_positions(
        {s.id: (rnd.uniform(-150, 150), rnd.uniform(-150, 150)) for s in m.stakeholders}
    )
    blocks, _ = layout_blocks(m)
    assert overlapping_pairs(blocks)
    assert_tidy(m, radial_layout(m))


def test_arrange_moves_only_stakeholders() -> None:
    m = load_template("charity")
    note = Note("Ask about legacies", position=(2000.0, 2000.0))
    m.add_note(note)
    m.update_organisation(position=(300.0, -200.0))
    positions = radial_layout(m)
    assert set(positions) == {s.id for s in m.stakeholders}
    before = m.copy()
    m.set_positions(positions)
    assert m.organisation == before.organisation
    assert m.notes == before.notes
    assert_tidy(m, {})


def test_arrange_centres_on_the_organisation_wherever_it_is() -> None:
    m = load_template("retail")
    m.update_organisation(position=(5000.0, -3000.0))
    positions = radial_layout(m)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    assert min(xs) < 5000 < max(xs)
    assert min(ys) < -3000 < max(ys)
    assert_tidy(m, positions)


def test_cards_and_labels_keep_clear_of_notes() -> None:
    m = load_template("bank")
    for i in range(4):
        m.add_note(Note(f"Idea {i}", position=(380.0 * (i % 2 * 2 - 1), 380.0 * (i // 2 * 2 - 1))))
    positions = radial_layout(m)
    assert_tidy(m, positions)


def test_grouped_by_category_in_angular_order() -> None:
    m = generated_map(40, seed=11)
    positions = radial_layout(m)
    centre = m.organisation.position
    ordered = sorted(positions, key=lambda i: clockwise_angle(centre, positions[i]))
    runs = [m.stakeholder(i).category for i in ordered]
    # Each category is one run around the circle (the first and last may join up).
    changes = sum(1 for a, b in zip(runs, runs[1:] + runs[:1], strict=True) if a != b)
    assert changes == len(set(runs))


def test_keep_order_keeps_the_clockwise_order() -> None:
    m = generated_map(30, seed=5)
    rnd = random.Random(2)
    m.set_positions(
        {s.id: (rnd.uniform(-900, 900), rnd.uniform(-900, 900)) for s in m.stakeholders}
    )
    centre = m.organisation.position

    def order(pos: Mapping[str, Pos]) -> list[str]:
        ids = sorted(
            pos, key=lambda i: (clockwise_angle(centre, pos[i]), math.dist(centre, pos[i]))
        )
        k = ids.index(m.stakeholders[0].id)
        return ids[k:] + ids[:k]  # compare as a cycle

    old = order({s.id: s.position for s in m.stakeholders})
    positions = radial_layout(m, keep_order=True)
    assert order(positions) == old
    assert_tidy(m, positions)


def test_keep_order_turns_the_ring_as_little_as_possible() -> None:
    # Stakeholders already evenly round a circle stay at about their angles.
    m = ValueMap()
    for i in range(8):
        a = 2 * math.pi * i / 8 + 0.3
        m.add_stakeholder(Stakeholder(f"S{i}", position=(500 * math.cos(a), 500 * math.sin(a))))
    positions = radial_layout(m, keep_order=True)
    for s in m.stakeholders:
        turn = clockwise_angle((0, 0), positions[s.id]) - clockwise_angle((0, 0), s.position)
        turn = (turn + math.pi) % (2 * math.pi) - math.pi
        assert abs(turn) < math.radians(15)


def test_many_stakeholders_use_several_rings() -> None:
    m = generated_map(60)
    positions = radial_layout(m)
    radii = {round(math.dist(m.organisation.position, p)) for p in positions.values()}
    assert 2 <= len(radii) <= 4
    few = load_template("bank")
    one = {round(math.dist((0, 0), p)) for p in radial_layout(few).values()}
    assert len(one) == 1


def test_arrange_is_deterministic() -> None:
    m = generated_map(25)
    assert radial_layout(m) == radial_layout(m.copy())


def test_edge_cases() -> None:
    assert radial_layout(ValueMap()) == {}
    m = ValueMap()
    only = Stakeholder("Alone", position=(0.0, 0.0))
    m.add_stakeholder(only)
    (x, y) = radial_layout(m)[only.id]
    assert x == pytest.approx(0.0, abs=0.1) and y < 0  # straight above
    # Stakeholders without flows, with empty or huge names.
    m.add_stakeholder(Stakeholder(""))
    m.add_stakeholder(Stakeholder("x" * 10_000))
    assert_tidy(m, radial_layout(m))


def test_real_sizes_from_the_canvas_are_used() -> None:
    m = load_template("bank")
    big = {s.id: (400.0, 80.0) for s in m.stakeholders}

    def label(text: str) -> tuple[float, float]:
        return (len(text) * 11.0 + 20, 30.0)

    positions = radial_layout(m, card_size=big.__getitem__, label_size=label)
    blocks, crowded = layout_blocks(m, positions, card_size=big.__getitem__, label_size=label)
    assert crowded == 0 and overlapping_pairs(blocks) == []
    assert all(blocks[("card", i)][2] - blocks[("card", i)][0] == pytest.approx(400) for i in big)
    # The same layout measured with small default sizes is looser, not tighter.
    default = radial_layout(m)
    far = max(math.dist((0, 0), p) for p in positions.values())
    assert far > max(math.dist((0, 0), p) for p in default.values())
    # One fixed card size works too.
    assert_tidy(m, radial_layout(m, card_size=(200.0, 50.0)), card_size=(200.0, 50.0))


def test_changed_gives_what_move_elements_takes() -> None:
    m = load_template("bank")
    positions = radial_layout(m)
    before, after = changed(m, positions)
    assert set(before) == set(after) <= set(positions)
    assert all(before[i] == m.stakeholder(i).position for i in before)
    m.set_positions(after)
    assert changed(m, radial_layout(m)) == ({}, {})  # arranging again changes nothing


# ------------------------------------------------------------- label geometry
def test_stack_size_adds_gaps() -> None:
    assert stack_size([], DEFAULT_METRICS.label) is None
    w, h = stack_size(["a", "bbbb"], lambda t: (len(t) * 10.0, 20.0), gap=3.0) or (0, 0)
    assert (w, h) == (40.0, 43.0)


def test_stack_candidates_sit_on_the_side_the_arrow_bends_to() -> None:
    # A card straight above the organisation: provides runs downwards and expects
    # upwards; each bends to its own (screen) side, so their stacks face apart.
    card, org = (0.0, -500.0), (0.0, 0.0)
    m = DEFAULT_METRICS
    p = stack_candidates(card, (150, 46), org, (220, 96), Direction.PROVIDES, (100, 40), m)[0]
    e = stack_candidates(card, (150, 46), org, (220, 96), Direction.EXPECTS, (100, 40), m)[0]
    assert p[2] < 0 < e[0]
    assert p[1] > -500 and p[3] < -48  # between card and organisation
    count = len(CANDIDATE_SIDES) * len(CANDIDATE_GAPS) * len(CANDIDATE_STEPS)
    assert len(stack_candidates(card, (150, 46), org, (220, 96), Direction.EXPECTS, (1, 1))) == (
        count
    )


def test_stack_candidates_when_the_card_sits_on_the_organisation() -> None:
    below = stack_candidates((0, 0), (150, 46), (0, 0), (220, 96), Direction.PROVIDES, (80, 20))
    above = stack_candidates((0, 0), (150, 46), (0, 0), (220, 96), Direction.EXPECTS, (80, 20))
    assert below[0][1] >= 23 and above[0][3] <= -23


def test_estimates_follow_the_canvas_size_rules() -> None:
    m = LayoutMetrics()
    assert m.card("") == (m.card_min_width, m.card_height)
    assert m.card("x" * 500) == (m.card_max_width, m.card_height)
    assert m.label("x" * 500)[0] == m.label_max_width + m.label_padding
    assert m.label("") == m.label("(no label)")
    w, h = m.organisation("A" * 200)
    assert w == m.organisation_max_width and h > m.organisation_min_height
    assert m.note("short")[1] == 70.0


# ---------------------------------------------------- align, distribute, snap
POS = {"a": (0.0, 0.0), "b": (100.0, 50.0), "c": (40.0, 200.0)}
SIZES = {"a": (20.0, 10.0), "b": (60.0, 30.0), "c": (40.0, 40.0)}


def test_align_centres_without_sizes() -> None:
    assert align_left(POS) == {"a": (0, 0), "b": (0, 50), "c": (0, 200)}
    assert align_right(POS) == {"a": (100, 0), "b": (100, 50), "c": (100, 200)}
    assert align_top(POS) == {"a": (0, 0), "b": (100, 0), "c": (40, 0)}
    assert align_bottom(POS) == {"a": (0, 200), "b": (100, 200), "c": (40, 200)}
    assert align_centre(POS) == {"a": (50, 0), "b": (50, 50), "c": (50, 200)}
    assert align_middle(POS) == {"a": (0, 100), "b": (100, 100), "c": (40, 100)}


def test_align_edges_with_sizes() -> None:
    left = align_left(POS, SIZES)
    assert {k: left[k][0] - SIZES[k][0] / 2 for k in POS} == dict.fromkeys(POS, -10.0)
    right = align_right(POS, SIZES)
    assert {k: right[k][0] + SIZES[k][0] / 2 for k in POS} == dict.fromkeys(POS, 130.0)
    top = align_top(POS, SIZES)
    assert {k: top[k][1] - SIZES[k][1] / 2 for k in POS} == dict.fromkeys(POS, -5.0)
    bottom = align_bottom(POS, SIZES)
    assert {k: bottom[k][1] + SIZES[k][1] / 2 for k in POS} == dict.fromkeys(POS, 220.0)
    # Aligning moves along one axis only.
    assert all(left[k][1] == POS[k][1] for k in POS)
    assert align(POS, "middle", SIZES) == {k: (POS[k][0], 107.5) for k in POS}
    assert align({}, "left") == {}


def test_distribute_centres_evenly() -> None:
    pos = {"a": (0.0, 0.0), "b": (10.0, 5.0), "c": (90.0, 7.0), "d": (300.0, 9.0)}
    out = distribute_horizontally(pos)
    assert [out[k][0] for k in "abcd"] == [0.0, 100.0, 200.0, 300.0]
    assert all(out[k][1] == pos[k][1] for k in pos)
    vert = distribute_vertically({k: (y, x) for k, (x, y) in pos.items()})
    assert [vert[k][1] for k in "abcd"] == [0.0, 100.0, 200.0, 300.0]
    assert distribute_horizontally({"a": (0.0, 0.0), "b": (5.0, 0.0)}) == {
        "a": (0.0, 0.0),
        "b": (5.0, 0.0),
    }


def test_distribute_with_sizes_gives_equal_gaps() -> None:
    pos = {"a": (0.0, 0.0), "b": (30.0, 0.0), "c": (50.0, 0.0), "d": (400.0, 0.0)}
    sizes = {"a": (100.0, 10.0), "b": (20.0, 10.0), "c": (60.0, 10.0), "d": (100.0, 10.0)}
    out = distribute_horizontally(pos, sizes)
    edges = sorted((out[k][0] - sizes[k][0] / 2, out[k][0] + sizes[k][0] / 2) for k in pos)
    gaps = [b[0] - a[1] for a, b in itertools.pairwise(edges)]
    assert gaps == pytest.approx([gaps[0]] * 3)
    assert out["a"] == pos["a"] and out["d"] == pos["d"]


def test_snap_to_grid() -> None:
    assert snap_to_grid((12.0, -13.0), 10) == (10.0, -10.0)
    assert snap_to_grid((15.1, 24.9), 10) == (20.0, 20.0)
    assert snap_to_grid((12.3, 4.5), 0) == (12.3, 4.5)


# ----------------------------------------- the estimate against the real canvas
@pytest.mark.parametrize("name", ["bank", "public-service", "generated-60"])
def test_real_canvas_agrees_after_arrange(name: str, qapp: object) -> None:
    """Arrange with the canvas's real sizes, show it in a real scene, and check the label
    items and cards the canvas placed: none overlap, and every stack is exactly where the
    shared placer (``model.stacks``, which Arrange checks its rings with) puts it for the
    same inputs. This fails if the canvas stops placing labels with ``model.stacks`` or
    feeds it different inputs (sizes, curves, order) than ``layout_blocks`` does."""
    from svx_desktop.canvas import style
    from svx_desktop.canvas.flows import FlowItem
    from svx_desktop.canvas.nodes import OrganisationItem, StakeholderItem
    from svx_desktop.canvas.scene import MapScene
    from svx_desktop.editing import Document, MoveElements

    m = _case(name)
    doc = Document(m)
    scene = MapScene(doc.map)
    card_sizes = {}
    for s in m.stakeholders:
        r = scene.item_for(s.id).scene_rect()
        card_sizes[s.id] = (r.width(), r.height())
    org = scene.item_for(m.organisation.id).scene_rect()

    def label_size(text: str) -> tuple[float, float]:
        shown = style.elide(text, "label", style.LABEL_MAX_WIDTH) or "(no label)"
        fm = style.metrics("label")
        return (fm.horizontalAdvance(shown) + 14, fm.height() + 6)

    positions = radial_layout(
        m,
        card_size=card_sizes.__getitem__,
        label_size=label_size,
        organisation_size=(org.width(), org.height()),
    )
    before, after = changed(m, positions)
    doc.push(MoveElements(m, before, after))
    scene.relayout_labels()

    stacks: dict[tuple[str, str], Rect] = {}
    blocks: dict[tuple[str, str], Rect] = {}
    for item in scene.items():
        if isinstance(item, FlowItem):
            r = item.sceneBoundingRect()
            key = (item.direction.value, item.stakeholder_id)
            old = stacks.get(key)
            rect = (r.left(), r.top(), r.right(), r.bottom())
            stacks[key] = (
                rect
                if old is None
                else (
                    min(old[0], rect[0]),
                    min(old[1], rect[1]),
                    max(old[2], rect[2]),
                    max(old[3], rect[3]),
                )
            )
        elif isinstance(item, StakeholderItem | OrganisationItem):
            r = item.scene_rect()
            blocks[(item.kind, item.element_id)] = (r.left(), r.top(), r.right(), r.bottom())
    blocks.update(stacks)
    assert len(stacks) == len({(f.direction.value, f.stakeholder_id) for f in m.flows})
    assert overlapping_pairs(blocks) == []
    # And the layout's own estimate of where the canvas puts each stack is exact.
    model_blocks, crowded = layout_blocks(
        m,
        card_size=card_sizes.__getitem__,
        label_size=label_size,
        organisation_size=(org.width(), org.height()),
    )
    assert crowded == 0
    same = (
        "the canvas no longer places label stacks as model.stacks does for the same "
        "inputs (canvas/bundles.py vs model/layout.py: layout_blocks)"
    )
    assert len(model_blocks) - len(blocks) == len(m.notes)
    for (direction, sid), rect in stacks.items():
        placed = scene.label_stack_rect(sid, Direction(direction))
        assert placed is not None
        exact = (placed.left(), placed.top(), placed.right(), placed.bottom())
        assert model_blocks[(direction, sid)] == pytest.approx(exact, abs=1e-6), same
        # The label items lie inside their stack.
        assert rect[0] >= exact[0] - 1e-6 and rect[2] <= exact[2] + 1e-6, same
        assert rect[1] >= exact[1] - 1e-6 and rect[3] <= exact[3] + 1e-6, same


def test_canvas_stacks_equal_the_shared_placer_on_a_crowded_unarranged_map(qapp: object) -> None:
    """Without Arrange (cards close together, one on the organisation, stacks that find
    no free place), the canvas's stacks are still exactly the shared placer's."""
    from svx_desktop.canvas import style
    from svx_desktop.canvas.scene import MapScene

    rnd = random.Random(3)
    m = ValueMap(Organisation(name="Crowded"))
    people = [Stakeholder("On the organisation", position=(10.0, 5.0))]
    people += [
        Stakeholder(f"Group {i}", position=(rnd.uniform(-700, 700), rnd.uniform(-500, 500)))
        for i in range(24)
    ]
    for s in people:
        m.add_stakeholder(s)
        for j in range(rnd.randint(1, 5)):
            direction = Direction.PROVIDES if j % 2 else Direction.EXPECTS
            m.add_flow(Flow(s.id, direction, f"value {j} " * rnd.randint(1, 4)))
    scene = MapScene(m)
    card_sizes = {}
    for s in m.stakeholders:
        r = scene.item_for(s.id).scene_rect()
        card_sizes[s.id] = (r.width(), r.height())
    org = scene.item_for(m.organisation.id).scene_rect()

    def label_size(text: str) -> tuple[float, float]:
        shown = style.elide(text, "label", style.LABEL_MAX_WIDTH) or "(no label)"
        fm = style.metrics("label")
        return (fm.horizontalAdvance(shown) + 14, fm.height() + 6)

    model_blocks, crowded = layout_blocks(
        m,
        card_size=card_sizes.__getitem__,
        label_size=label_size,
        organisation_size=(org.width(), org.height()),
    )
    assert crowded > 0  # the fallback (least overlap) is exercised too
    count = 0
    for (kind, sid), rect in model_blocks.items():
        if kind not in ("provides", "expects"):
            continue
        placed = scene.label_stack_rect(sid, Direction(kind))
        assert placed is not None
        exact = (placed.left(), placed.top(), placed.right(), placed.bottom())
        assert rect == pytest.approx(exact, abs=1e-6), (kind, sid)
        count += 1
    assert count == len({(f.direction, f.stakeholder_id) for f in m.flows})


# ------------------------------------------------------------- next free place
def test_free_positions_spread_round_the_organisation_and_avoid_everything() -> None:
    from svx_desktop.model.geometry import rect_around
    from svx_desktop.model.placement import (
        CARD_SIZE,
        NOTE_SIZE,
        ORGANISATION_SIZE,
        free_positions,
        next_free_position,
        ring_slots,
    )

    m = ValueMap(Organisation(position=(100.0, 100.0)))
    m.add_note(Note("parked", position=(100.0, -330.0)))  # where the first place would be
    m.add_stakeholder(Stakeholder("There already", position=(100.0, 530.0)))
    places = free_positions(m, 20)
    assert len(set(places)) == 20
    taken = [rect_around(m.organisation.position, ORGANISATION_SIZE)]
    taken += [rect_around(n.position, NOTE_SIZE) for n in m.notes]
    taken += [rect_around(s.position, CARD_SIZE) for s in m.stakeholders]
    for p in places:
        r = rect_around(p, CARD_SIZE)
        assert not any(rects_overlap(r, t) for t in taken)
        taken.append(r)
    # The first free place is the first of the list, and is on the first ring.
    first = next_free_position(m)
    assert first == places[0]
    assert math.dist(first, (100.0, 100.0)) == pytest.approx(430.0, abs=0.1)
    assert all(ring_slots(r) % 4 == 0 for r in (100.0, 430.0, 2000.0))
