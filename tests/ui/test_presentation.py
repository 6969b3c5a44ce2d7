"""Presentation mode (F5) on a real 1280×720 window: type that reads on a projector.

Type sizes are measured as the screen sees them: each role's font (the one the items
paint with, ``style.font``) converted to pixels at the view's DPI, times the view's zoom.
"""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter

from svx_desktop.canvas import style
from svx_desktop.editing import Document
from svx_desktop.fileformat.templates import load_template
from svx_desktop.model import Direction
from svx_desktop.model.layout import radial_layout
from tests.ui import workshop_helpers
from tests.ui.test_workshop_arrange import generated_map

kit_window = workshop_helpers.kit_window
Key = Qt.Key


def text_px(window, role: str) -> float:
    """How tall ``role``'s text is on screen: the font's size in pixels × the zoom."""
    font = style.font(role)
    view = window.view
    size = font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * view.logicalDpiY() / 72
    return size * view.transform().m11()


def on_screen(window) -> QRectF:
    view = window.view
    return view.mapToScene(view.viewport().rect()).boundingRect()


def arranged(vmap):
    """``vmap`` with its stakeholders on rings around the organisation (as Arrange does)."""
    vmap.set_positions(radial_layout(vmap))
    return vmap


def presenting_window(kit_window, qtbot, vmap):
    window = kit_window(Document(vmap))
    window.resize(1280, 720)
    # The offscreen screen is 800×800: present in the window, which keeps 1280×720.
    window.workshop.presentation.full_screen = False
    qtbot.keyClick(window.view, Key.Key_F5)
    assert window.workshop.presentation.active
    qtbot.waitUntil(lambda: window.view.viewport().width() >= 1270)
    window.workshop.presentation.fit()
    return window


def press(qtbot, window, key: Qt.Key) -> None:
    """Press ``key`` on the canvas and let the view arrive at the slide it eases to."""
    qtbot.keyClick(window.view, key)
    qtbot.waitUntil(lambda: not window.workshop.presentation.easing, timeout=3000)


def ring_order(vmap) -> list[str]:
    """Stakeholders clockwise from the top around the organisation (screen y grows down)."""
    ox, oy = vmap.organisation.position

    def angle(s) -> float:
        x, y = s.position
        return (math.atan2(x - ox, -(y - oy)) + 2 * math.pi) % (2 * math.pi)

    return [s.id for s in sorted(vmap.stakeholders, key=angle)]


def grid_pixels(window) -> int:
    """How many pixels of the view's background (what ``drawBackground`` paints over a
    400×400 patch of the visible map) are not the plain background colour."""
    view = window.view
    image = QImage(400, 400, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.setTransform(view.viewportTransform())
    exposed = view.mapToScene(view.viewport().rect()).boundingRect()
    view.drawBackground(painter, QRectF(exposed.topLeft(), exposed.size()))
    painter.end()
    plain = style.BACKGROUND.rgb()
    return sum(1 for y in range(0, 400, 3) for x in range(400) if image.pixel(x, y) != plain)


def test_bank_template_reads_from_the_back_of_the_room(kit_window, qtbot):
    window = kit_window(Document(load_template("bank")))
    window.resize(1280, 720)
    window.view.zoom_100()
    assert grid_pixels(window) > 0, "the grid shows while editing"
    qtbot.keyClick(window.view, Key.Key_Escape)
    window.workshop.presentation.full_screen = False
    qtbot.keyClick(window.view, Key.Key_F5)
    qtbot.waitUntil(lambda: window.view.viewport().width() >= 1270)
    window.workshop.presentation.fit()
    assert text_px(window, "label") >= 14
    assert text_px(window, "name") >= 18
    scene = window.scene
    assert scene.labels_visible
    assert all(f.isVisible() and f.opacity() == 1.0 for f in scene.flow_items())
    assert on_screen(window).contains(window.view.content_rect()), "the whole map shows"
    # Every name is drawn whole in the larger type.
    vmap = window.document.map
    assert all(
        c.shown_name == vmap.stakeholder(c.element_id).name for c in scene.stakeholder_items()
    )
    assert grid_pixels(window) == 0, "no grid while presenting"
    assert not style.EDITING_FURNITURE  # no flow handles drawn on the cards
    assert window.view.caption == ""


def test_a_canvas_resized_while_presenting_is_framed_again(kit_window, qtbot):
    # A window manager may finish going full screen after the first frames: the slide
    # follows the canvas's new size, with no key pressed.
    window = kit_window(Document(load_template("bank")))
    window.resize(1000, 600)
    window.workshop.presentation.full_screen = False
    qtbot.keyClick(window.view, Key.Key_F5)
    qtbot.wait(200)
    assert window.workshop.presentation.counting  # too small a window to read it whole
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: not window.workshop.presentation.counting)
    assert text_px(window, "label") >= 14
    assert text_px(window, "name") >= 18
    assert on_screen(window).contains(window.view.content_rect())


def test_esc_restores_zoom_type_selection_and_editing(kit_window, qtbot):
    window = kit_window(Document(load_template("bank")))
    window.resize(1280, 720)
    vmap = window.document.map
    first = vmap.stakeholders[0].id
    window.scene.select_ids([first])
    zoom = window.view.zoom_factor()
    card = window.scene.item_for(first)
    card_rect = card.scene_rect()
    label_sizes = {f.element_id: f.size for f in window.scene.flow_items()}
    window.workshop.presentation.full_screen = False
    qtbot.keyClick(window.view, Key.Key_F5)
    qtbot.waitUntil(lambda: window.view.viewport().width() >= 1270)
    assert window.scene.selection().stakeholders == ()
    assert card.scene_rect().width() > card_rect.width(), "type is larger, not only zoomed"
    # Nothing can be selected, dragged or typed while presenting.
    centre = window.view.mapFromScene(card.scene_rect().center())
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert window.scene.selection().stakeholders == ()
    assert not window.keymap["add_stakeholder"].isEnabled()
    qtbot.keyClick(window.view, Key.Key_Escape)
    presentation = window.workshop.presentation
    assert not presentation.active
    assert abs(window.view.zoom_factor() - zoom) < 1e-9
    assert style.point_size("label") == style.BASE_POINTS["label"]
    assert card.scene_rect() == card_rect
    assert {f.element_id: f.size for f in window.scene.flow_items()} == label_sizes
    assert window.scene.selection().stakeholders == (first,)
    assert style.EDITING_FURNITURE and window.view.show_grid and window.view.caption == ""
    assert window.keymap["add_stakeholder"].isEnabled()
    assert not any(a.isEnabled() or a.shortcuts() for a in presentation.actions.values())
    # The arrows nudge again, and a click selects again.
    before = vmap.stakeholder(first).position
    qtbot.keyClick(window.view, Key.Key_Right)
    assert vmap.stakeholder(first).position == (before[0] + 5, before[1])
    window.scene.clearSelection()
    centre = window.view.mapFromScene(card.scene_rect().center())
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert window.scene.selection().stakeholders == (first,)


@pytest.mark.parametrize("count", [25, 60])
def test_a_big_map_is_stepped_through_stakeholder_by_stakeholder(kit_window, qtbot, count):
    window = presenting_window(kit_window, qtbot, arranged(generated_map(count)))
    vmap = window.document.map
    presentation = window.workshop.presentation
    if count > 25:
        presentation.ease.set_duration(0)  # eased in the 25 run; 60 steps go straight
    scene = window.scene
    # Home: the whole map, names readable, labels counted per direction.
    assert presentation.counting
    assert text_px(window, "name") >= 12
    assert on_screen(window).contains(scene.content_rect(with_labels=False))
    assert not any(f.isVisible() for f in scene.flow_items())
    badges = {b.card.element_id: b.text for b in presentation.badges}
    for s in vmap.stakeholders:
        n_provides = len(vmap.flows_of(s.id, Direction.PROVIDES))
        n_expects = len(vmap.flows_of(s.id, Direction.EXPECTS))
        parts = [f"{n} {d}" for n, d in ((n_provides, "provides"), (n_expects, "expects")) if n]
        assert badges.get(s.id, "") == " · ".join(parts)
    order = ring_order(vmap)
    for i, sid in enumerate(order):
        press(qtbot, window, Key.Key_Right if i % 2 else Key.Key_Down)
        assert presentation.current == sid
        assert window.view.caption == f"{i + 1} / {count} · {vmap.stakeholder(sid).name}"
        assert text_px(window, "label") >= 14
        assert text_px(window, "name") >= 18
        shown = on_screen(window)
        assert shown.contains(scene.item_for(sid).scene_rect())
        assert shown.contains(scene.organisation_item.scene_rect())
        for f in vmap.flows_of(sid):
            label = scene.item_for(f.id)
            assert label.isVisible() and label.opacity() == 1.0
            assert shown.contains(label.sceneBoundingRect())
        others = [c for c in scene.stakeholder_items() if c.element_id != sid]
        assert all(c.opacity() < 1.0 for c in others), "the rest is dimmed"
    press(qtbot, window, Key.Key_Left)
    assert presentation.current == order[-2]
    press(qtbot, window, Key.Key_Home)
    assert presentation.current is None and presentation.counting
    assert text_px(window, "name") >= 12
    assert all(c.opacity() == 1.0 for c in scene.stakeholder_items())


def test_reveal_shows_exactly_the_revealed_stakeholders(kit_window, qtbot):
    window = presenting_window(kit_window, qtbot, load_template("bank"))
    vmap = window.document.map
    scene = window.scene
    order = ring_order(vmap)

    def shown() -> set[str]:
        return {c.element_id for c in scene.stakeholder_items() if c.opacity() > 0}

    def labels_shown() -> set[str]:
        return {f.element_id for f in scene.flow_items() if f.opacity() > 0}

    def flows_of(ids) -> set[str]:
        return {f.id for sid in ids for f in vmap.flows_of(sid)}

    press(qtbot, window, Key.Key_R)
    assert shown() == set() and labels_shown() == set()
    assert scene.organisation_item.opacity() == 1.0
    for n in range(1, 4):
        press(qtbot, window, Key.Key_Right)
        assert shown() == set(order[:n])
        assert labels_shown() == flows_of(order[:n])
        assert window.view.caption.startswith(f"Reveal · {n} / {len(order)}")
    if window.workshop.presentation.counting:  # too big to read whole: names and counts
        assert text_px(window, "name") >= 12
    else:
        assert text_px(window, "label") >= 14
    press(qtbot, window, Key.Key_Left)
    assert shown() == set(order[:2])
    assert labels_shown() == flows_of(order[:2])
    press(qtbot, window, Key.Key_R)
    assert shown() == set(order)


def test_presenting_keys_act_only_while_presenting_and_are_on_the_sheet(kit_window, qtbot):
    window = kit_window(Document(load_template("bank")))
    presentation = window.workshop.presentation
    qtbot.keyClick(window.view, Key.Key_Right)
    qtbot.keyClick(window.view, Key.Key_R)
    assert presentation.current is None and not presentation.revealing
    rows = [(what, keys) for _section, what, keys in window.shortcut_rows()]
    sections = [section for section, _what, _keys in window.shortcut_rows()]
    assert "Presenting (F5)" in sections
    keys = dict(rows)
    assert keys["Next stakeholder (ring order; revealing: show one more)"].startswith("Right")
    assert keys["The whole map"] == "Home"
    assert keys["Reveal stakeholders one by one, on or off"] == "R"


def test_counts_sit_beside_their_own_card_and_cover_no_other(kit_window, qtbot):
    """Right against its own card, on the side away from the middle — or on the other
    side where that would cover another card or count (changed: counts used to cover
    neighbouring cards in the larger type)."""
    window = presenting_window(kit_window, qtbot, arranged(generated_map(25)))
    org = window.scene.organisation_item.scene_rect().center()
    cards = [c.scene_rect() for c in window.scene.stakeholder_items()]
    placed: list[QRectF] = []
    moved = 0
    for badge in window.workshop.presentation.badges:
        card = badge.card.scene_rect()
        rect = badge.sceneBoundingRect()
        assert abs(rect.center().x() - card.center().x()) < 1
        below, above = rect.top() - card.bottom(), card.top() - rect.bottom()
        away, toward = (below, above) if card.center().y() >= org.y() else (above, below)
        others = [c for c in cards if c != card] + placed
        if 0 <= away <= 4:
            pass
        else:
            assert 0 <= toward <= 4, "right against its own card"
            moved += 1
        if any(rect.intersects(r) for r in others):  # only when both sides are taken
            top = card.bottom() + 2 if rect.top() < card.top() else card.top() - 2 - rect.height()
            mirrored = QRectF(rect.left(), top, rect.width(), rect.height())
            assert any(mirrored.intersects(r) for r in others), badge.text
        placed.append(rect)
    assert moved < len(placed) / 4


def test_another_window_edited_while_presenting_is_in_editing_type_afterwards(kit_window, qtbot):
    from svx_desktop.editing.commands import EditElements

    other = kit_window(Document(load_template("bank")))
    vmap = other.document.map
    sid = vmap.stakeholders[0].id
    window = presenting_window(kit_window, qtbot, load_template("bank"))
    assert style.type_scale("name") > 1
    other.document.push(EditElements(vmap, "stakeholder", {sid: {"name": "Savers"}}))
    qtbot.keyClick(window.view, Key.Key_Escape)
    card = other.scene.item_for(sid)
    assert card.shown_name == "Savers"
    assert card.scene_rect().width() == style.card_size("Savers")[1]
    assert card.scene_rect().height() == style.CARD_HEIGHT


def _misread(scene) -> list[tuple[str, str]]:
    """Labels nearer another arrow or card than their own, or overlapping anything, in
    the scene as it is laid out now (the guarantees of tests/canvas/test_legibility)."""
    from svx_desktop.model.geometry import rects_overlap
    from svx_desktop.model.legible import polyline_rect_distance, rect_distance
    from tests.canvas.test_legibility import _geometry, _rect

    cards, arrows, labels = _geometry(scene)
    bad = []
    rects = [_rect(scene.organisation_item.scene_rect()), *cards.values()]
    for item in labels.values():
        r = _rect(item.sceneBoundingRect())
        key = (item.stakeholder_id, item.direction)
        own = polyline_rect_distance(arrows[key], r)
        bad += [(item.label, "arrow") for k, line in arrows.items() if k != key
                and polyline_rect_distance(line, r) <= own]  # fmt: skip
        own_card = rect_distance(r, cards[item.stakeholder_id])
        bad += [(item.label, "card") for sid, c in cards.items() if sid != item.stakeholder_id
                and rect_distance(r, c) <= own_card]  # fmt: skip
        bad += [(item.label, "overlap") for other in rects if rects_overlap(r, other)]
        rects.append(r)
    return bad


@pytest.mark.parametrize("name", ["generated-4", "generated-6", "public-service"])
def test_a_whole_map_is_presented_with_its_labels_only_where_they_read(kit_window, qtbot, name):
    """Larger type grows cards and labels where the map left room for the editing sizes:
    a map whose labels would then sit nearer someone else's arrow (or overlap) is shown as
    counts, stakeholder by stakeholder, never as a tangle of misleading labels."""
    from tests.canvas.test_legibility import _map

    window = kit_window(Document(_map(name)))
    window.resize(1280, 720)
    window.workshop.arranger.arrange(animate=False)  # as Ctrl+L does, with the real sizes
    window.workshop.presentation.full_screen = False
    qtbot.keyClick(window.view, Key.Key_F5)
    qtbot.waitUntil(lambda: window.view.viewport().width() >= 1270)
    presentation = window.workshop.presentation
    presentation.fit()
    if presentation.counting:
        assert not any(f.isVisible() for f in window.scene.flow_items())
    else:
        assert text_px(window, "label") >= 14
        assert _misread(window.scene) == []
