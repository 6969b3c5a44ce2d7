"""Undo commands: each edit is one step, undo restores exactly, failures change nothing."""

from __future__ import annotations

import pytest

from svx_desktop.editing import (
    AddCategory,
    AddElements,
    Document,
    EditElements,
    MacroCommand,
    MoveElements,
    RemoveCategory,
    RemoveElements,
)
from svx_desktop.model import Category, Direction, Flow, ModelError, Note, Stakeholder


def _bank(doc: Document) -> tuple[Stakeholder, Stakeholder, list[Flow]]:
    customers = Stakeholder("Customers", category="customer", position=(400, 0))
    regulator = Stakeholder("Regulator", category="regulator", position=(-400, 0))
    flows = [
        Flow(customers.id, Direction.PROVIDES, "deposits"),
        Flow(customers.id, Direction.EXPECTS, "interest"),
        Flow(regulator.id, Direction.PROVIDES, "licence"),
        Flow(regulator.id, Direction.EXPECTS, "compliance"),
    ]
    doc.push(AddElements(doc.map, [customers, regulator], flows))
    return customers, regulator, flows


def _undo_all(doc: Document) -> None:
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()


def _redo_all(doc: Document) -> None:
    while doc.undo_stack.canRedo():
        doc.undo_stack.redo()


def test_add_is_one_step_and_undo_removes_everything() -> None:
    doc = Document()
    empty = doc.map.copy()
    _bank(doc)
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Add 2 Stakeholders and 4 Flows"
    after = doc.map.copy()
    doc.undo_stack.undo()
    assert doc.map == empty
    doc.undo_stack.redo()
    assert doc.map == after


def test_delete_stakeholder_takes_flows_and_undo_restores_them_in_place() -> None:
    doc = Document()
    customers, _, _ = _bank(doc)
    before = doc.map.copy()
    doc.push(RemoveElements(doc.map, [customers.id]))
    assert doc.undo_stack.undoText() == "Delete Stakeholder “Customers”"
    assert len(doc.map.flows) == 2
    doc.undo_stack.undo()
    assert doc.map == before


def test_delete_mixed_selection_counts_flows_of_deleted_stakeholders_once() -> None:
    doc = Document()
    customers, regulator, flows = _bank(doc)
    note = Note("ask about fees")
    doc.push(AddElements(doc.map, notes=[note]))
    before = doc.map.copy()
    cmd = RemoveElements(doc.map, [customers.id], [flows[0].id, flows[2].id], [note.id])
    assert cmd.text() == "Delete Stakeholder and Flow and Note"
    doc.push(cmd)
    assert [f.label for f in doc.map.flows] == ["compliance"]
    doc.undo_stack.undo()
    assert doc.map == before


def test_edit_names_the_step_and_undo_restores_old_values() -> None:
    doc = Document()
    customers, regulator, flows = _bank(doc)
    doc.push(EditElements(doc.map, "stakeholder", {customers.id: {"name": "Clients"}}))
    assert doc.undo_stack.undoText() == "Rename Stakeholder"
    doc.push(
        EditElements(
            doc.map,
            "stakeholder",
            {customers.id: {"category": "partner"}, regulator.id: {"category": "partner"}},
        )
    )
    assert doc.undo_stack.undoText() == "Change Category of 2 Stakeholders"
    doc.push(EditElements(doc.map, "flow", {flows[0].id: {"importance": 5, "label": "savings"}}))
    assert doc.undo_stack.undoText() == "Edit Flow"
    doc.undo_stack.undo()
    assert doc.map.flow(flows[0].id) == flows[0]
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.map.stakeholder(customers.id) == customers


def test_organisation_and_meta_edits_undo() -> None:
    doc = Document()
    org, meta = doc.map.organisation, doc.map.meta
    doc.push(EditElements(doc.map, "organisation", {"": {"name": "Acme Bank"}}))
    doc.push(EditElements(doc.map, "meta", {"": {"title": "Workshop 1", "facilitator": "Ana"}}))
    assert doc.map.organisation.name == "Acme Bank"
    _undo_all(doc)
    assert doc.map.organisation == org
    assert doc.map.meta == meta


def test_failed_command_changes_nothing_and_is_not_stacked() -> None:
    doc = Document()
    customers, _, flows = _bank(doc)
    before = doc.map.copy()
    with pytest.raises(ModelError):
        doc.push(
            EditElements(
                doc.map,
                "flow",
                {flows[0].id: {"importance": 2}, flows[1].id: {"importance": 99}},
            )
        )
    with pytest.raises(ModelError):
        doc.push(
            AddElements(
                doc.map,
                [Stakeholder("New")],
                [Flow("missing", Direction.PROVIDES, "x")],
            )
        )
    assert doc.map == before
    assert doc.undo_stack.count() == 1


def test_move_is_one_step_and_nudges_merge() -> None:
    doc = Document()
    customers, regulator, _ = _bank(doc)
    ids = [customers.id, regulator.id]
    before = {i: doc.map.position_of(i) for i in ids}
    after = {i: (p[0] + 50, p[1] + 10) for i, p in before.items()}
    doc.push(MoveElements(doc.map, before, after))
    assert doc.undo_stack.undoText() == "Move 2 Stakeholders"
    count = doc.undo_stack.count()
    pos = dict(after)
    for _ in range(5):
        nxt = {i: (p[0] + 1, p[1]) for i, p in pos.items()}
        doc.push(MoveElements(doc.map, pos, nxt, nudge=True))
        pos = nxt
    assert doc.undo_stack.count() == count + 1
    assert doc.map.position_of(customers.id) == (455.0, 10.0)
    doc.undo_stack.undo()
    assert doc.map.position_of(customers.id) == (450.0, 10.0)


def test_macro_is_one_step_and_rolls_back_on_failure() -> None:
    doc = Document()
    s = Stakeholder("Suppliers", category="supplier")
    f = Flow(s.id, Direction.PROVIDES, "goods")
    macro = MacroCommand(doc.map, "Quick Capture “Suppliers”")
    macro.add(AddElements(doc.map, [s]))
    macro.add(AddElements(doc.map, flows=[f]))
    doc.push(macro)
    assert doc.undo_stack.count() == 1
    assert doc.map.flows_of(s.id) == (f,)
    before = doc.map.copy()

    bad = MacroCommand(doc.map, "Bad")
    bad.add(AddElements(doc.map, [Stakeholder("Ok")]))
    bad.add(AddElements(doc.map, flows=[Flow("missing", Direction.EXPECTS, "x")]))
    with pytest.raises(ModelError):
        doc.push(bad)
    assert doc.map == before
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert not doc.map.stakeholders


def test_categories_add_and_remove_undo() -> None:
    doc = Document()
    cat = Category("fans", "Fans", "#123456")
    doc.push(AddCategory(doc.map, cat))
    doc.push(RemoveCategory(doc.map, "fans"))
    assert doc.map.own_categories == ()
    doc.undo_stack.undo()
    assert doc.map.own_categories == (cat,)
    doc.undo_stack.undo()
    assert doc.map.own_categories == ()


def test_undo_all_and_redo_all_identity() -> None:
    doc = Document()
    empty = doc.map.copy()
    customers, regulator, flows = _bank(doc)
    doc.push(EditElements(doc.map, "stakeholder", {customers.id: {"name": "Clients"}}))
    doc.push(RemoveElements(doc.map, [regulator.id]))
    doc.push(MoveElements(doc.map, {customers.id: (400, 0)}, {customers.id: (0, 300)}))
    final = doc.map.copy()
    _undo_all(doc)
    assert doc.map == empty
    _redo_all(doc)
    assert doc.map == final


def test_dirty_state_follows_clean_index(tmp_path) -> None:
    doc = Document()
    assert not doc.is_dirty
    customers, _, _ = _bank(doc)
    assert doc.is_dirty
    path = tmp_path / "bank.svx"
    doc.save(path)
    assert not doc.is_dirty
    assert doc.display_name == "bank.svx"
    doc.push(EditElements(doc.map, "stakeholder", {customers.id: {"name": "Clients"}}))
    assert doc.is_dirty
    doc.undo_stack.undo()
    assert not doc.is_dirty

    reopened = Document.open(path)
    assert reopened.map == doc.map
    assert not reopened.is_dirty
    assert reopened.undo_stack.count() == 0
    assert not reopened.changed_on_disk()
    path.write_bytes(path.read_bytes().replace(b"Customers", b"Clients"))
    assert reopened.changed_on_disk()


def test_refused_edit_keeps_the_redo_history() -> None:
    doc = Document()
    customers, _, flows = _bank(doc)
    doc.push(EditElements(doc.map, "stakeholder", {customers.id: {"name": "Clients"}}))
    doc.undo_stack.undo()
    with pytest.raises(ModelError):
        doc.push(EditElements(doc.map, "flow", {flows[0].id: {"importance": 0}}))
    assert doc.undo_stack.canRedo()
    doc.undo_stack.redo()
    assert doc.map.stakeholder(customers.id).name == "Clients"
