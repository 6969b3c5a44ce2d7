"""Journey editing through the undo stack: add, reorder, link, rate, delete, undo, redo."""

from __future__ import annotations

from svx_desktop.editing.commands import EditElements, RemoveElements
from svx_desktop.editing.document import Document
from svx_desktop.editing.journeys import (
    AddChannel,
    AddStage,
    AddTouchPoint,
    MoveStage,
    MoveTouchPoint,
    RemoveChannel,
    RemoveStage,
    RemoveTouchPoints,
    SetCharter,
)
from svx_desktop.model import (
    Channel,
    Direction,
    Flow,
    Health,
    Stage,
    Stakeholder,
    TouchPoint,
)
from svx_desktop.model.coverage import draft_charter
from tests.editing.test_commands import _redo_all, _undo_all


def _doc() -> Document:
    doc = Document()
    m = doc.map
    m.add_stakeholder(Stakeholder("Customers", id="c"))
    m.add_flow(Flow("c", Direction.EXPECTS, "fair fees", id="fees"))
    m.add_flow(Flow("c", Direction.EXPECTS, "quick help", id="help"))
    return doc


def test_every_journey_edit_undoes_and_redoes_to_the_same_map() -> None:
    doc = _doc()
    m = doc.map
    start = m.copy()
    doc.push(AddChannel(m, Channel("branch", "Branch")))
    doc.push(AddStage(m, Stage("c", "join", id="join")))
    doc.push(AddStage(m, Stage("c", "use", id="use")))
    doc.push(MoveStage(m, "use", 0))
    for name in ("a", "b", "z"):
        doc.push(AddTouchPoint(m, TouchPoint("c", name, id=name, stage_id="join")))
    doc.push(MoveTouchPoint(m, "z", 0, stage_id="use", keep_stage=False))
    doc.push(EditElements(m, "touch_point", {"a": {"serves": ("fees",), "health": Health.DEAD}}))
    doc.push(EditElements(m, "touch_point", {"b": {"channels": ("branch", "web")}}))
    doc.push(SetCharter(m, "c", draft_charter(m, "c")))
    doc.push(RemoveStage(m, "join"))
    doc.push(RemoveTouchPoints(m, ["b"]))
    end = m.copy()
    assert [tp.id for tp in m.journeys.journey("c")] == ["z", "a"]
    assert m.journeys.touch_point("z").stage_id == "use"
    assert m.journeys.touch_point("a").stage_id is None
    assert doc.undo_stack.undoText() == "Delete Touch Point “b”"
    _undo_all(doc)
    assert m == start
    _redo_all(doc)
    assert m == end


def test_deleting_a_served_expectation_unlinks_it_and_undo_links_it_again() -> None:
    doc = _doc()
    m = doc.map
    doc.push(AddTouchPoint(m, TouchPoint("c", "Call", id="t", serves=("fees", "help"))))
    doc.push(SetCharter(m, "c", draft_charter(m, "c")))
    before = m.copy()
    doc.push(RemoveElements(m, flow_ids=["fees"]))
    assert m.journeys.touch_point("t").serves == ("help",)
    charter = m.journeys.charter("c")
    assert charter is not None and all(p.serves != "fees" for p in charter.promises)
    doc.undo_stack.undo()
    assert m == before
    # Turning it into a "provides" flow unlinks it too; undo links it again.
    doc.push(EditElements(m, "flow", {"fees": {"direction": Direction.PROVIDES}}))
    assert m.journeys.touch_point("t").serves == ("help",)
    doc.undo_stack.undo()
    assert m == before


def test_deleting_a_stakeholder_with_a_journey_undoes_whole() -> None:
    doc = _doc()
    m = doc.map
    doc.push(AddStage(m, Stage("c", "join", id="join")))
    doc.push(AddTouchPoint(m, TouchPoint("c", "Call", stage_id="join", serves=("fees",))))
    doc.push(SetCharter(m, "c", draft_charter(m, "c")))
    before = m.copy()
    doc.push(RemoveElements(m, stakeholder_ids=["c"]))
    assert not m.journeys
    doc.undo_stack.undo()
    assert m == before


def test_a_channel_in_use_is_refused_and_nothing_is_stacked() -> None:
    doc = _doc()
    m = doc.map
    doc.push(AddChannel(m, Channel("branch", "Branch")))
    doc.push(AddTouchPoint(m, TouchPoint("c", "Visit", channels=("branch",))))
    count = doc.undo_stack.count()
    assert not doc.try_push(RemoveChannel(m, "branch"))
    assert doc.undo_stack.count() == count
