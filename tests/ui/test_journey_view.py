"""The journey view in a real window (issue 12): opening a stakeholder, the keys, the
capture bar, the Properties page, zoom, find, export and the way back to the map.

Keys are pressed on the focused widget as the app receives them; files go to ``tmp_path``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget

from svx_desktop.editing import Document
from svx_desktop.model import Direction, Flow, Stakeholder, ValueMap
from svx_desktop.model.health import Health
from svx_desktop.model.journey_elements import Stage, TouchPoint
from svx_desktop.ui.properties import PropertiesPanel
from tests.ui.journey_helpers import journey_window

Key = Qt.Key
Mod = Qt.KeyboardModifier


def build_map() -> ValueMap:
    vmap = Document().map
    customers = Stakeholder("Customers", category="customer", position=(420, 0))
    regulator = Stakeholder("Regulator", category="regulator", position=(-420, 0))
    vmap.add_stakeholder(customers)
    vmap.add_stakeholder(regulator)
    vmap.add_flow(Flow(customers.id, Direction.EXPECTS, "quick answers", id="f-answers"))
    vmap.add_flow(Flow(customers.id, Direction.EXPECTS, "safe money", id="f-safe"))
    j = vmap.journeys
    j.add_stage(Stage(customers.id, "Discover", id="st-discover"))
    j.add_stage(Stage(customers.id, "Join", id="st-join"))
    for tp in (
        TouchPoint(customers.id, "Sees an advert", id="tp-ad", stage_id="st-discover"),
        TouchPoint(customers.id, "Reads the website", id="tp-web", stage_id="st-discover"),
        TouchPoint(customers.id, "Opens an account", id="tp-open", stage_id="st-join"),
    ):
        j.add_touch_point(tp)
    return vmap


@pytest.fixture
def window(make_window, qtbot):  # type: ignore[no-untyped-def]
    return journey_window(make_window, qtbot, build_map())


def customers(w) -> str:  # type: ignore[no-untyped-def]
    return next(s.id for s in w.document.map.stakeholders if s.name == "Customers")


def names(w) -> list[str]:  # type: ignore[no-untyped-def]
    return [tp.name for tp in w.document.map.journeys.journey(customers(w))]


def open_journey(w) -> object:  # type: ignore[no-untyped-def]
    w.scene.select_ids([customers(w)])
    assert QApplication.focusWidget() is w.view
    QTest.keyClick(w.view.viewport(), Key.Key_Return, Mod.ControlModifier)
    view = w.journeys.view()
    assert view is not None and QApplication.focusWidget() is view
    return view


def press(view, key, modifier=Mod.NoModifier) -> None:  # type: ignore[no-untyped-def]
    assert QApplication.focusWidget() is view, "the journey must have the focus"
    QTest.keyClick(view.viewport(), key, modifier)


# ------------------------------------------------------------ open and back
def test_ctrl_enter_opens_the_journey_and_backspace_returns_to_the_map(window):
    view = open_journey(window)
    pane = window.journeys.pane
    assert pane.name_crumb.text() == "Customers"
    assert "3 touch points · 2 stages" in pane.summary.text()
    assert not window.view.isVisible() and view.isVisible()
    assert view.journey_scene.selected_ids() == ["tp-ad"]  # the first is selected
    press(view, Key.Key_Backspace)
    assert not window.journeys.is_open
    assert window.view.isVisible() and QApplication.focusWidget() is window.view
    assert window.scene.selection().stakeholders == (customers(window),)


def test_alt_up_the_crumb_and_alt_left_with_nothing_selected_go_back(window, qtbot):
    view = open_journey(window)
    press(view, Key.Key_Up, Mod.AltModifier)
    assert not window.journeys.is_open
    open_journey(window)
    crumb = window.journeys.pane.map_crumb
    qtbot.mouseClick(crumb, Qt.MouseButton.LeftButton)
    assert not window.journeys.is_open
    view = open_journey(window)
    press(view, Key.Key_Escape)  # nothing selected now
    press(view, Key.Key_Left, Mod.AltModifier)
    assert not window.journeys.is_open


def test_double_clicking_the_journey_mark_opens_the_journey(window, qtbot):
    card = window.scene.item_for(customers(window))
    assert card.journey_mark is not None and card.journey_mark.count == 3
    from svx_desktop.canvas.journeymarks import mark_rect

    centre = card.mapToScene(mark_rect(card.body_rect(), card.journey_mark).center())
    window.view.centerOn(card)
    at = window.view.mapFromScene(centre)
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert window.journeys.is_open and window.journeys.pane.stakeholder_id == customers(window)
    assert window.document.undo_stack.count() == 0  # no rename editor, nothing changed


def test_ctrl_enter_without_a_stakeholder_says_so(window):
    window.scene.select_ids([])
    QTest.keyClick(window.view.viewport(), Key.Key_Return, Mod.ControlModifier)
    assert not window.journeys.is_open
    assert "Select one stakeholder" in window.statusBar().currentMessage()


# ---------------------------------------------------------------- editing
def test_n_adds_after_the_selected_point_in_its_stage_and_esc_leaves_no_trace(window):
    view = open_journey(window)
    press(view, Key.Key_N)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and view.is_editing_text()
    QTest.keyClicks(editor, "Half typed")
    QTest.keyClick(editor, Key.Key_Escape)
    assert window.document.undo_stack.count() == 0 and len(names(window)) == 3
    press(view, Key.Key_Return)  # Enter adds too
    editor = QApplication.focusWidget()
    QTest.keyClicks(editor, "Asks a friend")
    QTest.keyClick(editor, Key.Key_Return)
    assert names(window) == [
        "Sees an advert",
        "Asks a friend",
        "Reads the website",
        "Opens an account",
    ]
    new = window.document.map.journeys.journey(customers(window))[1]
    assert new.stage_id == "st-discover"
    assert view.journey_scene.selected_ids() == [new.id]
    assert QApplication.focusWidget() is view
    stack = window.document.undo_stack
    assert stack.count() == 1
    stack.undo()
    assert len(names(window)) == 3 and view.journey_scene.card(new.id) is None


def test_arrows_select_and_alt_arrows_reorder_across_the_stage_edge(window):
    view = open_journey(window)
    press(view, Key.Key_Right)
    assert view.journey_scene.selected_ids() == ["tp-web"]
    press(view, Key.Key_Right, Mod.AltModifier)  # last of Discover → first of Join
    tp = window.document.map.journeys.touch_point("tp-web")
    assert tp.stage_id == "st-join"
    assert view.journey_scene.order() == ("tp-ad", "tp-web", "tp-open")
    press(view, Key.Key_Right, Mod.AltModifier)  # swaps with "Opens an account"
    assert view.journey_scene.order() == ("tp-ad", "tp-open", "tp-web")
    assert view.journey_scene.selected_ids() == ["tp-web"]
    stack = window.document.undo_stack
    assert stack.count() == 2
    stack.undo()
    stack.undo()
    assert window.document.map.journeys.touch_point("tp-web").stage_id == "st-discover"
    assert view.journey_scene.order() == ("tp-ad", "tp-web", "tp-open")


def test_digits_rate_m_marks_f2_renames_and_delete_deletes_with_undo(window):
    view = open_journey(window)
    j = window.document.map.journeys
    press(view, Key.Key_1)
    assert j.touch_point("tp-ad").health is Health.DEAD
    press(view, Key.Key_0)
    assert j.touch_point("tp-ad").health is None
    press(view, Key.Key_M)
    assert j.touch_point("tp-ad").moment_of_truth
    press(view, Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "Sees an advert"
    editor.selectAll()
    QTest.keyClicks(editor, "Sees a poster")
    QTest.keyClick(editor, Key.Key_Return)
    assert j.touch_point("tp-ad").name == "Sees a poster"
    press(view, Key.Key_Delete)
    assert not j.has_touch_point("tp-ad")
    assert view.journey_scene.selected_ids() == ["tp-web"]  # the next one
    window.document.undo_stack.undo()
    assert j.touch_point("tp-ad").name == "Sees a poster" and j.index_of("tp-ad") == 0
    card = view.journey_scene.card("tp-ad")
    assert card is not None and card.face.moment_of_truth


def test_a_read_only_map_keeps_only_the_looking_keys(window):
    window.document.set_read_only("test")
    view = open_journey(window)
    press(view, Key.Key_Right)
    assert view.journey_scene.selected_ids() == ["tp-web"]
    press(view, Key.Key_3)
    press(view, Key.Key_N)
    assert not view.is_editing_text()
    assert window.document.map.journeys.touch_point("tp-web").health is None


# -------------------------------------------------------------- capture bar
def test_ctrl_k_captures_a_line_as_one_step_after_the_selected_point(window):
    view = open_journey(window)
    QTest.keyClick(view.viewport(), Key.Key_K, Mod.ControlModifier)
    bar = window.journeys.capture_bar
    assert bar.isVisible() and QApplication.focusWidget() is bar.edit
    QTest.keyClicks(bar.edit, "Gets a card @post @Branch !moment ~dead")
    QTest.keyClick(bar.edit, Key.Key_Return)
    j = window.document.map.journeys
    new = j.journey(customers(window))[1]
    assert new.name == "Gets a card" and new.moment_of_truth and new.health is Health.DEAD
    assert new.stage_id == "st-discover"
    assert [j.channel(c).name for c in new.channels] == ["Post", "Branch"]
    assert bar.edit.text() == "" and "1 new channel" in bar.hint.text()
    assert window.document.undo_stack.count() == 1
    QTest.keyClicks(bar.edit, "Bad ~sleepy")
    QTest.keyClick(bar.edit, Key.Key_Return)
    assert "~sleepy" in bar.hint.text() and bar.edit.text() == "Bad ~sleepy"
    assert window.document.undo_stack.count() == 1
    window.document.undo_stack.undo()
    assert len(names(window)) == 3 and not j.has_channel("branch")
    QTest.keyClick(bar.edit, Key.Key_Escape)
    assert not bar.isVisible() and QApplication.focusWidget() is view


# --------------------------------------------------------------- properties
def test_properties_edit_the_selected_touch_point(window, qtbot):
    view = open_journey(window)
    panel = window.findChild(PropertiesPanel)
    assert panel.kind == "touch_point" and panel.target_ids == ["tp-ad"]
    form = panel.touch_point_form
    channels: QListWidget = form.channels
    items = [channels.item(i) for i in range(channels.count())]
    web = next(item for item in items if item.text() == "Web")
    web.setCheckState(Qt.CheckState.Checked)
    j = window.document.map.journeys
    assert j.touch_point("tp-ad").channels == ("web",)
    serves: QListWidget = form.serves
    assert [serves.item(i).text() for i in range(serves.count())] == ["quick answers", "safe money"]
    serves.item(1).setCheckState(Qt.CheckState.Checked)
    assert j.touch_point("tp-ad").serves == ("f-safe",)
    form.mechanism.setFocus()
    QTest.keyClicks(form.mechanism, "Ad agency")
    QTest.keyClick(form.mechanism, Key.Key_Return)
    assert j.touch_point("tp-ad").mechanism.name == "Ad agency"
    assert window.document.undo_stack.count() == 3
    card = view.journey_scene.card("tp-ad")
    assert card.face.channels == ("Web",) and card.face.serves == ("safe money",)
    press_target = view
    press_target.setFocus()
    press(view, Key.Key_Escape)
    assert panel.kind == "stakeholder" and panel.target_ids == [customers(window)]
    press(view, Key.Key_Backspace)
    assert panel.kind != "touch_point"


# ------------------------------------------------------- zoom, find, export
def test_zoom_keys_zoom_the_journey_and_give_the_map_its_keys_back(window):
    view = open_journey(window)
    map_zoom = window.view.zoom_factor()
    QTest.keyClick(view.viewport(), Key.Key_Equal, Mod.ControlModifier)
    assert view.zoom_factor() == pytest.approx(1.2)
    assert window.view.zoom_factor() == map_zoom
    assert window.zoom_label.text() == "120%"
    press(view, Key.Key_Backspace)
    QTest.keyClick(window.view.viewport(), Key.Key_Equal, Mod.ControlModifier)
    assert window.view.zoom_factor() == pytest.approx(map_zoom * 1.2)


def test_ctrl_f_finds_touch_points(window):
    view = open_journey(window)
    QTest.keyClick(view.viewport(), Key.Key_F, Mod.ControlModifier)
    bar = window.journeys.find_bar
    assert bar.isVisible()
    QTest.keyClicks(bar.edit, "open")
    assert bar.matches == ["tp-open"] and view.journey_scene.selected_ids() == ["tp-open"]


def test_export_journey_writes_png_svg_and_pdf(window, answers, tmp_path: Path):
    window.document.map.journeys.update_touch_point("tp-ad", name="Sees <b>an</b> advert & more")
    open_journey(window)
    for ext in ("png", "svg", "pdf"):
        target = tmp_path / f"journey.{ext}"
        answers.answer(target)
        viewport = window.journeys.view().viewport()
        QTest.keyClick(viewport, Key.Key_E, Mod.ControlModifier | Mod.ShiftModifier)
        assert target.exists() and target.stat().st_size > 500, ext
    svg = (tmp_path / "journey.svg").read_text(encoding="utf-8")
    assert "Journey of Customers" in svg
    assert ">Sees &lt;b&gt;an&lt;/b&gt;</text>" in svg and ">advert &amp; more</text>" in svg
    assert 'class="touch_point"' in svg and "Discover" in svg
    image = QImage(str(tmp_path / "journey.png"))
    assert image.width() > 600
    assert (tmp_path / "journey.pdf").read_bytes().startswith(b"%PDF")


def test_the_journey_follows_undo_of_map_edits_and_closes_with_its_stakeholder(window):
    view = open_journey(window)
    vmap = window.document.map
    sid = customers(window)
    vmap.update_stakeholder(sid, name="Clients")
    assert window.journeys.pane.name_crumb.text() == "Clients"
    vmap.update_flow("f-safe", label="safe savings")
    vmap.journeys.update_touch_point("tp-ad", serves=("f-safe",))
    assert view.journey_scene.card("tp-ad").face.serves == ("safe savings",)
    from svx_desktop.editing import RemoveElements

    window.document.push(RemoveElements(vmap, [sid]))
    assert not window.journeys.is_open and window.view.isVisible()


def test_a_double_click_on_the_name_still_renames(window, qtbot):
    """A double-click on a card's name still renames it (only badge and mark open)."""
    card = window.scene.item_for(customers(window))
    window.view.centerOn(card)
    at = window.view.mapFromScene(card.mapToScene(card.body_rect().center()))
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(at))
    assert not window.journeys.is_open
    assert window.view.is_editing_text()


def test_ctrl_shift_r_shows_the_channel_view_of_the_journey(window):
    view = open_journey(window)
    window.document.map.journeys.update_touch_point("tp-web", channels=("web", "chat"))
    QTest.keyClick(view.viewport(), Key.Key_R, Mod.ControlModifier | Mod.ShiftModifier)
    ring = window.journeys.ring
    assert ring is not None and ring.isVisible()
    assert ring.windowTitle() == "Channels of Customers"
    assert set(ring.ring.cards) == {"web", "chat"}


def test_the_channel_view_and_the_charter_close_when_their_stakeholder_is_removed(window):
    from svx_desktop.editing import RemoveElements

    view = open_journey(window)
    QTest.keyClick(view.viewport(), Key.Key_R, Mod.ControlModifier | Mod.ShiftModifier)
    QTest.keyClick(view.viewport(), Key.Key_H, Mod.ControlModifier | Mod.ShiftModifier)
    ring, charter = window.journeys.ring, window.journeys.charter_editor
    assert ring is not None and charter is not None
    vmap = window.document.map
    regulator = next(s.id for s in vmap.stakeholders if s.name == "Regulator")
    window.document.push(RemoveElements(vmap, [regulator]))
    assert ring.isVisible() and charter.isVisible()
    window.document.push(RemoveElements(vmap, [customers(window)]))
    assert not ring.isVisible() and not charter.isVisible()


def test_the_journey_keys_are_on_the_shortcuts_sheet(window):
    rows = window.shortcut_rows()
    sections = [section for section, _what, _keys in rows]
    assert "Journey view" in sections and "Journey" in sections
    keys = {k: what for _s, what, k in rows}
    assert "add a touch point" in keys["N / Enter"]
    assert "moments of truth" in keys["M"]


def test_s_makes_a_stage_the_selected_points_move_into_in_one_step(window):
    view = open_journey(window)
    press(view, Key.Key_Right)  # "Reads the website"
    press(view, Key.Key_S)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    QTest.keyClicks(editor, "Compare")
    QTest.keyClick(editor, Key.Key_Return)
    j = window.document.map.journeys
    stages = j.stages(customers(window))
    assert [s.name for s in stages] == ["Discover", "Compare", "Join"]
    assert j.touch_point("tp-web").stage_id == stages[1].id
    assert [h.title for h in view.journey_scene.headers()] == ["Discover", "Compare", "Join"]
    stack = window.document.undo_stack
    assert stack.count() == 1
    stack.undo()
    assert len(j.stages(customers(window))) == 2
    assert j.touch_point("tp-web").stage_id == "st-discover"


def test_slash_opens_the_capture_bar_in_the_journey(window):
    view = open_journey(window)
    press(view, Key.Key_Slash)
    assert window.journeys.capture_bar.isVisible()
    assert not window.workshop.command_bar.isVisible()


def test_a_long_name_never_widens_the_window(window):
    sid = customers(window)
    window.document.map.update_stakeholder(sid, name="Customers " * 40)
    before = window.size()
    window.scene.select_ids([sid])
    QTest.keyClick(window.view.viewport(), Key.Key_Return, Mod.ControlModifier)
    QApplication.processEvents()
    assert window.minimumSizeHint().width() <= 1000
    assert window.size() == before
    assert window.journeys.pane.name_crumb.text().endswith("…")


def test_ctrl_alt_arrows_move_a_stage_and_shift_delete_removes_it(window):
    view = open_journey(window)
    j = window.document.map.journeys
    press(view, Key.Key_Right, Mod.ControlModifier | Mod.AltModifier)
    assert [s.name for s in j.stages(customers(window))] == ["Join", "Discover"]
    assert view.journey_scene.order() == ("tp-open", "tp-ad", "tp-web")
    assert view.journey_scene.selected_ids() == ["tp-ad"]
    press(view, Key.Key_Delete, Mod.ShiftModifier)
    assert [s.name for s in j.stages(customers(window))] == ["Join"]
    assert j.touch_point("tp-ad").stage_id is None and j.has_touch_point("tp-ad")
    stack = window.document.undo_stack
    stack.undo()
    stack.undo()
    assert [s.name for s in j.stages(customers(window))] == ["Discover", "Join"]
    assert j.touch_point("tp-ad").stage_id == "st-discover"


def test_f5_waits_for_the_map(window):
    view = open_journey(window)
    present = window.workshop.actions["present"]
    assert not present.isEnabled()
    press(view, Key.Key_F5)
    assert not window.workshop.presentation.active
    press(view, Key.Key_Backspace)
    assert present.isEnabled()
