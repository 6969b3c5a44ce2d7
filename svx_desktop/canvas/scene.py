"""The map scene: follows a document's map through its events and never writes to it.

``MapScene`` keeps ``id → item`` maps, creates, updates and removes items only in its
model-event handler, and turns gestures into undo commands pushed on the document (a drag
is one ``MoveElements`` pushed on mouse release; a flow dragged from a handle is requested
from the view, which opens the label editor and pushes when the label is committed).
Label stacks are placed by ``labels.place_stack`` against a grid of everything on the
canvas; moving one stakeholder places only its own two stacks again.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable, Iterable

import shiboken6
from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainterPath, QPen, QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSceneHelpEvent,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
    QToolTip,
)

from svx_desktop.canvas import style
from svx_desktop.canvas.flows import (
    STACK_GAP,
    ArrowLayer,
    Curve,
    FlowArrow,
    FlowItem,
    LiveArrows,
    flow_curve,
)
from svx_desktop.canvas.labels import (
    ObstacleGrid,
    Rect,
    nearest_point,
    place_stack,
    stack_rect,
)
from svx_desktop.canvas.nodes import (
    CardLayer,
    HandleItem,
    NodeItem,
    NoteItem,
    OrganisationItem,
    StakeholderItem,
)
from svx_desktop.editing import Document, MoveElements
from svx_desktop.model import (
    CategoriesChanged,
    Direction,
    FlowAdded,
    FlowChanged,
    FlowRemoved,
    MapEvent,
    ModelError,
    NoteAdded,
    NoteChanged,
    NoteRemoved,
    OrganisationChanged,
    PositionsChanged,
    StakeholderAdded,
    StakeholderChanged,
    StakeholderRemoved,
)

BundleKey = tuple[str, Direction]
_DIRECTIONS = (Direction.PROVIDES, Direction.EXPECTS)


def _rect_tuple(r: QRectF) -> Rect:
    return (r.left(), r.top(), r.right(), r.bottom())


class MapScene(QGraphicsScene):
    """The items of one document's map. See the module docstring."""

    #: Counts of stakeholders, flows or notes changed.
    statusChanged = Signal()
    #: A flow was dragged from a handle: (stakeholder id, direction value).
    flowRequested = Signal(str, str)

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.map = document.map
        self.setBackgroundBrush(style.BACKGROUND)
        # Index: measured with benchmarks/bench_canvas.py (mouse-drag frames, full repaint).
        # Arrows are not items and far-out cards are drawn by a cached layer, so the BSP
        # tree stays small; it wins at 1:1 on big maps (5.5 ms against 10.4 ms for NoIndex
        # at 3,000 stakeholders) and costs little with the whole map in view (2.4-3.3 ms).
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self._arrow_layer = ArrowLayer()
        self.addItem(self._arrow_layer)
        self._live_arrows = LiveArrows()
        self.addItem(self._live_arrows)
        self._card_layer = CardLayer(self._cards_in)
        self._card_layer.setVisible(False)
        self.addItem(self._card_layer)
        self._simple = False
        self._live_cards: set[str] = set()
        self._selected_cards: set[str] = set()
        self._dragging = False
        self._live: set[BundleKey] = set()
        self._lit: set[BundleKey] = set()
        self._stakeholders: dict[str, StakeholderItem] = {}
        self._flows: dict[str, FlowItem] = {}
        self._notes: dict[str, NoteItem] = {}
        self._arrows: dict[BundleKey, FlowArrow] = {}
        self._grid = ObstacleGrid()
        self._labels_visible = True
        self._link_source: HandleItem | None = None
        self._link_line: QGraphicsPathItem | None = None
        self._ghosts: list[QGraphicsItem] = []
        self._org = OrganisationItem(self.map.organisation)
        self._org.setPos(*self.map.organisation.position)
        self.addItem(self._org)
        self._grid.set("org", _rect_tuple(self._org.scene_rect()))
        #: Bundles whose label stacks wait to be laid out (labels hidden, or just built).
        self._pending: set[BundleKey] = set()
        self._defer = True
        self._build()
        self._defer = False
        self.map.subscribe(self._on_event)
        # Through a weak reference: Qt emits selectionChanged while a scene is being
        # destroyed, when its Python methods can no longer be looked up.
        self.selectionChanged.connect(_weak_slot(self, "_update_highlights"))

    # ------------------------------------------------------------------ build
    def _build(self) -> None:
        m = self.map
        for s in m.stakeholders:
            self._add_stakeholder_item(s.id, update=False)
        for n in m.notes:
            self._add_note_item(n.id)
        for f in m.flows:
            item = FlowItem(f)
            item.setVisible(self._labels_visible)
            self._flows[f.id] = item
            self.addItem(item)
        self._place_all_bundles()

    def _place_all_bundles(self) -> None:
        """Place every arrow and label stack, shortest arrows first (they have least room)."""
        org = self._org.scene_rect().center()
        keys: list[tuple[float, BundleKey]] = []
        for sid, card in self._stakeholders.items():
            c = card.scene_rect().center()
            dist = (c.x() - org.x()) ** 2 + (c.y() - org.y()) ** 2
            keys.extend((dist, (sid, d)) for d in _DIRECTIONS)
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
            side = _DIRECTIONS.index(key[1])
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

    def render(self, *args: object, **kwargs: object) -> None:
        self.ensure_labels()
        super().render(*args, **kwargs)  # type: ignore[arg-type]

    def detach(self) -> None:
        """Stop following the map (call before dropping the scene)."""
        with contextlib.suppress(ValueError):
            self.map.unsubscribe(self._on_event)

    # ---------------------------------------------------------------- queries
    @property
    def organisation_item(self) -> OrganisationItem:
        return self._org

    def stakeholder_items(self) -> list[StakeholderItem]:
        return list(self._stakeholders.values())

    def flow_items(self) -> list[FlowItem]:
        self.ensure_labels()
        return list(self._flows.values())

    def note_items(self) -> list[NoteItem]:
        return list(self._notes.values())

    def arrow_items(self) -> list[FlowArrow]:
        return list(self._arrows.values())

    def arrow_for(self, stakeholder_id: str, direction: Direction) -> FlowArrow | None:
        return self._arrows.get((stakeholder_id, direction))

    def item_for(self, element_id: str) -> QGraphicsItem | None:
        """The item showing the organisation, a stakeholder, a flow or a note."""
        self.ensure_labels()
        if element_id == self._org.element_id:
            return self._org
        return (
            self._stakeholders.get(element_id)
            or self._flows.get(element_id)
            or self._notes.get(element_id)
        )

    def content_rect(self, with_labels: bool | None = None) -> QRectF:
        """Everything on the map (not ghosts), in scene coordinates; labels if shown."""
        rect = self._org.sceneBoundingRect()
        groups: list[Iterable[QGraphicsItem]] = [self._stakeholders.values(), self._notes.values()]
        if self._labels_visible if with_labels is None else with_labels:
            self.ensure_labels()
            groups.append(self._flows.values())
        for group in groups:
            for item in group:
                rect = rect.united(item.sceneBoundingRect())
        return rect

    def counts(self) -> dict[str, int]:
        return {
            "stakeholders": len(self._stakeholders),
            "flows": len(self._flows),
            "notes": len(self._notes),
        }

    def selected_ids(self) -> dict[str, object]:
        """Ids of the selected elements by kind, and whether the organisation is selected."""
        result: dict[str, object] = {
            "stakeholders": [],
            "flows": [],
            "notes": [],
            "organisation": False,
        }
        for item in self.selectedItems():
            if isinstance(item, StakeholderItem):
                result["stakeholders"].append(item.element_id)  # type: ignore[attr-defined]
            elif isinstance(item, FlowItem):
                result["flows"].append(item.element_id)  # type: ignore[attr-defined]
            elif isinstance(item, NoteItem):
                result["notes"].append(item.element_id)  # type: ignore[attr-defined]
            elif isinstance(item, OrganisationItem):
                result["organisation"] = True
        return result

    def select_ids(self, ids: Iterable[str]) -> None:
        """Select exactly the elements with these ids (unknown ids are ignored)."""
        wanted = [self.item_for(i) for i in ids]
        self.blockSignals(True)
        try:
            self.clearSelection()
            for item in wanted:
                if item is not None:
                    item.setSelected(True)
        finally:
            self.blockSignals(False)
        self.selectionChanged.emit()

    def select_all(self) -> None:
        self.blockSignals(True)
        try:
            for item in self.items():
                if item.flags() & QGraphicsItem.GraphicsItemFlag.ItemIsSelectable:
                    item.setSelected(True)
        finally:
            self.blockSignals(False)
        self.selectionChanged.emit()

    def label_stack_rect(self, stakeholder_id: str, direction: Direction) -> QRectF | None:
        self.ensure_labels()
        r = self._grid.get(("stack", stakeholder_id, direction))
        return None if r is None else QRectF(r[0], r[1], r[2] - r[0], r[3] - r[1])

    def placed_positions(self) -> dict[str, tuple[float, float]]:
        """Current item positions of stakeholders and notes, by id."""
        out = {k: (v.x(), v.y()) for k, v in self._stakeholders.items()}
        out.update({k: (v.x(), v.y()) for k, v in self._notes.items()})
        return out

    # ---------------------------------------------------------- model events
    def _on_event(self, event: MapEvent) -> None:
        if not shiboken6.isValid(self):  # the scene was deleted before it was detached
            self.map.unsubscribe(self._on_event)
            return
        m = self.map
        if isinstance(event, PositionsChanged):
            for element_id in event.element_ids:
                item = self.item_for(element_id)
                if isinstance(item, NodeItem):
                    item.setPos(*m.position_of(element_id))
        elif isinstance(event, StakeholderAdded):
            self._add_stakeholder_item(event.stakeholder_id, update=True)
            self.statusChanged.emit()
        elif isinstance(event, StakeholderRemoved):
            self._remove_stakeholder_item(event.stakeholder.id)
            self.statusChanged.emit()
        elif isinstance(event, StakeholderChanged):
            sid = event.stakeholder_id
            s = m.stakeholder(sid)
            item = self._stakeholders[sid]
            item.refresh(s, m.category(s.category))
            self.node_moved(item)
        elif isinstance(event, FlowAdded):
            f = m.flow(event.flow_id)
            item = FlowItem(f)
            item.setVisible(self._labels_visible)
            self._flows[f.id] = item
            self.addItem(item)
            self._update_bundle((f.stakeholder_id, f.direction))
            self.statusChanged.emit()
        elif isinstance(event, FlowRemoved):
            flow_item = self._flows.pop(event.flow.id, None)
            if flow_item is not None:
                self.removeItem(flow_item)
            self._update_bundle((event.flow.stakeholder_id, event.flow.direction))
            self.statusChanged.emit()
        elif isinstance(event, FlowChanged):
            f = m.flow(event.flow_id)
            flow_item = self._flows[f.id]
            old_key = (flow_item.stakeholder_id, flow_item.direction)
            flow_item.refresh(f)
            self._update_bundle(old_key)
            if (f.stakeholder_id, f.direction) != old_key:
                self._update_bundle((f.stakeholder_id, f.direction))
        elif isinstance(event, NoteAdded):
            self._add_note_item(event.note_id)
            self.statusChanged.emit()
        elif isinstance(event, NoteRemoved):
            note_item = self._notes.pop(event.note.id, None)
            if note_item is not None:
                self.removeItem(note_item)
                self._grid.remove(("note", event.note.id))
            self.statusChanged.emit()
        elif isinstance(event, NoteChanged):
            note_item = self._notes[event.note_id]
            note_item.refresh(m.note(event.note_id))
            self._grid.set(("note", event.note_id), _rect_tuple(note_item.scene_rect()))
        elif isinstance(event, OrganisationChanged):
            self._org.refresh(m.organisation)
            self.node_moved(self._org)
        elif isinstance(event, CategoriesChanged):
            for sid, item in self._stakeholders.items():
                s = m.stakeholder(sid)
                item.refresh(s, m.category(s.category))
            self._card_layer.update()

    def _add_stakeholder_item(self, sid: str, update: bool) -> None:
        s = self.map.stakeholder(sid)
        item = StakeholderItem(s, self.map.category(s.category))
        item.setPos(*s.position)
        self._stakeholders[sid] = item
        if self._simple:
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
            self._card_layer.repaint(item.scene_rect())
        self.addItem(item)
        item.place_handle(self._org.pos())
        self._grid.set(("card", sid), _rect_tuple(item.scene_rect()))
        if update:
            for d in _DIRECTIONS:
                self._update_bundle((sid, d))

    def _remove_stakeholder_item(self, sid: str) -> None:
        item = self._stakeholders.pop(sid, None)
        if item is not None:
            self.removeItem(item)
            if self._simple:
                self._card_layer.repaint(item.scene_rect())
        self._live_cards.discard(sid)
        self._selected_cards.discard(sid)
        self._grid.remove(("card", sid))
        for d in _DIRECTIONS:
            arrow = self._arrows.pop((sid, d), None)
            if arrow is not None:
                self._arrow_layer.untrack(arrow)
            self._live.discard((sid, d))
            self._grid.remove(("stack", sid, d))

    def _add_note_item(self, note_id: str) -> None:
        n = self.map.note(note_id)
        item = NoteItem(n)
        item.setPos(*n.position)
        self._notes[note_id] = item
        self.addItem(item)
        self._grid.set(("note", note_id), _rect_tuple(item.scene_rect()))

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

    def _stack_curve(self, curve: Curve | None, card_rect: QRectF, direction: Direction):  # type: ignore[no-untyped-def]
        if curve is not None:
            return curve.at
        # No arrow (the card sits on the organisation): stack under or over the card.
        if direction is Direction.PROVIDES:
            anchor = (card_rect.center().x(), card_rect.bottom())
            return lambda t: (anchor, (0.0, 1.0))
        anchor = (card_rect.center().x(), card_rect.top())
        return lambda t: (anchor, (0.0, -1.0))

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
        width = max(w for w, _ in sizes)
        height = sum(h for _, h in sizes) + STACK_GAP * (len(sizes) - 1)
        at = self._stack_curve(curve, card_rect, direction)
        (left, top, right, bottom), anchor = place_stack(
            self._grid,
            ("stack", sid, direction),
            at,
            width,
            height,
            from_end=direction is Direction.EXPECTS,
            crosses=lambda r: self._arrow_layer.crossed_by_other(r, sid),
        )
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

    def node_moved(self, item: NodeItem) -> None:
        """An item moved (drag, nudge or model change): update only what depends on it."""
        if isinstance(item, StakeholderItem):
            sid = item.element_id
            if sid not in self._stakeholders:
                return
            if self._dragging:
                self._make_live(sid)
            old = self._grid.get(("card", sid))
            self._grid.set(("card", sid), _rect_tuple(item.scene_rect()))
            if self._simple and not item.live:
                if old is not None:
                    self._card_layer.repaint(
                        QRectF(old[0], old[1], old[2] - old[0], old[3] - old[1])
                    )
                self._card_layer.repaint(item.scene_rect())
            item.place_handle(self._org.pos())
            for d in _DIRECTIONS:
                self._update_bundle((sid, d))
        elif isinstance(item, OrganisationItem):
            self._grid.set("org", _rect_tuple(item.scene_rect()))
            self._arrow_layer.begin_bulk()
            try:
                for sid, card in self._stakeholders.items():
                    card.place_handle(item.pos())
                    for d in _DIRECTIONS:
                        self._update_bundle((sid, d))
            finally:
                self._arrow_layer.end_bulk()
        elif isinstance(item, NoteItem) and item.element_id in self._notes:
            self._grid.set(("note", item.element_id), _rect_tuple(item.scene_rect()))

    def relayout_labels(self) -> None:
        """Place every label stack again from scratch (in the map's order)."""
        for s in self.map.stakeholders:
            for d in _DIRECTIONS:
                self._grid.remove(("stack", s.id, d))
        self._place_all_bundles()

    def _update_highlights(self) -> None:
        """Arrows of selected flows are drawn in the selection colour (and, far out, the
        layer redraws cards whose selection changed)."""
        selected = self.selectedItems()
        if self._simple:
            cards = {i.element_id for i in selected if isinstance(i, StakeholderItem)}
            for sid in cards ^ self._selected_cards:
                card = self._stakeholders.get(sid)
                if card is not None:
                    self._card_layer.repaint(card.scene_rect())
            self._selected_cards = cards
        lit = {(i.stakeholder_id, i.direction) for i in selected if isinstance(i, FlowItem)}
        for key in lit ^ self._lit:
            arrow = self._arrows.get(key)
            if arrow is not None:
                arrow.highlighted = key in lit
                if arrow.live:
                    self._live_arrows.refresh()
                else:
                    self._arrow_layer.track(arrow)
        self._lit = lit

    def _make_live(self, sid: str) -> None:
        """While a card is dragged it and its arrows paint themselves, outside the layers."""
        card = self._stakeholders.get(sid)
        if card is not None and not card.live:
            card.live = True
            self._live_cards.add(sid)
            if self._simple:
                card.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, False)
                self._card_layer.repaint(card.scene_rect())  # erases it from the layer
        for d in _DIRECTIONS:
            key = (sid, d)
            arrow = self._arrows.get(key)
            if arrow is not None and not arrow.live:
                arrow.live = True
                self._live.add(key)
                self._arrow_layer.track(arrow)  # erases it from the layer
                self._refresh_live()

    def _end_live(self) -> None:
        for sid in self._live_cards:
            card = self._stakeholders.get(sid)
            if card is not None:
                card.live = False
                if self._simple:
                    card.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
                    self._card_layer.repaint(card.scene_rect())
        self._live_cards.clear()
        for key in self._live:
            arrow = self._arrows.get(key)
            if arrow is not None:
                arrow.live = False
                self._arrow_layer.track(arrow)
        self._live.clear()
        self._refresh_live()

    def _refresh_live(self) -> None:
        self._live_arrows.set_arrows([self._arrows[k] for k in self._live if k in self._arrows])

    def arrow_at(self, pos: QPointF, tolerance: float = 6.0) -> FlowArrow | None:
        """The arrow under ``pos`` (within ``tolerance`` scene units), if any."""
        return self._arrow_layer.arrow_at((pos.x(), pos.y()), tolerance)

    def arrow_clicked(self, arrow: FlowArrow, modifiers: Qt.KeyboardModifier) -> None:
        """Clicking an arrow selects its flows (Ctrl/Shift adds them to the selection)."""
        ids = [f.id for f in self.map.flows_of(arrow.stakeholder_id, arrow.direction)]
        extend = bool(
            modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        )
        if extend:
            for fid in ids:
                if fid in self._flows:
                    self._flows[fid].setSelected(True)
        else:
            self.select_ids(ids)

    # ------------------------------------------------------ level of detail
    def set_labels_visible(self, visible: bool) -> None:
        """Show or hide every flow label (hidden when zoomed far out)."""
        if visible == self._labels_visible:
            return
        self._labels_visible = visible
        if visible:
            self.ensure_labels()
        for item in self._flows.values():
            item.setVisible(visible)

    @property
    def labels_visible(self) -> bool:
        return self._labels_visible

    def set_simple(self, simple: bool) -> None:
        """Far out, the cards are drawn by one cached layer instead of one pixmap each."""
        if simple == self._simple:
            return
        self._simple = simple
        for card in self._stakeholders.values():
            card.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, simple and not card.live)
        self._selected_cards = {
            i.element_id for i in self.selectedItems() if isinstance(i, StakeholderItem)
        }
        self._card_layer.setVisible(simple)
        self._card_layer.update()

    def _cards_in(self, rect: QRectF) -> list[StakeholderItem]:
        keys = self._grid.near(_rect_tuple(rect))
        return [
            self._stakeholders[k[1]]
            for k in keys
            if isinstance(k, tuple) and k[0] == "card" and k[1] in self._stakeholders
        ]

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:
        """Tooltips are built when asked for (plain text, escaped), not stored per item."""
        for item in self.items(event.scenePos()):
            html = getattr(item, "tooltip_html", None)
            if html is not None:
                QToolTip.showText(event.screenPos(), html())
                event.accept()
                return
        QToolTip.hideText()
        event.ignore()

    # ------------------------------------------------------------------ moves
    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            arrow = self._arrow_under(event)
            if arrow is not None:
                self.arrow_clicked(arrow, event.modifiers())
                event.accept()
                return
        super().mousePressEvent(event)
        grabber = self.mouseGrabberItem()
        self._dragging = event.button() == Qt.MouseButton.LeftButton and isinstance(
            grabber, StakeholderItem
        )

    def _arrow_under(self, event: QGraphicsSceneMouseEvent) -> FlowArrow | None:
        """The arrow under the mouse when no item is: arrows are not items (see flows.py)."""
        view = event.widget().parent() if event.widget() is not None else None
        transform = view.transform() if isinstance(view, QGraphicsView) else QTransform()
        pos = event.scenePos()
        for item in self.items(
            pos, Qt.ItemSelectionMode.IntersectsItemShape, Qt.SortOrder.DescendingOrder, transform
        ):
            if item.acceptedMouseButtons() & Qt.MouseButton.LeftButton:
                return None
        zoom = transform.m11() or 1.0
        return self.arrow_at(pos, 6.0 / zoom)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self._dragging = False
            self.commit_moves()
            self._end_live()

    def commit_moves(self, nudge: bool = False) -> bool:
        """Push one ``MoveElements`` for every node whose item moved away from the model."""
        before: dict[str, tuple[float, float]] = {}
        after: dict[str, tuple[float, float]] = {}
        for item in self.selectedItems():
            if isinstance(item, NodeItem):
                old = self.map.position_of(item.element_id)
                new = (item.x(), item.y())
                if new != old:
                    before[item.element_id] = old
                    after[item.element_id] = new
        if not after:
            return False
        try:
            self.document.push(MoveElements(self.map, before, after, nudge=nudge))
        except ModelError:
            for element_id, pos in before.items():
                node = self.item_for(element_id)
                if node is not None:
                    node.setPos(*pos)
            return False
        return True

    # ------------------------------------------------------------ flow links
    def begin_link(self, handle: HandleItem, pos: QPointF) -> None:
        self.end_link(None)
        self._link_source = handle
        line = QGraphicsPathItem()
        pen = QPen(style.flow_colour(handle.direction), 2.5, Qt.PenStyle.DashLine)
        line.setPen(pen)
        line.setZValue(50)
        self.addItem(line)
        self._link_line = line
        self.update_link(pos)

    def update_link(self, pos: QPointF) -> None:
        if self._link_source is None or self._link_line is None:
            return
        path = QPainterPath(self._link_source.scenePos())
        path.lineTo(pos)
        self._link_line.setPath(path)

    def end_link(self, pos: QPointF | None) -> None:
        source, line = self._link_source, self._link_line
        self._link_source = self._link_line = None
        if line is not None:
            self.removeItem(line)
        if source is None or pos is None:
            return
        target = self.node_at(pos)
        owner = source.owner()
        if isinstance(owner, StakeholderItem) and isinstance(target, OrganisationItem):
            self.flowRequested.emit(owner.element_id, Direction.PROVIDES.value)
        elif isinstance(owner, OrganisationItem) and isinstance(target, StakeholderItem):
            self.flowRequested.emit(target.element_id, Direction.EXPECTS.value)

    def node_at(self, pos: QPointF) -> NodeItem | None:
        for item in self.items(pos):
            if isinstance(item, NodeItem):
                return item
            parent = item.parentItem()
            if isinstance(parent, NodeItem):
                return parent
        return None

    # ----------------------------------------------------------------- ghosts
    def show_ghost_card(self, pos: QPointF) -> QRectF:
        """A dashed placeholder card where a stakeholder is being created."""
        self.clear_ghosts()
        w, h = style.CARD_MIN_WIDTH + 60, style.CARD_HEIGHT
        rect = QRectF(pos.x() - w / 2, pos.y() - h / 2, w, h)
        ghost = self.addRect(rect, QPen(QColor("#5A6270"), 1.5, Qt.PenStyle.DashLine))
        ghost.setBrush(QColor(255, 255, 255, 200))
        ghost.setZValue(40)
        self._ghosts.append(ghost)
        return rect

    def show_ghost_flow(self, stakeholder_id: str, direction: Direction) -> QRectF:
        """A dashed placeholder arrow for a flow being created; returns the label's place."""
        self.clear_ghosts()
        card = self._stakeholders[stakeholder_id]
        card_rect, org_rect = card.scene_rect(), self._org.scene_rect()
        if direction is Direction.PROVIDES:
            curve = flow_curve(card_rect, org_rect)
        else:
            curve = flow_curve(org_rect, card_rect)
        if curve is not None and stakeholder_id not in [
            a.stakeholder_id for k, a in self._arrows.items() if k[1] is direction
        ]:
            path = QPainterPath(QPointF(*curve.p0))
            path.quadTo(QPointF(*curve.c), QPointF(*curve.p2))
            ghost = self.addPath(path, QPen(style.flow_colour(direction), 2, Qt.PenStyle.DashLine))
            ghost.setZValue(40)
            self._ghosts.append(ghost)
        width, height = 180.0, style.metrics("label").height() + 10
        stack = self.label_stack_rect(stakeholder_id, direction)
        if stack is not None:
            return QRectF(
                stack.left(), stack.bottom() + STACK_GAP, max(width, stack.width()), height
            )
        at = self._stack_curve(curve, card_rect, direction)
        anchor, normal = at(0.5)
        r = stack_rect(anchor, normal, width, height, 6)
        return QRectF(r[0], r[1], width, height)

    def clear_ghosts(self) -> None:
        for g in self._ghosts:
            self.removeItem(g)
        self._ghosts.clear()


def _weak_slot(owner: object, name: str) -> Callable[..., None]:
    """A slot that calls ``owner.name()`` while ``owner`` lives and does nothing after."""
    ref = weakref.ref(owner)

    def slot(*_args: object) -> None:
        target = ref()
        if target is not None and shiboken6.isValid(target):
            getattr(target, name)()

    return slot
