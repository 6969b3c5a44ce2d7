"""``editing.follow``: typed dispatch, and a subscription that ends with its owner."""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import QObject

from svx_desktop.editing.follow import dispatch, follow
from svx_desktop.model import (
    FlowAdded,
    MapEvent,
    Stakeholder,
    StakeholderAdded,
    StakeholderChanged,
    ValueMap,
)


class Panel(QObject):
    def __init__(self, vmap: ValueMap) -> None:
        super().__init__()
        self.seen: list[MapEvent] = []
        self.subscription = follow(
            vmap,
            self,
            {StakeholderAdded: self.seen.append, StakeholderChanged: self.on_changed},
        )

    def on_changed(self, event: StakeholderChanged) -> None:
        self.seen.append(event)


def _map() -> ValueMap:
    return ValueMap()


def test_events_reach_the_handler_for_their_type_only() -> None:
    vmap = _map()
    panel = Panel(vmap)
    s = Stakeholder("Customers")
    vmap.add_stakeholder(s)
    vmap.update_stakeholder(s.id, name="Clients")
    kinds = [type(e) for e in panel.seen]
    assert kinds == [StakeholderAdded, StakeholderChanged]


def test_a_destroyed_owner_stops_following() -> None:
    vmap = _map()
    panel = Panel(vmap)
    subscription = panel.subscription
    seen = panel.seen
    shiboken6.delete(panel)  # the C++ object goes; Qt emits destroyed from its destructor
    assert not subscription.is_open
    vmap.add_stakeholder(Stakeholder("Customers"))
    assert seen == []


def test_a_collected_handler_closes_its_subscription() -> None:
    vmap = _map()

    class Listener:
        def __init__(self) -> None:
            self.count = 0

        def on_added(self, event: StakeholderAdded) -> None:
            self.count += 1

    listener = Listener()
    subscription = follow(vmap, None, {StakeholderAdded: listener.on_added})
    vmap.add_stakeholder(Stakeholder("A"))
    assert listener.count == 1
    del listener
    gc.collect()
    vmap.add_stakeholder(Stakeholder("B"))
    assert not subscription.is_open


def test_close_is_idempotent_and_dispatch_ignores_unhandled_types() -> None:
    vmap = _map()
    got: list[object] = []
    subscription = follow(vmap, None, {FlowAdded: got.append})
    subscription.close()
    subscription.close()
    vmap.add_stakeholder(Stakeholder("A"))
    dispatch({FlowAdded: got.append}, StakeholderAdded("x"))
    assert got == []
    dispatch({FlowAdded: got.append}, FlowAdded("f"))
    assert got == [FlowAdded("f")]
