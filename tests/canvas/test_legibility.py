"""Legible from the back of the room (issue 9): geometry guarantees over real scene items.

For every bundled template and generated maps of 25 and 60 stakeholders, before and
after Arrange, measured on the items a view draws (cards' and labels' rectangles, the
arrows' painter paths): each label is nearer to its own arrow than to any other arrow and
nearer to its own card than to any other card; no arrow passes through a label or through
a card other than its own; no two labels, cards or notes overlap; leader lines are solid,
wide and in the arrow's own colour. The legend sits in a corner where it covers nothing
(or is off), and each row's arrow points the way its text says.
"""

from __future__ import annotations

import itertools
import math
import random
from functools import cache

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from svx_desktop.canvas import CanvasController, MapScene, MapView, style
from svx_desktop.canvas.flows import FlowArrow
from svx_desktop.canvas.legend import legend_size, paint_legend
from svx_desktop.canvas.view import caption_rect
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
from svx_desktop.model.geometry import Point, Rect, rects_overlap
from svx_desktop.model.layout import radial_layout
from svx_desktop.model.legible import polyline_rect_distance, rect_distance
from svx_desktop.model.placement import clockwise_angle, place_new
from tests.model.test_layout import _WORDS


def generated(count: int, seed: int = 5) -> ValueMap:
    """``count`` stakeholders added one by one where the app puts new ones (N: the place
    ``place_new`` finds, what it spreads out to make room moved first)."""
    rnd = random.Random(seed)
    m = ValueMap(Organisation(name="Generated organisation"))
    for i in range(count):
        name = f"Stakeholder {i} " + " ".join(rnd.sample(_WORDS, rnd.randint(0, 2)))
        placement = place_new(m)
        m.set_positions(placement.moves)
        s = Stakeholder(
            name.strip(),
            category=rnd.choice(BUILTIN_CATEGORIES).id,
            position=placement.positions[0],
        )
        m.add_stakeholder(s)
        for _ in range(rnd.randint(1, 4)):
            label = " ".join(rnd.sample(_WORDS, rnd.randint(1, 3)))
            m.add_flow(Flow(s.id, rnd.choice(list(Direction)), label))
    return m


CASES = [*template_names(), "generated-10", "generated-25", "generated-60"]


@cache
def _generated(count: int) -> ValueMap:
    return generated(count)


def _map(name: str) -> ValueMap:
    if name.startswith("generated-"):
        return _generated(int(name.split("-")[1])).copy()  # built once (N is not quick)
    return load_template(name)


@cache
def _scene(name: str, arranged: bool) -> MapScene:
    """The scene of one case (built once: every test only reads it)."""
    m = _map(name)
    scene = MapScene(m)
    if arranged:
        # As View ▸ Arrange does (ui.arrange): the scene's sizes, then the labels again.
        sizes = scene.element_sizes()
        positions = radial_layout(
            m,
            card_size=sizes.__getitem__,
            label_size=lambda t: style.label_size(t)[1],
            organisation_size=sizes[m.organisation.id],
        )
        m.set_positions(positions)
        scene.relayout_labels()
    scene.ensure_labels()
    return scene


def _rect(r: QRectF) -> Rect:
    return (r.left(), r.top(), r.right(), r.bottom())


def _arrow_line(arrow: FlowArrow) -> list[Point]:
    """The arrow as painted: its painter path flattened, and its head."""
    points: list[Point] = []
    for polygon in arrow._path.toSubpathPolygons():
        points.extend((p.x(), p.y()) for p in polygon)
    head = [(p.x(), p.y()) for p in arrow._head]
    return points + head + head[:1]


def _geometry(scene: MapScene):  # type: ignore[no-untyped-def]
    cards = {c.element_id: _rect(c.scene_rect()) for c in scene.stakeholder_items()}
    arrows = {
        (a.stakeholder_id, a.direction): _arrow_line(a)
        for a in scene.arrow_items()
        if a.curve is not None
    }
    labels = {f.element_id: f for f in scene.flow_items()}
    return cards, arrows, labels


@pytest.fixture(scope="module", params=[False, True], ids=["as-saved", "arranged"])
def arranged(request):  # type: ignore[no-untyped-def]
    return request.param


@pytest.mark.parametrize("name", CASES)
def test_each_label_is_nearest_its_own_arrow_and_card(qapp, name, arranged) -> None:
    scene = _scene(name, arranged)
    cards, arrows, labels = _geometry(scene)
    bad = []
    for _fid, item in labels.items():
        r = _rect(item.sceneBoundingRect())
        key = (item.stakeholder_id, item.direction)
        if key in arrows:
            own = polyline_rect_distance(arrows[key], r)
            for other, line in arrows.items():
                if other != key and polyline_rect_distance(line, r) <= own:
                    bad.append((item.label, "arrow", other))
        own_card = rect_distance(r, cards[item.stakeholder_id])
        for sid, c in cards.items():
            if sid != item.stakeholder_id and rect_distance(r, c) <= own_card:
                bad.append((item.label, "card", sid))
    assert bad == [], f"{len(bad)} of {len(labels)} labels nearer someone else's: {bad[:5]}"


@pytest.mark.parametrize("name", CASES)
def test_no_arrow_runs_through_a_label_or_another_card(qapp, name, arranged) -> None:
    scene = _scene(name, arranged)
    cards, arrows, labels = _geometry(scene)
    through_labels = [
        (f.label, key)
        for f in labels.values()
        for key, line in arrows.items()
        if polyline_rect_distance(line, _rect(f.sceneBoundingRect())) == 0.0
    ]
    through_cards = [
        (key, sid)
        for key, line in arrows.items()
        for sid, c in cards.items()
        if sid != key[0] and polyline_rect_distance(line, c) == 0.0
    ]
    assert through_labels == []
    assert through_cards == []


@pytest.mark.parametrize("name", CASES)
def test_no_two_labels_cards_or_notes_overlap(qapp, name, arranged) -> None:
    scene = _scene(name, arranged)
    blocks: list[tuple[str, Rect]] = [("organisation", _rect(scene.organisation_item.scene_rect()))]
    blocks += [(c.element_id, _rect(c.scene_rect())) for c in scene.stakeholder_items()]
    blocks += [(n.element_id, _rect(n.scene_rect())) for n in scene.note_items()]
    blocks += [(f.label, _rect(f.sceneBoundingRect())) for f in scene.flow_items()]
    blocks.sort(key=lambda b: b[1][0])
    bad = []
    for i, (ka, a) in enumerate(blocks):
        for kb, b in blocks[i + 1 :]:
            if b[0] >= a[2]:
                break
            if rects_overlap(a, b):
                bad.append((ka, kb))
    assert bad == []


def _contrast(a: QColor, b: QColor) -> float:
    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("theme", ["light", "projector"])
def test_leader_lines_are_clearly_visible(qapp, theme) -> None:
    from svx_desktop.ui import themes

    saved = style.current_colours()
    style.apply_colours(themes.palette(theme))
    try:
        scene = _scene("generated-60", False)
        assert any(a.leader is not None for a in scene.arrow_items())
        for arrow in scene.arrow_items():
            pen = arrow.leader_pen()
            assert pen.widthF() >= 1.5
            assert pen.style() == Qt.PenStyle.SolidLine
            assert _contrast(pen.color(), style.BACKGROUND) >= 3.0
    finally:
        style.apply_colours(saved)


def test_arrange_spaces_many_stakeholders_evenly(qapp) -> None:
    m = _map("generated-60")
    positions = radial_layout(m)
    centre = m.organisation.position
    angles = sorted(clockwise_angle(centre, p) for p in positions.values())
    gaps = [b - a for a, b in itertools.pairwise(angles)]
    gaps.append(angles[0] + 2 * math.pi - angles[-1])
    mean = 2 * math.pi / len(angles)
    assert max(gaps) < 3.0 * mean, [round(g / mean, 2) for g in gaps]
    assert min(gaps) > 0.2 * mean


# ------------------------------------------------------------------------ the legend
def _view(m: ValueMap) -> MapView:
    scene = MapScene(m)
    view = MapView(CanvasController(Document(m), scene))
    view.resize(1280, 720)
    view.show()
    QApplication.processEvents()
    return view


@pytest.mark.parametrize("name", ["bank", "bank-default-window", "generated-25"])
def test_the_legend_covers_nothing_of_the_map(qapp, name) -> None:
    view = _view(_map(name.removesuffix("-default-window")))
    if name.endswith("-default-window"):
        view.resize(720, 555)  # the canvas of the first window on a 1280x720 screen
        QApplication.processEvents()
    view.fit_all()
    QApplication.processEvents()
    box = view.legend_rect()
    scene = view.map_scene
    if name.startswith("bank"):
        # Fit leaves the legend a free corner (zooming out a little if it must).
        assert box is not None
    if box is not None:
        area = view.mapToScene(box.toAlignedRect()).boundingRect()
        assert not scene.occupied(area)
        for item in [*scene.stakeholder_items(), *scene.flow_items(), *scene.note_items()]:
            shown = view.mapFromScene(item.sceneBoundingRect()).boundingRect()
            assert not QRectF(shown).intersects(box), item
    view.set_show_legend(False)
    assert view.legend_rect() is None
    view.close()


def test_the_legend_never_covers_the_caption(qapp) -> None:
    """Presenting, the caption sits bottom right; a caption wide enough to reach the
    bottom-left corner sends the legend to a top corner."""
    view = _view(_map("bank"))
    view.fit_all()
    QApplication.processEvents()
    assert view.legend_rect() is not None
    view.caption = "15 stakeholders · → one by one · " * 6
    caption = caption_rect(view.caption, view.viewport().rect())
    assert caption.left() < legend_size()[0] + 20  # it reaches the bottom-left corner
    box = view.legend_rect()
    assert box is None or not box.intersects(caption)
    view.close()


def test_the_legend_rows_point_the_way_they_say(qapp) -> None:
    w, h = legend_size()
    image = QImage(int(w) + 4, int(h) + 4, QImage.Format.Format_ARGB32)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    paint_legend(painter, QRectF(0, 0, w, h))
    painter.end()

    def head_side(colour: QColor) -> str:
        # The head is the widest part of the sample: count the colour's pixels in a
        # column near each end of the sample (x 10..52).
        def column(x: int) -> int:
            return sum(1 for y in range(int(h)) if _contrast(image.pixelColor(x, y), colour) < 1.3)

        left, right = column(14), column(48)
        return "right" if right > left else "left"

    assert head_side(style.flow_colour(Direction.PROVIDES)) == "right"  # provides →
    assert head_side(style.flow_colour(Direction.EXPECTS)) == "left"  # expects ←


def test_the_arrow_index_follows_every_move_on_a_map_too_big_to_test(qapp, monkeypatch) -> None:
    """On a map past ``MAX_CHECKED`` the arrow index is built only when first asked for
    (the legend's place); from then on each moved arrow is filed again at once — a drag
    must not rebuild it (every frame) nor leave it behind (the legend would cover arrows)."""
    from svx_desktop.canvas import bundles
    from svx_desktop.model.legible import curve_line

    monkeypatch.setattr(bundles, "MAX_CHECKED", 3)
    m = generated(8)
    scene = MapScene(m)
    scene.ensure_labels()
    index = scene.bundles.legible_arrows
    assert len(index) == len(scene.bundles.arrows)
    s = m.stakeholders[0]
    others = {k: index.line(k) for k in scene.bundles.arrows if k[0] != s.id}
    m.set_positions({s.id: (s.position[0] + 150.0, s.position[1] + 90.0)})
    after = scene.bundles.legible_arrows
    for key, arrow in scene.bundles.arrows.items():
        if key[0] == s.id:
            assert after.line(key) == curve_line(arrow.curve)
        else:  # filed once, not again
            assert after.line(key) is others[key]
