"""Find, focus, filters, presentation mode and themes: the view changes, the map never."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel

from svx_desktop.canvas import style
from svx_desktop.editing import Document
from svx_desktop.fileformat import dumps
from svx_desktop.fileformat.templates import load_template
from svx_desktop.model import Direction
from svx_desktop.ui import themes
from tests.ui import workshop_helpers

kit_window = workshop_helpers.kit_window
Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def bank_window(kit_window):
    return kit_window(Document(load_template("bank")))


def test_find_highlights_matches_and_enter_cycles_through_them(kit_window, qtbot):
    window = bank_window(kit_window)
    vmap = window.document.map
    qtbot.keyClick(window.view, Key.Key_F, CTRL)
    bar = window.workshop.find_bar
    assert bar.isVisible() and QApplication.focusWidget() is bar.edit
    qtbot.keyClicks(bar.edit, "INTEREST")
    expected = [f.id for s in vmap.stakeholders for f in vmap.flows_of(s.id)]
    expected = [i for i in expected if "interest" in vmap.flow(i).label.casefold()]
    assert expected and bar.matches == expected
    assert bar.halo_count == len(expected)
    assert bar.hint.text() == f"{len(expected)} match{'es' if len(expected) != 1 else ''}"
    qtbot.keyClick(bar.edit, Key.Key_Return)
    assert window.scene.selection().flows == (expected[0],)
    shown = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert shown.contains(window.scene.item_for(expected[0]).sceneBoundingRect())
    for n in range(1, len(expected) + 1):
        qtbot.keyClick(bar.edit, Key.Key_Return)
        assert window.scene.selection().flows == (expected[n % len(expected)],)
    qtbot.keyClick(bar.edit, Key.Key_Return, SHIFT)  # back from the first to the last
    assert window.scene.selection().flows == (expected[-1],)
    # Stakeholder names match too.
    bar.edit.setText("cust")
    names = [vmap.stakeholder(i).name for i in bar.matches if vmap.has_stakeholder(i)]
    assert names and all("cust" in n.casefold() for n in names)
    bar.edit.setText("no such thing")
    assert bar.matches == [] and bar.hint.text() == "No matches"
    qtbot.keyClick(bar.edit, Key.Key_Escape)
    assert not bar.isVisible() and bar.halo_count == 0
    assert window.document.undo_stack.count() == 0


def test_focus_dims_all_but_the_stakeholder_its_flows_and_the_organisation(kit_window, qtbot):
    window = bank_window(kit_window)
    vmap = window.document.map
    saved = dumps(vmap)
    target = vmap.stakeholders[0]
    window.scene.select_ids([target.id])
    window.view.setFocus()
    qtbot.keyClick(window.view, Key.Key_F)
    spot = window.workshop.spotlight
    assert spot.focus_id == target.id
    assert window.workshop.actions["focus"].isChecked()
    own_flows = {f.id for f in vmap.flows_of(target.id)}
    assert not spot.is_dimmed(target.id)
    assert not spot.is_dimmed(vmap.organisation.id)
    for s in vmap.stakeholders[1:]:
        assert spot.is_dimmed(s.id)
    for f in vmap.flows:
        assert spot.is_dimmed(f.id) == (f.id not in own_flows)
    qtbot.keyClick(window.view, Key.Key_F)
    assert spot.focus_id is None
    assert not any(spot.is_dimmed(s.id) for s in vmap.stakeholders)
    assert not any(spot.is_dimmed(f.id) for f in vmap.flows)
    assert dumps(vmap) == saved and window.document.undo_stack.count() == 0


def test_filters_by_direction_and_category_leave_the_model_alone(kit_window):
    window = bank_window(kit_window)
    vmap = window.document.map
    saved = dumps(vmap)
    spot = window.workshop.spotlight
    spot.set_direction(Direction.EXPECTS)
    for f in vmap.flows:
        assert spot.is_dimmed(f.id) == (f.direction is Direction.PROVIDES)
    assert not any(spot.is_dimmed(s.id) for s in vmap.stakeholders)
    spot.set_direction(None)
    category = vmap.stakeholders[0].category
    spot.set_category_shown(category, False)
    for s in vmap.stakeholders:
        assert spot.is_dimmed(s.id) == (s.category == category)
    for f in vmap.flows:
        assert spot.is_dimmed(f.id) == (vmap.stakeholder(f.stakeholder_id).category == category)
    # The View ▸ Show menu offers the categories in use, ticked unless hidden.
    show = next(a.menu() for a in window.view_menu.actions() if a.menu() and "Show" in a.text())
    show.aboutToShow.emit()
    ticked = {a.text(): a.isChecked() for a in show.actions() if a.isCheckable()}
    assert ticked[vmap.category(category).name] is False
    window.workshop.actions["show_all"].trigger()
    assert not spot.active
    assert not any(spot.is_dimmed(s.id) for s in vmap.stakeholders)
    assert dumps(vmap) == saved and window.document.undo_stack.count() == 0


def test_presentation_mode_hides_the_docks_and_esc_restores_them(kit_window, qtbot):
    window = bank_window(kit_window)
    docks = []
    for title in ("Panel A", "Panel B"):
        label = QLabel(title)
        label.setObjectName(title.replace(" ", ""))
        docks.append(window.add_dock(label, title))
    for dock in docks:
        dock.show()
    qtbot.waitUntil(lambda: all(d.isVisible() for d in docks))
    geometry = window.geometry()
    zoom = window.view.zoom_factor()
    qtbot.keyClick(window.view, Key.Key_F5)
    pres = window.workshop.presentation
    assert pres.active
    assert not any(d.isVisible() for d in window.findChildren(QDockWidget))
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    assert window.isFullScreen() or window.windowState() & Qt.WindowState.WindowFullScreen
    qtbot.wait(20)
    content = window.view.content_rect()
    shown = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert shown.contains(content), "the whole map fits the screen"
    qtbot.keyClick(window.view, Key.Key_Escape)
    assert not pres.active
    qtbot.waitUntil(lambda: all(d.isVisible() for d in docks))
    assert window.menuBar().isVisible() and window.statusBar().isVisible()
    assert not window.isFullScreen()
    qtbot.waitUntil(lambda: window.geometry() == geometry)
    assert abs(window.view.zoom_factor() - zoom) < 1e-9
    # Esc without presentation mode is the canvas's again (clears the selection).
    assert window.workshop.actions["present"].shortcuts()[0].toString() == "F5"
    assert len(window.workshop.actions["present"].shortcuts()) == 1


def background(image) -> QColor:  # type: ignore[no-untyped-def]
    """The commonest colour of the canvas's top-left corner: its background (a grid line
    may cross any one pixel, wherever the window size puts it)."""
    counts = Counter(image.pixel(x, y) for x in range(2, 40) for y in range(2, 40))
    return QColor(counts.most_common(1)[0][0])


def test_theme_switch_changes_canvas_colours_and_is_remembered(kit_window):
    window = bank_window(kit_window)
    try:
        window.workshop.actions["theme_projector"].trigger()
        assert themes.current_theme() == "projector"
        assert QColor(themes.PROJECTOR["BACKGROUND"]) == style.BACKGROUND
        assert QColor("#000000") == style.TEXT_COLOUR
        assert window.scene.backgroundBrush().color() == QColor(themes.PROJECTOR["BACKGROUND"])
        image = window.view.grab().toImage()
        assert background(image) == QColor(themes.PROJECTOR["BACKGROUND"])
        assert themes.saved_theme() == "projector"
        window.workshop.actions["theme_dark"].trigger()
        assert QColor(themes.DARK["BACKGROUND"]) == style.BACKGROUND
        image = window.view.grab().toImage()
        assert background(image) == QColor(themes.DARK["BACKGROUND"])
        other = kit_window()
        assert other.workshop.actions["theme_dark"].isChecked()
    finally:
        themes.apply_theme("light", persist=False)
