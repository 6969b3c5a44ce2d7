"""Node items: the organisation box, stakeholder cards, parking-lot notes, and flow handles.

Items only draw and report gestures; they never write to the model. A node's position is
its centre, as in the model. Nodes are ``QGraphicsRectItem``s (with no pen or brush) so
that their bounding rectangles are answered in C++: a view walking thousands of items
never calls into Python for geometry. Each node paints its flow handle itself (the handle
item only catches the mouse), so one cached pixmap holds the whole card. Moving an item
tells its scene (an ``ItemHost``, through ``itemChange``), which updates that node's arrows
only; the canvas controller pushes one ``MoveElements`` when the mouse is released.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QWidget,
)

from svx_desktop.canvas import style
from svx_desktop.canvas.badge import badge_tooltip
from svx_desktop.canvas.glyphs import glyph
from svx_desktop.canvas.journeymarks import JourneyMark, paint_journey_mark
from svx_desktop.canvas.marks import paint_badge
from svx_desktop.canvas.style import Option
from svx_desktop.model import Category, Direction, Note, Organisation, Stakeholder
from svx_desktop.model.geometry import Point, Rect
from svx_desktop.model.netvalue import NetFigures

#: ``QGraphicsItem.UserType`` (the stubs lack it): item types of our own start here.
USER_TYPE = 65536
ORGANISATION_TYPE = USER_TYPE + 1
STAKEHOLDER_TYPE = USER_TYPE + 2
NOTE_TYPE = USER_TYPE + 3
HANDLE_TYPE = USER_TYPE + 4

SELECTION_MARGIN = 11.0  # room for the selection outline and the flow handle on the edge


class ItemHost(QGraphicsScene):
    """What a scene does for its node items: hear that one moved, run a flow-link drag.

    ``MapScene`` is one; items in any other scene (an export, a preview) just draw.
    """

    def node_moved(self, item: NodeItem) -> None:
        """``item`` moved (drag, nudge or model change)."""

    def begin_link(self, handle: HandleItem, pos: QPointF) -> None:
        """A flow is being dragged from ``handle``."""

    def update_link(self, pos: QPointF) -> None:
        """The flow being dragged reached ``pos``."""

    def end_link(self, pos: QPointF | None) -> None:
        """The flow was dropped at ``pos`` (None: cancelled)."""


class NodeItem(QGraphicsRectItem):
    """Base of the placed items: an id, a rectangle centred on the position, moving."""

    #: The text as wrapped for painting (the organisation's and a note's lines; a
    #: stakeholder card has none).
    _lines: list[str]

    @property
    def lines(self) -> list[str]:
        return list(getattr(self, "_lines", ()))

    kind = "node"

    def __init__(self, element_id: str) -> None:
        super().__init__()
        self.element_id = element_id
        self._rect = QRectF(-60, -20, 120, 40)
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setRect(
            self._rect.adjusted(
                -SELECTION_MARGIN, -SELECTION_MARGIN, SELECTION_MARGIN, SELECTION_MARGIN
            )
        )
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setAcceptHoverEvents(True)
        self._hovered = False
        #: Being dragged: paints itself even when the scene's CardLayer draws the others.
        self.live = False
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def body_rect(self) -> QRectF:
        """The node's body in item coordinates (without the selection margin)."""
        return QRectF(self._rect)

    def scene_rect(self) -> QRectF:
        return self._rect.translated(self.pos())

    def scene_box(self) -> Rect:
        """``scene_rect()`` as (left, top, right, bottom): the same floats, no ``QRectF``."""
        r, p = self._rect, self.pos()
        left, top = r.x() + p.x(), r.y() + p.y()
        return (left, top, left + r.width(), top + r.height())

    def scene_centre(self) -> Point:
        """``scene_rect().center()`` as (x, y): the same floats, no ``QRectF``."""
        r, p = self._rect, self.pos()
        return (r.x() + p.x() + r.width() / 2, r.y() + p.y() + r.height() / 2)

    def _set_rect(self, rect: QRectF) -> None:
        if rect != self._rect:
            self._rect = rect
            self.setRect(
                rect.adjusted(
                    -SELECTION_MARGIN, -SELECTION_MARGIN, SELECTION_MARGIN, SELECTION_MARGIN
                )
            )

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            scene = self.scene()
            if isinstance(scene, ItemHost):
                scene.node_moved(self)
        return super().itemChange(change, value)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = False
        self.update()
        super().hoverLeaveEvent(event)

    def paint_handle(self, painter: QPainter, lod: float) -> None:
        """Draw this node's flow handle (if it has one) where its handle item sits."""
        handle = getattr(self, "handle", None)
        if handle is None or lod < style.LOD_SIMPLE or not style.EDITING_FURNITURE:
            return
        strong = self.emphasised
        colour = QColor(style.flow_colour(handle.direction))
        if not strong:
            colour.setAlpha(110)
        centre = handle.pos()
        r = style.HANDLE_RADIUS
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#FFFFFF"), 2))
        painter.setBrush(colour)
        painter.drawEllipse(centre, r, r)
        if strong:
            painter.setPen(QPen(QColor("#FFFFFF"), 1.6))
            d = r * 0.5
            painter.drawLine(centre + QPointF(-d, 0), centre + QPointF(d, 0))
            painter.drawLine(centre + QPointF(0, -d), centre + QPointF(0, d))

    def detail(self, painter: QPainter, option: Option, far: QColor) -> float | None:
        """The level of detail to paint at, antialiased; None far out, where the body has
        been filled with ``far`` and that is all there is to paint."""
        lod = style.lod(option, painter)
        if lod < style.LOD_SIMPLE:
            painter.fillRect(self._rect, far)
            return None
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        return lod

    @property
    def emphasised(self) -> bool:
        return self._hovered or self.isSelected()

    def tooltip_html(self) -> str:
        """Tooltip text, escaped so names show literally (built on demand, not stored)."""
        return style.plain_tooltip(self.edit_text())

    def edit_text(self) -> str:
        """The text an inline editor starts from."""
        return ""

    def editor_rect(self) -> QRectF:
        """Where an inline editor sits, in scene coordinates."""
        return self.scene_rect()


class HandleItem(QGraphicsEllipseItem):
    """The small circle on a node from which a flow is dragged (drawn by its node).

    On a stakeholder it starts a ``provides`` flow (drop it on the organisation); on the
    organisation an ``expects`` flow (drop it on a stakeholder).
    """

    def __init__(self, parent: NodeItem, direction: Direction) -> None:
        super().__init__(parent)
        self.direction = direction
        r = style.HANDLE_RADIUS + 3  # a little easier to hit than it looks
        self.setRect(QRectF(-r, -r, 2 * r, 2 * r))
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setZValue(1)

    def type(self) -> int:
        return HANDLE_TYPE

    def tooltip_html(self) -> str:
        if self.direction is Direction.PROVIDES:
            return "Drag to the organisation to add what this stakeholder provides"
        return "Drag to a stakeholder to add what it expects from the organisation"

    def owner(self) -> NodeItem:
        parent = self.parentItem()
        assert isinstance(parent, NodeItem)
        return parent

    def setPos(self, *args: Any) -> None:  # the owner draws the handle: redraw it
        super().setPos(*args)
        parent = self.parentItem()
        if parent is not None:
            parent.update()

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self.scene()
        if event.button() == Qt.MouseButton.LeftButton and isinstance(scene, ItemHost):
            event.accept()
            scene.begin_link(self, event.scenePos())
        else:
            event.ignore()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self.scene()
        if isinstance(scene, ItemHost):
            scene.update_link(event.scenePos())

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self.scene()
        if isinstance(scene, ItemHost):
            scene.end_link(event.scenePos())


class OrganisationItem(NodeItem):
    """The organisation: one opaque dark box with its name and nothing inside."""

    kind = "organisation"

    def __init__(self, organisation: Organisation) -> None:
        super().__init__(organisation.id)
        self.setZValue(2)
        self.name = ""
        self._lines: list[str] = []
        self.handle = HandleItem(self, Direction.EXPECTS)
        self.refresh(organisation)

    def type(self) -> int:
        return ORGANISATION_TYPE

    def refresh(self, organisation: Organisation) -> None:
        self.name = organisation.name
        self._lines, rect = organisation_shape(organisation)
        self._set_rect(rect)
        self.handle.setPos(0, rect.height() / 2)
        self.update()

    def edit_text(self) -> str:
        return self.name

    def paint(self, painter: QPainter, option: Option, widget: QWidget | None = None) -> None:
        lod = self.detail(painter, option, style.ORGANISATION_FILL)
        if lod is None:
            return
        rect = self._rect
        if self.isSelected():
            painter.setPen(QPen(style.SELECTION_COLOUR, 4))
        else:
            painter.setPen(QPen(QColor("#0B1118"), 2))
        painter.setBrush(style.ORGANISATION_FILL)
        painter.drawRoundedRect(rect, 8, 8)
        painter.setPen(style.ORGANISATION_TEXT)
        top = -len(self._lines) * style.metrics("organisation").lineSpacing() / 2
        box = (rect.left(), top, rect.width())
        paint_lines(painter, self._lines, "organisation", box, Qt.AlignmentFlag.AlignCenter)
        self.paint_handle(painter, lod)


class StakeholderItem(NodeItem):
    """A stakeholder card: a category colour band with its glyph, and the name."""

    kind = "stakeholder"

    def __init__(self, stakeholder: Stakeholder, category: Category) -> None:
        super().__init__(stakeholder.id)
        self.setZValue(3)
        self.name = ""
        self._shown_name = ""
        self.colour = QColor(category.colour)
        self.icon = category.icon
        self.category_name = category.name
        self.handle = HandleItem(self, Direction.PROVIDES)
        #: Its net value figures, for the badge (``canvas.badge``); set by the scene.
        self.figures: NetFigures | None = None
        #: Its touch-point count and worst health (``canvas.journeymarks``); set by the scene.
        self.journey_mark: JourneyMark | None = None
        self.refresh(stakeholder, category)

    def type(self) -> int:
        return STAKEHOLDER_TYPE

    def refresh(self, stakeholder: Stakeholder, category: Category) -> None:
        self.name = stakeholder.name
        self.colour = QColor(stakeholder.colour or category.colour)
        self.icon = category.icon
        self.category_name = category.name
        self._shown_name, width = style.card_size(stakeholder.name)
        h = style.card_height()
        self._set_rect(QRectF(-width / 2, -h / 2, width, h))
        self.update()

    @property
    def shown_name(self) -> str:
        """The name as drawn (elided when very long); always plain text."""
        return self._shown_name

    def edit_text(self) -> str:
        return self.name

    def set_figures(self, figures: NetFigures) -> None:
        if figures != self.figures:
            self.figures = figures
            self.update()

    def tooltip_html(self) -> str:
        net = badge_tooltip(self.figures)
        about = f"{self.name}\n{self.category_name}"
        return style.plain_tooltip(f"{about}\n\n{net}" if net else about)

    def place_handle(self, towards: QPointF) -> None:
        """Put the flow handle on the card's edge facing ``towards`` (the organisation)."""
        dx, dy = towards.x() - self.x(), towards.y() - self.y()
        if dx == 0 and dy == 0:
            dx = 1.0
        point = border_point(self._rect, dx, dy)
        self.handle.setPos(point)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self._rect, 7, 7)
        return path

    def paint_simple(self, painter: QPainter, at: QPointF) -> None:
        """The far-out drawing: a border-coloured block with the category band."""
        rect = self._rect.translated(at)
        edge = style.SELECTION_COLOUR if self.isSelected() else style.CARD_BORDER
        painter.fillRect(rect, edge)
        band = QRectF(rect.left(), rect.top(), style.CARD_BAND, rect.height())
        painter.fillRect(band, self.colour)

    def paint(self, painter: QPainter, option: Option, widget: QWidget | None = None) -> None:
        lod = style.lod(option, painter)
        rect = self._rect
        band = QRectF(rect.left(), rect.top(), style.CARD_BAND, rect.height())
        if lod < style.LOD_SIMPLE:
            self.paint_simple(painter, QPointF(0, 0))
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.isSelected():
            painter.setPen(QPen(style.SELECTION_COLOUR, 3.5))
        else:
            painter.setPen(QPen(style.CARD_BORDER, 1.2))
        painter.setBrush(style.CARD_FILL)
        painter.drawRoundedRect(rect, 7, 7)
        clip = QPainterPath()
        clip.addRoundedRect(rect.adjusted(0.6, 0.6, -0.6, -0.6), 7, 7)
        painter.save()
        painter.setClipPath(clip)
        painter.fillRect(band, self.colour)
        painter.restore()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.contrast_ink(self.colour))
        painter.drawPath(glyph(self.icon).translated(band.center()))
        painter.setFont(style.font("name"))
        painter.setPen(style.TEXT_COLOUR)
        text_rect = rect.adjusted(style.CARD_BAND + 10, 0, -8, 0)
        painter.drawText(
            text_rect,
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            self._shown_name,
        )
        paint_badge(painter, rect, self.figures, self.handle.pos())
        paint_journey_mark(painter, rect, self.journey_mark)
        self.paint_handle(painter, lod)


class NoteItem(NodeItem):
    """A parking-lot sticky note: free text for an idea not yet placed on the map."""

    kind = "note"

    def __init__(self, note: Note) -> None:
        super().__init__(note.id)
        self.setZValue(4)
        self.text = ""
        self._lines: list[str] = []
        self.refresh(note)

    def type(self) -> int:
        return NOTE_TYPE

    def refresh(self, note: Note) -> None:
        self.text = note.text
        self._lines, rect = note_shape(note)
        self._set_rect(rect)
        self.update()

    def edit_text(self) -> str:
        return self.text

    def paint(self, painter: QPainter, option: Option, widget: QWidget | None = None) -> None:
        if self.detail(painter, option, style.NOTE_FILL) is None:
            return
        rect = self._rect
        painter.setPen(
            QPen(style.SELECTION_COLOUR, 3) if self.isSelected() else QPen(style.NOTE_BORDER, 1)
        )
        painter.setBrush(QBrush(style.NOTE_FILL))
        painter.drawPath(note_outline(rect))
        painter.setPen(style.TEXT_COLOUR)
        box = (rect.left() + 10, rect.top() + 11, rect.width() - 20)
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        paint_lines(painter, self._lines, "note", box, left)


def organisation_shape(organisation: Organisation) -> tuple[list[str], QRectF]:
    """The organisation's name as wrapped on its box, and the box (centred on 0, 0)."""
    fm = style.metrics("organisation")
    text = style.one_line(organisation.name) or "Organisation"
    scale = style.type_scale("organisation")
    width = min(
        max(fm.horizontalAdvance(text) + 40, style.ORG_MIN_WIDTH * scale),
        style.ORG_MAX_WIDTH * scale,
    )
    lines = _wrap(text, "organisation", width - 32, 3)
    height = max(style.ORG_MIN_HEIGHT, len(lines) * fm.lineSpacing() + 40)
    return lines, QRectF(-width / 2, -height / 2, width, height)


def note_shape(note: Note) -> tuple[list[str], QRectF]:
    """A note's text as wrapped on it, and its box (centred on 0, 0)."""
    fm = style.metrics("note")
    lines: list[str] = []
    for para in note.text[: style.TEXT_PREFIX * 2].splitlines() or [""]:
        lines.extend(_wrap(para, "note", style.NOTE_WIDTH - 20, 8) or [""])
    if len(lines) > 8:
        lines = lines[:8]
        lines[-1] = style.elide(lines[-1] + " …", "note", style.NOTE_WIDTH - 20)
    height = max(70.0, len(lines) * fm.lineSpacing() + 22)
    return lines, QRectF(-style.NOTE_WIDTH / 2, -height / 2, style.NOTE_WIDTH, height)


def paint_lines(
    painter: QPainter,
    lines: list[str],
    role: str,
    box: tuple[float, float, float],
    align: Qt.AlignmentFlag,
) -> None:
    """``lines`` in ``role``'s font one under the other from ``box``'s (left, top), each
    ``box``'s width wide and one line spacing high."""
    painter.setFont(style.font(role))
    left, top, width = box
    step = style.metrics(role).lineSpacing()
    for i, line in enumerate(lines):
        painter.drawText(QRectF(left, top + i * step, width, step), int(align), line)


def note_outline(rect: QRectF) -> QPainterPath:
    """A parking-lot note's outline in ``rect``: its bottom-right corner folded."""
    fold = QPainterPath()
    fold.moveTo(rect.topLeft())
    fold.lineTo(rect.topRight())
    fold.lineTo(rect.right(), rect.bottom() - 14)
    fold.lineTo(rect.right() - 14, rect.bottom())
    fold.lineTo(rect.bottomLeft())
    fold.closeSubpath()
    return fold


def _wrap(text: str, role: str, width: float, max_lines: int) -> list[str]:
    """Greedy word wrap of plain text into at most ``max_lines`` lines (last one elided)."""
    fm = style.metrics(role)
    words = style.one_line(text).split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if fm.horizontalAdvance(candidate) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        rest = " ".join(lines[max_lines - 1 :])
        lines = [*lines[: max_lines - 1], rest]
    return [style.elide(line, role, width) for line in lines]


def border_point(rect: QRectF, dx: float, dy: float) -> QPointF:
    """Where a ray from the rectangle's centre in direction (dx, dy) leaves it."""
    cx, cy = rect.center().x(), rect.center().y()
    hw, hh = rect.width() / 2, rect.height() / 2
    if dx == 0 and dy == 0:
        return QPointF(cx, cy)
    sx = hw / abs(dx) if dx else math.inf
    sy = hh / abs(dy) if dy else math.inf
    s = min(sx, sy)
    return QPointF(cx + dx * s, cy + dy * s)
