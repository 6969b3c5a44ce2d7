"""The Properties, Exchanges and Palette panels over a real Document and MapScene.

Every edit made in a panel must reach the map as one undo step and show on the canvas;
every change made elsewhere (a command, undo, the canvas selection) must show in the
panels — with row-level model signals, not resets.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QDate, QLocale, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QColorDialog,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QStyledItemDelegate,
)

from svx_desktop.canvas.scene import MapScene
from svx_desktop.editing import AddElements, Document, EditElements, RemoveElements
from svx_desktop.model import (
    MAX_LABEL_LENGTH,
    Category,
    Direction,
    Flow,
    Stakeholder,
    ValueKind,
)
from svx_desktop.ui import dialogs
from svx_desktop.ui.exchanges import ExchangesPanel
from svx_desktop.ui.exchangetable import (
    COL_DIRECTION,
    COL_IMPORTANCE,
    COL_LABEL,
    COL_NOTES,
    COL_STAKEHOLDER,
    COL_VALUE_KIND,
)
from svx_desktop.ui.palette import CATEGORY_MIME, CategoryDropFilter, PalettePanel
from svx_desktop.ui.properties import PropertiesPanel


@dataclass
class Bank:
    doc: Document
    scene: MapScene
    customers: Stakeholder
    regulator: Stakeholder
    staff: Stakeholder
    flows: list[Flow]


@pytest.fixture
def bank(qtbot: object) -> Iterator[Bank]:
    doc = Document()
    customers = Stakeholder("Customers", category="customer", position=(400, 0))
    regulator = Stakeholder("Regulator", category="regulator", position=(-400, 0))
    staff = Stakeholder("Staff", category="employee", position=(0, 400))
    flows = [
        Flow(customers.id, Direction.PROVIDES, "deposits", value_kind=ValueKind.MONEY),
        Flow(customers.id, Direction.EXPECTS, "interest", importance=5),
        Flow(regulator.id, Direction.PROVIDES, "licence", importance=1),
        Flow(regulator.id, Direction.EXPECTS, "Compliance"),
        Flow(staff.id, Direction.PROVIDES, "skills", importance=4),
    ]
    doc.push(AddElements(doc.map, [customers, regulator, staff], flows))
    doc.undo_stack.clear()
    scene = MapScene(doc.map)
    yield Bank(doc, scene, customers, regulator, staff, flows)
    scene.clearSelection()


@pytest.fixture
def exchanges(qtbot, bank: Bank) -> ExchangesPanel:  # type: ignore[no-untyped-def]
    panel = ExchangesPanel(bank.doc, bank.scene)
    qtbot.addWidget(panel)
    panel.resize(900, 400)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


@pytest.fixture
def properties(qtbot, bank: Bank) -> PropertiesPanel:  # type: ignore[no-untyped-def]
    panel = PropertiesPanel(bank.doc, bank.scene)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


@pytest.fixture
def palette(qtbot, bank: Bank) -> PalettePanel:  # type: ignore[no-untyped-def]
    panel = PalettePanel(bank.doc, bank.scene)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


class Spy:
    """Records the row signals of a model (to tell row updates from resets)."""

    def __init__(self, model: object) -> None:
        self.events: list[str] = []
        model.rowsInserted.connect(lambda *a: self.events.append("insert"))  # type: ignore[attr-defined]
        model.rowsRemoved.connect(lambda *a: self.events.append("remove"))  # type: ignore[attr-defined]
        model.modelReset.connect(lambda *a: self.events.append("reset"))  # type: ignore[attr-defined]
        model.dataChanged.connect(lambda *a: self.events.append("data"))  # type: ignore[attr-defined]


def _cell(panel: ExchangesPanel, flow_id: str, col: int) -> QModelIndex:
    """The proxy (view) index of a flow's cell."""
    row = panel.model.row_of(flow_id)
    return panel.proxy.mapFromSource(panel.model.index(row, col))


def _press_return(qtbot, panel: ExchangesPanel, editor: object) -> None:  # type: ignore[no-untyped-def]
    """Enter in a cell editor; the delegate commits and closes it from the event loop."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.view.state() != QAbstractItemView.State.EditingState)


def _column(panel: ExchangesPanel, col: int) -> list[object]:
    return [panel.proxy.index(r, col).data() for r in range(panel.proxy.rowCount())]


def _edit_cell(qtbot, panel: ExchangesPanel, index: QModelIndex):  # type: ignore[no-untyped-def]
    """Open the cell's editor the way F2 does; returns the editor widget."""
    panel.view.setFocus()
    panel.view.setCurrentIndex(index)
    panel.view.edit(index)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not panel.view
    return editor


# ================================================================ exchanges
def test_table_shows_one_row_per_flow_in_map_order(exchanges: ExchangesPanel, bank: Bank) -> None:
    assert exchanges.model.rowCount() == 5
    assert _column(exchanges, COL_LABEL) == [f.label for f in bank.flows]
    assert _column(exchanges, COL_STAKEHOLDER)[:2] == ["Customers", "Customers"]
    assert _column(exchanges, COL_DIRECTION)[:2] == ["provides", "expects"]
    assert _column(exchanges, COL_VALUE_KIND)[0] == "Money"
    assert _column(exchanges, COL_IMPORTANCE) == [3, 5, 1, 3, 4]
    assert exchanges.count_label.text() == "5 exchanges"


def test_editing_a_label_in_the_table_changes_model_and_canvas_and_undo_reverts(
    qtbot, exchanges: ExchangesPanel, bank: Bank
) -> None:
    flow = bank.flows[0]
    spy = Spy(exchanges.model)
    editor = _edit_cell(qtbot, exchanges, _cell(exchanges, flow.id, COL_LABEL))
    assert isinstance(editor, QLineEdit)
    assert editor.maxLength() == MAX_LABEL_LENGTH
    editor.selectAll()
    qtbot.keyClicks(editor, "savings")
    _press_return(qtbot, exchanges, editor)

    assert bank.doc.map.flow(flow.id).label == "savings"
    assert bank.scene.item_for(flow.id).label == "savings"  # type: ignore[union-attr]
    assert bank.doc.undo_stack.count() == 1
    assert bank.doc.undo_stack.undoText() == "Rename Flow"
    assert "reset" not in spy.events and "data" in spy.events

    bank.doc.undo_stack.undo()
    assert _cell(exchanges, flow.id, COL_LABEL).data() == "deposits"
    assert bank.scene.item_for(flow.id).label == "deposits"  # type: ignore[union-attr]
    bank.doc.undo_stack.redo()
    assert _cell(exchanges, flow.id, COL_LABEL).data() == "savings"


def test_setdata_pushes_one_command_per_cell_and_refuses_bad_values(
    exchanges: ExchangesPanel, bank: Bank
) -> None:
    flow = bank.flows[1]
    proxy = exchanges.proxy
    assert proxy.setData(_cell(exchanges, flow.id, COL_DIRECTION), "provides")
    assert proxy.setData(_cell(exchanges, flow.id, COL_VALUE_KIND), "information")
    assert proxy.setData(_cell(exchanges, flow.id, COL_IMPORTANCE), 2)
    assert proxy.setData(_cell(exchanges, flow.id, COL_NOTES), "line one\nline two")
    assert proxy.setData(_cell(exchanges, flow.id, COL_STAKEHOLDER), bank.staff.id)
    edited = bank.doc.map.flow(flow.id)
    assert edited.direction is Direction.PROVIDES
    assert edited.value_kind is ValueKind.INFORMATION
    assert edited.importance == 2
    assert edited.notes == "line one\nline two"
    assert edited.stakeholder_id == bank.staff.id
    assert bank.doc.undo_stack.count() == 5
    # Notes show on one line; the editor gets them whole.
    assert _cell(exchanges, flow.id, COL_NOTES).data() == "line one line two"
    assert _cell(exchanges, flow.id, COL_NOTES).data(Qt.ItemDataRole.EditRole) == edited.notes
    assert _cell(exchanges, flow.id, COL_STAKEHOLDER).data() == "Staff"

    # Same value: no step. Refused values: no step, map unchanged.
    assert proxy.setData(_cell(exchanges, flow.id, COL_IMPORTANCE), 2)
    assert not proxy.setData(_cell(exchanges, flow.id, COL_DIRECTION), "sideways")
    assert not proxy.setData(_cell(exchanges, flow.id, COL_STAKEHOLDER), "no-such-id")
    assert bank.doc.undo_stack.count() == 5

    while bank.doc.undo_stack.canUndo():
        bank.doc.undo_stack.undo()
    assert bank.doc.map.flow(flow.id) == flow
    assert _cell(exchanges, flow.id, COL_STAKEHOLDER).data() == "Customers"


def test_command_and_canvas_edits_show_in_the_table_row_by_row(
    exchanges: ExchangesPanel, bank: Bank
) -> None:
    spy = Spy(exchanges.model)
    new = Flow(bank.staff.id, Direction.EXPECTS, "salary", importance=5)
    bank.doc.push(AddElements(bank.doc.map, flows=[new]))
    assert spy.events == ["insert"]
    assert exchanges.model.rowCount() == 6
    assert _cell(exchanges, new.id, COL_LABEL).data() == "salary"
    assert exchanges.count_label.text() == "6 exchanges"

    bank.doc.push(
        EditElements(bank.doc.map, "stakeholder", {bank.customers.id: {"name": "Clients"}})
    )
    assert _cell(exchanges, bank.flows[0].id, COL_STAKEHOLDER).data() == "Clients"
    assert _cell(exchanges, bank.flows[1].id, COL_STAKEHOLDER).data() == "Clients"

    bank.doc.undo_stack.undo()
    bank.doc.undo_stack.undo()
    assert exchanges.model.rowCount() == 5
    assert "reset" not in spy.events
    assert _cell(exchanges, bank.flows[0].id, COL_STAKEHOLDER).data() == "Customers"


def test_deleting_a_stakeholder_removes_its_rows_and_undo_puts_them_back(
    exchanges: ExchangesPanel, bank: Bank
) -> None:
    spy = Spy(exchanges.model)
    bank.doc.push(RemoveElements(bank.doc.map, [bank.customers.id]))
    assert spy.events == ["remove", "remove"]
    assert _column(exchanges, COL_LABEL) == ["licence", "Compliance", "skills"]

    bank.doc.undo_stack.undo()
    assert spy.events[2:] == ["insert", "insert"]
    assert _column(exchanges, COL_LABEL) == [f.label for f in bank.flows]
    assert exchanges.model.flow_ids() == [f.id for f in bank.flows]


def test_selecting_rows_selects_the_flows_on_the_canvas(
    qtbot, exchanges: ExchangesPanel, bank: Bank
) -> None:
    view = exchanges.view
    rect = view.visualRect(_cell(exchanges, bank.flows[2].id, COL_LABEL))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert bank.scene.selection().flows == (bank.flows[2].id,)
    assert bank.scene.item_for(bank.flows[2].id).isSelected()  # type: ignore[union-attr]

    rect = view.visualRect(_cell(exchanges, bank.flows[4].id, COL_LABEL))
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        pos=rect.center(),
    )
    assert set(bank.scene.selection().flows) == {bank.flows[2].id, bank.flows[4].id}
    assert exchanges.selected_flow_ids() == [bank.flows[2].id, bank.flows[4].id]


def test_canvas_selection_selects_the_rows_even_sorted_and_filtered(
    exchanges: ExchangesPanel, bank: Bank
) -> None:
    selection_changes: list[object] = []
    bank.scene.selectionChanged.connect(lambda: selection_changes.append(1))
    exchanges.view.sortByColumn(COL_LABEL, Qt.SortOrder.AscendingOrder)
    bank.scene.item_for(bank.flows[1].id).setSelected(True)  # type: ignore[union-attr]
    bank.scene.item_for(bank.flows[3].id).setSelected(True)  # type: ignore[union-attr]
    assert sorted(exchanges.selected_flow_ids()) == sorted([bank.flows[1].id, bank.flows[3].id])
    # Selecting rows for the canvas did not bounce back into the scene.
    assert set(bank.scene.selection().flows) == {bank.flows[1].id, bank.flows[3].id}
    assert len(selection_changes) == 2

    bank.scene.select_ids([bank.customers.id])
    assert exchanges.selected_flow_ids() == []
    assert bank.scene.selection().stakeholders == (bank.customers.id,)

    exchanges.set_filter("CUSTOMERS")
    bank.scene.select_ids([bank.flows[0].id, bank.flows[4].id])
    assert exchanges.selected_flow_ids() == [bank.flows[0].id]  # the other row is hidden


def test_rows_leaving_do_not_change_the_canvas_selection(
    exchanges: ExchangesPanel, bank: Bank
) -> None:
    bank.scene.select_ids([bank.customers.id, bank.flows[2].id, bank.flows[4].id])
    assert exchanges.selected_flow_ids() == [bank.flows[2].id, bank.flows[4].id]
    bank.doc.push(RemoveElements(bank.doc.map, flow_ids=[bank.flows[2].id]))
    selected = bank.scene.selection()
    assert selected.stakeholders == (bank.customers.id,)
    assert selected.flows == (bank.flows[4].id,)
    assert exchanges.selected_flow_ids() == [bank.flows[4].id]


def test_rows_coming_back_inside_a_selection_show_the_canvas_selection_again(
    qtbot, exchanges: ExchangesPanel, bank: Bank
) -> None:
    bank.doc.push(RemoveElements(bank.doc.map, flow_ids=[bank.flows[2].id]))
    everything = [f.id for f in bank.doc.map.flows]
    bank.scene.select_ids(everything)
    bank.doc.undo_stack.undo()  # the flow's row comes back in the middle of the selection
    assert set(bank.scene.selection().flows) == set(everything)
    qtbot.waitUntil(lambda: set(exchanges.selected_flow_ids()) == set(everything))


def test_delete_key_in_the_table_deletes_the_selected_flows_in_one_step(
    qtbot, exchanges: ExchangesPanel, bank: Bank
) -> None:
    bank.scene.select_ids([bank.flows[1].id, bank.flows[3].id])
    exchanges.view.setFocus()
    qtbot.keyClick(exchanges.view, Qt.Key.Key_Delete)
    assert _column(exchanges, COL_LABEL) == ["deposits", "licence", "skills"]
    assert bank.doc.undo_stack.count() == 1
    bank.doc.undo_stack.undo()
    assert _column(exchanges, COL_LABEL) == [f.label for f in bank.flows]


def test_sorting_and_filtering(exchanges: ExchangesPanel, bank: Bank) -> None:
    view = exchanges.view
    view.sortByColumn(COL_IMPORTANCE, Qt.SortOrder.DescendingOrder)
    assert _column(exchanges, COL_IMPORTANCE) == [5, 4, 3, 3, 1]
    view.sortByColumn(COL_LABEL, Qt.SortOrder.AscendingOrder)
    assert _column(exchanges, COL_LABEL) == [
        "Compliance",
        "deposits",
        "interest",
        "licence",
        "skills",
    ]
    # The filter matches any column and ignores case.
    exchanges.filter_edit.setText("REGUL")
    assert _column(exchanges, COL_LABEL) == ["Compliance", "licence"]
    assert exchanges.count_label.text() == "2 of 5 exchanges"
    exchanges.filter_edit.setText("money")
    assert _column(exchanges, COL_LABEL) == ["deposits"]
    exchanges.filter_edit.setText("expects")
    assert _column(exchanges, COL_LABEL) == ["Compliance", "interest"]
    # A new flow that matches shows, in sorted place.
    bank.doc.push(
        AddElements(bank.doc.map, flows=[Flow(bank.staff.id, Direction.EXPECTS, "bonus")])
    )
    assert _column(exchanges, COL_LABEL) == ["bonus", "Compliance", "interest"]
    exchanges.filter_edit.clear()
    assert exchanges.proxy.rowCount() == 6


def test_delegates_offer_combos_and_a_spin_box_and_commit_at_once(
    qtbot, exchanges: ExchangesPanel, bank: Bank
) -> None:
    flow = bank.flows[0]
    editor = _edit_cell(qtbot, exchanges, _cell(exchanges, flow.id, COL_DIRECTION))
    assert isinstance(editor, QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())] == ["provides", "expects"]
    assert editor.currentText() == "provides"
    editor.setCurrentIndex(1)
    editor.activated.emit(1)  # what a pick in the popup sends
    assert bank.doc.map.flow(flow.id).direction is Direction.EXPECTS
    assert bank.doc.undo_stack.count() == 1

    editor = _edit_cell(qtbot, exchanges, _cell(exchanges, flow.id, COL_VALUE_KIND))
    assert isinstance(editor, QComboBox)
    assert editor.currentText() == "Money"
    assert editor.count() == len(ValueKind)

    editor = _edit_cell(qtbot, exchanges, _cell(exchanges, flow.id, COL_IMPORTANCE))
    assert isinstance(editor, QSpinBox)
    assert (editor.minimum(), editor.maximum(), editor.value()) == (1, 5, 3)
    editor.setValue(5)
    _press_return(qtbot, exchanges, editor)
    assert bank.doc.map.flow(flow.id).importance == 5

    editor = _edit_cell(qtbot, exchanges, _cell(exchanges, flow.id, COL_STAKEHOLDER))
    assert isinstance(editor, QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())] == [
        "Customers",
        "Regulator",
        "Staff",
    ]

    editor = _edit_cell(qtbot, exchanges, _cell(exchanges, flow.id, COL_NOTES))
    assert isinstance(editor, QPlainTextEdit)


def test_html_in_labels_is_shown_literally_in_the_table(
    exchanges: ExchangesPanel, bank: Bank
) -> None:
    html = "<b>bold</b> & <i>co</i>"
    bank.doc.push(EditElements(bank.doc.map, "flow", {bank.flows[0].id: {"label": html}}))
    bank.doc.push(
        EditElements(bank.doc.map, "stakeholder", {bank.customers.id: {"name": "<h1>Big</h1>"}})
    )
    label = _cell(exchanges, bank.flows[0].id, COL_LABEL)
    assert label.data() == html
    assert _cell(exchanges, bank.flows[0].id, COL_STAKEHOLDER).data() == "<h1>Big</h1>"
    # The view paints through a styled delegate, which draws DisplayRole as plain text.
    delegate = exchanges.view.itemDelegateForIndex(label)
    assert isinstance(delegate, QStyledItemDelegate)
    assert delegate.displayText(label.data(), QLocale()) == html
    # Tooltips (which would guess at rich text) carry the text escaped.
    tip = label.data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;co&lt;/i&gt;" in tip


def test_panel_follows_another_document(qtbot, exchanges: ExchangesPanel) -> None:
    other = Document()
    s = Stakeholder("Suppliers", category="supplier")
    other.push(AddElements(other.map, [s], [Flow(s.id, Direction.PROVIDES, "parts")]))
    scene = MapScene(other.map)
    spy = Spy(exchanges.model)
    exchanges.set_document(other, scene)
    assert spy.events == ["reset"]
    assert _column(exchanges, COL_LABEL) == ["parts"]
    scene.select_ids([other.map.flows[0].id])
    assert exchanges.selected_flow_ids() == [other.map.flows[0].id]


# =============================================================== properties
def test_nothing_selected_edits_the_map_details(
    qtbot, properties: PropertiesPanel, bank: Bank
) -> None:
    assert properties.kind == "meta"
    title = properties.meta_title
    title.setFocus()
    qtbot.keyClicks(title, "Bank workshop")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert bank.doc.map.meta.title == "Bank workshop"
    assert bank.doc.undo_stack.undoText() == "Edit Map Details"

    date = properties.meta_date
    date.setFocus()
    qtbot.keyClicks(date, "14 March")
    qtbot.keyClick(date, Qt.Key.Key_Return)
    assert bank.doc.map.meta.workshop_date == ""  # refused, with a hint
    assert not properties.date_hint.isHidden()
    date.clear()
    qtbot.keyClicks(date, "2026-03-14")
    qtbot.keyClick(date, Qt.Key.Key_Return)
    assert bank.doc.map.meta.workshop_date == "2026-03-14"
    assert properties.date_hint.isHidden()
    assert bank.doc.undo_stack.count() == 2

    bank.doc.undo_stack.undo()
    bank.doc.undo_stack.undo()
    assert (title.text(), date.text()) == ("", "")


def test_the_today_button_sets_the_workshop_date(properties: PropertiesPanel, bank: Bank) -> None:
    assert properties.kind == "meta"
    properties.today_button.click()
    today = QDate.currentDate().toString(Qt.DateFormat.ISODate)
    assert bank.doc.map.meta.workshop_date == today == properties.meta_date.text()
    assert bank.doc.undo_stack.undoText() == "Edit Map Details"


def test_stakeholder_fields_edit_the_selection(
    qtbot, properties: PropertiesPanel, bank: Bank
) -> None:
    bank.scene.select_ids([bank.customers.id])
    assert properties.kind == "stakeholder"
    assert properties.title_label.text() == "Stakeholder"
    name = properties.stakeholder_name
    assert name.text() == "Customers"
    name.setFocus()
    name.selectAll()
    qtbot.keyClicks(name, "Clients")
    name.clearFocus()  # leaving the field commits it
    assert bank.doc.map.stakeholder(bank.customers.id).name == "Clients"
    assert bank.scene.item_for(bank.customers.id).name == "Clients"  # type: ignore[union-attr]

    notes = properties.stakeholder_notes
    notes.setFocus()
    qtbot.keyClicks(notes, "met twice")
    properties.stakeholder_name.setFocus()
    assert bank.doc.map.stakeholder(bank.customers.id).notes == "met twice"
    assert bank.doc.undo_stack.count() == 2

    assert properties.set_colour(QColor("#112233"))
    assert bank.doc.map.stakeholder(bank.customers.id).colour == "#112233"
    assert properties.colour_reset.isEnabled()
    properties.colour_reset.click()
    assert bank.doc.map.stakeholder(bank.customers.id).colour is None
    assert bank.doc.undo_stack.count() == 4


def test_colour_button_asks_with_a_colour_dialog(properties: PropertiesPanel, bank: Bank) -> None:
    def pick(dialog: QDialog) -> int:
        assert isinstance(dialog, QColorDialog)
        dialog.setCurrentColor(QColor("#abcdef"))
        return int(QDialog.DialogCode.Accepted.value)

    bank.scene.select_ids([bank.customers.id, bank.staff.id])
    dialogs.set_responder(pick)
    try:
        properties.colour_button.click()
    finally:
        dialogs.set_responder(None)
    assert bank.doc.map.stakeholder(bank.customers.id).colour == "#ABCDEF"
    assert bank.doc.map.stakeholder(bank.staff.id).colour == "#ABCDEF"
    assert bank.doc.undo_stack.count() == 1


def test_multi_selection_changes_category_of_three_in_one_undo_step(
    properties: PropertiesPanel, bank: Bank
) -> None:
    ids = [bank.customers.id, bank.regulator.id, bank.staff.id]
    bank.scene.select_ids(ids)
    assert properties.kind == "stakeholder"
    assert properties.title_label.text() == "3 Stakeholders"
    combo = properties.stakeholder_category
    assert combo.currentIndex() == -1  # the categories differ
    assert not properties.stakeholder_name.isEnabled()
    i = combo.findData("partner")
    combo.setCurrentIndex(i)
    combo.activated.emit(i)
    assert [bank.doc.map.stakeholder(s).category for s in ids] == ["partner"] * 3
    assert bank.doc.undo_stack.count() == 1
    assert bank.doc.undo_stack.undoText() == "Change Category of 3 Stakeholders"
    assert combo.currentText() == "Partner"

    bank.doc.undo_stack.undo()
    assert [bank.doc.map.stakeholder(s).category for s in ids] == [
        "customer",
        "regulator",
        "employee",
    ]
    assert combo.currentIndex() == -1

    # One stakeholder again: its own name and the usual hints, nothing left from the three.
    bank.doc.push(EditElements(bank.doc.map, "stakeholder", {ids[0]: {"notes": "vip"}}))
    bank.scene.select_ids(ids)
    assert properties.stakeholder_notes.placeholderText().startswith("Different notes")
    bank.scene.select_ids([bank.staff.id])
    assert properties.stakeholder_name.isEnabled()
    assert properties.stakeholder_name.text() == "Staff"
    assert properties.stakeholder_name.placeholderText() == "Stakeholder name"
    assert properties.stakeholder_notes.placeholderText() == "Notes about this stakeholder"


def test_multi_selection_of_flows_edits_common_fields(
    properties: PropertiesPanel, bank: Bank
) -> None:
    ids = [bank.flows[0].id, bank.flows[2].id]
    bank.scene.select_ids(ids)
    assert properties.kind == "flow"
    assert properties.flow_direction.currentText().startswith("provides")
    assert properties.flow_importance.text() == "different"
    properties.flow_importance.setValue(4)
    assert [bank.doc.map.flow(f).importance for f in ids] == [4, 4]
    combo = properties.flow_value_kind
    i = combo.findData("intangible")
    combo.setCurrentIndex(i)
    combo.activated.emit(i)
    assert [bank.doc.map.flow(f).value_kind for f in ids] == [ValueKind.INTANGIBLE] * 2
    assert bank.doc.undo_stack.count() == 2
    bank.doc.undo_stack.undo()
    bank.doc.undo_stack.undo()
    assert properties.flow_importance.text() == "different"
    assert [bank.doc.map.flow(f).importance for f in ids] == [3, 1]


def test_a_big_selection_is_edited_in_one_step_and_refreshed_once(
    qtbot, properties: PropertiesPanel, bank: Bank
) -> None:
    flows = [
        Flow(bank.staff.id, Direction.PROVIDES, f"item {i}", importance=1 + i % 5)
        for i in range(120)
    ]
    bank.doc.push(AddElements(bank.doc.map, flows=flows))
    bank.scene.select_ids([f.id for f in flows])
    assert properties.title_label.text() == "120 Flows"
    properties.flow_importance.setValue(2)
    assert {bank.doc.map.flow(f.id).importance for f in flows} == {2}
    # Only the 96 that were not 2 already change.
    assert bank.doc.undo_stack.undoText() == "Change Importance of 96 Flows"
    bank.doc.undo_stack.undo()
    qtbot.waitUntil(lambda: properties.flow_importance.text() == "different")
    bank.doc.push(RemoveElements(bank.doc.map, flow_ids=[f.id for f in flows[:100]]))
    qtbot.waitUntil(lambda: properties.title_label.text() == "20 Flows")


def test_refresh_on_undo_keeps_the_text_being_typed(
    qtbot, properties: PropertiesPanel, bank: Bank
) -> None:
    bank.scene.select_ids([bank.flows[0].id])
    combo = properties.flow_direction
    combo.setCurrentIndex(1)
    combo.activated.emit(1)
    assert bank.doc.map.flow(bank.flows[0].id).direction is Direction.EXPECTS
    notes = properties.flow_notes
    notes.setFocus()
    qtbot.keyClicks(notes, "half typed")
    bank.doc.undo_stack.undo()  # e.g. from the Edit menu
    assert combo.currentText().startswith("provides")
    assert notes.toPlainText() == "half typed"
    properties.flow_label.setFocus()
    assert bank.doc.map.flow(bank.flows[0].id).notes == "half typed"


def test_organisation_and_mixed_selections(qtbot, properties: PropertiesPanel, bank: Bank) -> None:
    org = bank.doc.map.organisation
    bank.scene.select_ids([org.id])
    assert properties.kind == "organisation"
    desc = properties.organisation_description
    desc.setFocus()
    qtbot.keyClicks(desc, "A bank")
    properties.organisation_name.setFocus()
    assert bank.doc.map.organisation.description == "A bank"

    bank.scene.select_ids([org.id, bank.customers.id])
    assert properties.kind == "mixed"
    bank.scene.select_ids([])
    assert properties.kind == "meta"


def test_selection_follows_deletion(properties: PropertiesPanel, bank: Bank) -> None:
    bank.scene.select_ids([bank.customers.id])
    bank.doc.push(RemoveElements(bank.doc.map, [bank.customers.id]))
    assert properties.kind == "meta"


def test_html_is_plain_text_in_properties(properties: PropertiesPanel, bank: Bank) -> None:
    html = "<b>Customers</b>"
    bank.doc.push(EditElements(bank.doc.map, "stakeholder", {bank.customers.id: {"name": html}}))
    bank.scene.select_ids([bank.flows[0].id])
    assert properties.flow_stakeholder.text() == html
    assert properties.flow_stakeholder.textFormat() == Qt.TextFormat.PlainText
    bank.scene.select_ids([bank.customers.id])
    assert properties.stakeholder_name.text() == html
    assert properties.title_label.textFormat() == Qt.TextFormat.PlainText


# ================================================================== palette
def test_palette_lists_builtin_and_own_categories(palette: PalettePanel, bank: Bank) -> None:
    ids = palette.category_ids()
    assert ids[:2] == ["customer", "supplier"] and ids[-1] == "other"
    palette.select_category("customer")
    assert not palette.colour_button.isEnabled()
    assert not palette.remove_button.isEnabled()
    data = palette.list.mimeData([palette.item_for("regulator")])  # type: ignore[list-item]
    assert data.hasFormat(CATEGORY_MIME)
    assert bytes(data.data(CATEGORY_MIME).data()).decode() == "regulator"
    assert palette.list.mimeTypes() == [CATEGORY_MIME]


def test_palette_add_rename_recolour_remove_are_undoable(palette: PalettePanel, bank: Bank) -> None:
    stack = bank.doc.undo_stack
    palette.add_button.click()
    own = bank.doc.map.own_categories
    assert len(own) == 1 and own[0].name == "New category"
    cid = own[0].id
    assert palette.current_category_id() == cid
    assert stack.undoText() == "Add Category “New category”"

    item = palette.item_for(cid)
    assert item is not None
    item.setText("Media")  # what the inline editor does on Enter
    assert bank.doc.map.category(cid).name == "Media"
    assert palette.item_for(cid).text() == "Media"  # type: ignore[union-attr]
    assert stack.undoText() == "Rename Category"

    def pick(dialog: QDialog) -> int:
        dialog.setCurrentColor(QColor("#336699"))  # type: ignore[attr-defined]
        return int(QDialog.DialogCode.Accepted.value)

    dialogs.set_responder(pick)
    try:
        palette.colour_button.click()
    finally:
        dialogs.set_responder(None)
    assert bank.doc.map.category(cid).colour == "#336699"
    assert stack.undoText() == "Change Colour of Category"

    # Used by a stakeholder: cannot be deleted.
    bank.doc.push(EditElements(bank.doc.map, "stakeholder", {bank.staff.id: {"category": cid}}))
    palette.select_category(cid)
    assert not palette.remove_button.isEnabled()
    assert not palette.remove_category(cid)
    stack.undo()
    assert palette.remove_button.isEnabled()
    palette.remove_button.click()
    assert bank.doc.map.own_categories == ()
    assert palette.item_for(cid) is None

    stack.undo()  # delete
    assert bank.doc.map.own_categories == (Category(cid, "Media", "#336699", "person"),)
    stack.undo()  # colour
    assert bank.doc.map.category(cid).colour != "#336699"
    stack.undo()  # rename
    assert palette.item_for(cid).text() == "New category"  # type: ignore[union-attr]
    stack.undo()  # add
    assert palette.item_for(cid) is None
    assert stack.count() == 4 and stack.index() == 0


def test_renaming_inline_with_the_list_editor(qtbot, palette: PalettePanel, bank: Bank) -> None:
    cid = palette.add_category("Media")
    assert cid is not None
    item = palette.item_for(cid)
    palette.list.setFocus()
    palette.list.editItem(item)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "<b>Press</b>")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bank.doc.map.category(cid).name == "<b>Press</b>")
    assert palette.item_for(cid).text() == "<b>Press</b>"  # type: ignore[union-attr]
    assert palette.current_category_id() == cid
    assert bank.doc.undo_stack.count() == 2
    bank.doc.undo_stack.undo()
    assert palette.item_for(cid).text() == "Media"  # type: ignore[union-attr]


def test_renaming_to_nothing_is_refused(palette: PalettePanel, bank: Bank) -> None:
    cid = palette.add_category("Media")
    assert cid is not None
    palette.item_for(cid).setText("   ")  # type: ignore[union-attr]
    assert bank.doc.map.category(cid).name == "Media"
    assert palette.item_for(cid).text() == "Media"  # type: ignore[union-attr]
    assert bank.doc.undo_stack.count() == 1
    # Built-in categories are not editable.
    flags = palette.item_for("customer").flags()  # type: ignore[union-attr]
    assert not flags & Qt.ItemFlag.ItemIsEditable


def test_properties_category_combo_follows_the_palette(
    properties: PropertiesPanel, palette: PalettePanel, bank: Bank
) -> None:
    cid = palette.add_category("Media")
    assert cid is not None
    combo = properties.stakeholder_category
    assert combo.findData(cid) >= 0
    palette.rename_category(cid, "Press")
    assert combo.itemText(combo.findData(cid)) == "Press"


# ============================================================== main window
def test_attach_panels_adds_five_docks_that_follow_an_opened_map(
    make_window, bank_path, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from svx_desktop.ui.panels import attach_panels

    window = make_window()
    panels = attach_panels(window)
    titles = [d.windowTitle() for d in panels.docks]
    assert titles == ["Properties", "Exchanges", "Palette", "Net Value", "Checks"]
    assert all(d.objectName() for d in panels.docks)
    assert panels.exchanges.model.rowCount() == 0

    assert window.open_path(bank_path)
    doc = window.document
    assert panels.exchanges.model.rowCount() == len(doc.map.flows) > 0
    assert panels.properties.document is doc and panels.palette.document is doc
    assert panels.net.document is doc and panels.checks.document is doc
    assert panels.net.model.rowCount() == len(doc.map.stakeholders)
    assert window.view.findChild(CategoryDropFilter) is not None  # the new canvas takes drops
    flow = doc.map.flows[0]
    window.scene.select_ids([flow.id])
    assert panels.exchanges.selected_flow_ids() == [flow.id]
    assert panels.properties.kind == "flow"
    assert panels.properties.flow_label.text() == flow.label
    # An edit in a panel is an undo step of the window (Edit ▸ Undo names it).
    panels.exchanges.proxy.setData(
        panels.exchanges.proxy.mapFromSource(panels.exchanges.model.index(0, COL_LABEL)),
        "renamed",
    )
    assert window.undo_action.text() == "&Undo Rename Flow"
    window.undo_action.trigger()
    assert doc.map.flows[0].label == flow.label


def test_panels_keep_working_without_a_python_reference_and_keep_their_keys(
    qtbot, make_window
) -> None:  # type: ignore[no-untyped-def]
    import gc

    from svx_desktop.ui.panels import attach_panels

    window = make_window()
    attach_panels(window)  # the result is dropped on purpose
    gc.collect()
    exchanges = window.findChild(ExchangesPanel)
    properties = window.findChild(PropertiesPanel)
    assert exchanges is not None and properties is not None
    s = Stakeholder("Customers")
    window.document.push(
        AddElements(window.document.map, [s], [Flow(s.id, Direction.PROVIDES, "fees")])
    )
    assert exchanges.model.rowCount() == 1

    # Typing letters the window uses as shortcuts (N adds a stakeholder, P a flow...)
    # into a panel's field types them.
    window.scene.select_ids([])
    title = properties.meta_title
    title.setFocus()
    qtbot.keyClicks(title, "NPE")
    qtbot.keyClick(title, Qt.Key.Key_Backspace)
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert window.document.map.meta.title == "NP"
    assert len(window.document.map.stakeholders) == 1

    # Delete in the table deletes the selected flow once (not also through the canvas).
    steps = window.document.undo_stack.count()
    exchanges.view.selectRow(0)
    exchanges.view.setFocus()
    qtbot.keyClick(exchanges.view, Qt.Key.Key_Delete)
    assert window.document.map.flows == ()
    assert window.document.map.stakeholders[0].name == "Customers"
    assert window.document.undo_stack.count() == steps + 1


def test_dropping_a_palette_category_on_the_canvas_adds_a_stakeholder(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    from svx_desktop.ui.panels import attach_panels

    window = make_window()
    panels = attach_panels(window)
    palette = panels.palette
    data = palette.list.mimeData([palette.item_for("regulator")])  # type: ignore[list-item]
    viewport = window.view.viewport()
    at = QPoint(viewport.width() // 3, viewport.height() // 3)
    enter = QDragEnterEvent(
        at,
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    # where the drop lands, before the name editor opens (which may scroll the view)
    where = window.view.mapToScene(at)
    drop = QDropEvent(
        QPointF(at),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, drop)
    assert drop.isAccepted()

    doc = window.document
    (s,) = doc.map.stakeholders
    assert (s.name, s.category) == ("Government / regulator", "regulator")
    assert s.position == pytest.approx((where.x(), where.y()))
    assert doc.undo_stack.count() == 1
    assert window.scene.selection().stakeholders == (s.id,)
    assert window.view.is_editing_text()  # its name editor is open
    doc.undo_stack.undo()
    assert doc.map.stakeholders == ()


def test_placing_a_category_from_the_palette_by_keyboard(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    from svx_desktop.ui.panels import attach_panels

    window = make_window()
    palette = attach_panels(window).palette
    palette.select_category("supplier")
    palette.list.setFocus()
    qtbot.keyClick(palette.list, Qt.Key.Key_Return)
    doc = window.document
    (s,) = doc.map.stakeholders
    assert (s.name, s.category) == ("Supplier", "supplier")
    assert window.view.is_editing_text()
    qtbot.keyClicks(QApplication.focusWidget(), "Paper mill")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert doc.map.stakeholders[0].name == "Paper mill"

    palette.select_category("partner")
    palette.place_button.click()
    assert [x.category for x in doc.map.stakeholders] == ["supplier", "partner"]
    assert doc.map.stakeholders[1].position != doc.map.stakeholders[0].position
