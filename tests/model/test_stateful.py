"""Random sequences of valid and invalid operations never break an invariant.

A refused operation must leave the map equal to what it was and emit nothing; an
accepted one must emit at least one event. Ids come from a small pool so that clashes
(and operations on missing elements) happen often.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from svx_desktop.model import (
    MAX_COORDINATE,
    Category,
    Direction,
    Flow,
    MapEvent,
    ModelError,
    Note,
    Organisation,
    RemovedStakeholder,
    Stakeholder,
    ValueKind,
    ValueMap,
)
from tests.model.invariants import assert_invariants

ID_POOL = ["org", "a", "b", "c", "d", "e"]
ids = st.sampled_from(ID_POOL)
# Mostly valid values, now and then one that must be refused.
names = st.sampled_from(["", "A", "Bé", "<b>C</b>", "D\nE", "F", "G", "H", "x" * 10_001])
categories = st.sampled_from(["customer", "mine", "other", "owner", "press", ""])
positions = st.sampled_from(
    [(0.0, 0.0), (-1.5, 250.0), (MAX_COORDINATE, -MAX_COORDINATE), (42, 7), (3.25, -800.0)] * 3
    + [(float("nan"), 0.0), (0.0, MAX_COORDINATE + 1), (10**400, 0)]
)
importances = st.sampled_from([1, 2, 3, 4, 5, 3, 0, True])


class MapMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.map = ValueMap(Organisation("org", "Org"))
        self.events: list[MapEvent] = []
        self.map.subscribe(self.events.append)
        self.removed: list[RemovedStakeholder] = []

    def attempt(self, operation: Callable[[], Any]) -> None:
        before = self.map.copy()
        self.events.clear()
        try:
            operation()
        except ModelError:
            assert self.map == before
            assert self.events == []
        else:
            assert self.events or self.map == before

    @rule(sid=ids, name=names, pos=positions, category=categories)
    def add_stakeholder(self, sid: str, name: str, pos: Any, category: str) -> None:
        self.attempt(lambda: self.map.add_stakeholder(Stakeholder(name, sid, category, pos)))

    @rule(sid=ids, fids=st.lists(ids, min_size=1, max_size=3))
    def add_stakeholder_with_flows(self, sid: str, fids: list[str]) -> None:
        """Valid additions, so that maps grow and removals take flows with them."""
        self.attempt(lambda: self.map.add_stakeholder(Stakeholder("S", sid)))
        for i, fid in enumerate(fids):
            flow = Flow(sid, Direction.PROVIDES if i % 2 else Direction.EXPECTS, "F", fid)
            self.attempt(lambda flow=flow: self.map.add_flow(flow))

    @rule(
        data=st.data(), fid=ids, label=names, direction=st.sampled_from(Direction), imp=importances
    )
    def add_flow(
        self, data: st.DataObject, fid: str, label: str, direction: Direction, imp: int
    ) -> None:
        sid = self.some_id(data, self.map.stakeholders)
        flow = Flow(sid, direction, label, fid, ValueKind.MONEY, imp)
        self.attempt(lambda: self.map.add_flow(flow))

    @rule(nid=ids, text=names, pos=positions)
    def add_note(self, nid: str, text: str, pos: Any) -> None:
        self.attempt(lambda: self.map.add_note(Note(text, nid, pos)))

    def some_id(self, data: st.DataObject, existing: tuple[Any, ...]) -> str:
        """Mostly an id that exists, sometimes any id from the pool."""
        present = [e.id for e in existing]
        return data.draw(st.sampled_from(present + present + ID_POOL))

    @rule(data=st.data())
    def remove_stakeholder(self, data: st.DataObject) -> None:
        sid = self.some_id(data, self.map.stakeholders)

        def remove() -> None:
            self.removed.append(self.map.remove_stakeholder(sid))

        self.attempt(remove)

    @precondition(lambda self: self.removed)
    @rule()
    def restore_last_removed(self) -> None:
        removed = self.removed.pop()
        self.attempt(lambda: self.map.restore_stakeholder(removed))

    @precondition(lambda self: any(r.flows for r in self.removed))
    @rule(data=st.data())
    def reuse_the_id_of_a_removed_flow(self, data: st.DataObject) -> None:
        """Makes a later restore clash (imported maps carry ids of their own)."""
        flow_ids = [f.id for r in self.removed for _, f in r.flows]
        nid = data.draw(st.sampled_from(flow_ids))
        self.attempt(lambda: self.map.add_note(Note("reused", nid)))

    @rule(data=st.data(), direction=st.sampled_from(Direction), imp=importances)
    def update_flow(self, data: st.DataObject, direction: Direction, imp: int) -> None:
        fid = self.some_id(data, self.map.flows)
        sid = self.some_id(data, self.map.stakeholders)
        self.attempt(
            lambda: self.map.update_flow(
                fid, stakeholder_id=sid, direction=direction, importance=imp
            )
        )

    @rule(data=st.data())
    def remove_flow(self, data: st.DataObject) -> None:
        fid = self.some_id(data, self.map.flows)
        self.attempt(lambda: self.map.remove_flow(fid))

    @rule(data=st.data())
    def remove_note(self, data: st.DataObject) -> None:
        nid = self.some_id(data, self.map.notes)
        self.attempt(lambda: self.map.remove_note(nid))

    @rule(data=st.data(), name=names, category=categories)
    def update_stakeholder(self, data: st.DataObject, name: str, category: str) -> None:
        sid = self.some_id(data, self.map.stakeholders)
        self.attempt(lambda: self.map.update_stakeholder(sid, name=name, category=category))

    @rule(moves=st.dictionaries(ids, positions, max_size=3))
    def set_positions(self, moves: dict[str, Any]) -> None:
        self.attempt(lambda: self.map.set_positions(moves))

    @rule(colour=st.sampled_from(["#123456", "blue"]))
    def own_category(self, colour: str) -> None:
        self.attempt(lambda: self.map.add_category(Category("mine", "Mine", colour)))

    @precondition(lambda self: self.map.own_categories)
    @rule()
    def remove_own_category(self) -> None:
        self.attempt(lambda: self.map.remove_category("mine"))

    @invariant()
    def invariants_hold(self) -> None:
        assert_invariants(self.map)


MapMachine.TestCase.settings = settings(max_examples=40, stateful_step_count=30, deadline=None)
TestMapOperations = MapMachine.TestCase
