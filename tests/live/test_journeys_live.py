"""Journeys in a live session: edits reach the other peers, links never dangle, and
concurrent edits to different journeys converge."""

from __future__ import annotations

from pycrdt import Doc

from svx_desktop.fileformat import dumps
from svx_desktop.live.binding import LiveBinding, build_map
from svx_desktop.model import (
    Channel,
    Charter,
    Direction,
    Flow,
    Health,
    Promise,
    Stage,
    Stakeholder,
    TouchPoint,
    ValueMap,
)
from tests.live.test_binding import _exchange, _peer_from


def _host() -> tuple[ValueMap, Doc]:
    vmap = ValueMap()
    vmap.add_stakeholder(Stakeholder("Customers", "c"))
    vmap.add_stakeholder(Stakeholder("Staff", "s"))
    vmap.add_flow(Flow("c", Direction.EXPECTS, "fair fees", "fees"))
    vmap.add_flow(Flow("s", Direction.EXPECTS, "pay", "pay"))
    vmap.journeys.add_channel(Channel("branch", "Branch"))
    vmap.journeys.add_stage(Stage("c", "join", "join"))
    vmap.journeys.add_touch_point(
        TouchPoint("c", "Open", "t1", stage_id="join", channels=("branch",), serves=("fees",))
    )
    vmap.journeys.set_charter(Charter("c", (Promise("Fair", "p1", serves="fees"),)))
    doc = Doc()
    LiveBinding(vmap, doc).seed()
    return vmap, doc


def test_a_map_with_journeys_builds_back_equal() -> None:
    vmap, doc = _host()
    rebuilt, _, _ = _peer_from(doc)
    assert rebuilt == vmap
    assert dumps(rebuilt) == dumps(vmap)


def test_journey_edits_reach_the_other_peer() -> None:
    host, host_doc = _host()
    peer, peer_doc, _ = _peer_from(host_doc)
    peer.journeys.update_touch_point("t1", health=Health.DEAD, moment_of_truth=True)
    peer.journeys.add_touch_point(TouchPoint("c", "Call", "t2", channels=("phone",)), 0)
    peer.journeys.add_channel(Channel("kiosk", "Kiosk"))
    _exchange([host_doc, peer_doc])
    assert host == peer
    assert [tp.id for tp in host.journeys.journey("c")] == ["t2", "t1"]
    host.journeys.remove_touch_point("t2")
    host.journeys.remove_stage("join")
    _exchange([host_doc, peer_doc])
    assert peer == host
    assert peer.journeys.touch_point("t1").stage_id is None


def test_a_remote_delete_of_a_served_expectation_leaves_no_dangling_link() -> None:
    host, host_doc = _host()
    peer, peer_doc, _ = _peer_from(host_doc)
    peer.journeys.unlink_flow("fees")
    peer.remove_flow("fees")
    _exchange([host_doc, peer_doc])
    assert not host.has_flow("fees")
    assert host.journeys.touch_point("t1").serves == ()
    assert host == peer


def test_concurrent_edits_to_different_journeys_converge() -> None:
    host, host_doc = _host()
    a, a_doc, _ = _peer_from(host_doc)
    b, b_doc, _ = _peer_from(host_doc)
    a.journeys.add_touch_point(TouchPoint("c", "Complain", "ta", serves=("fees",)))
    b.journeys.add_touch_point(TouchPoint("s", "Payday", "tb", serves=("pay",)))
    b.remove_stakeholder("c")  # b removes the journey a is adding to
    _exchange([host_doc, a_doc, b_doc])
    _exchange([host_doc, a_doc, b_doc])
    assert a == b == host
    assert build_map(host_doc) == host
