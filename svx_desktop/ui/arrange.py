"""Arrange ▸ menu: radial layout, align, distribute, and snap to grid for one window.

``Arranger`` turns ``model.layout`` and ``model.align`` results into one undo step each.
Arrange Around Organisation (grouped by category) and Arrange, Keep Order compute new
stakeholder positions with the canvas's real card, label and organisation sizes; the
``MoveElements`` is pushed first (the model only ever changes through the command) and
the items are then animated from where they were to where the model now has them (~250
ms, view layer only); at the end the label stacks are placed afresh. Any other edit (an
undo, say) during the animation ends it at once. Align and distribute act on the
selected stakeholders and notes. Snap to Grid is a toggle kept in ``QSettings``: when a
drag ends, the dragged items are put on the grid before the scene pushes the move, so
the drag stays one undo step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QEasingCurve, QEvent, QObject, Qt, QVariantAnimation
from PySide6.QtGui import QMouseEvent, QUndoStack
from PySide6.QtWidgets import QGraphicsItem

from svx_desktop.canvas.nodes import NodeItem, NoteItem, StakeholderItem
from svx_desktop.editing import MacroCommand, MoveElements
from svx_desktop.model import ModelError, Pos
from svx_desktop.model import align as A  # noqa: N812
from svx_desktop.model import layout as L  # noqa: N812
from svx_desktop.ui.protocols import MapWindow
from svx_desktop.ui.settings import settings
from svx_desktop.ui.sizes import element_sizes, label_size

ANIMATION_MS = 250
GRID = 20.0
SNAP_KEY = "canvas/snapToGrid"


ALIGNMENTS: dict[str, tuple[str, Callable[..., dict[str, Pos]]]] = {
    "left": ("Align Left", A.align_left),
    "right": ("Align Right", A.align_right),
    "top": ("Align Top", A.align_top),
    "bottom": ("Align Bottom", A.align_bottom),
    "centre": ("Align Centres Vertically", A.align_centre),
    "middle": ("Align Centres Horizontally", A.align_middle),
    "horizontal": ("Distribute Horizontally", A.distribute_horizontally),
    "vertical": ("Distribute Vertically", A.distribute_vertically),
}


def snap_enabled() -> bool:
    return bool(settings().value(SNAP_KEY, False, type=bool))


def set_snap_enabled(on: bool) -> None:
    settings().setValue(SNAP_KEY, bool(on))


class _SnapOnRelease(QObject):
    """Puts dragged nodes on the grid just before the scene commits the drag."""

    def __init__(self, arranger: Arranger, viewport: QObject) -> None:
        super().__init__(viewport)
        self.arranger = arranger

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and self.arranger.snap
        ):
            self.arranger.snap_dragged()
        return False


class Arranger:
    """Arrange, align, distribute and snap for one main window."""

    def __init__(self, window: MapWindow) -> None:
        self.window = window
        self.snap = snap_enabled()
        self._animation: QVariantAnimation | None = None
        self._paths: dict[str, tuple[Pos, Pos]] = {}
        self._fit_after = False
        self._stack: QUndoStack | None = None
        self.follow_view()

    # --------------------------------------------------------------- wiring
    def follow_view(self) -> None:
        """Watch the current view's drags (call again after the view was replaced)."""
        self.finish_animation()
        viewport = self.window.view.viewport()
        if viewport.findChild(_SnapOnRelease) is None:
            viewport.installEventFilter(_SnapOnRelease(self, viewport))
        stack = self.window.document.undo_stack
        if stack is not self._stack:
            self._stack = stack
            stack.indexChanged.connect(self._model_changed)

    def set_snap(self, on: bool) -> None:
        self.snap = bool(on)
        set_snap_enabled(self.snap)

    # --------------------------------------------------------------- arrange
    def arrange(self, keep_order: bool = False, animate: bool = True) -> bool:
        """Lay the stakeholders out around the organisation as one undo step."""
        self.finish_animation()
        self.window.commit_typing()
        scene = self.window.scene
        vmap = self.window.document.map
        sizes = element_sizes(scene)
        positions = L.radial_layout(
            vmap,
            keep_order=keep_order,
            card_size=sizes.__getitem__,
            label_size=label_size,
            organisation_size=sizes[vmap.organisation.id],
        )
        text = "Arrange, Keep Order" if keep_order else "Arrange Around Organisation"
        moved = self._move(positions, text, animate)
        if moved:
            # Frame the arranged map (once the cards have arrived, when animated).
            if self.animating:
                self._fit_after = True
            else:
                self.window.view.fit_all()
        return moved

    def align(self, how: str) -> bool:
        """Align or distribute the selected stakeholders and notes (``ALIGNMENTS`` keys)."""
        self.finish_animation()
        text, function = ALIGNMENTS[how]
        scene = self.window.scene
        vmap = self.window.document.map
        ids = [
            i.element_id for i in scene.selectedItems() if isinstance(i, StakeholderItem | NoteItem)
        ]
        if len(ids) < 2:
            return False
        sizes = element_sizes(scene)
        positions = {i: vmap.position_of(i) for i in ids}
        return self._move(function(positions, {i: sizes[i] for i in ids}), text, animate=False)

    def _move(self, positions: Mapping[str, Pos], text: str, animate: bool) -> bool:
        doc = self.window.document
        before, after = A.changed(doc.map, positions)
        if not after:
            self.window.statusBar().showMessage("Nothing to move", 2000)
            return False
        command = MacroCommand(doc.map, text, [MoveElements(doc.map, before, after)])
        if not doc.try_push(command):
            return False
        scene = self.window.scene
        if animate and ANIMATION_MS > 0:
            self._animate(before, after)
        else:
            scene.relayout_labels()
        return True

    # ------------------------------------------------------------- animation
    @property
    def animating(self) -> bool:
        return self._animation is not None

    def _animate(self, before: Mapping[str, Pos], after: Mapping[str, Pos]) -> None:
        self._paths = {i: (before[i], after[i]) for i in after}
        animation = QVariantAnimation()
        animation.setStartValue(0.0)
        animation.setEndValue(1.0)
        animation.setDuration(ANIMATION_MS)
        animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        animation.valueChanged.connect(self._step)
        animation.finished.connect(self.finish_animation)
        self._animation = animation
        self._step(0.0)
        animation.start()

    def _step(self, t: object) -> None:
        scene = self.window.scene
        k = float(t)  # type: ignore[arg-type]
        for element_id, ((x0, y0), (x1, y1)) in self._paths.items():
            item = scene.item_for(element_id)
            if item is None:
                continue
            if k >= 1.0:
                _place_exactly(item, (x1, y1))
            else:
                item.setPos(x0 + (x1 - x0) * k, y0 + (y1 - y0) * k)

    def finish_animation(self) -> None:
        """End a running animation: every item where the model has it, labels placed."""
        animation, self._animation = self._animation, None
        if animation is None:
            return
        animation.valueChanged.disconnect(self._step)
        animation.stop()
        scene = self.window.scene
        vmap = self.window.document.map
        for element_id in self._paths:
            item = scene.item_for(element_id)
            if item is not None and vmap.has_stakeholder(element_id):
                _place_exactly(item, vmap.position_of(element_id))
        self._paths = {}
        scene.relayout_labels()
        if self._fit_after:
            self._fit_after = False
            self.window.view.fit_all()

    def _model_changed(self, *_args: object) -> None:
        if self._animation is not None:  # another edit while items are on their way
            self.finish_animation()

    # ------------------------------------------------------------------ snap
    def snap_dragged(self) -> None:
        """Put every selected node that was dragged away from its place on the grid."""
        scene = self.window.scene
        vmap = self.window.document.map
        for item in scene.selectedItems():
            if isinstance(item, NodeItem):
                now = (item.x(), item.y())
                try:
                    old = vmap.position_of(item.element_id)
                except (KeyError, ModelError):
                    continue
                if now != old:
                    item.setPos(*A.snap_to_grid(now, GRID))


def _place_exactly(item: QGraphicsItem, pos: Pos) -> None:
    """``setPos`` that really lands on ``pos``: Qt ignores a move to a point it finds
    fuzzily equal, and the scene compares item and model positions exactly."""
    if (item.x(), item.y()) != pos:
        item.setPos(pos[0] + 1.0, pos[1])
        item.setPos(*pos)


__all__ = ["ALIGNMENTS", "ANIMATION_MS", "GRID", "Arranger", "set_snap_enabled", "snap_enabled"]
