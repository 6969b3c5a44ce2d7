"""Panels added to a window that is already shown (the app's first window) are visible."""

from __future__ import annotations

from collections.abc import Callable

from svx_desktop.ui import main as app_main
from svx_desktop.ui import windowstate


def test_panels_added_after_the_first_paint_are_shown_and_remembered(
    make_window: Callable[..., object], qtbot: object
) -> None:
    window = make_window()
    assert window.isVisible()
    window.extend([app_main._attach_panels])
    qtbot.wait(10)
    visible = {d.objectName() for d in window._docks if d.isVisible()}
    assert {"dock-propertiesPanel", "dock-palettePanel"} <= visible

    # The user hides the palette; the next window started the same way keeps it hidden.
    palette = next(d for d in window._docks if d.objectName() == "dock-palettePanel")
    palette.hide()
    windowstate.save(window)
    window.close()
    again = make_window()
    again.extend([app_main._attach_panels])
    qtbot.wait(10)
    shown = {d.objectName(): d.isVisible() for d in again._docks}
    assert shown["dock-propertiesPanel"]
    assert not shown["dock-palettePanel"]


def test_opening_a_map_keeps_the_panel_widths(
    make_window: Callable[..., object], bank_path: object, qtbot: object
) -> None:
    window = make_window()
    window.extend([app_main._attach_panels])
    qtbot.wait(10)
    widths = {d.objectName(): d.width() for d in window._docks if d.isVisible()}
    canvas_width = window.view.width()
    assert window.open_path(bank_path)
    qtbot.wait(10)
    assert {d.objectName(): d.width() for d in window._docks if d.isVisible()} == widths
    assert window.view.width() == canvas_width
