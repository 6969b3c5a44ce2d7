"""Every successful operation emits the events a scene needs; events come after the change."""

from __future__ import annotations

import pytest

from svx_desktop.model import (
    CategoriesChanged,
    Category,
    Direction,
    Flow,
    FlowAdded,
    FlowChanged,
    FlowRemoved,
    MapEvent,
    MetaChanged,
    Note,
    NoteAdded,
    NoteChanged,
    NoteRemoved,
    OrganisationChanged,
    PositionsChanged,
    Stakeholder,
    StakeholderAdded,
    StakeholderChanged,
    StakeholderRemoved,
    ValueMap,
)
from tests.model.invariants import bank


@pytest.fixture
def vmap() -> ValueMap:
    return bank()


@pytest.fixture
def events(vmap: ValueMap) -> list[MapEvent]:
    recorded: list[MapEvent] = []
    vmap.subscribe(recorded.append)
    return recorded


def test_stakeholder_events(vmap: ValueMap, events: list[MapEvent]) -> None:
    vmap.add_stakeholder(Stakeholder("Staff", "staff", "employee"))
    vmap.update_stakeholder("staff", name="Employees", notes="n")
    vmap.update_stakeholder("staff", position=(5.0, 5.0))
    vmap.update_stakeholder("staff", position=(6.0, 6.0), category="owner")
    assert events == [
        StakeholderAdded("staff"),
        StakeholderChanged("staff", frozenset({"name", "notes"})),
        PositionsChanged(frozenset({"staff"})),
        PositionsChanged(frozenset({"staff"})),
        StakeholderChanged("staff", frozenset({"category"})),
    ]


def test_remove_stakeholder_emits_flow_removals_before_the_stakeholder(
    vmap: ValueMap, events: list[MapEvent]
) -> None:
    customers = vmap.stakeholder("cust")
    flows = {f.id: f for f in vmap.flows_of("cust")}
    vmap.remove_stakeholder("cust")
    *flow_events, last = events
    assert last == StakeholderRemoved(customers)
    assert all(isinstance(e, FlowRemoved) for e in flow_events)
    assert {e.flow.id: e.flow for e in flow_events if isinstance(e, FlowRemoved)} == flows
    assert len(flow_events) == 3


def test_restore_stakeholder_emits_the_stakeholder_before_its_flows(
    vmap: ValueMap, events: list[MapEvent]
) -> None:
    removed = vmap.remove_stakeholder("cust")
    events.clear()
    vmap.restore_stakeholder(removed)
    assert events[0] == StakeholderAdded("cust")
    assert sorted(e.flow_id for e in events[1:] if isinstance(e, FlowAdded)) == sorted(
        ["f-dep", "f-int", "f-gro"]
    )
    assert len(events) == 4


def test_flow_events(vmap: ValueMap, events: list[MapEvent]) -> None:
    vmap.add_flow(Flow("comm", Direction.EXPECTS, "Jobs", "f-jobs"))
    vmap.update_flow("f-jobs", label="Local jobs", importance=4)
    vmap.update_flow("f-jobs", direction=Direction.PROVIDES)
    index, flow = vmap.remove_flow("f-jobs")
    assert events == [
        FlowAdded("f-jobs"),
        FlowChanged("f-jobs", frozenset({"label", "importance"})),
        FlowChanged("f-jobs", frozenset({"direction"})),
        FlowRemoved(flow),
    ]
    assert flow.label == "Local jobs"


def test_note_events(vmap: ValueMap, events: list[MapEvent]) -> None:
    vmap.add_note(Note("idea", "n2"))
    vmap.update_note("n2", text="better idea")
    vmap.update_note("n2", position=(1.0, 1.0))
    _, note = vmap.remove_note("n2")
    assert events == [
        NoteAdded("n2"),
        NoteChanged("n2", frozenset({"text"})),
        PositionsChanged(frozenset({"n2"})),
        NoteRemoved(note),
    ]


def test_set_positions_emits_one_event_for_the_batch(
    vmap: ValueMap, events: list[MapEvent]
) -> None:
    vmap.set_positions({"org": (1.0, 1.0), "cust": (2.0, 2.0), "n1": (3.0, 3.0)})
    assert events == [PositionsChanged(frozenset({"org", "cust", "n1"}))]
    events.clear()
    vmap.set_positions({})
    assert events == []


def test_organisation_and_meta_events(vmap: ValueMap, events: list[MapEvent]) -> None:
    vmap.update_organisation(name="B", description="d")
    vmap.update_organisation(position=(9.0, 9.0))
    vmap.update_meta(title="T")
    assert events == [
        OrganisationChanged(frozenset({"name", "description"})),
        PositionsChanged(frozenset({"org"})),
        MetaChanged(frozenset({"title"})),
    ]


def test_category_events(vmap: ValueMap, events: list[MapEvent]) -> None:
    vmap.add_category(Category("press", "Press", "#000000"))
    vmap.update_category("press", name="Media")
    vmap.remove_category("press")
    assert events == [CategoriesChanged(), CategoriesChanged(), CategoriesChanged()]


def test_listener_sees_the_map_already_changed(vmap: ValueMap) -> None:
    seen: list[object] = []

    def listener(event: MapEvent) -> None:
        if isinstance(event, StakeholderAdded):
            seen.append(vmap.stakeholder(event.stakeholder_id).name)
        elif isinstance(event, StakeholderRemoved):
            seen.append(vmap.has_stakeholder(event.stakeholder.id))
        elif isinstance(event, FlowRemoved):
            seen.append(vmap.has_flow(event.flow.id))

    vmap.subscribe(listener)
    vmap.add_stakeholder(Stakeholder("Press", "press"))
    vmap.remove_stakeholder("reg")
    assert seen == ["Press", False, False, False]


def test_unsubscribe_and_unsubscribe_during_emit(vmap: ValueMap) -> None:
    first: list[MapEvent] = []
    second: list[MapEvent] = []

    def once(event: MapEvent) -> None:
        first.append(event)
        vmap.unsubscribe(once)

    vmap.subscribe(once)
    vmap.subscribe(second.append)
    vmap.update_meta(title="a")
    vmap.update_meta(title="b")
    assert len(first) == 1
    assert len(second) == 2
    vmap.unsubscribe(second.append)
    vmap.update_meta(title="c")
    assert len(second) == 2
