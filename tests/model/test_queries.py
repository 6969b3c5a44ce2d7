"""Queries the rest of the app uses: flows by direction, net view, gaps, bounding box."""

from __future__ import annotations

import networkx as nx
import pytest

from svx_desktop.model import Direction, Flow, Note, Organisation, Stakeholder, ValueMap
from tests.model.invariants import bank


def ids(items: tuple[object, ...]) -> list[str]:
    return [x.id for x in items]  # type: ignore[attr-defined]


def test_flows_of_by_direction() -> None:
    vmap = bank()
    assert ids(vmap.flows_of("cust", Direction.PROVIDES)) == ["f-dep"]
    assert ids(vmap.flows_of("cust", Direction.EXPECTS)) == ["f-int", "f-gro"]
    # Without a direction: provides first, then expects, each in map order.
    assert ids(vmap.flows_of("cust")) == ["f-dep", "f-int", "f-gro"]
    assert ids(vmap.flows_of("reg")) == ["f-lic", "f-com"]
    assert vmap.flows_of("comm") == ()
    assert vmap.flows_of("comm", Direction.PROVIDES) == ()


def test_flows_of_follows_a_direction_change() -> None:
    vmap = bank()
    vmap.update_flow("f-int", direction=Direction.PROVIDES)
    assert ids(vmap.flows_of("cust", Direction.PROVIDES)) == ["f-dep", "f-int"]
    assert ids(vmap.flows_of("cust", Direction.EXPECTS)) == ["f-gro"]


def test_net_view_sums_importance_and_balance() -> None:
    vmap = bank()
    view = vmap.net_view("cust")
    assert view.stakeholder == vmap.stakeholder("cust")
    assert ids(view.provides) == ["f-dep"]
    assert ids(view.expects) == ["f-int", "f-gro"]
    assert view.provides_importance == 5
    assert view.expects_importance == 4 + 2
    assert view.balance == -1

    reg = vmap.net_view("reg")
    assert (reg.provides_importance, reg.expects_importance, reg.balance) == (5, 3, 2)

    empty = vmap.net_view("comm")
    assert (empty.provides, empty.expects, empty.balance) == ((), (), 0)


def test_stakeholders_without() -> None:
    vmap = bank()
    assert ids(vmap.stakeholders_without(Direction.PROVIDES)) == ["comm"]
    assert ids(vmap.stakeholders_without(Direction.EXPECTS)) == ["comm"]
    vmap.remove_flow("f-lic")
    assert ids(vmap.stakeholders_without(Direction.PROVIDES)) == ["reg", "comm"]
    assert ids(vmap.stakeholders_without(Direction.EXPECTS)) == ["comm"]
    vmap.add_flow(Flow("comm", Direction.EXPECTS, "Jobs"))
    assert ids(vmap.stakeholders_without(Direction.EXPECTS)) == []


def test_bounding_box_covers_organisation_stakeholders_and_notes() -> None:
    vmap = bank()
    assert vmap.bounding_box() == (-300.0, -200.0, 500.0, 500.0)
    vmap.remove_note("n1")
    assert vmap.bounding_box() == (-300.0, -200.0, 300.0, 400.0)


def test_bounding_box_of_an_empty_map_is_the_organisation() -> None:
    vmap = ValueMap(Organisation(position=(7.0, -3.0)))
    assert vmap.bounding_box() == (7.0, -3.0, 7.0, -3.0)
    vmap.add_note(Note("far", position=(-1e7, 1e7)))
    assert vmap.bounding_box() == (-1e7, -3.0, 7.0, 1e7)


def test_graph_is_a_read_only_view_with_flows_as_keyed_edges() -> None:
    vmap = bank()
    graph = vmap.graph
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.has_edge("cust", "org", key="f-dep")
    assert graph.has_edge("org", "cust", key="f-int")
    with pytest.raises(nx.NetworkXError):
        graph.add_node("intruder")
    vmap.add_stakeholder(Stakeholder("Press", "press"))
    assert "press" in vmap.graph.nodes


def test_lookups_and_iteration() -> None:
    vmap = bank()
    assert vmap.has_stakeholder("cust") and not vmap.has_stakeholder("f-dep")
    assert vmap.has_flow("f-dep") and not vmap.has_flow("cust")
    assert vmap.has_note("n1")
    assert vmap.stakeholder_index("comm") == 2
    assert list(vmap.iter_placed_ids()) == ["org", "cust", "reg", "comm", "n1"]
    assert "3 stakeholders" in repr(vmap)
