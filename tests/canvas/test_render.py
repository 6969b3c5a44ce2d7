"""What the view actually paints: arrows from the cached layer, cards far out, live drags."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage

from svx_desktop.canvas import style
from svx_desktop.editing import MoveElements
from svx_desktop.model import Direction


def _render(c) -> QImage:  # type: ignore[no-untyped-def]
    image = QImage(c.viewport.size(), QImage.Format.Format_ARGB32)
    image.fill(0)
    c.viewport.render(image)
    return image


def _near(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return (
        abs(a.red() - b.red()) <= tolerance
        and abs(a.green() - b.green()) <= tolerance
        and abs(a.blue() - b.blue()) <= tolerance
    )


def _colour_near(c, image: QImage, scene_point: QPointF, colour: QColor, reach: int = 3) -> bool:  # type: ignore[no-untyped-def]
    p = c.view.mapFromScene(scene_point)
    for dx in range(-reach, reach + 1):
        for dy in range(-reach, reach + 1):
            x, y = p.x() + dx, p.y() + dy
            inside = 0 <= x < image.width() and 0 <= y < image.height()
            if inside and _near(image.pixelColor(x, y), colour):
                return True
    return False


def _stakeholder(c, name):  # type: ignore[no-untyped-def]
    return next(s for s in c.map.stakeholders if s.name == name)


def _arrow_visible(c, image: QImage, arrow) -> bool:  # type: ignore[no-untyped-def]
    """The arrow's colour shows along its curve wherever no label covers it."""
    labels = [f.sceneBoundingRect().adjusted(-3, -3, 3, 3) for f in c.scene.flow_items()]
    points = [QPointF(*arrow.curve.point(t / 10)) for t in range(2, 9)]
    free = [p for p in points if not any(r.contains(p) for r in labels)]
    assert free
    return all(_colour_near(c, image, p, style.PROVIDES_COLOUR, reach=2) for p in free)


def test_arrows_are_painted_and_follow_a_move(bank):
    c = bank
    s = _stakeholder(c, "Employees")
    arrow = c.scene.arrow_for(s.id, Direction.PROVIDES)
    old_points = [QPointF(*arrow.curve.point(t / 10)) for t in range(2, 9)]
    assert _arrow_visible(c, _render(c), arrow)
    x, y = s.position
    c.document.push(MoveElements(c.map, {s.id: (x, y)}, {s.id: (x + 200, y + 150)}))
    image = _render(c)
    assert _arrow_visible(c, image, arrow)
    # where the arrow was, the layer has been repainted without it (a blue label or
    # another arrow may happen to sit on one or two of the old points)
    labels = [f.sceneBoundingRect().adjusted(-3, -3, 3, 3) for f in c.scene.flow_items()]
    old_free = [p for p in old_points if not any(r.contains(p) for r in labels)]
    stale = sum(_colour_near(c, image, p, style.PROVIDES_COLOUR, reach=0) for p in old_free)
    assert stale <= 1  # another arrow may cross one of the old points


def test_far_out_cards_are_drawn_by_the_layer(bank):
    c = bank
    s = _stakeholder(c, "Employees")
    card = c.scene.item_for(s.id)
    c.view.set_zoom(style.LOD_SIMPLE / 2)
    band = card.scene_rect()
    band_centre = QPointF(band.left() + style.CARD_BAND / 2, band.center().y())
    image = _render(c)
    assert _colour_near(c, image, band_centre, card.colour, reach=1)
    c.view.zoom_100()
    image = _render(c)
    c.view.centerOn(card)
    image = _render(c)
    assert _colour_near(c, image, band_centre, card.colour, reach=1)


def test_dragging_far_out_is_one_step_and_paints_the_card_where_it_went(bank):
    c = bank
    s = _stakeholder(c, "Suppliers")
    card = c.scene.item_for(s.id)
    c.view.set_zoom(0.15)
    c.view.centerOn(card)
    grab = c.centre_of(card)
    c.qtbot.mousePress(c.viewport, Qt.MouseButton.LeftButton, pos=grab)
    for i in range(1, 6):
        c.qtbot.mouseMove(c.viewport, grab + QPoint(6 * i, 4 * i))
        assert card.live
    c.qtbot.mouseRelease(c.viewport, Qt.MouseButton.LeftButton, pos=grab + QPoint(30, 20))
    assert not card.live
    assert c.document.undo_stack.count() == 1
    assert c.document.undo_stack.undoText() == "Move Stakeholder"
    moved = c.map.stakeholder(s.id).position
    assert moved != s.position
    band = card.scene_rect()
    image = _render(c)
    centre = QPointF(band.left() + style.CARD_BAND / 2, band.center().y())
    assert _colour_near(c, image, centre, card.colour, reach=1)


def test_leader_lines_and_labels_hide_together_far_out(bank):
    c = bank
    c.view.set_zoom(0.25)
    assert not c.scene.labels_visible
    c.view.set_zoom(0.5)
    assert c.scene.labels_visible
