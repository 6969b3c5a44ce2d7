"""Badges and the legend in pictures: drawn where and as the screen draws them.

Every stakeholder card with flows carries its net badge in SVG (``<g class="badge">``
inside the card's group), PNG and PDF; the legend is the view's legend (same rows) in the
export theme, in a place where it covers no card, label, badge, note, title or arrow.
Checked through programs we did not write where installed: rsvg-convert renders the SVG,
pdftotext reads the PDF's words and their boxes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainterPath, QPainterPathStroker
from PySide6.QtWidgets import QApplication

from svx_desktop.canvas import CanvasController, MapScene, MapView, style
from svx_desktop.canvas.badge import HEALTH_COLOURS, badge_layout, balance_text
from svx_desktop.canvas.drawing import EXPORT_THEME, Drawing, scene_drawing
from svx_desktop.canvas.legend import ENTRIES
from svx_desktop.editing import Document
from svx_desktop.fileformat import load
from svx_desktop.fileformat.templates import load_template, template_names
from svx_desktop.model import Direction, Flow, Stakeholder, ValueMap
from svx_desktop.model.health import Health
from svx_desktop.model.netvalue import figures_of
from svx_desktop.pictures.paint import qpath
from svx_desktop.pictures.render import pdf_bytes, png_bytes
from svx_desktop.pictures.svg import drawing_svg

EXAMPLE = Path(__file__).parents[2] / "resources" / "examples" / "bank.svx"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def bank(qapp: object) -> MapScene:
    s = MapScene(load(EXAMPLE).map)
    yield s
    s.detach()


def _groups(root: ET.Element, cls: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == cls]


def _text_of(group: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in group.iter(f"{SVG}text")]


def test_every_card_with_flows_has_its_badge_in_the_svg(bank: MapScene) -> None:
    vmap = bank.map
    lonely = Stakeholder("Nobody yet", category="other", position=(0.0, -900.0))
    vmap.add_stakeholder(lonely)
    root = ET.fromstring(drawing_svg(scene_drawing(bank)).encode())
    cards = {g.get("data-stakeholder-id"): g for g in _groups(root, "stakeholder")}
    assert set(cards) == {s.id for s in vmap.stakeholders}
    for s in vmap.stakeholders:
        figures = figures_of(vmap, s.id)
        badges = _groups(cards[s.id], "badge")
        if not figures.has_flows:
            assert badges == [], s.name
            continue
        (badge,) = badges
        assert _text_of(badge) == [balance_text(figures.balance)]
        # The figure sits where the canvas draws it: inside the card, at the badge's place.
        item = bank.node_for(s.id)
        layout = badge_layout(item.body_rect(), item.figures, item.handle.pos())
        assert layout is not None
        (text,) = badge.iter(f"{SVG}text")
        x, y = float(text.get("x", "nan")), float(text.get("y", "nan"))
        assert abs(x - (layout.baseline.x() + item.x())) < 0.01
        assert abs(y - (layout.baseline.y() + item.y())) < 0.01
        assert item.scene_rect().contains(QPointF(x, y))
        fills = {p.get("fill") for p in badge.iter(f"{SVG}path")}
        strokes = {p.get("stroke") for p in badge.iter(f"{SVG}path")}
        if figures.worst is None:
            assert not strokes - {None}
        else:
            assert HEALTH_COLOURS[figures.worst] in strokes
        ink = EXPORT_THEME["EXPECTS_TEXT" if figures.balance < 0 else "PROVIDES_TEXT"]
        if figures.balance != 0:
            assert ink in fills and text.get("fill") == ink


def test_rsvg_draws_the_badge_pips_in_their_health_colours(bank: MapScene, tmp_path: Path) -> None:
    if not shutil.which("rsvg-convert"):
        pytest.skip("rsvg-convert is not installed")
    vmap = bank.map
    target = vmap.stakeholders[0]
    expectation = next(
        f for f in vmap.flows if f.stakeholder_id == target.id and f.direction is Direction.EXPECTS
    )
    for f in vmap.flows:
        if f.stakeholder_id == target.id and f.direction is Direction.EXPECTS:
            vmap.update_flow(f.id, met_today=Health.ALIVE)
    vmap.update_flow(expectation.id, met_today=Health.DEAD)
    drawing = scene_drawing(bank)
    svg = tmp_path / "map.svg"
    svg.write_text(drawing_svg(drawing), encoding="utf-8")
    png = tmp_path / "map.png"
    subprocess.run(["rsvg-convert", "-z", "4", "-o", str(png), str(svg)], check=True, timeout=60)
    image = QImage(str(png))
    item = bank.node_for(target.id)
    layout = badge_layout(item.body_rect(), item.figures, item.handle.pos())
    assert layout is not None and layout.pip is not None
    centre = layout.pip + item.pos()
    x0, y0 = drawing.bounds[0], drawing.bounds[1]
    # The dead pip is a crossed ring: its colour on the ring and on the cross.
    near = [
        image.pixelColor(round((centre.x() - x0 + dx) * 4), round((centre.y() - y0 + dy) * 4))
        for dx in (-4.5, -3.2, 0.0, 3.2, 4.5)
        for dy in (-4.5, -3.2, 0.0, 3.2, 4.5)
    ]
    dead = QColor(HEALTH_COLOURS[Health.DEAD])
    assert any(_close(c, dead) for c in near)


def _close(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def test_png_draws_each_badge_inside_its_card(bank: MapScene) -> None:
    drawing = scene_drawing(bank)
    image = QImage.fromData(png_bytes(drawing, scale=2))
    x0, y0 = drawing.bounds[0], drawing.bounds[1]
    badged = [c for c in drawing.cards if c.badge is not None]
    assert len(badged) == len(bank.map.stakeholders)
    for card in badged:
        assert card.badge is not None
        assert QRectF(*card.rect).contains(QRectF(*card.badge.rect))
        bx, by, bw, bh = card.badge.rect
        inks = {
            image.pixelColor(round((x - x0) * 2), round((y - y0) * 2)).name()
            for x in range(int(bx), int(bx + bw))
            for y in range(int(by), int(by + bh))
        }
        assert len(inks) > 3, card.element_id  # something is drawn where the badge is


def test_pdftotext_finds_each_badge_figure_inside_its_card(bank: MapScene, tmp_path: Path) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed")
    drawing = scene_drawing(bank)
    out = tmp_path / "map.pdf"
    out.write_bytes(pdf_bytes(drawing, page="a4", orientation="landscape"))
    html = subprocess.run(
        ["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = [
        (float(a), float(b), float(c), float(d), w)
        for a, b, c, d, w in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', html
        )
    ]
    # The page is A4 landscape with 10 mm margins; the drawing is fitted and centred.
    margin = 10 / 25.4 * 72
    pw, ph = 842 - 2 * margin, 595 - 2 * margin
    x, y, w, h = drawing.bounds
    k = min(pw / w, ph / h)
    ox, oy = margin + (pw - w * k) / 2 - x * k, margin + (ph - h * k) / 2 - y * k
    for card in drawing.cards:
        if card.badge is None:
            continue
        left, top, cw, ch = card.rect
        page_card = QRectF(ox + left * k, oy + top * k, cw * k, ch * k).adjusted(-1, -1, 1, 1)
        found = [
            word
            for word in words
            if word[4] == card.badge.text.text
            and page_card.contains(QRectF(word[0], word[1], word[2] - word[0], word[3] - word[1]))
        ]
        assert found, (card.texts[0].text, card.badge.text.text)


# ------------------------------------------------------------------------ the legend
def _legend_texts(drawing: Drawing) -> list[str]:
    assert drawing.legend is not None
    return [t.text for t in drawing.legend.texts]


def _covered(drawing: Drawing) -> list[str]:
    """What of the picture the legend's box touches (empty: nothing)."""
    assert drawing.legend is not None
    box = QRectF(*drawing.legend.rect)
    hits = []
    for card in (*drawing.cards, *drawing.notes):
        if QRectF(*card.rect).intersects(box):
            hits.append(f"card {card.texts[0].text if card.texts else card.element_id}")
    for label in drawing.labels:
        if QRectF(*label.rect).intersects(box):
            hits.append(f"label {label.label}")
    for line in drawing.title:
        if QRectF(*line.rect).intersects(box):
            hits.append(f"title {line.text}")
    stroker = QPainterPathStroker()
    for arrow in drawing.arrows:
        stroker.setWidth(arrow.width)
        outline = stroker.createStroke(qpath(arrow.path))
        head = QPainterPath()
        head.addPolygon([QPointF(x, y) for x, y in arrow.head])
        leader = QPainterPath()
        if arrow.leader is not None:
            leader.moveTo(*arrow.leader[0])
            leader.lineTo(*arrow.leader[1])
            stroker.setWidth(arrow.leader_width)
            leader = stroker.createStroke(leader)
        if outline.intersects(box) or head.intersects(box) or leader.intersects(box):
            hits.append(f"arrow of {arrow.stakeholder_id} {arrow.direction}")
    return hits


def _maps() -> list[tuple[str, ValueMap]]:
    out = [("bank", load(EXAMPLE).map)]
    out += [(name, load_template(name)) for name in template_names()]
    crowded = ValueMap()
    for i in range(12):  # a ring close around the organisation: no corner is free
        angle_x, angle_y = [(-260, -160), (260, -160), (-260, 160), (260, 160)][i % 4]
        s = Stakeholder(f"S{i}", category="customer", position=(angle_x, angle_y + 30 * (i // 4)))
        crowded.add_stakeholder(s)
        crowded.add_flow(Flow(s.id, Direction.PROVIDES, f"gives {i}"))
    out.append(("crowded", crowded))
    return out


@pytest.mark.parametrize(("name", "vmap"), _maps(), ids=[n for n, _ in _maps()])
def test_the_exported_legend_covers_nothing_and_has_the_screen_rows(
    qapp: object, name: str, vmap: ValueMap
) -> None:
    scene = MapScene(vmap)
    try:
        drawing = scene_drawing(scene)
    finally:
        scene.detach()
    assert _legend_texts(drawing) == [text for _, text in ENTRIES]
    assert _covered(drawing) == []
    assert QRectF(*drawing.bounds).contains(QRectF(*drawing.legend.rect))  # type: ignore[union-attr]


def test_the_legend_in_the_svg_is_the_screen_legend_in_the_export_theme(
    bank: MapScene,
) -> None:
    from svx_desktop.ui.themes import DARK, LIGHT

    style.apply_colours(DARK)
    try:
        root = ET.fromstring(drawing_svg(scene_drawing(bank)).encode())
    finally:
        style.apply_colours(LIGHT)
    (legend,) = _groups(root, "legend")
    assert _text_of(legend) == [text for _, text in ENTRIES]
    (box,) = legend.iter(f"{SVG}rect")
    assert box.get("fill") == EXPORT_THEME["CARD_FILL"]
    fills = {p.get("fill") for p in legend.iter(f"{SVG}path")}
    strokes = {p.get("stroke") for p in legend.iter(f"{SVG}path")}
    assert {EXPORT_THEME["PROVIDES_COLOUR"], EXPORT_THEME["EXPECTS_COLOUR"]} <= fills
    assert {HEALTH_COLOURS[Health.DEAD], HEALTH_COLOURS[Health.ALIVE]} <= strokes
    texts = {t.get("fill") for t in legend.iter(f"{SVG}text")}
    assert texts == {
        EXPORT_THEME["PROVIDES_TEXT"],
        EXPORT_THEME["EXPECTS_TEXT"],
        EXPORT_THEME["TEXT_COLOUR"],
    }


def test_the_view_paints_the_same_legend_rows(qapp: object) -> None:
    vmap = load(EXAMPLE).map
    scene = MapScene(vmap)
    view = MapView(CanvasController(Document(vmap), scene))
    view.resize(1600, 1000)
    view.show()
    view.fit_all()
    QApplication.processEvents()
    try:
        box = view.legend_rect()
        assert box is not None
        image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32)
        view.viewport().render(image)
        colours = [
            image.pixelColor(x, y)
            for x in range(int(box.left()), int(box.right()))
            for y in range(int(box.top()), int(box.bottom()))
        ]
        for wanted in (
            style.PROVIDES_COLOUR,
            style.EXPECTS_COLOUR,
            QColor(HEALTH_COLOURS[Health.DEAD]),
            QColor(HEALTH_COLOURS[Health.ALIVE]),
        ):
            assert any(_close(c, wanted, 12) for c in colours), wanted.name()
        # The rows the export writes are the ones the view paints: the same layout.
        drawing = scene_drawing(scene)
        assert drawing.legend is not None
        assert (drawing.legend.rect[2], drawing.legend.rect[3]) == (box.width(), box.height())
    finally:
        view.close()
        scene.detach()


def test_a_card_with_a_journey_carries_its_mark_in_the_picture(bank: MapScene) -> None:
    vmap = bank.map
    with_journey = vmap.journeys.stakeholders_with_journeys()
    assert with_journey, "the example has a worked journey"
    drawing = scene_drawing(bank)
    root = ET.fromstring(drawing_svg(drawing).encode())
    cards = {g.get("data-stakeholder-id"): g for g in _groups(root, "stakeholder")}
    for s in vmap.stakeholders:
        count = str(len(vmap.journeys.journey(s.id)))
        texts = _text_of(cards[s.id])
        if s.id in with_journey:
            assert count in texts, s.name
        worst = vmap.journeys.worst_health(s.id)
        if worst is not None:
            strokes = {p.get("stroke") for p in cards[s.id].iter(f"{SVG}path")}
            assert HEALTH_COLOURS[worst] in strokes
    # The count sits inside its own card.
    (sid,) = with_journey[:1]
    card = next(c for c in drawing.cards if c.element_id == sid)
    (count_text,) = [t for t in card.texts if t.role == "badge"]
    x, y, w, h = count_text.rect
    cx, cy, cw, ch = card.rect
    assert cx <= x and x + w <= cx + cw and cy <= y and y + h <= cy + ch
