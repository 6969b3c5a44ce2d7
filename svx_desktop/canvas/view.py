"""The map view: zoom, pan, fit, a legend in a free corner, and the editing entry points.

``MapView(controller)`` shows the controller's ``MapScene``. Ctrl+wheel, Ctrl +/− and pinch
zoom; the wheel, middle-drag and Space-drag pan; ``fit_all`` and ``zoom_100`` for the View
menu. The editing entry points the keymap's actions call (``add_stakeholder``,
``add_flow``, ``rename_selection``, ``delete_selection``, ``nudge``, ``focus_next``, …) live
here: they open inline editors (``CanvasEditing``) and leave every command to the
``CanvasController``. The keys themselves are actions of a ``CanvasKeymap`` (the window's,
or the view's own); the view handles no key itself but Space (hold to pan). While an
inline editor is open ``is_editing_text()`` is True and the editor keeps every plain key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import (
    QEvent,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    Qt,
)
from PySide6.QtGui import (
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmapCache,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsView, QMainWindow, QWidget

from svx_desktop.canvas import style
from svx_desktop.canvas.controller import CanvasController
from svx_desktop.canvas.editing import CanvasEditing
from svx_desktop.canvas.flows import FlowItem
from svx_desktop.canvas.keymap import CanvasKeymap
from svx_desktop.canvas.legend import draw_legend, legend_corner, legend_size, paint_legend
from svx_desktop.canvas.nodes import HandleItem, NodeItem
from svx_desktop.canvas.scene import MapScene
from svx_desktop.canvas.selection import Selection
from svx_desktop.canvas.zooming import ZoomingView
from svx_desktop.model import Direction

if TYPE_CHECKING:
    from PySide6.QtCore import QVariantAnimation

MIN_ZOOM = 0.03
MAX_ZOOM = 6.0
#: The zooms (of the fitted one) Fit tries when the legend finds no free corner.
LEGEND_ROOM_STEPS = (0.93, 0.86, 0.8)
#: How long the view takes to ease out to a new element (milliseconds; 0: at once).
EASE_MS = 180
_GRID = 40.0
PIXMAP_CACHE_MIN_KB = 32 * 1024


class MapView(ZoomingView):
    """A view of a ``MapScene``. See the module docstring."""

    min_zoom = MIN_ZOOM
    max_zoom = MAX_ZOOM

    def __init__(
        self,
        controller: CanvasController,
        parent: QWidget | None = None,
        keymap: CanvasKeymap | None = None,
    ) -> None:
        scene = controller.scene
        super().__init__(scene, parent)
        # A viewport made here rather than Qt's own: the first ``viewport()`` call on Qt's
        # makes PySide6 resolve every lazily loaded QtWidgets class (type discovery of a
        # bare QWidget*), 10-30 ms before the first paint. Behaviour is the same.
        self.setViewport(QWidget())
        self.map_scene: MapScene = scene
        self.controller = controller
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        # The background (colour and grid) is drawn once into a pixmap the view keeps and
        # scrolls: a frame of a drag then blits it instead of drawing ~50 antialiased grid
        # lines (a third of a frame at 1:1). Themes and presentation reset the cache.
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self.editing = CanvasEditing(self)
        #: A scene rect the scroll bars must reach while an editor is open (a new card).
        self._keep_in_reach: QRectF | None = None
        self._ease: QVariantAnimation | None = None
        self._ease_path: tuple[float, QPointF, float, QPointF] | None = None
        self._pan_from: QPoint | None = None
        self._space_down = False
        self.show_legend = True
        self.show_grid = True
        #: False hides the flow labels at every zoom (presentation shows counts instead).
        self.labels_wanted = True
        #: A short line drawn in the bottom-right corner (presentation: "4 / 12 · Customers").
        self.caption = ""
        #: While presenting the canvas shows the map only: no editing keys, no selecting.
        self.presenting = False
        if keymap is None:  # a view of its own (tests, benchmarks): every key on the view
            keymap = CanvasKeymap(self, lambda: self)
            self.addActions(keymap.window_actions())
        self.keymap = keymap
        self.addActions(keymap.canvas_actions())
        self._follow(controller)
        self.centre_on_organisation()

    def _follow(self, controller: CanvasController) -> None:
        scene = controller.scene
        scene.flowRequested.connect(self._flow_requested)
        scene.statusChanged.connect(self.update_scene_rect)
        scene.selectionUpdated.connect(self._selection_changed)
        controller.document.undo_stack.indexChanged.connect(self.update_scene_rect)
        self._selection_changed(scene.selection())
        self.update_scene_rect()

    def set_controller(self, controller: CanvasController) -> None:
        """Show another document's scene in this view (File ▸ Open keeps the view, its
        zoom and the keymap; only the scene is swapped). Call before dropping the old
        scene; an open inline editor is cancelled."""
        self.editing.cancel_open()
        old = self.controller
        old.scene.flowRequested.disconnect(self._flow_requested)
        old.scene.statusChanged.disconnect(self.update_scene_rect)
        old.scene.selectionUpdated.disconnect(self._selection_changed)
        old.document.undo_stack.indexChanged.disconnect(self.update_scene_rect)
        self.controller = controller
        self.map_scene = controller.scene
        self.setScene(controller.scene)
        self._follow(controller)
        self._zoom_changed()  # the new scene's level of detail at this zoom
        self.centre_on_organisation()

    # ------------------------------------------------------------------- zoom
    def zoomed(self) -> None:
        if self._ease is not None and self.is_easing():
            self._ease.stop()  # the user's zoom wins over an ease in progress
        self._zoom_changed()
        if self.editing.is_editing():
            self.editing.keep_on_screen()

    def _zoom_changed(self) -> None:
        self.update_scene_rect(grow_only=True)  # a viewport's worth of margin at this zoom
        detail = style.text_detail(self.zoom_factor())
        self.map_scene.set_labels_visible(detail >= style.LOD_LABELS and self.labels_wanted)
        self.map_scene.set_simple(detail < style.LOD_SIMPLE)
        if self.editing.is_editing():
            self.editing.reposition()
        self.zoomChanged.emit(self.zoom_factor())

    def content_rect(self) -> QRectF:
        """Everything on the map (not ghosts or the scroll margin), in scene coordinates."""
        return self.map_scene.content_rect()

    def fit_all(self) -> None:
        """Zoom and scroll so the whole map is in view (never above 125 %)."""
        # Fit the cards first; only if labels show at that zoom are they laid out and
        # included (a big map opened far out never lays out its labels).
        for with_labels in (False, True):
            rect = self.map_scene.content_rect(with_labels).adjusted(-40, -40, 40, 40)
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
            if self.zoom_factor() > 1.25:
                self.set_zoom(1.25)
            self.centerOn(rect.center())
            if style.text_detail(self.zoom_factor()) < style.LOD_LABELS:
                break
        self._zoom_changed()
        self._make_room_for_legend(rect.center())

    def _make_room_for_legend(self, centre: QPointF) -> None:
        """After a fit, zoom out a little (a few steps, never so far that shown labels
        would hide) until the legend finds a corner where it covers nothing: a fitted map
        keeps its legend rather than losing it to a card a few pixels into a corner."""
        if not self.show_legend or self.legend_rect() is not None:
            return
        fitted = self.zoom_factor()
        labels = style.text_detail(fitted) >= style.LOD_LABELS
        for step in LEGEND_ROOM_STEPS:
            zoom = fitted * step
            if labels and style.text_detail(zoom) < style.LOD_LABELS:
                break
            self.set_zoom(zoom)
            self.centerOn(centre)
            if self.legend_rect() is not None:
                self._zoom_changed()
                return
        self.set_zoom(fitted)  # no room that way: the map as fitted, without the legend
        self.centerOn(centre)
        self._zoom_changed()

    def centre_on_organisation(self) -> None:
        self.centerOn(self.map_scene.organisation_item)

    def update_scene_rect(self, grow_only: bool = False) -> None:
        """Let the scroll bars reach a little past the map in every direction (and past
        whatever is being created: a new card's place may lie outside the map so far).
        ``grow_only`` never shrinks the range (zooming must not jump the scroll bars)."""
        if not (shiboken6.isValid(self) and shiboken6.isValid(self.map_scene)):
            return
        x0, y0, x1, y1 = self.map_scene.map.bounding_box()
        bounds = QRectF(x0, y0, x1 - x0, y1 - y0).adjusted(-300, -300, 300, 300)
        if self._keep_in_reach is not None:
            if self.editing.is_editing():
                bounds = bounds.united(self._keep_in_reach)
            else:
                self._keep_in_reach = None
        zoom = self.zoom_factor() or 1.0
        margin = max(self.viewport().width(), self.viewport().height()) / zoom
        wanted = bounds.adjusted(-margin, -margin, margin, margin)
        if grow_only:
            wanted = wanted.united(self.sceneRect())
        if wanted != self.sceneRect():
            self.setSceneRect(wanted)

    def reveal(self, scene_rect: QRectF, margin: int = 40, also: QRectF | None = None) -> None:
        """Bring ``scene_rect`` (something just created) into view with ``margin`` pixels
        to spare, keeping the whole map in view: nothing moves if it is on screen already;
        else the view eases out (never in) to show the map and it together, in a short
        animation (``EASE_MS``), or only scrolls if that is enough. ``scene_rect`` may
        lie outside the map so far (a new card's place while its name is typed), and so
        may ``also``: where the map is about to spread out to make room for it."""
        wanted = scene_rect if also is None else scene_rect.united(also)
        self._keep_in_reach = QRectF(wanted)
        self.update_scene_rect()
        port = QRectF(self.viewport().rect())
        shown = QRectF(self.mapFromScene(wanted).boundingRect())
        inner = port.adjusted(margin, margin, -margin, -margin)
        if not self.is_easing() and (inner.isEmpty() or inner.contains(shown)):
            self._forget_reach()
            return
        target = self.content_rect().united(wanted)
        zoom = self.zoom_factor() or 1.0
        fit = min(
            (port.width() - 2 * margin) / max(target.width(), 1.0),
            (port.height() - 2 * margin) / max(target.height(), 1.0),
        )
        end_zoom = min(max(min(zoom, fit), MIN_ZOOM), MAX_ZOOM)
        if end_zoom < zoom - 1e-9:
            centre = target.center()
        else:  # it all fits at this zoom: scroll just enough
            seen = self.mapToScene(inner.toRect()).boundingRect()
            dx = min(0.0, target.left() - seen.left()) or max(0.0, target.right() - seen.right())
            dy = min(0.0, target.top() - seen.top()) or max(0.0, target.bottom() - seen.bottom())
            centre = seen.center() + QPointF(dx, dy)
        reach = max(port.width(), port.height()) / end_zoom
        self.setSceneRect(self.sceneRect().united(target.adjusted(-reach, -reach, reach, reach)))
        self.ease_to(end_zoom, centre)

    def ease_to(self, zoom: float, centre: QPointF) -> None:
        """Zoom to ``zoom`` with ``centre`` (a scene point) in the middle, animated over
        ``EASE_MS`` (at once when that is 0 or the view is not shown)."""
        start_zoom = self.zoom_factor() or 1.0
        start = self.mapToScene(self.viewport().rect().center())
        if self._ease is None:
            # Not needed to paint: loaded with the first ease, not at start-up.
            from PySide6.QtCore import QEasingCurve, QVariantAnimation

            self._ease = QVariantAnimation(self)
            self._ease.setStartValue(0.0)
            self._ease.setEndValue(1.0)
            self._ease.setEasingCurve(QEasingCurve.Type.OutCubic)
            self._ease.valueChanged.connect(self._ease_step)
            self._ease.finished.connect(self._forget_reach)
        self._ease.stop()
        self._ease_path = (start_zoom, QPointF(start), zoom, QPointF(centre))
        if EASE_MS <= 0 or not self.isVisible():
            self._ease_step(1.0)
            self._forget_reach()
            return
        self._ease.setDuration(EASE_MS)
        self._ease.start()

    def is_easing(self) -> bool:
        """True while the view eases towards something just created."""
        return self._ease is not None and self._ease.state() == self._ease.State.Running

    def _ease_step(self, value: object) -> None:
        if self._ease_path is None:
            return
        t = float(value)  # type: ignore[arg-type]
        z0, c0, z1, c1 = self._ease_path
        zoom = z0 * (z1 / z0) ** t  # even steps to the eye: interpolate the scale's log
        self.setTransform(QTransform.fromScale(zoom, zoom))
        self.centerOn(c0 + (c1 - c0) * t)
        self._zoom_changed()

    def _forget_reach(self) -> None:
        if not self.editing.is_editing() and not self.is_easing():
            self._keep_in_reach = None

    # --------------------------------------------------------------- editing
    def is_editing_text(self) -> bool:
        """True while an inline editor is open."""
        return self.editing.is_editing()

    def add_stakeholder(self) -> None:
        """A new stakeholder in the next free place around the organisation, name editor open."""
        place = self.controller.next_free_place()
        pos = QPointF(*place.positions[0])
        self.editing.new_stakeholder_at(
            pos, place.moves
        )  # the editor scrolls card and itself into view

    def add_stakeholder_at(self, scene_pos: QPointF) -> None:
        self.editing.new_stakeholder_at(scene_pos)

    def add_flow(self, direction: Direction | str, stakeholder_id: str | None = None) -> bool:
        """A new flow of the selected stakeholder (or ``stakeholder_id``), label editor open."""
        sid = stakeholder_id or self.map_scene.selection().flow_target(self.map_scene.map)
        if sid is None:
            return False
        self.editing.new_flow(sid, Direction(direction))
        return True

    def rename_selection(self) -> bool:
        items = self.map_scene.selectedItems()
        if len(items) != 1:
            return False
        return self.editing.rename(items[0])

    def delete_selection(self) -> bool:
        return self.controller.delete_selection()

    def rate_selection(self, step: int | None) -> str | None:
        """Rate the selected flows (digits 1–5; None, the digit 0, clears) and say so in
        the window's status bar."""
        said = self.controller.rate_selection(step)
        window = self.window()
        if said is not None and isinstance(window, QMainWindow):
            window.statusBar().showMessage(said, 4000)
        return said

    def select_all(self) -> None:
        self.map_scene.select_all()

    def clear_selection(self) -> None:
        self.map_scene.clearSelection()

    def nudge(self, dx: float, dy: float) -> bool:
        return self.controller.nudge(dx, dy)

    def focus_next(self, backwards: bool = False) -> str | None:
        """Select the next stakeholder clockwise around the organisation (and show it)."""
        return self.editing.focus_next(backwards)

    def _flow_requested(self, stakeholder_id: str, direction: str) -> None:
        self.map_scene.select_ids([stakeholder_id])
        self.add_flow(direction, stakeholder_id)

    def _selection_changed(self, selection: Selection) -> None:
        editable = not (self.controller.document.read_only or self.presenting)
        self.keymap.follow_selection(selection, self.map_scene.map, editable=editable)

    def set_presenting(self, presenting: bool) -> None:
        """Presentation mode: no grid, no selecting, dragging or hovering, no editing keys
        (the arrows are the presentation's); False gives every one of them back."""
        self.presenting = presenting
        self.show_grid = not presenting
        self.setInteractive(not presenting)
        if presenting:
            self.editing.commit_open()
            self.map_scene.clear_ghosts()
        else:
            self.caption = ""
            self.labels_wanted = True
        self.follow_read_only()
        self.resetCachedContent()
        self.viewport().update()

    def follow_read_only(self) -> None:
        """Enable or disable the canvas keys after the document became (not) read-only."""
        self._selection_changed(self.map_scene.selection())

    # ------------------------------------------------------------------ keys
    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.NativeGesture
            and isinstance(event, QNativeGestureEvent)
            and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):
            anchor = self.mapToScene(event.position().toPoint())
            self.set_zoom(self.zoom_factor() * (1.0 + event.value()), anchor)
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Every key is an action of the keymap; only holding Space (to pan) is a gesture."""
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = False
            if self._pan_from is None:
                self.viewport().unsetCursor()
        super().keyReleaseEvent(event)

    # ----------------------------------------------------------------- mouse
    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.wheel_zoomed(event):
            return
        super().wheelEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton or (
            self._space_down and event.button() == Qt.MouseButton.LeftButton
        ):
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if self.editing.is_editing():
            self.editing.commit_open()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            pos = event.position().toPoint()
            delta = pos - self._pan_from
            self._pan_from = pos
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None and event.button() in (
            Qt.MouseButton.MiddleButton,
            Qt.MouseButton.LeftButton,
        ):
            self._pan_from = None
            if self._space_down:
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            else:
                self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseDoubleClickEvent(event)
            return
        item = self.itemAt(event.position().toPoint())
        if isinstance(item, HandleItem):
            item = item.owner()
        if item is None:
            pos = self.mapToScene(event.position().toPoint())
            arrow = self.map_scene.arrow_at(pos, 6.0 / (self.zoom_factor() or 1.0))
            if arrow is not None:
                self.add_flow(arrow.direction, arrow.stakeholder_id)
            else:
                self.add_stakeholder_at(pos)
        elif isinstance(item, NodeItem | FlowItem):
            self.map_scene.select_ids([item.element_id])
            self.editing.rename(item)
        event.accept()

    # -------------------------------------------------------------- painting
    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if self.show_legend:
            self.viewport().update()  # the legend stays put; scrolling must not drag it along
        if self.editing.is_editing():
            self.editing.reposition()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Cards, labels and the two layers are cached as device pixmaps; the arrow layer
        # alone is as big as the viewport. Qt's default 10 MB pixmap cache would evict it
        # every frame on a large screen.
        size = self.viewport().size()
        wanted = max(PIXMAP_CACHE_MIN_KB, 4 * size.width() * size.height() * 4 // 1024)
        if QPixmapCache.cacheLimit() < wanted:
            QPixmapCache.setCacheLimit(wanted)
        if event.size().width() > event.oldSize().width() or (
            event.size().height() > event.oldSize().height()
        ):
            self.update_scene_rect(grow_only=True)  # a viewport's worth of margin
        if self.editing.is_editing():
            self.editing.reposition()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.map_scene.labels_visible:
            self.map_scene.ensure_labels()
        super().paintEvent(event)

    def drawBackground(self, painter: QPainter, exposed: QRectF | QRect) -> None:
        # Fills ``rect`` with the scene's background brush (``style.BACKGROUND``, kept in
        # step by the scene and the themes) in C++: the same as ``painter.fillRect`` from
        # Python, without PySide6 resolving fillRect's many overloads on the first paint.
        super().drawBackground(painter, exposed)
        rect = QRectF(exposed)
        if self.zoom_factor() < 0.5 or not self.show_grid:
            return
        painter.setPen(QPen(style.GRID_COLOUR, 0))
        left = int(rect.left() // _GRID) * _GRID
        top = int(rect.top() // _GRID) * _GRID
        x = left
        while x < rect.right():
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
            x += _GRID
        y = top
        while y < rect.bottom():
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            y += _GRID

    def legend_rect(self) -> QRectF | None:
        """Where the legend goes in the viewport (device pixels): the first corner where it
        covers nothing of the map nor the caption, or None (not drawn) when it is off or
        every corner is taken."""
        if not self.show_legend:
            return None
        caption = caption_rect(self.caption, self.viewport().rect()) if self.caption else None

        def covers(box: QRectF) -> bool:
            if caption is not None and box.intersects(caption):
                return True
            return self.map_scene.occupied(self.mapToScene(box.toAlignedRect()).boundingRect())

        return legend_corner(QRectF(self.viewport().rect()), covers)

    def set_show_legend(self, shown: bool) -> None:
        self.show_legend = bool(shown)
        self.viewport().update()

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        box = self.legend_rect()
        if box is not None:
            painter.save()
            painter.resetTransform()
            paint_legend(painter, box)
            painter.restore()
        if self.caption:
            painter.save()
            painter.resetTransform()
            draw_caption(painter, self.caption, self.viewport().rect())
            painter.restore()


def caption_rect(text: str, port: QRect) -> QRectF:
    """Where the caption ``text`` sits: the bottom-right corner of ``port`` (device pixels)."""
    fm = style.metrics("legend")
    width, height = fm.horizontalAdvance(text) + 20, fm.height() + 10
    return QRectF(port.right() - 12 - width, port.bottom() - 12 - height, width, height)


def draw_caption(painter: QPainter, text: str, port: QRect) -> None:
    """A small, quiet caption in the bottom-right corner of ``port`` (``caption_rect``)."""
    box = caption_rect(text, port)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    fill = style.CARD_FILL
    painter.setBrush(fill)
    painter.setOpacity(0.85)
    painter.drawRoundedRect(box, 6, 6)
    painter.setOpacity(1.0)
    painter.setFont(style.font("legend"))
    painter.setPen(style.TEXT_COLOUR)
    painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)


__all__ = ["MapView", "draw_legend", "legend_size"]
