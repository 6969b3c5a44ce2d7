"""Copies are equal and independent; equality is content and order, not identity."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from svx_desktop.model import Category, MapEvent, Note, Stakeholder, ValueMap
from tests.model.invariants import assert_invariants, bank
from tests.strategies import value_maps


def test_copy_is_equal_and_independent() -> None:
    vmap = bank()
    vmap.add_category(Category("press", "Press", "#112233", extra={"future": [1, 2]}))
    vmap.extra["layout"] = {"grid": 20}
    events: list[MapEvent] = []
    vmap.subscribe(events.append)

    other = vmap.copy()
    assert other == vmap
    assert other is not vmap
    other.update_stakeholder("cust", name="Changed")
    other.remove_stakeholder("reg")
    other.add_note(Note("only in the copy"))
    other.extra["new"] = True
    assert vmap.stakeholder("cust").name == "Customers"
    assert vmap.has_stakeholder("reg")
    assert "new" not in vmap.extra
    assert events == []  # listeners are not copied
    assert other != vmap


def test_equality_is_order_sensitive() -> None:
    a, b = ValueMap(), ValueMap()
    b = ValueMap(a.organisation)
    a.add_stakeholder(Stakeholder("One", "1"))
    a.add_stakeholder(Stakeholder("Two", "2"))
    b.add_stakeholder(Stakeholder("Two", "2"))
    b.add_stakeholder(Stakeholder("One", "1"), index=0)
    assert a == b
    c = ValueMap(a.organisation)
    c.add_stakeholder(Stakeholder("Two", "2"))
    c.add_stakeholder(Stakeholder("One", "1"))
    assert a != c


def test_equality_compares_every_part() -> None:
    base = bank()
    for change in (
        lambda m: m.update_meta(title="other"),
        lambda m: m.update_organisation(description="other"),
        lambda m: m.extra.update(x=1),
        lambda m: m.add_category(Category("c", "C", "#000000")),
        lambda m: m.update_stakeholder("cust", extra={"k": "v"}),
        lambda m: m.update_flow("f-dep", importance=1),
        lambda m: m.update_note("n1", position=(0.0, 0.0)),
    ):
        other = base.copy()
        change(other)
        assert other != base


def test_map_is_not_hashable_and_not_equal_to_other_types() -> None:
    vmap = ValueMap()
    with pytest.raises(TypeError):
        hash(vmap)
    assert vmap != "a map"
    assert vmap != None  # noqa: E711


@settings(max_examples=25, deadline=None)
@given(value_maps())
def test_copy_of_generated_maps(vmap: ValueMap) -> None:
    assert_invariants(vmap)
    assert vmap.copy() == vmap


@settings(max_examples=25, deadline=None)
@given(value_maps())
def test_remove_then_restore_any_stakeholder_restores_the_map(vmap: ValueMap) -> None:
    before = vmap.copy()
    for s in before.stakeholders:
        removed = vmap.remove_stakeholder(s.id)
        assert_invariants(vmap)
        assert [f.id for f in vmap.flows] == [
            f.id for f in before.flows if f.stakeholder_id != s.id
        ]
        for index, flow in removed.flows:
            assert before.flows[index] == flow
        vmap.restore_stakeholder(removed)
        assert vmap == before
