"""Quick capture applied to a document: the right model, one undo step per line."""

from __future__ import annotations

from pathlib import Path

from svx_desktop import fileformat
from svx_desktop.editing import AddElements, Document
from svx_desktop.editing.capture import (
    CaptureResult,
    apply_capture,
    apply_capture_text,
    stakeholder_names,
)
from svx_desktop.model import Category, Direction, Flow, Stakeholder, ValueKind, ValueMap
from svx_desktop.model.capture import ParseError, format_capture
from svx_desktop.model.geometry import rect_around, rects_overlap
from svx_desktop.model.placement import CARD_SIZE, ORGANISATION_SIZE

WORKSHOP = """\
Customers: provides deposits, fees; expects interest, capital growth
Staff > skills, time < wages, training
Regulator (regulator): provides licence to operate; expects compliance reports
Local community
customers: provides Deposits, loyalty; expects advice
"""


def _undo_all(doc: Document) -> None:
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()


def _redo_all(doc: Document) -> None:
    while doc.undo_stack.canRedo():
        doc.undo_stack.redo()


def _labels(m: ValueMap, name: str, direction: Direction) -> list[str]:
    s = next(s for s in m.stakeholders if s.name == name)
    return [f.label for f in m.flows_of(s.id, direction)]


def _ok(result: CaptureResult | ParseError) -> CaptureResult:
    assert isinstance(result, CaptureResult), result
    return result


def test_several_lines_build_the_right_model() -> None:
    doc = Document()
    results = [_ok(r) for r in apply_capture_text(doc, WORKSHOP)]
    m = doc.map
    assert [s.name for s in m.stakeholders] == [
        "Customers",
        "Staff",
        "Regulator",
        "Local community",
    ]
    assert [s.category for s in m.stakeholders] == [
        "customer",
        "employee",
        "regulator",
        "community",
    ]
    assert _labels(m, "Customers", Direction.PROVIDES) == ["deposits", "fees", "loyalty"]
    assert _labels(m, "Customers", Direction.EXPECTS) == ["interest", "capital growth", "advice"]
    assert _labels(m, "Staff", Direction.PROVIDES) == ["skills", "time"]
    assert _labels(m, "Staff", Direction.EXPECTS) == ["wages", "training"]
    assert _labels(m, "Regulator", Direction.PROVIDES) == ["licence to operate"]
    assert _labels(m, "Local community", Direction.PROVIDES) == []
    # The last line found "Customers" again and skipped the flow it already had.
    last = results[-1]
    assert not last.created
    assert last.stakeholder_id == m.stakeholders[0].id
    assert last.skipped == ("Deposits",)
    assert len(last.flow_ids) == 2
    # Value kinds are guessed from the labels.
    kinds = {f.label: f.value_kind for f in m.flows}
    assert kinds["deposits"] is ValueKind.MONEY
    assert kinds["advice"] is ValueKind.INFORMATION
    assert kinds["loyalty"] is ValueKind.INTANGIBLE
    assert kinds["skills"] is ValueKind.GOODS_SERVICES


def test_each_line_is_one_undo_step_named_after_the_stakeholder() -> None:
    doc = Document()
    snapshots = [doc.map.copy()]
    for line in WORKSHOP.splitlines():
        _ok(apply_capture(doc, line))
        snapshots.append(doc.map.copy())
    assert doc.undo_stack.count() == 5
    assert doc.undo_stack.text(0) == "Capture “Customers”"
    assert doc.undo_stack.text(4) == "Capture “Customers”"  # the existing name, not as typed
    # Undo goes back one line at a time, exactly.
    for expected in reversed(snapshots[:-1]):
        doc.undo_stack.undo()
        assert doc.map == expected
    assert not doc.map.stakeholders and not doc.map.flows
    _redo_all(doc)
    assert doc.map == snapshots[-1]


def test_captured_map_saves_and_reopens(tmp_path: Path) -> None:
    doc = Document()
    apply_capture_text(doc, WORKSHOP)
    path = tmp_path / "workshop.svx"
    doc.save(path)
    reopened = Document.open(path)
    assert reopened.map.stakeholders == doc.map.stakeholders
    assert reopened.map.flows == doc.map.flows
    assert not fileformat.loads(fileformat.dumps(doc.map), "x").warnings


def test_a_line_it_cannot_read_pushes_nothing() -> None:
    doc = Document()
    before = doc.map.copy()
    result = apply_capture(doc, "Customers: deposits")
    assert isinstance(result, ParseError)
    assert "provides" in result.hint
    assert doc.undo_stack.count() == 0
    assert doc.map == before


def test_a_bad_line_among_good_ones_is_reported_and_the_rest_apply() -> None:
    doc = Document()
    results = apply_capture_text(doc, "A > x\nB (banana)\n\nC < y")
    assert [type(r).__name__ for r in results] == ["CaptureResult", "ParseError", "CaptureResult"]
    assert [s.name for s in doc.map.stakeholders] == ["A", "C"]
    assert doc.undo_stack.count() == 2


def test_existing_stakeholder_and_nothing_new_pushes_nothing() -> None:
    doc = Document()
    first = _ok(apply_capture(doc, "Customers > deposits"))
    again = _ok(apply_capture(doc, "  CUSTOMERS  : provides DEPOSITS"))
    assert again.stakeholder_id == first.stakeholder_id
    assert not again.pushed and not again.created and again.skipped == ("DEPOSITS",)
    alone = _ok(apply_capture(doc, "customers"))
    assert not alone.pushed and alone.stakeholder_id == first.stakeholder_id
    assert doc.undo_stack.count() == 1


def test_same_label_in_the_other_direction_is_a_new_flow() -> None:
    doc = Document()
    r = _ok(apply_capture(doc, "Partners > data < data"))
    assert len(r.flow_ids) == 2
    assert {f.direction for f in doc.map.flows} == {Direction.PROVIDES, Direction.EXPECTS}


def test_explicit_category_changes_an_existing_stakeholder_in_the_same_step() -> None:
    doc = Document()
    _ok(apply_capture(doc, "Acme"))
    assert doc.map.stakeholders[0].category == "other"
    r = _ok(apply_capture(doc, "acme (supplier): provides parts"))
    assert r.category_changed
    assert doc.map.stakeholders[0].category == "supplier"
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    assert doc.map.stakeholders[0].category == "other"
    assert not doc.map.flows


def test_guessed_category_never_changes_an_existing_stakeholder() -> None:
    doc = Document()
    s = Stakeholder("Customers", category="partner")
    doc.push(AddElements(doc.map, [s]))
    r = _ok(apply_capture(doc, "Customers > fees"))
    assert not r.category_changed
    assert doc.map.stakeholder(s.id).category == "partner"


def test_map_own_categories_can_be_named() -> None:
    doc = Document()
    doc.map.add_category(Category("funder", "Donor / funder", "#882255"))
    _ok(apply_capture(doc, "Grant funders > grants"))
    _ok(apply_capture(doc, "Acme (Donor / funder)"))
    assert [s.category for s in doc.map.stakeholders] == ["funder", "funder"]


def test_new_stakeholders_go_to_free_places_around_the_organisation() -> None:
    doc = Document()
    doc.map.update_organisation(position=(1000.0, -500.0))
    for i in range(4):
        _ok(apply_capture(doc, f"Stakeholder {i}"))
    # The first four go above, below, right and left of the organisation.
    firsts = [s.position for s in doc.map.stakeholders[:4]]
    org = doc.map.organisation
    ox, oy = org.position
    assert firsts[0][0] == ox and firsts[0][1] < oy
    assert firsts[1][0] == ox and firsts[1][1] > oy
    assert firsts[2][1] == oy and firsts[2][0] > ox
    assert firsts[3][1] == oy and firsts[3][0] < ox
    # Many more (the map spread out when no legible place is left) overlap nothing.
    for i in range(4, 30):
        _ok(apply_capture(doc, f"Stakeholder {i}"))
    rects = [rect_around(s.position, CARD_SIZE) for s in doc.map.stakeholders]
    org_rect = rect_around(org.position, ORGANISATION_SIZE)
    for i, a in enumerate(rects):
        assert not rects_overlap(a, org_rect)
        for b in rects[i + 1 :]:
            assert not rects_overlap(a, b)


def test_new_stakeholder_avoids_existing_cards_and_notes() -> None:
    doc = Document()
    blocker = Stakeholder("Blocker", position=(0.0, -380.0))
    doc.push(AddElements(doc.map, [blocker]))
    r = _ok(apply_capture(doc, "New"))
    pos = doc.map.stakeholder(r.stakeholder_id).position
    assert not rects_overlap(rect_around(pos, CARD_SIZE), rect_around(blocker.position, CARD_SIZE))


def test_real_sizes_from_the_canvas_are_respected() -> None:
    doc = Document()
    wide = Stakeholder("Wide", position=(0.0, -380.0))
    doc.push(AddElements(doc.map, [wide]))
    sizes = {wide.id: (2000.0, 46.0)}
    r = _ok(apply_capture(doc, "New", sizes=sizes))
    pos = doc.map.stakeholder(r.stakeholder_id).position
    assert not rects_overlap(
        rect_around(pos, CARD_SIZE), rect_around(wide.position, sizes[wide.id])
    )


def test_capture_then_format_round_trips_through_the_clipboard_text() -> None:
    doc = Document()
    apply_capture_text(doc, WORKSHOP)
    text = format_capture(doc.map)
    other = Document()
    apply_capture_text(other, text)
    assert [(s.name, s.category) for s in other.map.stakeholders] == [
        (s.name, s.category) for s in doc.map.stakeholders
    ]
    assert [(f.direction, f.label) for f in other.map.flows] == [
        (f.direction, f.label)
        for s in doc.map.stakeholders
        for f in doc.map.flows_of(s.id)  # provides first, as the text lists them
    ]


def test_stakeholder_names_for_the_completer() -> None:
    doc = Document()
    apply_capture_text(doc, "zeta\nAlpha\nbeta\nALPHA")
    assert stakeholder_names(doc.map) == ["Alpha", "beta", "zeta"]


def test_undo_of_a_capture_on_an_existing_stakeholder_keeps_older_flows() -> None:
    doc = Document()
    s = Stakeholder("Customers", category="customer")
    old = Flow(s.id, Direction.PROVIDES, "deposits")
    doc.push(AddElements(doc.map, [s], [old]))
    _ok(apply_capture(doc, "Customers: provides deposits, fees; expects interest"))
    assert [f.label for f in doc.map.flows] == ["deposits", "fees", "interest"]
    doc.undo_stack.undo()
    assert doc.map.flows == (old,)
    _undo_all(doc)
    assert not doc.map.stakeholders
