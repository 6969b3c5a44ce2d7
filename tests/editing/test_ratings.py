"""Ratings and dismissed checks go through the existing commands: one undo step each."""

from __future__ import annotations

from pathlib import Path

from svx_desktop.editing import AddElements, Document, EditElements
from svx_desktop.fileformat import load, save
from svx_desktop.model import (
    Direction,
    Flow,
    FlowChanged,
    Health,
    MapEvent,
    MetaChanged,
    Stakeholder,
    direction_changes,
)
from svx_desktop.model.checks import dismiss, run_checks


def _customers(doc: Document) -> tuple[Flow, Flow]:
    customers = Stakeholder("Customers", category="customer")
    gives = Flow(customers.id, Direction.PROVIDES, "deposits", importance=5)
    gets = Flow(customers.id, Direction.EXPECTS, "interest", importance=4)
    doc.push(AddElements(doc.map, [customers], [gives, gets]))
    return gives, gets


def test_rating_is_one_undo_step_with_flow_changed_events() -> None:
    doc = Document()
    gives, gets = _customers(doc)
    events: list[MapEvent] = []
    doc.map.subscribe(events.append)
    doc.push(EditElements(doc.map, "flow", {gets.id: {"met_today": Health.DEAD}}))
    doc.push(EditElements(doc.map, "flow", {gives.id: {"dependence": 5}}))
    assert events == [
        FlowChanged(gets.id, frozenset({"met_today"})),
        FlowChanged(gives.id, frozenset({"dependence"})),
    ]
    assert doc.undo_stack.count() == 3
    doc.undo_stack.undo()
    assert doc.map.flow(gives.id).dependence is None
    assert doc.map.flow(gets.id).met_today is Health.DEAD
    doc.undo_stack.undo()
    assert doc.map.flow(gets.id).met_today is None
    assert events[-1] == FlowChanged(gets.id, frozenset({"met_today"}))
    doc.undo_stack.redo()
    doc.undo_stack.redo()
    assert (doc.map.flow(gets.id).met_today, doc.map.flow(gives.id).dependence) == (
        Health.DEAD,
        5,
    )


def test_flipping_a_rated_flow_clears_and_undo_restores_the_rating() -> None:
    doc = Document()
    _gives, gets = _customers(doc)
    doc.push(EditElements(doc.map, "flow", {gets.id: {"met_today": Health.DYING}}))
    before = doc.map.copy()
    changes = direction_changes(doc.map.flow(gets.id), Direction.PROVIDES)
    doc.push(EditElements(doc.map, "flow", {gets.id: changes}))
    flipped = doc.map.flow(gets.id)
    assert (flipped.direction, flipped.met_today) == (Direction.PROVIDES, None)
    doc.undo_stack.undo()
    assert doc.map == before
    assert doc.map.flow(gets.id).met_today is Health.DYING


def test_dismissing_a_check_is_one_undo_step_and_is_saved(tmp_path: Path) -> None:
    doc = Document()
    _gives, gets = _customers(doc)
    doc.push(EditElements(doc.map, "flow", {gets.id: {"met_today": Health.DEAD}}))
    (finding,) = run_checks(doc.map)
    assert finding.check == "dead-expectation"
    events: list[MapEvent] = []
    doc.map.subscribe(events.append)
    doc.push(
        EditElements(doc.map, "meta", {"": {"dismissed_checks": dismiss(doc.map, [finding.key])}})
    )
    assert events == [MetaChanged(frozenset({"dismissed_checks"}))]
    assert run_checks(doc.map) == ()
    path = tmp_path / "map.svx"
    save(doc.map, path)
    reloaded = load(path).map
    assert reloaded == doc.map
    assert run_checks(reloaded) == ()
    doc.undo_stack.undo()
    assert run_checks(doc.map) == (finding,)


def test_ratings_survive_save_and_reload_after_undo_and_redo(tmp_path: Path) -> None:
    doc = Document()
    gives, gets = _customers(doc)
    doc.push(
        EditElements(
            doc.map, "flow", {gets.id: {"met_today": Health.LIVELY}, gives.id: {"dependence": 2}}
        )
    )
    doc.undo_stack.undo()
    doc.undo_stack.redo()
    path = tmp_path / "map.svx"
    save(doc.map, path)
    reloaded = load(path).map
    assert reloaded.flow(gets.id).met_today is Health.LIVELY
    assert reloaded.flow(gives.id).dependence == 2
    assert reloaded == doc.map
