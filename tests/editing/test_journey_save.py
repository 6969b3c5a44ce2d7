"""Journey edits round-trip through the file: every state the undo stack passes through
saves and opens equal, and deleting a served expectation never leaves a dangling link in
the saved file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QUndoCommand

from svx_desktop.editing.commands import EditElements, RemoveElements
from svx_desktop.editing.document import Document
from svx_desktop.editing.journeys import (
    AddChannel,
    AddStage,
    AddTouchPoint,
    MoveTouchPoint,
    RemoveTouchPoints,
    SetCharter,
)
from svx_desktop.fileformat import load
from svx_desktop.model import Channel, Health, Stage, TouchPoint
from svx_desktop.model.coverage import draft_charter
from tests.editing.test_journey_commands import _doc


def _saved_equal(doc: Document, path: Path) -> None:
    doc.save(path)
    assert Document.open(path).map == doc.map


def test_each_journey_edit_saves_and_opens_equal_and_so_does_each_undo(tmp_path: Path) -> None:
    doc = _doc()
    m = doc.map
    path = tmp_path / "journey.svx"
    steps: list[Callable[[], QUndoCommand]] = [
        lambda: AddChannel(m, Channel("branch", "Branch")),
        lambda: AddStage(m, Stage("c", "join", id="join")),
        lambda: AddTouchPoint(m, TouchPoint("c", "Open", id="a", stage_id="join")),
        lambda: AddTouchPoint(m, TouchPoint("c", "Call", id="b")),
        lambda: MoveTouchPoint(m, "b", 0, stage_id="join", keep_stage=False),
        lambda: EditElements(m, "touch_point", {"a": {"serves": ("fees",), "health": Health.DEAD}}),
        lambda: EditElements(
            m, "touch_point", {"b": {"channels": ("branch",), "moment_of_truth": True}}
        ),
        lambda: SetCharter(m, "c", draft_charter(m, "c")),
        lambda: RemoveTouchPoints(m, ["a"]),
    ]
    for make in steps:
        doc.push(make())
        _saved_equal(doc, path)
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
        _saved_equal(doc, path)
    while doc.undo_stack.canRedo():
        doc.undo_stack.redo()
    _saved_equal(doc, path)
    assert [tp.name for tp in load(path).map.journeys.journey("c")] == ["Call"]


def test_deleting_a_served_expectation_leaves_no_dangling_link_in_the_file(tmp_path: Path) -> None:
    doc = _doc()
    m = doc.map
    doc.push(AddTouchPoint(m, TouchPoint("c", "Call", id="t", serves=("fees", "help"))))
    doc.push(SetCharter(m, "c", draft_charter(m, "c")))
    doc.push(RemoveElements(m, flow_ids=["fees"]))
    path = tmp_path / "unlinked.svx"
    doc.save(path)
    saved = json.loads(path.read_bytes())
    assert saved["touch_points"][0]["serves"] == ["help"]
    assert all(p["serves"] != "fees" for p in saved["charters"][0]["promises"])
    assert load(path).warnings == []
    doc.undo_stack.undo()
    doc.save(path)
    assert load(path).map.journeys.touch_point("t").serves == ("fees", "help")
