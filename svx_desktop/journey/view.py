"""The journey view: zoom, scroll, an inline name editor and the keys' entry points.

``JourneyView(controller)`` shows a ``JourneyScene``. Ctrl+wheel and Ctrl +/−/0/1 zoom as
on the map; the plain wheel scrolls the row sideways (a journey is wide, rarely tall).
The keymap's actions (``JourneyKeymap``) call the entry points here — add a touch point
(a dashed slot opens after the selected one with its name editor; Enter adds it as one
undo step, Esc leaves no trace), rename, step the selection, reorder — which leave every
command to the ``JourneyController``. ``backRequested`` asks the window for the map.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QLineEdit, QWidget

from svx_desktop.canvas import style
from svx_desktop.canvas.zooming import ZoomingView
from svx_desktop.journey.controller import JourneyController
from svx_desktop.journey.items import PAD, StageHeader, TouchPointCard, font
from svx_desktop.journey.keymap import JourneyKeymap
from svx_desktop.journey.layout import CARDS_TOP, Pending
from svx_desktop.journey.scene import JourneyScene
from svx_desktop.model import MAX_LABEL_LENGTH

EMPTY_HINT = (
    "No touch points yet. Press N to add one, or Ctrl+K to type one with its channels "
    "and health, e.g.\nOpen an account @web @branch !moment ~dead"
)
#: Keys an open editor keeps even with a modifier (word-wise moves and deletes).
_EDITOR_KEYS = {
    Qt.Key.Key_Left,
    Qt.Key.Key_Right,
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
    Qt.Key.Key_Backspace,
    Qt.Key.Key_Delete,
}


class JourneyView(ZoomingView):
    """A view of one ``JourneyScene``. See the module docstring."""

    backRequested = Signal()
    #: A touch point was double-clicked off its name (the window shows its properties).
    touchPointActivated = Signal(str)

    def __init__(self, controller: JourneyController, parent: QWidget | None = None) -> None:
        super().__init__(controller.scene, parent)
        self.controller = controller
        self.journey_scene: JourneyScene = controller.scene
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setObjectName("journeyView")
        self.keymap = JourneyKeymap(self)
        self._editor: QLineEdit | None = None
        #: What the open editor makes: ("new", stage id, index) or ("rename", touch point id)
        #: or ("stage",).
        self._editing: tuple[object, ...] | None = None
        self.keymap.set_editable(not controller.document.read_only)

    # ------------------------------------------------------------------- zoom
    def zoomed(self) -> None:
        self._place_editor()
        super().zoomed()

    def fit_all(self) -> None:
        """The whole journey in view (never above 100 %)."""
        rect = self.journey_scene.content_rect().adjusted(-20, -20, 20, 20)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom_factor() > 1.0:
            self.set_zoom(1.0)
        self.zoomChanged.emit(self.zoom_factor())

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.wheel_zoomed(event):
            return
        delta = event.angleDelta()
        bar = self.horizontalScrollBar()
        if delta.x() == 0 and delta.y() and not self.verticalScrollBar().isVisible():
            bar.setValue(bar.value() - delta.y())
            event.accept()
            return
        super().wheelEvent(event)

    # -------------------------------------------------------------- selection
    def select_all(self) -> None:
        self.journey_scene.select_ids(self.journey_scene.order())

    def step_selection(self, step: int) -> str | None:
        """Select the touch point ``step`` places along (clamped; the first when none)."""
        order = self.journey_scene.order()
        if not order:
            return None
        current = self.journey_scene.current()
        if current is None:
            index = 0 if step > 0 else len(order) - 1
        else:
            index = min(max(order.index(current) + step, 0), len(order) - 1)
        self.select_and_show(order[index])
        return order[index]

    def select_and_show(self, touch_point_id: str) -> None:
        self.journey_scene.select_ids([touch_point_id])
        card = self.journey_scene.card(touch_point_id)
        if card is not None:
            self.ensureVisible(card, 40, 20)

    def move_or_back(self, step: int) -> bool:
        """Alt+Left/Right move the selected touch point; Alt+Left with nothing selected
        goes back to the map."""
        if self.journey_scene.current() is None:
            if step < 0:
                self.backRequested.emit()
            return False
        if self.controller.document.read_only:
            return False
        moved = self.controller.move_selection(step)
        current = self.journey_scene.current()
        if moved and current is not None:
            self.select_and_show(current)
        return moved

    def rate(self, step: int | None) -> bool:
        return self.controller.rate_selection(step)

    def toggle_moment(self) -> bool:
        return self.controller.toggle_moment()

    def delete_selection(self) -> bool:
        deleted = self.controller.delete_selection()
        current = self.journey_scene.current()
        if deleted and current is not None:
            self.select_and_show(current)
        return deleted

    def move_stage(self, step: int) -> bool:
        return self.controller.move_stage(step)

    def delete_stage(self) -> bool:
        return self.controller.delete_stage()

    def go_back(self) -> None:
        self.cancel_open()
        self.backRequested.emit()

    # ---------------------------------------------------------------- editors
    def is_editing_text(self) -> bool:
        return self._editor is not None and self._editor.isVisible()

    def add_touch_point(self) -> None:
        """A dashed slot after the selected touch point (or at the end), name editor open."""
        self.commit_open()
        stage_id, after, index = self.controller.new_slot()
        self.journey_scene.set_pending(Pending(stage_id, after))
        self._open_editor(("new", stage_id, index), "", "Name of the touch point")

    def add_stage(self) -> None:
        """A name editor for a new stage (over the first selected card, or the row's end)."""
        self.commit_open()
        self._open_editor(("stage",), "", "Name of the new stage")

    def rename_selection(self) -> bool:
        current = self.journey_scene.current()
        if current is None:
            return False
        self.commit_open()
        name = self.controller.map.journeys.touch_point(current).name
        self._open_editor(("rename", current), name, "Name of the touch point")
        return True

    def rename_stage(self, stage_id: str) -> bool:
        """A name editor over a stage's header (double-click on it)."""
        j = self.controller.map.journeys
        if self.controller.document.read_only or not j.has_stage(stage_id):
            return False
        self.commit_open()
        self._open_editor(("stage_rename", stage_id), j.stage(stage_id).name, "Stage name")
        return True

    def _editor_rect(self) -> QRectF:
        """Where the editor goes, in scene coordinates."""
        scene = self.journey_scene
        what = self._editing
        rect: QRectF | None = None
        if what is not None and what[0] == "new":
            rect = scene.pending_rect()
        elif what is not None and what[0] == "stage_rename":
            header = next((h for h in scene.headers() if h.stage_id == what[1]), None)
            if header is not None:
                r = header.sceneBoundingRect()
                return QRectF(r.left() + 4, r.top() + 2, max(r.width() - 8, 160), r.height() - 4)
        elif what is not None and what[0] == "rename":
            card = scene.card(str(what[1]))
            rect = card.sceneBoundingRect() if card is not None else None
        else:
            current = scene.current()
            card = scene.card(current) if current is not None else None
            if card is not None:
                rect = card.sceneBoundingRect().translated(0, -card.sceneBoundingRect().top())
            else:
                c = scene.content_rect()
                rect = QRectF(c.right() - 200, 0, 200, 34)
        if rect is None:
            rect = QRectF(0, 0, 200, 60)
        return QRectF(rect.left() + PAD / 2, rect.top() + 30, rect.width() - PAD, 30)

    def _open_editor(self, what: tuple[object, ...], text: str, placeholder: str) -> None:
        if self._editor is None:
            self._editor = QLineEdit(self.viewport())
            self._editor.setObjectName("journeyNameEditor")
            self._editor.setMaxLength(MAX_LABEL_LENGTH)
            self._editor.setFont(font("name"))
            self._editor.installEventFilter(self)
        self._editing = what
        editor = self._editor
        editor.setText(text)
        editor.setPlaceholderText(placeholder)
        editor.selectAll()
        self.ensureVisible(self._editor_rect(), 60, 40)
        self._place_editor()
        editor.show()
        editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _place_editor(self) -> None:
        if not self.is_editing_text() and self._editing is None:
            return
        if self._editor is None:
            return
        box = self.mapFromScene(self._editor_rect()).boundingRect()
        self._editor.setGeometry(
            box.left(), box.top(), max(box.width(), 120), max(box.height(), 26)
        )

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if self._editing is not None:
            self._place_editor()

    def commit_open(self) -> None:
        """Finish the open editor as Enter would (nothing when none is open)."""
        if self._editing is not None:
            self._finish(True)

    def cancel_open(self) -> None:
        if self._editing is not None:
            self._finish(False)

    def _finish(self, commit: bool) -> None:
        what, editor = self._editing, self._editor
        self._editing = None
        if editor is None or what is None:
            return
        text = editor.text()
        editor.hide()
        if what[0] == "new":
            self.journey_scene.set_pending(None)
            if commit:
                stage = what[1] if isinstance(what[1], str) else None
                index = what[2] if isinstance(what[2], int) else None
                new = self.controller.add_touch_point(text, stage, index)
                if new is not None:
                    self.select_and_show(new)
        elif what[0] == "rename" and commit:
            self.controller.rename(str(what[1]), text)
        elif what[0] == "stage" and commit:
            self.controller.add_stage(text)
        elif what[0] == "stage_rename" and commit:
            self.controller.rename_stage(str(what[1]), text)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._editor:
            if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self._finish(True)
                    return True
                if event.key() == Qt.Key.Key_Escape:
                    self._finish(False)
                    return True
            elif event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
                mods = event.modifiers()
                chord = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                if not (mods & chord) or event.key() in _EDITOR_KEYS:
                    event.accept()  # plain keys are the editor's
                    return True
            elif event.type() == QEvent.Type.FocusOut and self._editing is not None:
                self._finish(True)
        return super().eventFilter(watched, event)

    # --------------------------------------------------------------- painting
    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        """An empty journey says how to start one."""
        if self.journey_scene.order() or self.is_editing_text():
            return
        painter.save()
        painter.resetTransform()
        painter.setFont(font("header"))
        painter.setPen(style.TEXT_COLOUR)
        at = self.mapFromScene(QPointF(0, CARDS_TOP))
        width = min(self.viewport().width() - at.x() - 40, 640)
        hint = QRectF(at.x(), at.y() + 10, max(width, 200), 200)
        painter.drawText(
            hint,
            int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
            EMPTY_HINT,
        )
        painter.restore()

    # ------------------------------------------------------------------ mouse
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.is_editing_text():
            self.commit_open()
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        item = self.itemAt(event.position().toPoint())
        if isinstance(item, TouchPointCard):
            self.select_and_show(item.element_id)
            self.rename_selection()
        elif isinstance(item, StageHeader) and item.stage_id is not None:
            self.rename_stage(item.stage_id)
        elif isinstance(item, StageHeader) or item is None:
            self.add_touch_point()
        event.accept()


__all__ = ["JourneyView"]
