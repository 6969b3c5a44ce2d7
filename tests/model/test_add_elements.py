"""``ValueMap.add_elements``: the bulk path used when a file loads equals adding one by one."""

from __future__ import annotations

import dataclasses

import networkx as nx
import pytest
from hypothesis import given, settings

from svx_desktop.model import (
    CategoriesChanged,
    Category,
    Direction,
    Flow,
    FlowAdded,
    MapEvent,
    ModelError,
    Note,
    NoteAdded,
    Stakeholder,
    StakeholderAdded,
    ValueKind,
    ValueMap,
)
from tests.model.invariants import assert_invariants
from tests.strategies import value_maps


def _empty_like(vmap: ValueMap) -> ValueMap:
    return ValueMap(vmap.organisation, vmap.meta, dict(vmap.extra))


@settings(max_examples=60, deadline=None)
@given(value_maps(max_stakeholders=10, max_flows=20))
def test_bulk_equals_one_by_one(vmap: ValueMap) -> None:
    bulk = _empty_like(vmap)
    bulk.add_elements(vmap.own_categories, vmap.stakeholders, vmap.flows, vmap.notes)
    assert bulk == vmap
    assert nx.utils.graphs_equal(bulk.graph, vmap.graph)
    for s in vmap.stakeholders:
        assert bulk.flows_of(s.id) == vmap.flows_of(s.id)
        for d in Direction:
            assert bulk.flows_of(s.id, d) == vmap.flows_of(s.id, d)
    assert_invariants(bulk)


def _sample() -> tuple[list[Stakeholder], list[Flow], list[Note]]:
    a, b = Stakeholder("Customers", "a", "customer"), Stakeholder("Staff", "b", "employee")
    flows = [
        Flow("a", Direction.PROVIDES, "deposits", "f1", ValueKind.MONEY, 5),
        Flow("a", Direction.EXPECTS, "interest", "f2", ValueKind.MONEY),
        Flow("b", Direction.EXPECTS, "salary", "f3"),
        Flow("a", Direction.PROVIDES, "fees", "f4"),
    ]
    return [a, b], flows, [Note("idea", "n1")]


def test_events_match_one_by_one() -> None:
    stakeholders, flows, notes = _sample()
    cat = Category("donor", "Donor", "#882255")
    seen: list[MapEvent] = []
    vmap = ValueMap()
    vmap.subscribe(seen.append)
    vmap.add_elements([cat], stakeholders, flows, notes)
    assert seen == [
        CategoriesChanged(),
        StakeholderAdded("a"),
        StakeholderAdded("b"),
        FlowAdded("f1"),
        FlowAdded("f2"),
        FlowAdded("f3"),
        FlowAdded("f4"),
        NoteAdded("n1"),
    ]


def test_adds_to_a_map_that_already_has_elements() -> None:
    stakeholders, flows, notes = _sample()
    one_by_one = ValueMap()
    for s in stakeholders:
        one_by_one.add_stakeholder(s)
    for f in flows:
        one_by_one.add_flow(f)
    bulk = ValueMap(one_by_one.organisation)
    bulk.add_stakeholder(stakeholders[0])
    bulk.add_flow(flows[0])
    bulk.add_elements((), stakeholders[1:], flows[1:])
    assert bulk == one_by_one
    assert nx.utils.graphs_equal(bulk.graph, one_by_one.graph)


def _bad_batches() -> list[tuple[str, dict[str, list[object]]]]:
    stakeholders, flows, notes = _sample()
    s0, f0, n0 = stakeholders[0], flows[0], notes[0]
    r = dataclasses.replace
    return [
        ("duplicate in batch", {"stakeholders": [s0, r(s0, name="x")]}),
        ("flow id = stakeholder id", {"stakeholders": [s0], "flows": [r(f0, id="a")]}),
        ("existing id", {"stakeholders": [r(s0, id="old")]}),
        ("organisation id", {"notes": [r(n0, id="org")]}),
        ("missing stakeholder", {"stakeholders": [s0], "flows": [r(f0, stakeholder_id="zz")]}),
        ("flow to organisation", {"flows": [r(f0, stakeholder_id="org")]}),
        ("long label", {"stakeholders": [s0], "flows": [r(f0, label="x" * 10_001)]}),
        ("importance", {"stakeholders": [s0], "flows": [r(f0, importance=9)]}),
        ("bool importance", {"stakeholders": [s0], "flows": [r(f0, importance=True)]}),
        ("surrogate", {"stakeholders": [r(s0, name="a\ud800")]}),
        ("nan position", {"stakeholders": [r(s0, position=(float("nan"), 0.0))]}),
        ("far position", {"notes": [r(n0, position=(0.0, 2e7))]}),
        ("bad colour", {"stakeholders": [r(s0, colour="red")]}),
        ("empty id", {"notes": [r(n0, id="")]}),
        ("direction text", {"stakeholders": [s0], "flows": [r(f0, direction="provides")]}),
        ("builtin category", {"categories": [Category("customer", "C", "#000000")]}),
    ]


@pytest.mark.parametrize(("what", "batch"), _bad_batches(), ids=[w for w, _ in _bad_batches()])
def test_a_refused_batch_leaves_the_map_unchanged(
    what: str, batch: dict[str, list[object]]
) -> None:
    from svx_desktop.model import Organisation

    vmap = ValueMap(Organisation("org"))
    vmap.add_stakeholder(Stakeholder("Old", "old"))
    before = vmap.copy()
    graph_before = nx.MultiDiGraph(vmap.graph)
    seen: list[MapEvent] = []
    vmap.subscribe(seen.append)
    with pytest.raises(ModelError):
        vmap.add_elements(**batch)  # type: ignore[arg-type]
    assert vmap == before
    assert nx.utils.graphs_equal(vmap.graph, graph_before)
    assert seen == []


def test_batch_accepts_what_single_adds_accept() -> None:
    """Values off the fast path (ints, non-ASCII text, colours) take the full checks."""

    class Name(str):
        pass

    stakeholders = [
        Stakeholder("Kundinnen 🏦", "ü1", "customer", (3, -4), "Notiz", "#AABBCC"),
        Stakeholder(Name("sub"), "s2", "other", (1e7, -1e7)),
    ]
    flows = [Flow("ü1", Direction.EXPECTS, "Zinsen €", "f1", notes="ok")]
    notes = [Note("Idee", "n1", (0, 0))]
    bulk, single = ValueMap(), None
    bulk.add_elements((), stakeholders, flows, notes)
    single = ValueMap(bulk.organisation)
    for s in stakeholders:
        single.add_stakeholder(s)
    single.add_flow(flows[0])
    single.add_note(notes[0])
    assert bulk == single
