"""What presentation mode shows on screen: a region of the map framed with real type sizes.

``frame(view, region, pixels)`` zooms the view to fit a scene region and sets the canvas's
type scale (``style.set_type_scale``) so that each text role is at least ``pixels[role]``
screen pixels tall at that zoom; bigger type makes the map's labels and cards bigger, so
the two are settled together in a few rounds (the scene re-lays itself out through
``MapScene.restyle``). Sizes go up in small fixed steps, so framing the next stakeholder at
a similar zoom costs no new layout. ``CountBadge`` stands in for a stakeholder's labels
where they could not be read (the whole of a big map): "3 provides · 2 expects".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from PySide6.QtCore import QEasingCurve, QObject, QPointF, QRectF, Qt, QVariantAnimation
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from svx_desktop.canvas import style
from svx_desktop.canvas.nodes import StakeholderItem
from svx_desktop.canvas.scene import MapScene
from svx_desktop.canvas.view import MapView
from svx_desktop.model import Direction, ValueMap
from svx_desktop.model.geometry import ObstacleGrid, Rect
from svx_desktop.model.legible import Legibility

#: Text while presenting a whole small map or one stakeholder, in screen pixels (a
#: projected 1280×720 image read from the back of a room): flow labels at least 14 px and
#: names at least 18 px (a tenth over, for rounding) — no more, since every extra pixel
#: of type is room the whole map no longer has. The organisation's name, one word in a
#: big box, reads at about its editing size (21 px at 100 %).
READABLE_PX: dict[str, float] = {"label": 14.1, "name": 18.1, "organisation": 20.0, "note": 14.1}
#: The whole of a big map: names stay readable, labels become per-direction counts.
OVERVIEW_PX: dict[str, float] = {"label": 13.0, "name": 13.0, "organisation": 18.0}
#: Type this much larger than the editing size would crowd a whole map's cards into one
#: another: such a map is shown as counts, and stakeholder by stakeholder.
MAX_WHOLE_MAP_SCALE = 1.7
#: Type sizes go up in steps of this ratio (fewer layouts from one frame to the next).
_STEP = 1.08
#: Room kept free round a slide, in screen pixels.
_MARGIN = 12.0
#: How long a step from one slide to the next eases.
EASE_MS = 220
MAX_ZOOM = 2.2
#: One stakeholder close to the organisation is not blown up past this.
STEP_MAX_ZOOM = 1.5


def pixels_per_point(view: MapView) -> float:
    """Screen pixels per typographic point at 100 % zoom on ``view``'s screen."""
    return view.logicalDpiY() / 72.0


def text_pixels(view: MapView, role: str) -> float:
    """How tall ``role``'s text is on screen now: its size × the screen's DPI × the zoom."""
    return style.point_size(role) * pixels_per_point(view) * view.zoom_factor()


def _fit_zoom(view: MapView, rect: QRectF, most: float = MAX_ZOOM) -> float:
    port = view.viewport().rect()
    rect = rect.adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN)
    if rect.width() <= 0 or rect.height() <= 0 or port.width() <= 0 or port.height() <= 0:
        return view.zoom_factor()
    return min(port.width() / rect.width(), port.height() / rect.height(), most)


def _stepped(scale: float) -> float:
    """``scale`` rounded up to the next of the fixed steps (never below 1)."""
    if scale <= 1.0:
        return 1.0
    return float(_STEP ** math.ceil(math.log(scale) / math.log(_STEP) - 1e-9))


def points_for(view: MapView, zoom: float, pixels: Mapping[str, float]) -> dict[str, float]:
    """Point sizes that make each role ``pixels`` tall at ``zoom`` (never below editing)."""
    per_point = pixels_per_point(view) * zoom
    out: dict[str, float] = {}
    for role, px in pixels.items():
        base = style.BASE_POINTS[role]
        out[role] = base * _stepped(px / per_point / base)
    return out


def whole_map_scale(view: MapView) -> float:
    """How much larger than editing the labels would need to be to read the whole map at
    once (measured at the editing sizes)."""
    rect = view.content_rect()
    zoom = _fit_zoom(view, rect)
    return READABLE_PX["label"] / (style.BASE_POINTS["label"] * pixels_per_point(view) * zoom)


def reads_whole(scene: MapScene) -> bool:
    """Whether the scene, as laid out now (in the presentation's type), keeps the map's
    guarantees: no two cards, labels or the organisation overlap, and every label is
    nearer its own arrow and card than any other (``model.legible.Legibility``). Larger
    type grows cards and labels where Arrange left room for the editing sizes; a map
    that no longer reads whole is shown as counts, stakeholder by stakeholder."""
    scene.ensure_labels()
    grid = ObstacleGrid()
    grid.set("org", _rect(scene.organisation_item.scene_rect()))
    for card in scene.stakeholder_items():
        r = _rect(card.scene_rect())
        if grid.collides(r):
            return False
        grid.set(("card", card.element_id), r)
    test = Legibility(scene.bundles.legible_arrows, grid)
    for label in scene.flow_items():
        if not label.isVisible():
            continue
        r = _rect(label.sceneBoundingRect())
        if grid.collides(r) or not test.check(
            (label.stakeholder_id, label.direction), label.stakeholder_id, [r]
        ):
            return False
        grid.set(("label", label.element_id), r)
    return True


def _rect(r: QRectF) -> Rect:
    return (r.left(), r.top(), r.right(), r.bottom())


class Ease(QObject):
    """Moves a view to a zoom and centre in a short ease (zoom geometric, centre linear)."""

    def __init__(self, view: MapView) -> None:
        super().__init__(view)
        self.view = view
        self._from = (1.0, QPointF())
        self._to = (1.0, QPointF())
        self._animation = QVariantAnimation(self)
        self._animation.setDuration(EASE_MS)
        self._animation.setStartValue(0.0)
        self._animation.setEndValue(1.0)
        self._animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._animation.valueChanged.connect(self._at)
        self._animation.finished.connect(lambda: self._apply(1.0))
        self._going = False

    def set_duration(self, ms: int) -> None:
        """How long an ease takes (0: jump at the next frame)."""
        self._animation.setDuration(max(0, ms))

    @property
    def running(self) -> bool:
        return self._animation.state() == QVariantAnimation.State.Running

    def go(self, zoom: float, centre: QPointF) -> None:
        view = self.view
        self._animation.stop()
        here = view.mapToScene(view.viewport().rect().center())
        self._from = (view.zoom_factor(), QPointF(here))
        self._to = (zoom, QPointF(centre))
        self._going = True
        self._animation.start()

    def stop(self) -> None:
        """Stop where the ease was going."""
        if self.running:
            self._animation.stop()
            self._apply(1.0)

    def _at(self, value: object) -> None:
        if self.running:  # (changing the duration also reports a value)
            self._apply(float(value))  # type: ignore[arg-type]

    def _apply(self, t: float) -> None:
        if not self._going:
            return
        if t >= 1.0:
            self._going = False
        (z0, c0), (z1, c1) = self._from, self._to
        self.view.set_zoom(z0 * (z1 / z0) ** t if z0 > 0 else z1)
        self.view.centerOn(c0 + (c1 - c0) * t)


def frame(
    view: MapView,
    region: Callable[[], QRectF],
    pixels: Mapping[str, float],
    ease: Ease | None = None,
    most: float = MAX_ZOOM,
) -> None:
    """Fit ``region()`` (scene coordinates, measured again after each layout) in the view
    with each role of ``pixels`` at least that many screen pixels tall, zooming in no
    further than ``most`` (easing there with ``ease``, else at once)."""
    if ease is not None:
        ease.stop()
    scene = view.map_scene
    zoom = _fit_zoom(view, region(), most)
    for _ in range(6):
        if style.set_type_scale(points_for(view, zoom, pixels)):
            scene.restyle()
        zoom = _fit_zoom(view, region(), most)
        if all(text_pixels_at(view, role, zoom) >= px - 1e-6 for role, px in pixels.items()):
            break
    view._zoom_changed()  # labels and level of detail follow the type too
    if ease is not None:
        ease.go(zoom, region().center())
        return
    view.set_zoom(zoom)
    view.centerOn(region().center())


def text_pixels_at(view: MapView, role: str, zoom: float) -> float:
    return style.point_size(role) * pixels_per_point(view) * zoom


def counts_text(vmap: ValueMap, stakeholder_id: str) -> list[tuple[Direction, str]]:
    """ "3 provides", "2 expects": the parts of a stakeholder's count badge."""
    parts: list[tuple[Direction, str]] = []
    for direction in (Direction.PROVIDES, Direction.EXPECTS):
        n = len(vmap.flows_of(stakeholder_id, direction))
        if n:
            parts.append((direction, f"{n} {direction.value}"))
    return parts


class CountBadge(QGraphicsItem):
    """A stakeholder's flows counted per direction, beside its card (labels too small)."""

    SEPARATOR = " · "

    def __init__(self, card: StakeholderItem, parts: list[tuple[Direction, str]]) -> None:
        super().__init__()
        self.card = card
        self.parts = parts
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(5)
        self._size = (0.0, 0.0)

    @property
    def text(self) -> str:
        return self.SEPARATOR.join(t for _, t in self.parts)

    def place(self, organisation: QPointF, taken: list[QRectF] | None = None) -> None:
        """Measure in the current type and sit on the card's side away from the
        organisation (above a card above it, below one below) — or on the other side
        where that would cover one of the ``taken`` rectangles (other cards, badges)."""
        fm = style.metrics("label")
        self.prepareGeometryChange()
        self._size = (fm.horizontalAdvance(self.text) + 12, fm.height() + 4)
        card = self.card.scene_rect()
        w, h = self._size
        above, below = card.top() - h - 2, card.bottom() + 2
        sides = (above, below) if card.center().y() < organisation.y() else (below, above)
        x = card.center().x() - w / 2
        y = sides[0]
        if taken and any(QRectF(x, y, w, h).intersects(r) for r in taken):
            other = QRectF(x, sides[1], w, h)
            if not any(other.intersects(r) for r in taken):
                y = sides[1]
        self.setPos(x, y)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, *self._size)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setFont(style.font("label"))
        fm = style.metrics("label")
        x = 6.0
        h = self._size[1]
        for i, (direction, text) in enumerate(self.parts):
            if i:
                painter.setPen(style.TEXT_COLOUR)
                painter.drawText(QPointF(x, (h + fm.ascent() - fm.descent()) / 2), self.SEPARATOR)
                x += fm.horizontalAdvance(self.SEPARATOR)
            painter.setPen(style.flow_text_colour(direction))
            painter.drawText(QPointF(x, (h + fm.ascent() - fm.descent()) / 2), text)
            x += fm.horizontalAdvance(text)


__all__ = [
    "MAX_WHOLE_MAP_SCALE",
    "OVERVIEW_PX",
    "READABLE_PX",
    "CountBadge",
    "Ease",
    "counts_text",
    "frame",
    "pixels_per_point",
    "points_for",
    "reads_whole",
    "text_pixels",
    "whole_map_scale",
]
