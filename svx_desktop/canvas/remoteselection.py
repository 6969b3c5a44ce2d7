"""Other people's selections in a live session, drawn over the canvas in their colours.

``RemoteSelections(scene)`` keeps one ``RemoteMark`` per (person, selected element): an
outline in the person's colour around the card, note, organisation or flow label, and a
small tag with the person's name (plain text) above its top-left corner, drawn at the
same size on screen whatever the zoom (a name shrunk with a whole map in view is a
speck). Two people on one element get nested outlines and stacked tags. The marks are an
overlay: they take no mouse buttons, are not map items (``MapScene`` lists only its own
cards, flows and notes, so exports, ``content_rect`` and the undo stack never see them)
and are placed again, on the next turn of the event loop, after any change of the map,
so they follow cards that move or go (an element nobody can see, such as a hidden label,
is not marked).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Protocol, get_args

from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from svx_desktop.canvas import style
from svx_desktop.canvas.scene import MapScene
from svx_desktop.editing.follow import follow, next_turn
from svx_desktop.model.events import MapEvent

#: Above cards, labels and arrows; below a link being dragged.
Z_VALUE = 45.0
OUTLINE = 2.5
GAP = 4.0
TAG_PAD = 3.0
TAG_FONT_POINTS = 8.0


class Person(Protocol):
    """What a mark needs of a person (``live.awareness.Presence`` is one)."""

    @property
    def name(self) -> str: ...
    @property
    def colour(self) -> str: ...
    @property
    def selection(self) -> frozenset[str]: ...


@cache
def tag_font() -> QFont:
    f = QFont(style.font("label"))
    f.setPointSizeF(TAG_FONT_POINTS)
    f.setBold(True)
    return f


class NameTag(QGraphicsRectItem):
    """A person's name on their colour, in screen pixels: its origin is the bottom-left
    corner, pinned by its parent mark to the outline's top-left; the tag of the ``depth``-th
    person on one element sits that many tags higher, so names never cover each other."""

    def __init__(self, name: str, colour: QColor, depth: int, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.name = name
        metrics = QFontMetricsF(tag_font())
        width = metrics.horizontalAdvance(name) + 2 * TAG_PAD
        height = metrics.height() + TAG_PAD
        self.setRect(QRectF(0.0, -height * (depth + 1) - depth, width, height))
        self.setPen(Qt.PenStyle.NoPen)
        self.setBrush(colour)
        text = QGraphicsSimpleTextItem(name, self)  # plain text, never markup
        text.setFont(tag_font())
        text.setBrush(QColor("#FFFFFF"))
        text.setPos(self.rect().left() + TAG_PAD, self.rect().top() + TAG_PAD / 2)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)


class RemoteMark(QGraphicsItem):
    """One person's outline and name tag on one element (see the module docstring)."""

    def __init__(self, element_id: str, name: str, colour: str, target: QRectF, depth: int) -> None:
        super().__init__()
        self.element_id = element_id
        self.name = name
        self.colour = QColor(colour)
        margin = GAP + depth * (OUTLINE + 1.5)
        self.outline = target.adjusted(-margin, -margin, margin, margin)
        self.tag = NameTag(name, self.colour, depth, self)
        self.tag.setPos(self.outline.topLeft())
        self.setZValue(Z_VALUE)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)

    def boundingRect(self) -> QRectF:
        half = OUTLINE / 2
        return self.outline.adjusted(-half, -half, half, half)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.colour, OUTLINE))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(self.outline, 6.0, 6.0)


class RemoteSelections(QObject):
    """The marks of other people's selections on one scene (see the module docstring)."""

    def __init__(self, scene: MapScene) -> None:
        super().__init__(scene)
        self.scene = scene
        self._people: list[Person] = []
        self._marks: list[RemoteMark] = []
        self._timer = next_turn(self, self.place)
        self._subscription = follow(
            scene.map, self, {kind: self._map_changed for kind in get_args(MapEvent)}
        )
        scene.movesFinished.connect(self._timer.start)
        self._open = True

    def show(self, people: Iterable[Person]) -> None:
        """Mark what each of ``people`` has selected (replacing the marks shown)."""
        self._people = list(people)
        self.place()

    def marks(self) -> list[RemoteMark]:
        return list(self._marks)

    def _map_changed(self, _event: object) -> None:
        if self._people and self._open:
            self._timer.start()

    def _clear(self) -> None:
        for mark in self._marks:
            if mark.scene() is self.scene:
                self.scene.removeItem(mark)
        self._marks = []

    def place(self) -> None:
        """Draw the marks again where the elements are now."""
        if not self._open:
            return
        self._clear()
        depth: dict[str, int] = {}
        for person in self._people:
            for element_id in sorted(person.selection):
                item = self.scene.item_for(element_id)
                if item is None or not item.isVisible():
                    continue
                level = depth.get(element_id, 0)
                depth[element_id] = level + 1
                mark = RemoteMark(
                    element_id, person.name, person.colour, item.sceneBoundingRect(), level
                )
                self.scene.addItem(mark)
                self._marks.append(mark)

    def close(self) -> None:
        """Remove the marks and stop following the map."""
        if self._open:
            self._open = False
            self._timer.stop()
            self._clear()
            self._subscription.close()
