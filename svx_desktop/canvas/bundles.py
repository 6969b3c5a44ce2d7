"""Arrows and label stacks of the map scene: one arrow per stakeholder and direction.

A bundle is the flows of one stakeholder in one direction: one curved ``FlowArrow`` drawn
by the ``ArrowLayer`` and a stack of label items placed by ``model.legible.place_labels``
(the placer Arrange uses too) against the scene's grid of cards and other stacks and its
``ArrowIndex`` of every arrow (``legible_arrows``), so that labels sit beside their own
arrow near their own card and no arrow runs through them.
``Bundles`` owns the arrows and everything about them (which wait for their labels, which
are live while their card is dragged, which are lit by a selected flow); the scene hands
it the item maps it shares. Stacks are laid out lazily: while labels are hidden (far out)
or the scene is being built, bundles only note that their labels wait (``ensure_labels``
lays them out).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QRectF

from svx_desktop.canvas.flows import FlowArrow, FlowItem
from svx_desktop.canvas.layers import ArrowLayer, LiveArrows
from svx_desktop.canvas.nodes import OrganisationItem, StakeholderItem
from svx_desktop.model import Direction, ValueMap
from svx_desktop.model.geometry import ObstacleGrid, Rect, nearest_point
from svx_desktop.model.legible import (
    MAX_CHECKED,
    ArrowIndex,
    curve_line,
    label_rects,
    place_labels,
    polyline_rect_distance,
)
from svx_desktop.model.stacks import STACK_GAP, Curve, flow_curve

BundleKey = tuple[str, Direction]
DIRECTIONS = (Direction.PROVIDES, Direction.EXPECTS)


def rect_tuple(r: QRectF) -> Rect:
    return (r.left(), r.top(), r.right(), r.bottom())


class Bundles:
    """The arrows and label stacks of one scene (see the module docstring)."""

    def __init__(
        self,
        vmap: ValueMap,
        org: OrganisationItem,
        cards: dict[str, StakeholderItem],
        labels: dict[str, FlowItem],
        grid: ObstacleGrid,
    ) -> None:
        self.map = vmap
        self._org = org
        self._cards = cards
        self._labels = labels
        self._grid = grid
        self.layer = ArrowLayer()
        self.live_layer = LiveArrows()
        self.arrows: dict[BundleKey, FlowArrow] = {}
        #: Bundles whose label stacks wait to be laid out (labels hidden, or just built).
        self._pending: set[BundleKey] = set()
        #: While True (building), stacks wait for ``ensure_labels``.
        self.defer = False
        self.labels_visible = True
        #: While set, only these stakeholders' stacks are laid out (the others wait, as
        #: while labels are hidden): presenting one stakeholder lays out its labels only.
        self.only: set[str] | None = None
        self._live: set[BundleKey] = set()
        self._lit: set[BundleKey] = set()
        #: Every arrow's polyline, for the placer's legibility test (Qt-free), kept up to
        #: date only when asked for (``legible_arrows``): bundles whose line changed wait
        #: in ``_stale_lines``.
        self._arrow_lines = ArrowIndex()
        self._stale_lines: set[BundleKey] = set()

    @property
    def legible_arrows(self) -> ArrowIndex:
        """Every arrow's polyline for the placer's legibility test, brought up to date when
        asked for. A map too big to test (over ``MAX_CHECKED`` stakeholders) never builds
        it: at 5,000 stakeholders it cost a second to open and 140 MB."""
        if self._stale_lines:
            for key in self._stale_lines:
                arrow = self.arrows.get(key)
                self._arrow_lines.set(key, curve_line(None if arrow is None else arrow.curve))
            self._stale_lines.clear()
        return self._arrow_lines

    def checks_legibility(self) -> bool:
        """Whether stacks are placed with the legibility test (not on maps too big for it)."""
        return len(self._cards) <= MAX_CHECKED

    def arrow_within(self, r: Rect, reach: float) -> bool:
        """Whether any arrow comes within ``reach`` of ``r`` (where the legend must not go).

        Asks the arrow layer's index (kept for painting anyway) for the arrows near ``r``,
        plus the live ones (the layer does not follow those), then measures each one's
        polyline as the placer's index holds it (``curve_line``)."""
        box = (r[0] - reach, r[1] - reach, r[2] + reach, r[3] + reach)
        near = QRectF(box[0], box[1], box[2] - box[0], box[3] - box[1])
        candidates = [*self.layer.arrows_near(box), *(self.arrows[k] for k in self._live)]
        for arrow in candidates:
            if arrow.curve is None or not arrow.paint_bounds.intersects(near):
                continue
            if polyline_rect_distance(curve_line(arrow.curve), r, reach) < reach:
                return True
        return False

    def _distances(self, sids: Iterable[str]) -> dict[str, float]:
        """The squared distance of each card of ``sids`` from the organisation (centre to
        centre; a stakeholder without a card is left out)."""
        ox, oy = self._org.scene_centre()
        cards = self._cards
        out: dict[str, float] = {}
        for sid in sids:
            card = cards.get(sid)
            if card is not None:
                cx, cy = card.scene_centre()
                out[sid] = (cx - ox) ** 2 + (cy - oy) ** 2
        return out

    def place_all(self) -> None:
        """Place every arrow and label stack, shortest arrows first (they have least room)."""
        distances = self._distances(self._cards)
        keys = [(distances[sid], (sid, d)) for sid in self._cards for d in DIRECTIONS]
        keys.sort(key=lambda k: k[0])
        # Every arrow first, then the stacks: each stack is placed knowing all arrows.
        defer, self.defer = self.defer, True
        self.layer.begin_bulk()
        try:
            for _, key in keys:
                self.update(key)
        finally:
            self.defer = defer
            self.layer.end_bulk()
        if not defer and self.labels_visible:
            self.ensure_labels()

    def ensure_labels(self) -> None:
        """Lay out the label stacks put off while labels were hidden or being built.

        Called before labels are shown or painted and by the queries that return label
        geometry, so a map opened far out never pays for laying out labels it does not show.
        """
        if not self._pending:
            return
        if self.only is not None and not any(k[0] in self.only for k in self._pending):
            return
        order = {sid: i for i, sid in enumerate(self._cards)}
        distances = self._distances({k[0] for k in self._pending})

        def distance(key: BundleKey) -> tuple[float, int, int]:
            # Deterministic: nearest first, then map order, provides before expects.
            side = DIRECTIONS.index(key[1])
            if key[0] not in self._cards:
                return (0.0, -1, side)
            return (distances[key[0]], order[key[0]], side)

        keys = sorted(self._pending, key=distance)
        if self.only is not None:
            keys = [k for k in keys if k[0] in self.only]
        self._pending.difference_update(keys)
        bulk = len(keys) > 50
        if bulk:
            self.layer.begin_bulk()
        try:
            for key in keys:
                arrow = self.arrows.get(key)
                card = self._cards.get(key[0])
                if arrow is None or card is None:
                    continue
                moved_leader = self._place_labels(key, arrow, card.scene_box())
                if arrow.live:
                    self.live_layer.refresh()
                elif moved_leader:
                    self.layer.track(arrow)
        finally:
            if bulk:
                self.layer.end_bulk()

    def update(self, key: BundleKey) -> None:
        """Draw one bundle again after its card, the organisation or its flows changed."""
        sid, direction = key
        card = self._cards.get(sid)
        flows = self.map.flows_of(sid, direction) if card is not None else ()
        arrow = self.arrows.get(key)
        if not flows or card is None:
            if arrow is not None:
                self.layer.untrack(arrow)
                del self.arrows[key]
                if key in self._live:
                    self._live.discard(key)
                    self._refresh_live()
            self._grid.remove(("stack", sid, direction))
            self._stale_lines.add(key)
            return
        if arrow is None:
            arrow = FlowArrow(sid, direction)
            self.arrows[key] = arrow
        card_box = card.scene_box()
        org_box = self._org.scene_box()
        if direction is Direction.PROVIDES:
            curve = flow_curve(card_box, org_box)
        else:
            curve = flow_curve(org_box, card_box)
        arrow.set_curve(curve, len(flows))
        arrow.set_flows(flows)
        self._stale_lines.add(key)
        arrow.highlighted = any(
            self._labels[f.id].isSelected() for f in flows if f.id in self._labels
        )
        if (
            self.defer
            or not self.labels_visible
            or (self.only is not None and sid not in self.only)
        ):
            self._pending.add(key)
        else:
            self._pending.discard(key)
            self._place_labels(key, arrow, card_box)
        if arrow.live:
            self.live_layer.refresh()
        else:
            self.layer.track(arrow)

    def curve(self, card_rect: QRectF, direction: Direction) -> Curve | None:
        """The arrow's curve between a card and the organisation, in ``direction``."""
        org_box = self._org.scene_box()
        if direction is Direction.PROVIDES:
            return flow_curve(rect_tuple(card_rect), org_box)
        return flow_curve(org_box, rect_tuple(card_rect))

    def _place_labels(self, key: BundleKey, arrow: FlowArrow, card_box: Rect) -> bool:
        """Place one stack beside ``arrow`` (its curve, its flows as ``update`` last gave
        them); True if its leader line changed."""
        direction = key[1]
        labels = self._labels
        items = [labels[f.id] for f in arrow.flows if f.id in labels]
        if not items:
            return False
        sizes = [i.size for i in items]
        from_end = direction is Direction.EXPECTS
        check = self.checks_legibility()
        place = place_labels(
            self._grid,
            # Without the test the placer reads no arrow: the index is not brought up to
            # date (nor, on a big map, ever built).
            self.legible_arrows if check else self._arrow_lines,
            key,
            arrow.curve,
            card_box,
            sizes,
            from_end,
            check=check,
        )
        assert place is not None  # without a limit there is always a place
        anchor = place.anchor
        changed = arrow.set_leader(anchor, nearest_point(place.rect, anchor))
        # Aligned towards their arrow (``label_rects``), as the placer checked them.
        for item, r in zip(items, label_rects(place.rect, anchor, sizes, STACK_GAP), strict=True):
            item.setPos(r[0], r[1])
        return changed

    def relayout(self) -> None:
        """Place every label stack again from scratch (in the map's order)."""
        for s in self.map.stakeholders:
            for d in DIRECTIONS:
                self._grid.remove(("stack", s.id, d))
        self.place_all()

    def drop_leaders(self) -> None:
        """Draw no leader lines while the labels are hidden for good (a presenter's
        counts stand in for them); every stack is laid out again when labels show."""
        for key, arrow in self.arrows.items():
            self._pending.add(key)
            if arrow.set_leader((0.0, 0.0), (0.0, 0.0)) and not arrow.live:
                self.layer.track(arrow)

    def stakeholder_gone(self, sid: str) -> None:
        """Forget the arrows and stacks of a removed stakeholder."""
        for d in DIRECTIONS:
            arrow = self.arrows.pop((sid, d), None)
            if arrow is not None:
                self.layer.untrack(arrow)
            self._live.discard((sid, d))
            self._grid.remove(("stack", sid, d))
            self._stale_lines.add((sid, d))

    # ------------------------------------------------------ live and lit arrows
    def light(self, lit: set[BundleKey]) -> None:
        """Draw exactly the arrows of ``lit`` in the selection colour."""
        for key in lit ^ self._lit:
            arrow = self.arrows.get(key)
            if arrow is not None:
                arrow.highlighted = key in lit
                if arrow.live:
                    self.live_layer.refresh()
                else:
                    self.layer.track(arrow)
        self._lit = lit

    def make_live(self, sid: str) -> None:
        """While a card is dragged its arrows paint themselves, outside the cached layer."""
        for d in DIRECTIONS:
            key = (sid, d)
            arrow = self.arrows.get(key)
            if arrow is not None and not arrow.live:
                arrow.live = True
                self._live.add(key)
                self.layer.track(arrow)  # erases it from the layer
                self._refresh_live()

    def end_live(self) -> None:
        for key in self._live:
            arrow = self.arrows.get(key)
            if arrow is not None:
                arrow.live = False
                self.layer.track(arrow)
        self._live.clear()
        self._refresh_live()

    def _refresh_live(self) -> None:
        self.live_layer.set_arrows([self.arrows[k] for k in self._live if k in self.arrows])
