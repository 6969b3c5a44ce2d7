"""Presentation mode (F5): the map alone, full screen, in type that reads on a projector.

Entering hides the docks, toolbars, menu bar, status bar and scroll bars, goes full
screen and turns the canvas into a slide: no grid, no handles, placeholders or hover
marks, no selecting or editing keys. The type is set in screen pixels, not left to the
zoom (``slides.frame``): a map small enough shows whole with labels ≥ 14 px and names
≥ 18 px. A bigger one shows whole with its names readable and each stakeholder's labels
counted ("3 provides · 2 expects"), and is told stakeholder by stakeholder: Right/Down
(or Page Down) frames the next stakeholder clockwise around the organisation, with its
flows and the organisation, at full size, dimming the rest (the window's ``Spotlight``);
Left/Up (Page Up) the previous; Home the whole map again. R toggles *reveal*: the slide
starts from the organisation alone and Right brings in the next stakeholder with its
flows, Left takes it away again. A small caption in the corner says where the talk is
("4 / 12 · Customers"). Esc (or F5 again) leaves: the window's geometry, full-screen
state, docks, bars, zoom, scroll position, type, selection and focus come back as they
were.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QByteArray, QEvent, QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QTransform
from PySide6.QtWidgets import QDockWidget, QToolBar, QWidget

from svx_desktop.canvas import style
from svx_desktop.editing.follow import next_turn
from svx_desktop.model.placement import angular_order
from svx_desktop.ui import slides
from svx_desktop.ui.protocols import MapWindow, as_widget
from svx_desktop.ui.shortcuts import PRESENTING_KEYS, make_action
from svx_desktop.ui.spotlight import DIM

#: How far presentation mode zooms in to fit a small map.
MAX_ZOOM = slides.MAX_ZOOM
#: What is not being talked about fades further than while editing (big type is loud).
PRESENTING_DIM = 0.1


class Presentation(QObject):
    """Presentation mode of one main window. See the module docstring."""

    def __init__(self, window: MapWindow) -> None:
        self.widget = as_widget(window)
        super().__init__(self.widget)
        self.window = window
        self.active = False
        #: Go full screen (False presents in the window as it is: a window shared in a
        #: video call, or a test at a fixed size).
        self.full_screen = True
        self.action: QAction | None = None  # the F5 action; gets Esc while presenting
        #: The stakeholder framed now (None: the whole map).
        self.current: str | None = None
        #: While revealing: how many stakeholders (in ring order) are shown.
        self.revealing = False
        self.revealed = 0
        #: True when the whole map is shown as counts (too big to read at once).
        self.counting = False
        self.badges: list[slides.CountBadge] = []
        #: Steps ease from one slide to the next; entering and resizing jump.
        self.ease = slides.Ease(window.view)
        self._easing_step = False
        self._geometry = QByteArray()
        self._state = QByteArray()
        self._was_full_screen = False
        self._was_maximised = False
        self._transform: QTransform | None = None
        self._centre: QPointF | None = None
        self._hidden: list[QWidget] = []
        self._selected: list[str] = []
        self._big = False
        self._big_for: object = None
        self._focus: str | None = None
        as_needed = Qt.ScrollBarPolicy.ScrollBarAsNeeded
        self._scroll_bars = (as_needed, as_needed)
        self.actions: dict[str, QAction] = {}
        runs = {
            "next": lambda: self.step(1),
            "previous": lambda: self.step(-1),
            "home": self.home,
            "reveal": self.toggle_reveal,
        }
        # The keys are given only while presenting (the arrows nudge while editing).
        for name, text, _keys in PRESENTING_KEYS:
            action = make_action(self.widget, text, runs[name])
            action.setEnabled(False)
            self.actions[name] = action
        self.widget.installEventFilter(self)
        #: A resized canvas (the window going full screen, which a window manager may
        #: take its time over) is framed again once the resizing settles.
        self._refit = next_turn(self, self.fit)

    # ------------------------------------------------------------ enter, leave
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
        scene = self.window.scene
        self._selected = [i.element_id for i in scene.selectedItems() if hasattr(i, "element_id")]
        scene.clearSelection()
        spot = self.window.workshop.spotlight
        self._focus = spot.focus_id
        spot.dim = PRESENTING_DIM
        spot.hide_dimmed_labels = True
        spot.focus(None)
        self.current = None
        self.revealing = False
        self.revealed = 0
        self._big_for = None
        style.EDITING_FURNITURE = False
        view.set_presenting(True)
        view.viewport().installEventFilter(self)
        for name, _text, keys in PRESENTING_KEYS:
            self.actions[name].setShortcuts([QKeySequence(k) for k in keys])
            self.actions[name].setEnabled(True)
        if self.full_screen:
            w.showFullScreen()
        # The bars just hidden still hold their room until the window's layout runs:
        # run it now, so the first slide is framed in the whole window.
        layout = w.layout()
        if layout is not None:
            layout.activate()
        self.fit()
        QTimer.singleShot(0, self.fit)  # again once the window has its full-screen size
        QTimer.singleShot(150, self.fit)

    def leave(self) -> None:
        w = self.widget
        if not self.active:
            return
        self.active = False
        self.ease.stop()
        for action in self.actions.values():
            action.setEnabled(False)
            action.setShortcuts([])
        self._drop_badges()
        spot = self.window.workshop.spotlight
        spot.revealed = None
        spot.dim = DIM
        spot.hide_dimmed_labels = False
        spot.focus(self._focus)
        style.EDITING_FURNITURE = True
        view = self.window.view
        view.viewport().removeEventFilter(self)
        self._refit.stop()
        self.window.scene.lay_out_labels_of(None)
        if style.set_type_scale(None):
            _restyle_every_map(self.window)
        view.set_presenting(False)
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
        view.setHorizontalScrollBarPolicy(self._scroll_bars[0])
        view.setVerticalScrollBarPolicy(self._scroll_bars[1])
        if self._transform is not None:
            view.setTransform(self._transform)
        view._zoom_changed()  # labels and level of detail follow the zoom and type
        if self._centre is not None:
            view.centerOn(self._centre)
        self.window.scene.select_ids(self._selected)
        self._selected = []

    # ------------------------------------------------------------------ slides
    def order(self) -> list[str]:
        """The stakeholders clockwise around the organisation, from the top."""
        vmap = self.window.document.map
        return angular_order(
            vmap.organisation.position, {s.id: s.position for s in vmap.stakeholders}
        )

    def fit(self) -> None:
        """Show the current slide again (after the window changed size, or a step)."""
        if not self.active:
            return
        if self.current is not None and not self.revealing:
            self._show_stakeholder(self.current)
        else:
            self._show_whole_map()
        self._update_caption()

    def step(self, delta: int) -> None:
        """The next (``delta`` 1) or previous (-1) stakeholder, or reveal step."""
        if not self.active:
            return
        order = self.order()
        if not order:
            return
        if self.revealing:
            self.revealed = min(max(self.revealed + delta, 0), len(order))
        elif self.current in order:
            i = order.index(self.current) + delta
            self.current = order[i] if 0 <= i < len(order) else None
        else:
            self.current = order[0] if delta > 0 else order[-1]
        self._eased_fit()

    @property
    def easing(self) -> bool:
        """True while the view is on its way to the current slide."""
        return self.ease.running

    def _eased_fit(self) -> None:
        self._easing_step = True
        try:
            self.fit()
        finally:
            self._easing_step = False

    def home(self) -> None:
        """The whole map (revealing: what is revealed so far, in place)."""
        self.current = None
        self._eased_fit()

    def toggle_reveal(self) -> None:
        """Reveal on: start from the organisation alone; off: show everything."""
        if not self.active:
            return
        self.revealing = not self.revealing
        self.revealed = 0
        self.current = None
        self.fit()

    def _show_whole_map(self) -> None:
        view = self.window.view
        spot = self.window.workshop.spotlight
        spot.focus_id = None
        self.window.scene.lay_out_labels_of(None)
        if self.revealing:
            spot.reveal(set(self.order()[: self.revealed]))
        else:
            spot.reveal(None)
        cards = self.window.scene.content_rect(with_labels=False)
        key = (view.viewport().size(), cards.getRect(), len(self.window.document.map.flows))
        if self._big_for != key:
            self._big_for = key
            self._big = self._too_big()
        self.counting = self._big
        view.labels_wanted = not self.counting
        if not self.counting:
            self._drop_badges()
            slides.frame(view, view.content_rect, slides.READABLE_PX, self._ease_now())
            if slides.reads_whole(self.window.scene):
                return
            # The larger type crowds the map: counts, stakeholder by stakeholder.
            self._big = self.counting = True
            view.labels_wanted = False

        def region() -> QRectF:
            self._place_badges()
            rect = self.window.scene.content_rect(with_labels=False)
            for badge in self.badges:
                rect = rect.united(badge.sceneBoundingRect())
            return rect

        slides.frame(view, region, slides.OVERVIEW_PX, self._ease_now())
        self.window.scene.bundles.drop_leaders()
        self._place_badges()
        self._show_badges(spot.revealed)

    def _show_stakeholder(self, sid: str) -> None:
        view = self.window.view
        scene = self.window.scene
        self._drop_badges()
        self.counting = False
        view.labels_wanted = True
        spot = self.window.workshop.spotlight
        scene.lay_out_labels_of({sid})  # first: the spotlight asks for the labels
        spot.revealed = None
        spot.focus(sid)

        def region() -> QRectF:
            rect = scene.organisation_item.scene_rect()
            card = scene.item_for(sid)
            if card is not None:
                rect = rect.united(card.sceneBoundingRect())
            for f in self.window.document.map.flows_of(sid):
                label = scene.item_for(f.id)
                if label is not None:
                    rect = rect.united(label.sceneBoundingRect())
            return rect

        slides.frame(view, region, slides.READABLE_PX, self._ease_now(), slides.STEP_MAX_ZOOM)

    def _ease_now(self) -> slides.Ease | None:
        if self._easing_step:
            return self.ease
        self.ease.stop()
        return None

    def _too_big(self) -> bool:
        """Whether the whole map could only be read with type that crowds its cards."""
        if style.set_type_scale(None):
            self.window.scene.restyle()
        return slides.whole_map_scale(self.window.view) > slides.MAX_WHOLE_MAP_SCALE

    def _update_caption(self) -> None:
        view = self.window.view
        order = self.order()
        vmap = self.window.document.map
        text = ""
        if self.revealing:
            text = f"Reveal · {self.revealed} / {len(order)}"
            if self.revealed:
                text += " · " + vmap.stakeholder(order[self.revealed - 1]).name
        elif self.current is not None and self.current in order:
            i = order.index(self.current)
            text = f"{i + 1} / {len(order)} · {vmap.stakeholder(self.current).name}"
        elif self.counting:
            text = f"{len(order)} stakeholders · → one by one"
        view.caption = style.one_line(text)[:80]
        view.viewport().update()

    # ------------------------------------------------------------------ badges
    def _place_badges(self) -> None:
        scene = self.window.scene
        vmap = self.window.document.map
        if not self.badges:
            for card in scene.stakeholder_items():
                parts = slides.counts_text(vmap, card.element_id)
                if parts:
                    badge = slides.CountBadge(card, parts)
                    scene.addItem(badge)
                    self.badges.append(badge)
        org = scene.organisation_item.pos()
        taken = [c.scene_rect() for c in scene.stakeholder_items()]
        taken.append(scene.organisation_item.scene_rect())
        for badge in self.badges:
            badge.place(org, [r for r in taken if r != badge.card.scene_rect()])
            taken.append(badge.sceneBoundingRect())

    def _show_badges(self, revealed: set[str] | None) -> None:
        for badge in self.badges:
            badge.setVisible(revealed is None or badge.card.element_id in revealed)

    def _drop_badges(self) -> None:
        for badge in self.badges:
            if shiboken6.isValid(badge) and badge.scene() is not None:
                badge.scene().removeItem(badge)
        self.badges = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() == QEvent.Type.Close and self.active:
            self.leave()  # the saved window layout must be the normal one
        elif (
            event.type() == QEvent.Type.Resize
            and self.active
            and watched is self.window.view.viewport()
        ):
            self._refit.start()
        return False


def _restyle_every_map(window: MapWindow) -> None:
    """The type is the canvas's, shared by every window: an item another window measured
    while this one presented is measured again in the editing type."""
    from svx_desktop.ui import mainwindow  # it imports this module

    scenes = {id(w.scene): w.scene for w in mainwindow.windows()}
    scenes[id(window.scene)] = window.scene
    for scene in scenes.values():
        scene.restyle()


def hidden_for_presentation(window: MapWindow) -> list[QWidget]:
    """The docks and toolbars that are visible now (for tests and callers)."""
    widget = as_widget(window)
    out: list[QWidget] = [d for d in widget.findChildren(QDockWidget) if d.isVisible()]
    out += [t for t in widget.findChildren(QToolBar) if t.isVisible()]
    return out


__all__ = ["MAX_ZOOM", "Presentation", "hidden_for_presentation"]
