"""Presentation mode (F5): the map alone, full screen, large, for the projector.

Entering hides the docks, toolbars, menu bar, status bar and scroll bars, goes full
screen and fits the map to the screen, zooming in further than Fit Map does (up to
``MAX_ZOOM``), so names and labels are large. Esc (or F5 again) leaves: the window's
geometry, full-screen state, docks, bars, zoom and scroll position come back as they
were. Keyboard shortcuts keep working while the menus are hidden (they are window
actions).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QPointF, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QTransform
from PySide6.QtWidgets import QDockWidget, QToolBar, QWidget

from svx_desktop.ui.protocols import MapWindow, as_widget

#: How far presentation mode zooms in to fit a small map (names and labels read large).
MAX_ZOOM = 2.2
_MARGIN = 30.0


class Presentation(QObject):
    """Presentation mode of one main window. See the module docstring."""

    def __init__(self, window: MapWindow) -> None:
        self.widget = as_widget(window)
        super().__init__(self.widget)
        self.window = window
        self.active = False
        self.action: QAction | None = None  # the F5 action; gets Esc while presenting
        self._geometry = QByteArray()
        self._state = QByteArray()
        self._was_full_screen = False
        self._was_maximised = False
        self._transform: QTransform | None = None
        self._centre: QPointF | None = None
        self._hidden: list[QWidget] = []
        as_needed = Qt.ScrollBarPolicy.ScrollBarAsNeeded
        self._scroll_bars = (as_needed, as_needed)
        self.widget.installEventFilter(self)

    def toggle(self) -> None:
        if self.active:
            self.leave()
        else:
            self.enter()

    def enter(self) -> None:
        w = self.widget
        if self.active:
            return
        self.window.commit_typing()
        self.active = True
        self._geometry = w.saveGeometry()
        self._state = w.saveState()
        self._was_full_screen = w.isFullScreen()
        self._was_maximised = w.isMaximized()
        view = self.window.view
        self._transform = view.transform()
        self._centre = view.mapToScene(view.viewport().rect().center())
        self._hidden = []
        for widget in (*w.findChildren(QDockWidget), *w.findChildren(QToolBar)):
            if widget.isVisible() and widget.parent() is w:
                widget.hide()
                self._hidden.append(widget)
        w.menuBar().hide()
        w.statusBar().hide()
        off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        self._scroll_bars = (view.horizontalScrollBarPolicy(), view.verticalScrollBarPolicy())
        view.setHorizontalScrollBarPolicy(off)
        view.setVerticalScrollBarPolicy(off)
        if self.action is not None:
            self.action.setShortcuts([QKeySequence("F5"), QKeySequence("Esc")])
            self.window.keymap["clear_selection"].setEnabled(
                False
            )  # Esc leaves, it does not deselect
            self.action.setChecked(True)
        w.showFullScreen()
        self.fit()
        QTimer.singleShot(0, self.fit)  # again once the window has its full-screen size
        QTimer.singleShot(150, self.fit)

    def fit(self) -> None:
        """Fit the whole map to the view, zooming in up to ``MAX_ZOOM``."""
        if not self.active:
            return
        view = self.window.view
        rect = view.content_rect().adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN)
        port = view.viewport().rect()
        if rect.width() <= 0 or rect.height() <= 0 or port.width() <= 0:
            return
        zoom = min(port.width() / rect.width(), port.height() / rect.height(), MAX_ZOOM)
        view.set_zoom(zoom)
        view.centerOn(rect.center())

    def leave(self) -> None:
        w = self.widget
        if not self.active:
            return
        self.active = False
        if self.action is not None:
            self.action.setShortcuts([QKeySequence("F5")])
            self.window.keymap["clear_selection"].setEnabled(True)
            self.action.setChecked(False)
        if not self._was_full_screen:
            w.showNormal()
            if self._was_maximised:
                w.showMaximized()
        w.restoreGeometry(self._geometry)
        w.menuBar().show()
        w.statusBar().show()
        w.restoreState(self._state)
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        view = self.window.view
        view.setHorizontalScrollBarPolicy(self._scroll_bars[0])
        view.setVerticalScrollBarPolicy(self._scroll_bars[1])
        if self._transform is not None:
            view.setTransform(self._transform)
            view._zoom_changed()  # labels and level of detail follow the zoom
        if self._centre is not None:
            view.centerOn(self._centre)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() == QEvent.Type.Close and self.active:
            self.leave()  # the saved window layout must be the normal one
        return False


def hidden_for_presentation(window: MapWindow) -> list[QWidget]:
    """The docks and toolbars that are visible now (for tests and callers)."""
    widget = as_widget(window)
    out: list[QWidget] = [d for d in widget.findChildren(QDockWidget) if d.isVisible()]
    out += [t for t in widget.findChildren(QToolBar) if t.isVisible()]
    return out


__all__ = ["MAX_ZOOM", "Presentation", "hidden_for_presentation"]
