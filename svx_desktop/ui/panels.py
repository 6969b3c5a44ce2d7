"""Wire the docks — Properties, Exchanges, Palette, Net value, Checks — into a main window.

``attach_panels(window)`` builds the panels over ``window.document`` and ``window.scene``,
hands each to ``window.add_dock`` (which remembers its place and adds it to the View
menu) and follows ``window.documentChanged`` so the panels switch to a newly opened map.
It also lets the window's canvas accept categories dragged from the palette
(``palette.CategoryDropFilter``), on the first view and on each view that replaces it,
and adds View ▸ Weighted Flows and Colour by Met Today (``flowlook``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QDockWidget

from svx_desktop.editing import Document
from svx_desktop.ui import flowlook, windowstate
from svx_desktop.ui.checkspanel import ChecksPanel
from svx_desktop.ui.exchanges import ExchangesPanel
from svx_desktop.ui.netpanel import NetPanel
from svx_desktop.ui.palette import CategoryDropFilter, PalettePanel, place_category
from svx_desktop.ui.properties import PropertiesPanel
from svx_desktop.ui.protocols import MapWindow, as_widget
from svx_desktop.ui.settings import settings

if TYPE_CHECKING:
    from svx_desktop.canvas.view import MapView


@dataclass
class Panels:
    """The panels of one window and their docks."""

    properties: PropertiesPanel
    exchanges: ExchangesPanel
    palette: PalettePanel
    net: NetPanel
    checks: ChecksPanel
    docks: tuple[QDockWidget | None, ...]


def attach_panels(window: MapWindow) -> Panels:
    """Create the panels for ``window`` (a ``MainWindow``) and add them as docks."""
    document, scene = window.document, window.scene
    properties = PropertiesPanel(document, scene)
    exchanges = ExchangesPanel(document, scene)
    palette = PalettePanel(document, scene)
    net = NetPanel(document, scene)
    checks = ChecksPanel(document, scene)
    area = Qt.DockWidgetArea
    docks = (
        window.add_dock(properties, "Properties", area.RightDockWidgetArea),
        window.add_dock(exchanges, "Exchanges", area.BottomDockWidgetArea),
        window.add_dock(palette, "Palette", area.LeftDockWidgetArea),
        window.add_dock(net, "Net Value", area.BottomDockWidgetArea),
        window.add_dock(checks, "Checks", area.BottomDockWidgetArea),
    )
    # First start: Net value shares the bottom with Exchanges as a tab, so Checks keeps room.
    if docks[1] is not None and docks[3] is not None and not _remembered(docks[3]):
        as_widget(window).tabifyDockWidget(docks[1], docks[3])
        docks[1].raise_()
    panels = Panels(properties, exchanges, palette, net, checks, docks)
    _accept_category_drops(window.view)
    flowlook.attach(window)
    palette.placeRequested.connect(lambda category_id: place_category(window.view, category_id))

    def follow(new_document: Document) -> None:
        for panel in (properties, exchanges, palette, net, checks):
            panel.set_document(new_document, window.scene)
        _accept_category_drops(window.view)

    window.documentChanged.connect(follow)
    return panels


def _remembered(dock: QDockWidget) -> bool:
    """Whether the saved window layout places ``dock`` (Qt stores dock names in UTF-16)."""
    state = settings().value(windowstate.STATE_KEY)
    name = dock.objectName().encode("utf-16-be")
    if isinstance(state, QByteArray):
        state = state.data()
    return isinstance(state, bytes) and name in state


def _accept_category_drops(view: MapView) -> None:
    if view.findChild(CategoryDropFilter) is None:
        CategoryDropFilter(view)


__all__ = ["Panels", "attach_panels"]
