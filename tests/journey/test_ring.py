"""The stakeholder-centred channel view: one card per channel used, nothing overlapping,
in step with the journey."""

from __future__ import annotations

from PySide6.QtCore import QRectF

from svx_desktop.journey.ring import ChannelRingScene, ring_places
from svx_desktop.model import Stakeholder, ValueMap
from svx_desktop.model.health import Health
from svx_desktop.model.journey_elements import TouchPoint


def build() -> ValueMap:
    vmap = ValueMap()
    vmap.add_stakeholder(Stakeholder("Customers", id="s"))
    j = vmap.journeys
    j.add_touch_point(TouchPoint("s", "Calls", id="a", channels=("phone",), health=Health.DEAD))
    j.add_touch_point(
        TouchPoint("s", "Browses", id="b", channels=("web", "phone"), health=Health.ALIVE)
    )
    return vmap


def test_one_card_per_channel_used_with_its_touch_points_and_worst_health(qapp):
    vmap = build()
    scene = ChannelRingScene(vmap, "s")
    assert set(scene.cards) == {"phone", "web"}
    phone = scene.cards["phone"]
    assert [r.name for r in phone.rows] == ["Calls", "Browses"] and phone.worst is Health.DEAD
    assert "SMS" in scene.unused_note and "Web" not in scene.unused_note
    vmap.journeys.update_touch_point("a", channels=("phone", "sms"))
    assert set(scene.cards) == {"phone", "web", "sms"}
    rects = [c.sceneBoundingRect() for c in scene.cards.values()]
    rects.append(scene.centre.sceneBoundingRect())
    assert not any(rects[i].intersects(rects[j]) for i in range(4) for j in range(i + 1, 4))


def test_many_tall_cards_never_overlap():
    sizes = [(210.0, 30.0 + 22 * (i % 9)) for i in range(16)]
    radius, places = ring_places(sizes)
    assert radius > 0 and len(places) == 16
    pairs = zip(places, sizes, strict=True)
    rects = [QRectF(p.x() - w / 2, p.y() - h / 2, w, h) for p, (w, h) in pairs]
    assert not any(rects[i].intersects(rects[j]) for i in range(16) for j in range(i + 1, 16))
