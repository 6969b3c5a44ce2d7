"""The net badge on a stakeholder card: drawn inside the card, live, never resizing it."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from svx_desktop.canvas.badge import badge_rect, balance_glyph, balance_text
from svx_desktop.canvas.scene import MapScene
from svx_desktop.model import Direction, Flow, Stakeholder, ValueMap
from svx_desktop.model.health import Health
from svx_desktop.model.netvalue import figures_of


def _map() -> tuple[ValueMap, Stakeholder]:
    vmap = ValueMap()
    s = Stakeholder("Customers", category="customer", position=(400, 0))
    vmap.add_stakeholder(s)
    return vmap, s


def _render(scene: MapScene, rect: QRectF) -> QImage:
    image = QImage(int(rect.width()) * 2, int(rect.height()) * 2, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    scene.render(painter, QRectF(image.rect()), rect)
    painter.end()
    return image


def test_the_badge_follows_the_flows_inside_an_unchanged_card(qtbot):
    vmap, s = _map()
    scene = MapScene(vmap)
    card = scene.item_for(s.id)
    size = card.scene_rect()
    assert card.figures is not None and not card.figures.has_flows
    bare = _render(scene, size)
    flow = Flow(s.id, Direction.EXPECTS, "interest", importance=4)
    vmap.add_flow(flow)
    assert card.figures == figures_of(vmap, s.id)
    assert card.figures.balance == -4 and card.figures.worst is None
    vmap.update_flow(flow.id, met_today=Health.DEAD)
    assert card.figures.worst is Health.DEAD
    assert card.scene_rect() == size  # label placement relies on the card's size
    badge = badge_rect(card.body_rect(), card.figures, card.handle.pos())
    assert card.body_rect().contains(badge) and not badge.isEmpty()
    drawn = _render(scene, size)
    # Something is drawn where the badge sits, and it was not there before.
    scale = 2
    area = badge.translated(card.pos() - size.topLeft())
    changed = [
        (x, y)
        for x in range(int(area.left() * scale), int(area.right() * scale))
        for y in range(int(area.top() * scale), int(area.bottom() * scale))
        if drawn.pixel(x, y) != bare.pixel(x, y)
    ]
    assert len(changed) > 20
    vmap.remove_flow(flow.id)
    assert not card.figures.has_flows
    scene.detach()


def test_the_badge_keeps_clear_of_the_flow_handle():
    card = QRectF(-80, -23, 160, 46)
    vmap, s = _map()
    vmap.add_flow(Flow(s.id, Direction.PROVIDES, "deposits"))
    figures = figures_of(vmap, s.id)
    right = badge_rect(card, figures, QPointF(-80, 0))  # handle on the left edge
    left = badge_rect(card, figures, QPointF(80, 15))  # handle at the bottom right
    assert right.center().x() > 0 > left.center().x()


def test_balance_words():
    assert [balance_glyph(b) for b in (3, 0, -2)] == ["▲", "=", "▼"]
    assert [balance_text(b) for b in (3, 0, -2)] == ["+3", "0", "−2"]
