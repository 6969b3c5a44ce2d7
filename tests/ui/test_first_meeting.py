"""What a newcomer meets first: the template picker, a new map fitted, a failed open's
fallback fitted, the first window's size and the Exchanges table refitting the canvas."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

from svx_desktop.canvas import style
from svx_desktop.ui import mainwindow, templatepicker
from tests.ui import workshop_helpers

kit_window = workshop_helpers.kit_window


def really_visible(dialog: QWidget) -> list[str]:
    """Visible children that something else covers: ``childAt`` at a child's centre must
    be the child itself or inside it (an empty leftover canvas over the list fails)."""
    covered = []
    for child in dialog.findChildren(QWidget):
        if not child.isVisible() or child.isWindow() or child.width() < 4 or child.height() < 4:
            continue
        if child.parentWidget() is not dialog and not child.parentWidget().isVisible():
            continue
        centre = child.mapTo(dialog, child.rect().center())
        hit = dialog.childAt(centre)
        if hit is None:
            continue
        # A child's own parts (a viewport, a scroll bar) are inside it; a sibling is not.
        if hit is not child and not child.isAncestorOf(hit) and not hit.isAncestorOf(child):
            covered.append(f"{child.objectName() or type(child).__name__} under {hit!r}")
    return covered


def _dialog(kit_window, qtbot):  # type: ignore[no-untyped-def]
    window = kit_window()
    dialog = templatepicker.TemplateDialog(window)
    dialog.resize(1000, 620)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    return window, dialog


def test_every_visible_widget_of_the_template_picker_is_really_visible(kit_window, qtbot):
    _window, dialog = _dialog(kit_window, qtbot)
    for name in dialog.names()[:3]:
        dialog.select(name)
        QApplication.processEvents()
        assert really_visible(dialog) == [], name
    assert dialog.list.isVisible() and dialog.list.count() == len(dialog.names())
    assert dialog.childAt(dialog.list.geometry().center()) is not dialog.preview
    dialog.close()


def test_the_preview_fills_its_pane(kit_window, qtbot):
    _window, dialog = _dialog(kit_window, qtbot)
    view = dialog.preview
    for name in dialog.names():
        dialog.select(name)
        QApplication.processEvents()
        port = view.viewport().rect()
        drawn = view.mapFromScene(view.content_rect()).boundingRect().intersected(port)
        share = drawn.width() * drawn.height() / (port.width() * port.height())
        # At least 60 % of the pane, unless the map is one card (not blown up past 125 %).
        capped = view.zoom_factor() >= 1.25 - 1e-9
        alone = not view.map_scene.map.stakeholders
        assert share >= 0.6 or (capped and alone), (name, share)
        assert view.mapFromScene(view.content_rect()).boundingRect().width() <= port.width() + 2
    dialog.close()


def _fitted(window) -> bool:  # type: ignore[no-untyped-def]
    view = window.view
    port = view.viewport().rect()
    drawn = view.mapFromScene(view.content_rect()).boundingRect()
    fills = drawn.width() >= 0.7 * port.width() or drawn.height() >= 0.7 * port.height()
    capped = view.zoom_factor() >= 1.25 - 1e-9
    return port.adjusted(-2, -2, 2, 2).contains(drawn) and (fills or capped)


def test_a_new_map_from_a_template_opens_fitted(kit_window, qtbot):
    window = kit_window()
    window.resize(1280, 720)
    window.view.zoom_100()
    QApplication.processEvents()
    shown = templatepicker.new_from_template(window, "bank")
    assert shown is window
    qtbot.waitUntil(lambda: _fitted(window))


def test_the_template_dialog_opens_its_choice_fitted(kit_window, qtbot):
    window = kit_window()
    window.resize(1280, 720)
    window.view.zoom_100()
    shown = templatepicker.new_from_template(window)  # the dialog, accepted as it opened
    assert shown is window  # the first template (blank): one card, fitted means 125 %
    qtbot.waitUntil(lambda: _fitted(window))


def test_a_failed_open_leaves_the_fallback_map_fitted(kit_window, qtbot, tmp_path: Path):
    from svx_desktop.ui.main import _Startup

    bad = tmp_path / "broken.svx"
    bad.write_bytes(b"{ not json")
    window = kit_window(show=False)
    window.view.hide()  # as the app does while a file named on the command line opens
    window.show()
    qtbot.waitExposed(window)
    _Startup(window, [], [str(bad)], exit_when_done=False).open_files()
    assert window.view.isVisible()
    qtbot.waitUntil(lambda: window.view.zoom_factor() > style.LOD_LABELS)
    qtbot.waitUntil(lambda: _fitted(window))


def test_the_first_window_uses_the_screen(make_window):
    window = make_window(show=False)
    area = window.screen().availableGeometry()
    geometry = window.frameGeometry() if window.isVisible() else QRect(window.pos(), window.size())
    assert window.width() >= 0.8 * area.width() - 1
    assert window.height() >= 0.8 * area.height() - 1
    centre = geometry.center()
    assert abs(centre.x() - area.center().x()) <= 2 and abs(centre.y() - area.center().y()) <= 2


def test_a_saved_geometry_wins(make_window, qtbot):
    from svx_desktop.ui.settings import settings
    from svx_desktop.ui.windowstate import GEOMETRY_KEY

    first = make_window()
    first.resize(700, 500)
    first.move(QPoint(30, 40))
    QApplication.processEvents()
    first.close()
    assert isinstance(settings(), QSettings) and settings().value(GEOMETRY_KEY) is not None
    mainwindow._windows.clear()
    again = make_window()
    assert (again.width(), again.height()) == (700, 500)


def test_showing_the_exchanges_table_refits_the_canvas(make_window, qtbot, monkeypatch):
    from svx_desktop.ui import workshop
    from svx_desktop.ui.panels import attach_panels

    # Panels first, then the workshop, as the app builds its windows.
    monkeypatch.setattr(mainwindow, "window_extensions", [attach_panels, workshop.attach])
    window = make_window()
    window.resize(1280, 720)
    templatepicker.new_from_template(window, "bank")
    dock = next(d for d in window.findChildren(QDockWidget) if d.windowTitle() == "Exchanges")
    dock.hide()
    QApplication.processEvents()
    window.view.fit_all()
    before = window.view.zoom_factor()
    dock.toggleViewAction().trigger()
    assert dock.isVisible()
    qtbot.waitUntil(lambda: _fitted(window) and window.view.zoom_factor() < before)
