"""Editing an existing map on the canvas: rename, delete, move, nudge, select, cycle."""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QPointF, Qt

from svx_desktop.editing import AddElements
from svx_desktop.model import Direction, Note
from svx_desktop.model.placement import clockwise_angle

Key = Qt.Key


def _positions(c):  # type: ignore[no-untyped-def]
    return {s.id: s.position for s in c.map.stakeholders}


def _by_name(c, name):  # type: ignore[no-untyped-def]
    return next(s for s in c.map.stakeholders if s.name == name)


def test_f2_renames_a_stakeholder(bank):
    c = bank
    s = _by_name(c, "Suppliers")
    c.scene.select_ids([s.id])
    c.key(Key.Key_F2)
    assert c.view.is_editing_text()
    assert c.view.editing.line.widget.text() == "Suppliers"
    c.type("Vendors")  # replaces the selected text
    c.key(Key.Key_Return)
    assert c.map.stakeholder(s.id).name == "Vendors"
    assert c.scene.item_for(s.id).name == "Vendors"
    assert c.document.undo_stack.undoText() == "Rename Stakeholder"


def test_enter_renames_flow_label_organisation_and_note(bank):
    c = bank
    flow = c.map.flows[0]
    c.scene.select_ids([flow.id])
    c.key(Key.Key_Return)
    c.type("savings deposits")
    c.key(Key.Key_Return)
    assert c.map.flow(flow.id).label == "savings deposits"
    assert c.scene.item_for(flow.id).label == "savings deposits"

    c.scene.select_ids([c.map.organisation.id])
    assert c.view.rename_selection()
    c.type("Mutual Bank")
    c.key(Key.Key_Return)
    assert c.map.organisation.name == "Mutual Bank"

    note = c.map.notes[0]
    c.scene.select_ids([note.id])
    c.key(Key.Key_F2)
    assert c.view.editing.text.is_open  # notes get the multi-line editor
    c.type("line one")
    c.key(Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    c.type("line two")
    c.key(Key.Key_Return)
    assert c.map.note(note.id).text == "line one\nline two"
    assert c.document.undo_stack.count() == 3


def test_escape_leaves_a_rename_undone(bank):
    c = bank
    s = _by_name(c, "Employees")
    c.scene.select_ids([s.id])
    c.key(Key.Key_F2)
    c.type("Staff")
    c.key(Key.Key_Escape)
    assert c.map.stakeholder(s.id).name == "Employees"
    assert c.document.undo_stack.count() == 0


def test_double_click_on_a_card_renames_it(bank):
    c = bank
    s = _by_name(c, "Owners / investors")
    c.double_click(c.centre_of(c.scene.item_for(s.id)))
    assert c.view.is_editing_text()
    c.type("Shareholders")
    c.key(Key.Key_Return)
    assert c.map.stakeholder(s.id).name == "Shareholders"
    assert len(c.map.stakeholders) == 9


def test_delete_takes_flows_and_undo_restores_them(bank):
    c = bank
    before = c.map.copy()
    s = _by_name(c, "Personal customers")
    flow_ids = [f.id for f in c.map.flows_of(s.id)]
    c.scene.select_ids([s.id])
    c.key(Key.Key_Delete)
    assert not c.map.has_stakeholder(s.id)
    assert all(c.scene.item_for(f) is None for f in flow_ids)
    assert c.scene.arrow_for(s.id, Direction.PROVIDES) is None
    assert c.document.undo_stack.undoText() == "Delete Stakeholder “Personal customers”"
    c.document.undo_stack.undo()
    assert c.map == before
    assert all(c.scene.item_for(f) is not None for f in flow_ids)
    assert c.scene.arrow_for(s.id, Direction.PROVIDES).count == 2
    assert c.scene.counts() == {"stakeholders": 9, "flows": 33, "notes": 1}


def test_organisation_is_never_deleted(bank):
    c = bank
    c.key(Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    sel = c.scene.selection()
    assert sel.organisation and len(sel.stakeholders) == 9 and len(sel.flows) == 33
    c.key(Key.Key_Delete)
    assert c.map.stakeholders == () and c.map.flows == () and c.map.notes == ()
    assert c.scene.item_for(c.map.organisation.id) is c.scene.organisation_item
    assert c.document.undo_stack.count() == 1
    c.document.undo_stack.undo()
    assert c.scene.counts() == {"stakeholders": 9, "flows": 33, "notes": 1}


def test_multi_select_drag_is_one_undo_step(bank):
    c = bank
    names = ["Suppliers", "Local community", "Central bank"]
    ids = [_by_name(c, n).id for n in names]
    c.scene.select_ids(ids)
    start_positions = _positions(c)
    grab = c.centre_of(c.scene.item_for(ids[0]))
    c.drag(grab, grab + QPoint(60, 30))
    stack = c.document.undo_stack
    assert stack.count() == 1
    assert stack.undoText() == "Move 3 Stakeholders"
    moved = _positions(c)
    zoom = c.view.zoom_factor()
    for sid in ids:
        dx = moved[sid][0] - start_positions[sid][0]
        dy = moved[sid][1] - start_positions[sid][1]
        assert math.isclose(dx, 60 / zoom, abs_tol=1.5) and math.isclose(dy, 30 / zoom, abs_tol=1.5)
    for sid, pos in moved.items():
        if sid not in ids:
            assert pos == start_positions[sid]
    stack.undo()
    assert _positions(c) == start_positions
    for sid in ids:
        item = c.scene.item_for(sid)
        assert (item.x(), item.y()) == start_positions[sid]


def test_dragging_a_card_moves_its_arrows_and_labels(bank):
    c = bank
    s = _by_name(c, "Employees")
    arrow = c.scene.arrow_for(s.id, Direction.PROVIDES)
    before = arrow.curve.p0
    grab = c.centre_of(c.scene.item_for(s.id))
    c.drag(grab, grab + QPoint(0, 80))
    assert arrow.curve.p0 != before
    assert c.document.undo_stack.undoText() == "Move Stakeholder"


def test_arrow_key_nudges_merge_into_one_step(bank):
    c = bank
    s = _by_name(c, "Suppliers")
    x, y = s.position
    c.scene.select_ids([s.id])
    for _ in range(3):
        c.key(Key.Key_Right)
    c.key(Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert c.map.stakeholder(s.id).position == (x + 15, y + 25)
    assert c.document.undo_stack.count() == 1
    c.document.undo_stack.undo()
    assert c.map.stakeholder(s.id).position == (x, y)
    assert (c.scene.item_for(s.id).x(), c.scene.item_for(s.id).y()) == (x, y)


def test_tab_cycles_stakeholders_clockwise(bank):
    c = bank
    org = c.map.organisation.position
    seen = []
    for _ in range(9):
        c.key(Key.Key_Tab)
        (sid,) = c.scene.selection().stakeholders
        seen.append(sid)
    assert len(set(seen)) == 9
    angles = [clockwise_angle(org, c.map.stakeholder(i).position) for i in seen]
    assert angles == sorted(angles)
    c.key(Key.Key_Tab)
    assert c.scene.selection().stakeholders == (seen[0],)
    c.key(Key.Key_Backtab)
    assert c.scene.selection().stakeholders == (seen[-1],)
    # the selected card is scrolled into view
    item = c.scene.item_for(seen[-1])
    visible = c.view.mapToScene(c.view.viewport().rect()).boundingRect()
    assert visible.contains(item.sceneBoundingRect())


def test_rubber_band_selects_cards_inside(bank):
    c = bank
    c.view.fit_all()
    names = ("Personal customers", "Business customers")
    items = [c.scene.item_for(_by_name(c, n).id) for n in names]
    rect = items[0].sceneBoundingRect().united(items[1].sceneBoundingRect()).adjusted(-5, -5, 5, 5)
    start = c.at(rect.topLeft() + QPointF(-10, -10))
    end = c.at(rect.bottomRight())
    assert c.view.itemAt(start) is None
    c.drag(start, end)
    got = set(c.scene.selection().stakeholders)
    assert got == {i.element_id for i in items}
    assert c.document.undo_stack.count() == 0


def test_notes_show_as_movable_sticky_notes(blank):
    c = blank
    note = Note("Ask about <b>fees</b>", position=(100.0, -200.0))
    c.document.push(AddElements(c.map, notes=[note]))
    item = c.scene.item_for(note.id)
    assert item.text == "Ask about <b>fees</b>"
    c.scene.select_ids([note.id])
    c.key(Key.Key_Left)
    assert c.map.note(note.id).position == (95.0, -200.0)
    c.key(Key.Key_Delete)
    assert c.map.notes == () and c.scene.counts()["notes"] == 0


def test_clicking_an_arrow_selects_its_flows_and_double_click_adds_one(bank):
    c = bank
    s = _by_name(c, "Employees")
    arrow = c.scene.arrow_for(s.id, Direction.EXPECTS)
    on_curve = c.at(QPointF(*arrow.curve.point(0.3)))
    c.click(on_curve)
    flows = {f.id for f in c.map.flows_of(s.id, Direction.EXPECTS)}
    assert set(c.scene.selection().flows) == flows
    assert arrow.highlighted
    c.double_click(on_curve)
    assert c.view.is_editing_text()
    c.type("recognition")
    c.key(Key.Key_Return)
    labels = [f.label for f in c.map.flows_of(s.id, Direction.EXPECTS)]
    assert labels[-1] == "recognition"
    assert c.scene.arrow_for(s.id, Direction.EXPECTS).count == 3


def test_dragging_the_organisation_moves_every_arrow_and_is_one_step(bank):
    c = bank
    org = c.scene.organisation_item
    before = {a.stakeholder_id + a.direction.value: a.curve.p2 for a in c.scene.arrow_items()}
    grab = c.at(org.scene_rect().center() + QPointF(-60, -20))
    c.drag(grab, grab + QPoint(40, 0))
    assert c.document.undo_stack.undoText() == "Move Organisation"
    x, _ = c.map.organisation.position
    assert x != 0.0
    after = {a.stakeholder_id + a.direction.value: a.curve.p2 for a in c.scene.arrow_items()}
    assert all(after[k] != before[k] for k in before if k.endswith("provides"))


def test_card_shows_its_colour_and_follows_category_and_colour_edits(bank):
    from svx_desktop.editing import EditElements

    c = bank
    s = _by_name(c, "Suppliers")
    card = c.scene.item_for(s.id)
    assert card.colour.name() == c.map.category("supplier").colour.lower()
    c.document.push(EditElements(c.map, "stakeholder", {s.id: {"category": "partner"}}))
    assert card.colour.name() == c.map.category("partner").colour.lower()
    assert card.category_name == "Partner"
    c.document.push(EditElements(c.map, "stakeholder", {s.id: {"colour": "#123456"}}))
    assert card.colour.name() == "#123456"
    c.document.undo_stack.undo()
    c.document.undo_stack.undo()
    assert card.colour.name() == c.map.category("supplier").colour.lower()
