"""Net value in the window (issue 11): ratings from the keys, Properties and the table,
the Net value and Checks panels, the card badge and the two arrow view settings.

Everything runs in a real main window with its panels, keys pressed on the focused
canvas as the app receives them, files written to ``tmp_path``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

from svx_desktop import fileformat
from svx_desktop.canvas.flows import LOOK
from svx_desktop.editing import Document
from svx_desktop.model import Direction, Flow, Stakeholder, ValueMap
from svx_desktop.model.checks import run_checks
from svx_desktop.model.health import Health
from svx_desktop.model.netvalue import net_figures
from svx_desktop.ui import flowlook
from svx_desktop.ui import main as app_main
from svx_desktop.ui.checkspanel import ChecksPanel
from svx_desktop.ui.exchanges import ExchangesPanel
from svx_desktop.ui.exchangetable import COL_DIRECTION, COL_RATING, FLOW_ID_ROLE
from svx_desktop.ui.netpanel import COL_GIVES, COL_NAME, COL_WORST, NetPanel
from svx_desktop.ui.properties import PropertiesPanel
from svx_desktop.ui.settings import settings

Key = Qt.Key


def build_map() -> ValueMap:
    """Customers give and get (rated below); the regulator only gives; "IT department"
    has no flows and reads like part of the organisation."""
    doc = Document()
    vmap = doc.map
    customers = Stakeholder("Customers", category="customer", position=(420, 0))
    regulator = Stakeholder("Regulator", category="regulator", position=(-420, 0))
    it = Stakeholder("IT department", position=(0, 380))
    for s in (customers, regulator, it):
        vmap.add_stakeholder(s)
    for f in (
        Flow(customers.id, Direction.PROVIDES, "deposits", importance=3),
        Flow(customers.id, Direction.EXPECTS, "interest", importance=5),
        Flow(customers.id, Direction.EXPECTS, "service", importance=2),
        Flow(regulator.id, Direction.PROVIDES, "licence", importance=4),
    ):
        vmap.add_flow(f)
    return vmap


@pytest.fixture
def window(make_window, qtbot):  # type: ignore[no-untyped-def]
    w = make_window(Document(build_map()))
    w.resize(1280, 800)
    w.extend([app_main._attach_panels])
    qtbot.wait(10)
    for dock in w.findChildren(QDockWidget):
        dock.show()
    w.view.setFocus()
    QApplication.processEvents()
    return w


def flows(w, label: str) -> Flow:  # type: ignore[no-untyped-def]
    return next(f for f in w.document.map.flows if f.label == label)


def stakeholder(w, name: str) -> Stakeholder:  # type: ignore[no-untyped-def]
    return next(s for s in w.document.map.stakeholders if s.name == name)


def press(w, key: Key) -> None:  # type: ignore[no-untyped-def]
    assert QApplication.focusWidget() is w.view, "the canvas must have the focus"
    QTest.keyClick(w.view.viewport(), key)


# ------------------------------------------------------------------ keys
def test_digits_rate_the_selected_flows_in_one_step_and_undo_restores(window):
    ids = [flows(window, n).id for n in ("interest", "service", "deposits")]
    window.scene.select_ids(ids)
    press(window, Key.Key_2)
    vmap = window.document.map
    assert vmap.flow(ids[0]).met_today is Health.DYING
    assert vmap.flow(ids[1]).met_today is Health.DYING
    assert vmap.flow(ids[2]).dependence == 2
    stack = window.document.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Rate 3 Flows"
    message = window.statusBar().currentMessage()
    assert "met today: dying" in message and "dependence 2/5" in message
    press(window, Key.Key_0)
    assert all(vmap.flow(i).met_today is None and vmap.flow(i).dependence is None for i in ids)
    stack.undo()
    assert vmap.flow(ids[0]).met_today is Health.DYING
    stack.undo()
    assert vmap.flow(ids[0]).met_today is None and vmap.flow(ids[2]).dependence is None


def test_one_flow_is_rate_flow_and_the_digits_are_off_without_flows(window):
    fid = flows(window, "interest").id
    window.scene.select_ids([fid])
    press(window, Key.Key_5)
    assert window.document.undo_stack.undoText() == "Rate Flow"
    assert window.statusBar().currentMessage() == "Rated a flow: met today: alive"
    window.scene.select_ids([stakeholder(window, "Customers").id])
    press(window, Key.Key_1)
    assert window.document.map.flow(fid).met_today is Health.ALIVE
    assert window.document.undo_stack.count() == 1


def test_the_rating_keys_are_on_the_shortcuts_sheet(window):
    rows = {(keys, what) for _section, what, keys in window.shortcut_rows()}
    assert any(keys == "1 … 5" and "met today" in what for keys, what in rows)
    assert any(keys == "0" and "Clear the rating" in what for keys, what in rows)


def test_ratings_round_trip_through_a_file(window, tmp_path: Path):
    window.scene.select_ids([flows(window, "interest").id, flows(window, "licence").id])
    press(window, Key.Key_3)
    path = tmp_path / "rated.svx"
    window.document.save(path)
    again = Document.open(path).map
    by_label = {f.label: f for f in again.flows}
    assert by_label["interest"].met_today is Health.INDIFFERENT
    assert by_label["licence"].dependence == 3
    assert by_label["service"].met_today is None


# -------------------------------------------------------- table, Properties
def test_the_exchanges_table_rates_sorts_and_a_flip_clears_the_rating(window):
    panel = window.findChild(ExchangesPanel)
    proxy = panel.proxy

    def cell(label: str, col: int):  # type: ignore[no-untyped-def]
        for row in range(proxy.rowCount()):
            if proxy.index(row, 0).data(FLOW_ID_ROLE) == flows(window, label).id:
                return proxy.index(row, col)
        raise AssertionError(label)

    assert proxy.setData(cell("interest", COL_RATING), 1)
    assert flows(window, "interest").met_today is Health.DEAD
    assert cell("interest", COL_RATING).data() == "Dead"
    assert proxy.setData(cell("licence", COL_RATING), 4)
    assert cell("licence", COL_RATING).data() == "4 of 5"
    assert window.document.undo_stack.undoText() == "Rate Flow"
    panel.view.sortByColumn(COL_RATING, Qt.SortOrder.DescendingOrder)
    shown = [proxy.index(r, COL_RATING).data() for r in range(proxy.rowCount())]
    assert shown[:2] == ["4 of 5", "Dead"]
    # Flipping "interest" to provides clears its met-today in the same step.
    assert proxy.setData(cell("interest", COL_DIRECTION), "provides")
    flipped = flows(window, "interest")
    assert flipped.direction is Direction.PROVIDES and flipped.met_today is None
    window.document.undo_stack.undo()
    assert flows(window, "interest").met_today is Health.DEAD


def test_properties_rates_a_flow_and_its_direction_flip_clears_it(window):
    panel = window.findChild(PropertiesPanel)
    fid = flows(window, "service").id
    window.scene.select_ids([fid])
    QApplication.processEvents()
    combo = panel.flow_rating
    assert combo.itemText(0) == "unrated"
    assert [combo.itemText(i) for i in range(1, 6)] == [h.label for h in Health]
    label = panel.stack.pages["flow"].layout().labelForField(combo)
    assert label.text() == "Met today"
    combo.activated.emit(combo.findData(4))
    vmap = window.document.map
    assert vmap.flow(fid).met_today is Health.LIVELY
    assert window.document.undo_stack.undoText() == "Rate Flow"
    assert combo.currentText() == "Lively"
    panel.flow_direction.activated.emit(panel.flow_direction.findData("provides"))
    assert vmap.flow(fid).direction is Direction.PROVIDES and vmap.flow(fid).met_today is None
    assert window.document.undo_stack.undoText() == "Change Direction of Flow"
    assert label.text() == "Dependence" and combo.currentText() == "unrated"
    window.document.undo_stack.undo()
    assert vmap.flow(fid).met_today is Health.LIVELY


# ------------------------------------------------------------ net panel
def test_net_panel_rows_equal_the_figures_sort_as_numbers_and_follow_edits(window, qtbot):
    panel = window.findChild(NetPanel)
    vmap = window.document.map
    figures = {f.stakeholder_id: f for f in net_figures(vmap)}
    assert panel.model.rows == list(figures.values())
    panel.view.sortByColumn(COL_GIVES, Qt.SortOrder.DescendingOrder)
    gives = [int(panel.proxy.index(r, COL_GIVES).data()) for r in range(panel.proxy.rowCount())]
    assert gives == sorted((f.gives for f in figures.values()), reverse=True)
    panel.view.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
    names = [panel.proxy.index(r, COL_NAME).data() for r in range(panel.proxy.rowCount())]
    assert names == ["Customers", "IT department", "Regulator"]
    # Live: a rating shows in the Worst column after the event burst.
    window.scene.select_ids([flows(window, "interest").id])
    press(window, Key.Key_2)
    qtbot.waitUntil(lambda: panel.model.rows == list(net_figures(vmap)))
    row = next(r for r in range(3) if panel.proxy.index(r, COL_NAME).data() == "Customers")
    assert panel.proxy.index(row, COL_WORST).data() == "Dying"


def test_clicking_a_net_row_selects_the_stakeholder(window):
    panel = window.findChild(NetPanel)
    target = stakeholder(window, "Regulator").id
    row = next(r for r in range(panel.proxy.rowCount()) if panel.stakeholder_at(r) == target)
    rect = panel.view.visualRect(panel.proxy.index(row, COL_NAME))
    QTest.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.scene.selection().stakeholders == (target,)
    card = window.scene.item_for(target)
    shown = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert shown.intersects(card.sceneBoundingRect())


# --------------------------------------------------------------- checks
def test_checks_panel_lists_dismisses_undoes_and_saves(window, qtbot, tmp_path: Path):
    panel = window.findChild(ChecksPanel)
    vmap = window.document.map
    assert panel.finding_keys() == [f.key for f in run_checks(vmap)]
    it = stakeholder(window, "IT department").id
    key = f"inside-organisation:{it}"
    assert key in panel.finding_keys()
    # Clicking a finding selects what it is about.
    item = panel.list.item(panel.finding_keys().index(key))
    rect = panel.list.visualItemRect(item)
    QTest.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.scene.selection().stakeholders == (it,)
    assert panel.list.currentItem() is item
    QTest.mouseClick(panel.dismiss_button, Qt.MouseButton.LeftButton)
    assert vmap.meta.dismissed_checks == (key,)
    assert window.document.undo_stack.undoText() == "Dismiss Check"
    qtbot.waitUntil(lambda: key not in panel.finding_keys())
    path = tmp_path / "dismissed.svx"
    window.document.save(path)
    assert Document.open(path).map.meta.dismissed_checks == (key,)
    window.document.undo_stack.undo()
    qtbot.waitUntil(lambda: key in panel.finding_keys())
    window.document.undo_stack.redo()
    qtbot.waitUntil(lambda: key not in panel.finding_keys())
    # Show dismissed lists it again, marked, and Restore takes the dismissal back.
    panel.show_dismissed.setChecked(True)
    index = panel.finding_keys().index(key)
    assert panel.list.item(index).text().endswith("(dismissed)")
    panel.list.setCurrentRow(index)
    assert panel.dismiss_button.text() == "Restore"
    assert panel.dismiss_or_restore_current()
    assert vmap.meta.dismissed_checks == ()


def test_checks_recompute_once_after_a_burst_of_edits(window, qtbot):
    panel = window.findChild(ChecksPanel)
    regulator = stakeholder(window, "Regulator").id
    assert f"only-gives:{regulator}" in panel.finding_keys()
    window.scene.select_ids([regulator])
    window.controller.add_flow(regulator, Direction.EXPECTS, "compliance")
    qtbot.waitUntil(lambda: f"only-gives:{regulator}" not in panel.finding_keys())


# ------------------------------------------------------------- the badge
def test_the_card_tooltip_explains_the_badge(window):
    card = window.scene.item_for(stakeholder(window, "Customers").id)
    size = card.scene_rect()
    assert "Gives 3 (1 flow), gets 7 (2 flows) by importance" in card.tooltip_html()
    assert "None of its 2 expectations is rated yet." in card.tooltip_html()
    window.scene.select_ids([flows(window, "interest").id])
    press(window, Key.Key_1)
    assert "the worst is dead" in card.tooltip_html()
    assert card.scene_rect() == size
    empty = window.scene.item_for(stakeholder(window, "IT department").id)
    assert "No flows yet" in empty.tooltip_html()


# ---------------------------------------------------------- arrow looks
def _action(window, key: str) -> QAction:  # type: ignore[no-untyped-def]
    return window.findChild(QAction, f"flowlook-{key}")


def test_weighted_and_coloured_arrows_are_view_settings_not_map_content(window, tmp_path):
    vmap = window.document.map
    customers = stakeholder(window, "Customers").id
    expects = window.scene.arrow_for(customers, Direction.EXPECTS)
    provides = window.scene.arrow_for(customers, Direction.PROVIDES)
    plain = (expects.pen_width(), expects.colour().name(), provides.colour().name())
    window.scene.select_ids([flows(window, "interest").id])
    press(window, Key.Key_1)
    window.scene.clearSelection()
    before = fileformat.dumps(vmap)
    try:
        _action(window, flowlook.WEIGHTED_KEY).trigger()
        # (read back at once: the test-mode settings file is shared with other test runs)
        assert flowlook.saved(flowlook.WEIGHTED_KEY)
        assert LOOK.weighted and expects.pen_width() > plain[0]
        assert expects.pen_width() > provides.pen_width()  # importance 7 against 3
        _action(window, flowlook.BY_MET_KEY).trigger()
        assert flowlook.saved(flowlook.BY_MET_KEY)
        assert expects.colour().name() == "#b2182b"  # dead
        assert provides.colour().name() == plain[2]  # unrated: as before
        assert fileformat.dumps(vmap) == before
        path = tmp_path / "look.svx"
        window.document.save(path)
        assert "weighted" not in path.read_text(encoding="utf-8")
        _action(window, flowlook.BY_MET_KEY).trigger()
        assert expects.colour().name() == plain[1]
        assert settings().value(flowlook.BY_MET_KEY) in (False, "false")
    finally:
        flowlook.set_option(flowlook.WEIGHTED_KEY, False)
        flowlook.set_option(flowlook.BY_MET_KEY, False)


# ----------------------------------------------------------- visibility
@pytest.mark.parametrize("panel_type", [NetPanel, ChecksPanel])
def test_every_widget_of_the_new_docks_is_really_visible(window, panel_type):
    panel = window.findChild(panel_type)
    dock = panel.parentWidget()
    assert isinstance(dock, QDockWidget) and dock.isVisible()
    dock.raise_()  # Net value shares a tab with Exchanges
    QApplication.processEvents()
    assert dock.toggleViewAction() in window.view_menu.actions()
    checked = 0
    for child in panel.findChildren(QWidget):
        if not child.isVisible():
            continue
        centre = child.mapTo(window, child.rect().center())
        hit = window.childAt(centre)
        assert hit is not None and (hit is child or child.isAncestorOf(hit)), child.objectName()
        checked += 1
    assert checked >= 3
    for child in (panel.view if panel_type is NetPanel else panel.list, panel.summary):
        assert child.width() > 100 and child.height() > 10


def test_view_menu_lists_the_panels_and_the_arrow_looks(window):
    texts = [a.text().replace("&", "") for a in window.view_menu.actions()]
    for wanted in ("Net Value", "Checks", "Weighted Flows", "Colour by Met Today"):
        assert wanted in texts


def test_checks_panel_lists_the_journey_checks_and_follows_journey_edits(window, qtbot):
    """The panel shows model checks generically: the journey ones appear with the first
    touch point and follow edits made by commands."""
    from svx_desktop.editing.journeys import AddTouchPoint
    from svx_desktop.model.journey_elements import TouchPoint

    panel = window.findChild(ChecksPanel)
    doc = window.document
    customers = stakeholder(window, "Customers").id
    assert not any(k.startswith("no-channel:") for k in panel.finding_keys())
    point = TouchPoint(customers, "Open an account", "tp-open", moment_of_truth=True)
    doc.undo_stack.push(AddTouchPoint(doc.map, point))
    keys = [f.key for f in run_checks(doc.map)]
    assert f"no-channel:{customers}+tp-open" in keys
    assert any(k.startswith("unserved-expectation:") for k in keys)
    qtbot.waitUntil(lambda: panel.finding_keys() == keys)
    doc.undo_stack.undo()
    qtbot.waitUntil(lambda: f"no-channel:{customers}+tp-open" not in panel.finding_keys())
