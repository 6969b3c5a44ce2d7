"""The map's invariants, checked from the outside, and a small example map."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable

import pytest

from svx_desktop.model import (
    MAX_COORDINATE,
    MAX_IMPORTANCE,
    MAX_LABEL_LENGTH,
    MAX_NOTES_LENGTH,
    MIN_IMPORTANCE,
    Direction,
    Flow,
    MapEvent,
    MapMeta,
    ModelError,
    Note,
    Organisation,
    Stakeholder,
    ValueKind,
    ValueMap,
)


def assert_position_ok(pos: tuple[float, float]) -> None:
    assert len(pos) == 2
    for v in pos:
        assert math.isfinite(v)
        assert abs(v) <= MAX_COORDINATE


def assert_invariants(vmap: ValueMap) -> None:
    """Every invariant the model promises, checked through its public surface."""
    org = vmap.organisation
    ids = [org.id]
    ids += [s.id for s in vmap.stakeholders]
    ids += [f.id for f in vmap.flows]
    ids += [n.id for n in vmap.notes]
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    assert not duplicates, f"duplicate ids {duplicates}"

    # Exactly one organisation, and the graph mirrors the elements.
    graph = vmap.graph
    kinds = Counter(kind for _, kind in graph.nodes(data="kind"))
    assert kinds["organisation"] == 1
    assert graph.nodes[org.id]["kind"] == "organisation"
    assert set(graph.nodes) == {org.id} | {s.id for s in vmap.stakeholders}
    edges = {key: (u, w) for u, w, key in graph.edges(keys=True)}
    assert set(edges) == {f.id for f in vmap.flows}

    assert len(org.name) <= MAX_LABEL_LENGTH
    assert len(org.description) <= MAX_NOTES_LENGTH
    assert_position_ok(org.position)
    for s in vmap.stakeholders:
        assert len(s.name) <= MAX_LABEL_LENGTH
        assert len(s.notes) <= MAX_NOTES_LENGTH
        assert_position_ok(s.position)
    stakeholder_ids = {s.id for s in vmap.stakeholders}
    for f in vmap.flows:
        assert f.stakeholder_id in stakeholder_ids, f"flow {f.id} has no stakeholder"
        assert MIN_IMPORTANCE <= f.importance <= MAX_IMPORTANCE
        assert not isinstance(f.importance, bool)
        assert len(f.label) <= MAX_LABEL_LENGTH
        # A rating only on its own direction.
        assert f.met_today is None or f.direction is Direction.EXPECTS
        assert f.dependence is None or f.direction is Direction.PROVIDES
        expected = (
            (f.stakeholder_id, org.id)
            if f.direction is Direction.PROVIDES
            else (org.id, f.stakeholder_id)
        )
        assert edges[f.id] == expected
    for n in vmap.notes:
        assert len(n.text) <= MAX_LABEL_LENGTH
        assert_position_ok(n.position)


def refused(vmap: ValueMap, operation: Callable[[], object]) -> ModelError:
    """Run an operation that must fail; check the map and its listeners saw no change."""
    before = vmap.copy()
    events: list[MapEvent] = []
    vmap.subscribe(events.append)
    try:
        with pytest.raises(ModelError) as info:
            operation()
    finally:
        vmap.unsubscribe(events.append)
    assert vmap == before
    assert events == []
    assert_invariants(vmap)
    return info.value


def bank() -> ValueMap:
    """A small bank map: customers and a regulator, with flows both ways, and a note."""
    vmap = ValueMap(
        Organisation("org", "Bank", "A retail bank", (0.0, 0.0)),
        MapMeta(title="Bank", facilitator="Ada"),
    )
    vmap.add_stakeholder(Stakeholder("Customers", "cust", "customer", (-300.0, 0.0)))
    vmap.add_stakeholder(Stakeholder("Regulator", "reg", "regulator", (300.0, -200.0)))
    vmap.add_stakeholder(Stakeholder("Community", "comm", "community", (0.0, 400.0)))
    vmap.add_flow(Flow("cust", Direction.PROVIDES, "Deposits", "f-dep", ValueKind.MONEY, 5))
    vmap.add_flow(Flow("cust", Direction.EXPECTS, "Interest", "f-int", ValueKind.MONEY, 4))
    vmap.add_flow(Flow("reg", Direction.PROVIDES, "Licence", "f-lic", ValueKind.INTANGIBLE, 5))
    vmap.add_flow(Flow("cust", Direction.EXPECTS, "Capital growth", "f-gro", importance=2))
    vmap.add_flow(Flow("reg", Direction.EXPECTS, "Compliance", "f-com", ValueKind.INFORMATION))
    vmap.add_note(Note("Ask about fees", "n1", (500.0, 500.0)))
    return vmap
