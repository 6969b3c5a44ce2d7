"""Arrows and label stacks of the map scene: one arrow per stakeholder and direction.

``SceneBundles`` is mixed into ``MapScene``. A bundle is the flows of one stakeholder in one
direction: one curved ``FlowArrow`` drawn by the ``ArrowLayer`` and a stack of label items
placed by ``model.stacks.place_stack`` (the placer Arrange uses too) against the scene's
grid of cards and other stacks.
Stacks are laid out lazily: while labels are hidden (far out) or the scene is being built,
bundles only note that their labels wait (``ensure_labels`` lays them out).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF

from svx_desktop.canvas.flows import FlowArrow, FlowItem, flow_curve
from svx_desktop.model import Direction
from svx_desktop.model.geometry import nearest_point
from svx_desktop.model.stacks import STACK_GAP, Curve, Path, place_stack, stack_path, stack_size

if TYPE_CHECKING:
    from svx_desktop.canvas.scene import MapScene

    _Base = MapScene
else:
    _Base = object

BundleKey = tuple[str, Direction]
DIRECTIONS = (Direction.PROVIDES, Direction.EXPECTS)


class SceneBundles(_Base):
    """Mixin for ``MapScene`` (see the module docstring)."""

    def _place_all_bundles(self) -> None:
        """Place every arrow and label stack, shortest arrows first (they have least room)."""
        org = self._org.scene_rect().center()
        keys: list[tuple[float, BundleKey]] = []
        for sid, card in self._stakeholders.items():
            c = card.scene_rect().center()
            dist = (c.x() - org.x()) ** 2 + (c.y() - org.y()) ** 2
            keys.extend((dist, (sid, d)) for d in DIRECTIONS)
        keys.sort(key=lambda k: k[0])
        self._arrow_layer.begin_bulk()
        try:
            for _, key in keys:
                self._update_bundle(key)
        finally:
            self._arrow_layer.end_bulk()

    def ensure_labels(self) -> None:
        """Lay out the label stacks put off while labels were hidden or being built.

        Called before labels are shown or painted and by the queries that return label
        geometry, so a map opened far out never pays for laying out labels it does not show.
        """
        if not self._pending:
            return
        org = self._org.scene_rect().center()

        order = {sid: i for i, sid in enumerate(self._stakeholders)}

        def distance(key: BundleKey) -> tuple[float, int, int]:
            # Deterministic: nearest first, then map order, provides before expects.
            card = self._stakeholders.get(key[0])
            side = DIRECTIONS.index(key[1])
            if card is None:
                return (0.0, -1, side)
            c = card.scene_rect().center()
            return ((c.x() - org.x()) ** 2 + (c.y() - org.y()) ** 2, order[key[0]], side)

        keys = sorted(self._pending, key=distance)
        self._pending = set()
        bulk = len(keys) > 50
        if bulk:
            self._arrow_layer.begin_bulk()
        try:
            for key in keys:
                arrow = self._arrows.get(key)
                card = self._stakeholders.get(key[0])
                if arrow is None or card is None:
                    continue
                flows = self.map.flows_of(key[0], key[1])
                items = [self._flows[f.id] for f in flows if f.id in self._flows]
                moved_leader = self._place_labels(key, items, arrow.curve, card.scene_rect())
                if arrow.live:
                    self._live_arrows.refresh()
                elif moved_leader:
                    self._arrow_layer.track(arrow)
        finally:
            if bulk:
                self._arrow_layer.end_bulk()

    # ---------------------------------------------------------------- bundles
    def _update_bundle(self, key: BundleKey) -> None:
        sid, direction = key
        card = self._stakeholders.get(sid)
        flows = self.map.flows_of(sid, direction) if card is not None else ()
        arrow = self._arrows.get(key)
        if not flows or card is None:
            if arrow is not None:
                self._arrow_layer.untrack(arrow)
                del self._arrows[key]
                if key in self._live:
                    self._live.discard(key)
                    self._refresh_live()
            self._grid.remove(("stack", sid, direction))
            return
        if arrow is None:
            arrow = FlowArrow(sid, direction)
            self._arrows[key] = arrow
        card_rect, org_rect = card.scene_rect(), self._org.scene_rect()
        if direction is Direction.PROVIDES:
            curve = flow_curve(card_rect, org_rect)
        else:
            curve = flow_curve(org_rect, card_rect)
        arrow.set_curve(curve, len(flows))
        items = [self._flows[f.id] for f in flows if f.id in self._flows]
        arrow.highlighted = any(i.isSelected() for i in items)
        if self._defer or not self._labels_visible:
            self._pending.add(key)
        else:
            self._pending.discard(key)
            self._place_labels(key, items, curve, card_rect)
        if arrow.live:
            self._live_arrows.refresh()
        else:
            self._arrow_layer.track(arrow)

    def _place_labels(
        self,
        key: BundleKey,
        items: list[FlowItem],
        curve: Curve | None,
        card_rect: QRectF,
    ) -> bool:
        """Place one stack; True if its arrow's leader line changed."""
        sid, direction = key
        sizes = [i.size for i in items]
        width, height = stack_size(sizes)
        from_end = direction is Direction.EXPECTS
        card = (card_rect.left(), card_rect.top(), card_rect.right(), card_rect.bottom())
        path: Path = stack_path(curve, card, from_end)
        place = place_stack(self._grid, ("stack", sid, direction), path, width, height, from_end)
        assert place is not None  # without a limit there is always a place
        (left, top, right, bottom), anchor = place.rect, place.anchor
        arrow = self._arrows.get(key)
        changed = False
        if arrow is not None:
            changed = arrow.set_leader(anchor, nearest_point((left, top, right, bottom), anchor))
        # Align the labels towards their arrow: left-aligned when the stack sits to the
        # right of its anchor, right-aligned when to the left, centred above or below.
        offset = (left + right) / 2 - anchor[0]
        y = top
        for item, (w, h) in zip(items, sizes, strict=True):
            if offset > 0.3 * width:
                x = left
            elif offset < -0.3 * width:
                x = right - w
            else:
                x = (left + right - w) / 2
            item.setPos(x, y)
            y += h + STACK_GAP
        return changed

    def relayout_labels(self) -> None:
        """Place every label stack again from scratch (in the map's order)."""
        for s in self.map.stakeholders:
            for d in DIRECTIONS:
                self._grid.remove(("stack", s.id, d))
        self._place_all_bundles()
