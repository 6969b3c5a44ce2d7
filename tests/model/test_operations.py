"""Operations keep the invariants, and a refused operation changes nothing at all."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from svx_desktop.model import (
    MAX_COORDINATE,
    MAX_LABEL_LENGTH,
    MAX_NOTES_LENGTH,
    Direction,
    Flow,
    ModelError,
    Note,
    Organisation,
    Stakeholder,
    ValueKind,
    ValueMap,
)
from tests.model.invariants import assert_invariants, bank, refused

TOO_LONG = "x" * (MAX_LABEL_LENGTH + 1)
TOO_LONG_NOTES = "x" * (MAX_NOTES_LENGTH + 1)
BAD_POSITIONS: list[Any] = [
    (float("nan"), 0.0),
    (0.0, float("inf")),
    (float("-inf"), 0.0),
    (MAX_COORDINATE * 1.000001, 0.0),
    (0.0, -MAX_COORDINATE - 1),
    (10**400, 0),
    (True, 0.0),
    ("1", 0.0),
    [1.0, 2.0],
    (1.0,),
    (1.0, 2.0, 3.0),
    None,
]


# ------------------------------------------------------------------ valid operations
def test_bank_example_keeps_invariants() -> None:
    vmap = bank()
    assert_invariants(vmap)
    assert [s.id for s in vmap.stakeholders] == ["cust", "reg", "comm"]
    assert [f.id for f in vmap.flows] == ["f-dep", "f-int", "f-lic", "f-gro", "f-com"]


def test_new_map_has_exactly_one_organisation_and_nothing_else() -> None:
    vmap = ValueMap()
    assert_invariants(vmap)
    assert vmap.organisation.name == "Organisation"
    assert vmap.stakeholders == vmap.flows == vmap.notes == ()
    assert list(vmap.graph.nodes) == [vmap.organisation.id]


def test_default_ids_are_unique_uuids() -> None:
    vmap = ValueMap()
    for i in range(50):
        vmap.add_stakeholder(Stakeholder(f"s{i}"))
    ids = [s.id for s in vmap.stakeholders]
    assert len(set(ids)) == 50
    assert all(len(i) == 36 and i.count("-") == 4 for i in ids)


def test_flow_defaults() -> None:
    f = Flow("s", Direction.PROVIDES, "x")
    assert f.importance == 3
    assert f.value_kind is ValueKind.GOODS_SERVICES


def test_add_at_index_and_append() -> None:
    vmap = bank()
    vmap.add_stakeholder(Stakeholder("First", "first"), index=0)
    vmap.add_stakeholder(Stakeholder("Second", "second"), index=1)
    vmap.add_stakeholder(Stakeholder("Last", "last"), index=99)
    assert [s.id for s in vmap.stakeholders] == ["first", "second", "cust", "reg", "comm", "last"]
    vmap.add_note(Note("front", "n0"), index=0)
    assert [n.id for n in vmap.notes] == ["n0", "n1"]
    assert_invariants(vmap)


def test_update_stakeholder_returns_old_and_keeps_identity() -> None:
    vmap = bank()
    old = vmap.update_stakeholder("cust", name="Clients", colour="#123abc", notes="n")
    assert old.name == "Customers"
    new = vmap.stakeholder("cust")
    assert (new.name, new.colour, new.notes, new.id) == ("Clients", "#123abc", "n", "cust")
    assert vmap.stakeholder_index("cust") == 0
    assert_invariants(vmap)


def test_update_flow_direction_and_stakeholder_moves_the_edge() -> None:
    vmap = bank()
    vmap.update_flow("f-dep", direction=Direction.EXPECTS, stakeholder_id="reg")
    assert_invariants(vmap)
    assert vmap.flow("f-dep").stakeholder_id == "reg"
    assert "f-dep" in {f.id for f in vmap.flows_of("reg", Direction.EXPECTS)}
    assert "f-dep" not in {f.id for f in vmap.flows_of("cust")}
    assert vmap.flows[0].id == "f-dep"  # order kept


def test_remove_flow_returns_index_for_reinsertion() -> None:
    vmap = bank()
    before = vmap.copy()
    index, flow = vmap.remove_flow("f-lic")
    assert index == 2
    assert not vmap.has_flow("f-lic")
    assert_invariants(vmap)
    vmap.add_flow(flow, index)
    assert vmap == before


def test_remove_note_returns_index_for_reinsertion() -> None:
    vmap = bank()
    vmap.add_note(Note("second", "n2"))
    before = vmap.copy()
    index, note = vmap.remove_note("n1")
    assert index == 0
    vmap.add_note(note, index)
    assert vmap == before


def test_remove_stakeholder_removes_its_flows() -> None:
    vmap = bank()
    removed = vmap.remove_stakeholder("cust")
    assert_invariants(vmap)
    assert not vmap.has_stakeholder("cust")
    assert [f.id for f in vmap.flows] == ["f-lic", "f-com"]
    assert removed.stakeholder.name == "Customers"
    assert removed.index == 0
    assert [(i, f.id) for i, f in removed.flows] == [(0, "f-dep"), (1, "f-int"), (3, "f-gro")]


def test_remove_and_restore_stakeholder_restores_same_places() -> None:
    vmap = bank()
    before = vmap.copy()
    removed = vmap.remove_stakeholder("reg")
    vmap.restore_stakeholder(removed)
    assert vmap == before
    assert [f.id for f in vmap.flows] == [f.id for f in before.flows]
    assert_invariants(vmap)


def test_remove_and_restore_every_stakeholder_in_reverse() -> None:
    vmap = bank()
    before = vmap.copy()
    removed = [vmap.remove_stakeholder(s.id) for s in vmap.stakeholders]
    assert vmap.stakeholders == vmap.flows == ()
    for r in reversed(removed):
        vmap.restore_stakeholder(r)
    assert vmap == before


def test_restore_refused_when_a_flow_id_was_reused_leaves_map_unchanged() -> None:
    vmap = bank()
    removed = vmap.remove_stakeholder("cust")
    vmap.add_note(Note("took the id of a removed flow", "f-gro"))
    error = refused(vmap, lambda: vmap.restore_stakeholder(removed))
    assert "f-gro" in str(error)
    assert not vmap.has_stakeholder("cust")


def test_restore_refused_when_stakeholder_id_was_reused() -> None:
    vmap = bank()
    removed = vmap.remove_stakeholder("cust")
    vmap.add_stakeholder(Stakeholder("New", "cust"))
    refused(vmap, lambda: vmap.restore_stakeholder(removed))


def test_set_positions_moves_all_placed_kinds_at_once() -> None:
    vmap = bank()
    old = vmap.set_positions({"org": (1.0, 2.0), "cust": (3, 4), "n1": (-MAX_COORDINATE, 5.0)})
    assert old == {"org": (0.0, 0.0), "cust": (-300.0, 0.0), "n1": (500.0, 500.0)}
    assert vmap.organisation.position == (1.0, 2.0)
    assert vmap.stakeholder("cust").position == (3.0, 4.0)
    assert all(isinstance(c, float) for c in vmap.stakeholder("cust").position)
    assert vmap.note("n1").position == (-MAX_COORDINATE, 5.0)
    assert vmap.position_of("n1") == (-MAX_COORDINATE, 5.0)
    assert_invariants(vmap)


def test_limits_are_inclusive() -> None:
    vmap = ValueMap()
    vmap.add_stakeholder(
        Stakeholder(
            "x" * MAX_LABEL_LENGTH,
            "s",
            position=(MAX_COORDINATE, -MAX_COORDINATE),
            notes="n" * MAX_NOTES_LENGTH,
        )
    )
    vmap.add_flow(Flow("s", Direction.PROVIDES, "l" * MAX_LABEL_LENGTH, "f1", importance=1))
    vmap.add_flow(Flow("s", Direction.EXPECTS, "", "f5", importance=5))
    vmap.add_note(Note("t" * MAX_LABEL_LENGTH, "n", (0.0, MAX_COORDINATE)))
    assert_invariants(vmap)


def test_update_organisation_and_meta() -> None:
    vmap = bank()
    old = vmap.update_organisation(name="Big Bank", description="d", position=(10.0, 20.0))
    assert old.name == "Bank"
    assert vmap.organisation.name == "Big Bank"
    assert vmap.organisation.id == "org"
    old_meta = vmap.update_meta(title="T", workshop_date="2026-11-23")
    assert old_meta.title == "Bank"
    assert (vmap.meta.title, vmap.meta.workshop_date) == ("T", "2026-11-23")


# ------------------------------------------------------------------ refused operations
@pytest.mark.parametrize("taken", ["org", "cust", "f-dep", "n1"])
def test_ids_are_unique_across_every_kind(taken: str) -> None:
    vmap = bank()
    refused(vmap, lambda: vmap.add_stakeholder(Stakeholder("dup", taken)))
    refused(vmap, lambda: vmap.add_flow(Flow("cust", Direction.PROVIDES, "dup", taken)))
    refused(vmap, lambda: vmap.add_note(Note("dup", taken)))


@pytest.mark.parametrize(
    "stakeholder",
    [
        Stakeholder(TOO_LONG, "s"),
        Stakeholder("ok", "s", notes=TOO_LONG_NOTES),
        Stakeholder("ok", ""),
        Stakeholder("ok", "i" * 201),
        Stakeholder("ok", "s", category=""),
        Stakeholder("ok", "s", colour="red"),
        Stakeholder("ok", "s", colour="#12345"),
        Stakeholder("ok", "s", colour="#aabbcc\n"),
        Stakeholder(123, "s"),  # type: ignore[arg-type]
        Stakeholder("lone \ud800 surrogate", "s"),
        Stakeholder("ok", "id-\udc00"),
    ]
    + [Stakeholder("ok", "s", position=p) for p in BAD_POSITIONS],
)
def test_add_stakeholder_refuses_invalid(stakeholder: Stakeholder) -> None:
    vmap = bank()
    refused(vmap, lambda: vmap.add_stakeholder(stakeholder))


@pytest.mark.parametrize(
    "flow",
    [
        Flow("nobody", Direction.PROVIDES, "orphan", "f"),
        Flow("cust", Direction.PROVIDES, TOO_LONG, "f"),
        Flow("cust", Direction.PROVIDES, "x", "f", notes=TOO_LONG_NOTES),
        Flow("cust", Direction.PROVIDES, "x", "f", importance=0),
        Flow("cust", Direction.PROVIDES, "x", "f", importance=6),
        Flow("cust", Direction.PROVIDES, "x", "f", importance=True),
        Flow("cust", Direction.PROVIDES, "x", "f", importance=3.0),  # type: ignore[arg-type]
        Flow("cust", "sideways", "x", "f"),  # type: ignore[arg-type]
        Flow("cust", Direction.PROVIDES, "x", "f", value_kind="gold"),  # type: ignore[arg-type]
        Flow("org", Direction.PROVIDES, "to itself", "f"),
    ],
)
def test_add_flow_refuses_invalid(flow: Flow) -> None:
    vmap = bank()
    refused(vmap, lambda: vmap.add_flow(flow))


@pytest.mark.parametrize("note", [Note(TOO_LONG, "n")] + [Note("x", "n", p) for p in BAD_POSITIONS])
def test_add_note_refuses_invalid(note: Note) -> None:
    vmap = bank()
    refused(vmap, lambda: vmap.add_note(note))


@pytest.mark.parametrize(
    "changes",
    [
        {"id": "new"},
        {"nonsense": 1},
        {"name": TOO_LONG},
        {"name": None},
        {"colour": "#GGGGGG"},
        {"position": (float("nan"), 1.0)},
        {"position": (1.0, MAX_COORDINATE + 1)},
        {"category": ""},
    ],
)
def test_update_stakeholder_refuses_invalid(changes: dict[str, Any]) -> None:
    vmap = bank()
    refused(vmap, lambda: vmap.update_stakeholder("cust", **changes))


@pytest.mark.parametrize(
    "changes",
    [
        {"id": "new"},
        {"stakeholder_id": "nobody"},
        {"importance": 9},
        {"importance": False},
        {"label": TOO_LONG},
        {"direction": "provides"},
        {"colour": "#000000"},
    ],
)
def test_update_flow_refuses_invalid(changes: dict[str, Any]) -> None:
    vmap = bank()
    refused(vmap, lambda: vmap.update_flow("f-dep", **changes))


@pytest.mark.parametrize(
    "changes",
    [{"id": "x"}, {"name": TOO_LONG}, {"description": TOO_LONG_NOTES}, {"position": (0, 1e8)}],
)
def test_update_organisation_refuses_invalid(changes: dict[str, Any]) -> None:
    vmap = bank()
    refused(vmap, lambda: vmap.update_organisation(**changes))


@pytest.mark.parametrize("changes", [{"title": TOO_LONG}, {"owner": "x"}, {"created": 5}])
def test_update_meta_refuses_invalid(changes: dict[str, Any]) -> None:
    vmap = bank()
    refused(vmap, lambda: vmap.update_meta(**changes))


def test_update_note_refuses_invalid() -> None:
    vmap = bank()
    refused(vmap, lambda: vmap.update_note("n1", text=TOO_LONG))
    refused(vmap, lambda: vmap.update_note("n1", id="n2"))
    refused(vmap, lambda: vmap.update_note("n1", position=(0.0, float("inf"))))


@pytest.mark.parametrize(
    "operation",
    [
        lambda m: m.remove_stakeholder("nobody"),
        lambda m: m.remove_flow("nothing"),
        lambda m: m.remove_note("nothing"),
        lambda m: m.update_stakeholder("nobody", name="x"),
        lambda m: m.update_flow("nothing", label="x"),
        lambda m: m.update_note("nothing", text="x"),
        lambda m: m.stakeholder("nobody"),
        lambda m: m.flow("nothing"),
        lambda m: m.note("nothing"),
        lambda m: m.flows_of("nobody"),
        lambda m: m.net_view("nobody"),
        lambda m: m.position_of("f-dep"),
    ],
)
def test_unknown_ids_are_refused(operation: Callable[[ValueMap], object]) -> None:
    vmap = bank()
    refused(vmap, lambda: operation(vmap))


@pytest.mark.parametrize(
    "positions",
    [
        {"cust": (1.0, 1.0), "nobody": (2.0, 2.0)},
        {"cust": (1.0, 1.0), "reg": (float("nan"), 0.0)},
        {"org": (1.0, 1.0), "n1": (0.0, 2e7)},
        {"f-dep": (1.0, 1.0)},
    ],
)
def test_set_positions_is_all_or_nothing(positions: dict[str, Any]) -> None:
    vmap = bank()
    refused(vmap, lambda: vmap.set_positions(positions))


def test_organisation_must_be_valid_from_the_start() -> None:
    with pytest.raises(ModelError):
        ValueMap(Organisation(name=TOO_LONG))
    with pytest.raises(ModelError):
        ValueMap(Organisation(position=(float("nan"), 0.0)))


def test_error_messages_say_what_is_wrong() -> None:
    vmap = bank()
    assert "limit is 10,000" in str(
        refused(vmap, lambda: vmap.update_stakeholder("cust", name=TOO_LONG))
    )
    assert "missing stakeholder" in str(
        refused(vmap, lambda: vmap.add_flow(Flow("nobody", Direction.PROVIDES, "x")))
    )
    assert "already used" in str(refused(vmap, lambda: vmap.add_note(Note("x", "cust"))))
    assert "between 1 and 5" in str(refused(vmap, lambda: vmap.update_flow("f-dep", importance=7)))
