"""More of the journey in the window: printing, the map card's journey mark following the
journey, and renaming a stage from its header."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from svx_desktop.editing import Document
from svx_desktop.model import Stakeholder, ValueMap
from svx_desktop.model.health import Health
from svx_desktop.model.journey_elements import Stage, TouchPoint
from svx_desktop.ui import main as app_main


def build_map() -> ValueMap:
    vmap = Document().map
    vmap.add_stakeholder(Stakeholder("Customers", category="customer", position=(420, 0), id="s"))
    vmap.journeys.add_stage(Stage("s", "Discover", id="st"))
    vmap.journeys.add_touch_point(TouchPoint("s", "Sees an advert", id="a", stage_id="st"))
    vmap.journeys.add_touch_point(TouchPoint("s", "Calls", id="b", health=Health.LIVELY))
    return vmap


@pytest.fixture
def window(make_window, qtbot):  # type: ignore[no-untyped-def]
    w = make_window(Document(build_map()))
    w.extend([app_main._attach_journeys])
    w.view.setFocus()
    QApplication.processEvents()
    return w


def test_print_journey_paints_the_journey_on_the_printer(window, tmp_path: Path):
    assert window.journeys.open("s")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    assert window.journeys.print_journey(printer)  # the print dialog is answered "OK"
    assert target.read_bytes().startswith(b"%PDF") and target.stat().st_size > 1000


def test_the_card_mark_follows_the_journey(window):
    card = window.scene.item_for("s")
    vmap = window.document.map
    assert (card.journey_mark.count, card.journey_mark.worst) == (2, Health.LIVELY)
    vmap.journeys.update_touch_point("a", health=Health.DEAD)
    assert card.journey_mark.worst is Health.DEAD
    assert card.journey_mark.describe() == "2 touch points, the worst dead"
    vmap.journeys.remove_touch_point("a")
    vmap.journeys.remove_touch_point("b")
    assert card.journey_mark is None


def test_double_clicking_a_stage_header_renames_the_stage(window, qtbot):
    assert window.journeys.open("s")
    view = window.journeys.view()
    header = view.journey_scene.headers()[0]
    at = view.mapFromScene(header.sceneBoundingRect().center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "Discover"
    editor.selectAll()
    QTest.keyClicks(editor, "Find us")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    assert window.document.map.journeys.stage("st").name == "Find us"
    assert view.journey_scene.headers()[0].title == "Find us"
    window.document.undo_stack.undo()
    assert view.journey_scene.headers()[0].title == "Discover"


def test_saving_commits_a_touch_point_name_being_typed(window, answers, tmp_path: Path):
    assert window.journeys.open("s")
    view = window.journeys.view()
    QTest.keyClick(view.viewport(), Qt.Key.Key_N)
    QTest.keyClicks(QApplication.focusWidget(), "Reads the leaflet")
    assert window.save_as(tmp_path / "saved.svx")
    names = [tp.name for tp in window.document.map.journeys.journey("s")]
    assert "Reads the leaflet" in names and not view.is_editing_text()
