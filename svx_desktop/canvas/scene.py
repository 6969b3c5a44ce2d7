"""The map scene: follows a map through its events and never writes to it.

``MapScene(vmap, parent)`` keeps ``id → item`` maps and creates, updates and removes
items only in its model-event handlers (``editing.follow``, one handler per event type).
Gestures leave it as signals for the ``CanvasController``, which pushes the commands: a
drag ends in ``movesFinished`` (the items have moved, the map not yet), a flow dragged from
a handle in ``flowRequested``. Arrows and label stacks are owned by a composed
``Bundles``, the flow-link drag by a ``LinkDrag`` and the placeholders by ``Ghosts``;
far out, a ``CardLayer`` draws the cards.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHelpEvent,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
    QToolTip,
)

from svx_desktop.canvas import style
from svx_desktop.canvas.badge import BadgeFollower
from svx_desktop.canvas.bundles import DIRECTIONS, Bundles, rect_tuple
from svx_desktop.canvas.flows import FlowArrow, FlowItem
from svx_desktop.canvas.gcpause import gc_paused
from svx_desktop.canvas.gestures import Ghosts, LinkDrag
from svx_desktop.canvas.journeymarks import JourneyMarkFollower
from svx_desktop.canvas.layers import CardLayer
from svx_desktop.canvas.nodes import (
    HandleItem,
    ItemHost,
    NodeItem,
    NoteItem,
    OrganisationItem,
    StakeholderItem,
)
from svx_desktop.canvas.selection import Selection
from svx_desktop.editing.follow import follow
from svx_desktop.model import (
    CategoriesChanged,
    Direction,
    FlowAdded,
    FlowChanged,
    FlowRemoved,
    NoteAdded,
    NoteChanged,
    NoteRemoved,
    OrganisationChanged,
    PositionsChanged,
    StakeholderAdded,
    StakeholderChanged,
    StakeholderRemoved,
    ValueMap,
)
from svx_desktop.model.geometry import ObstacleGrid

Position = tuple[float, float]


class MapScene(ItemHost):
    """The items of one map. See the module docstring."""

    #: Counts of stakeholders, flows or notes changed.
    statusChanged = Signal()
    #: A flow was dragged from a handle: (stakeholder id, direction value).
    flowRequested = Signal(str, str)
    #: A drag of nodes ended: the selected nodes' items may stand apart from the map.
    movesFinished = Signal()
    #: The selection changed, with the new ``Selection`` (never while being destroyed).
    selectionUpdated = Signal(object)

    def __init__(self, vmap: ValueMap, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.map = vmap
        self.setBackgroundBrush(style.BACKGROUND)
        # Index: measured with benchmarks/bench_canvas.py (mouse-drag frames, full repaint).
        # Arrows are not items and far-out cards are drawn by a cached layer, so the BSP
        # tree stays small; it wins at 1:1 on big maps (5.5 ms against 10.4 ms for NoIndex
        # at 3,000 stakeholders) and costs little with the whole map in view (2.4-3.3 ms).
        self.setItemIndexMethod(ItemHost.ItemIndexMethod.BspTreeIndex)
        self._stakeholders: dict[str, StakeholderItem] = {}
        self._flows: dict[str, FlowItem] = {}
        self._notes: dict[str, NoteItem] = {}
        self._grid = ObstacleGrid()
        self._org = OrganisationItem(vmap.organisation)
        self._org.setPos(*vmap.organisation.position)
        self.addItem(self._org)
        self._grid.set("org", rect_tuple(self._org.scene_rect()))
        self.bundles = Bundles(vmap, self._org, self._stakeholders, self._flows, self._grid)
        self.addItem(self.bundles.layer)
        self.addItem(self.bundles.live_layer)
        self._card_layer = CardLayer(self._cards_in, self._stakeholders)
        self.addItem(self._card_layer)
        self._dragging = False
        self._link = LinkDrag(self, self._request_flow)
        self.ghosts = Ghosts(self)
        self.bundles.defer = True
        self._build()
        self.bundles.defer = False
        self._subscription = follow(
            vmap,
            self,
            {
                PositionsChanged: self._on_positions,
                StakeholderAdded: self._on_stakeholder_added,
                StakeholderRemoved: self._on_stakeholder_removed,
                StakeholderChanged: self._on_stakeholder_changed,
                FlowAdded: self._on_flow_added,
                FlowRemoved: self._on_flow_removed,
                FlowChanged: self._on_flow_changed,
                NoteAdded: self._on_note_added,
                NoteRemoved: self._on_note_removed,
                NoteChanged: self._on_note_changed,
                OrganisationChanged: self._on_organisation_changed,
                CategoriesChanged: self._on_categories_changed,
            },
        )
        self.badges = BadgeFollower(vmap, self._stakeholders, self)
        self.journey_marks = JourneyMarkFollower(vmap, self._stakeholders, self)
        self.selectionChanged.connect(self._selection_changed)

    # ------------------------------------------------------------------ build
    @gc_paused()
    def _build(self) -> None:
        m = self.map
        for s in m.stakeholders:
            self._add_stakeholder_item(s.id, update=False)
        for n in m.notes:
            self._add_note_item(n.id)
        for f in m.flows:
            self._add_flow_item(f.id)
        self.bundles.place_all()

    def render(self, *args: object, **kwargs: object) -> None:
        self.ensure_labels()
        super().render(*args, **kwargs)  # type: ignore[arg-type]

    def detach(self) -> None:
        """Stop following the map (before dropping the scene; its deletion does it too)."""
        self._subscription.close()
        self.badges.close()
        self.journey_marks.close()

    @gc_paused()
    def ensure_labels(self) -> None:
        """Lay out the label stacks put off while labels were hidden or being built."""
        self.bundles.ensure_labels()

    def restyle(self) -> None:
        """Measure every item's text again after the type scale changed
        (``style.set_type_scale``), then place the arrows and label stacks again."""
        self._org.refresh(self.map.organisation)
        self._grid.set("org", rect_tuple(self._org.scene_rect()))
        for sid, card in self._stakeholders.items():
            s = self.map.stakeholder(sid)
            card.refresh(s, self.map.category(s.category))
            old = self._grid.get(("card", sid))
            self._grid.set(("card", sid), rect_tuple(card.scene_rect()))
            self._card_layer.moved(card, old)
            card.place_handle(self._org.pos())
        for fid, label in self._flows.items():
            label.refresh(self.map.flow(fid))
        for nid, note in self._notes.items():
            note.refresh(self.map.note(nid))
            self._grid.set(("note", nid), rect_tuple(note.scene_rect()))
        self.bundles.relayout()
        self.update()

    def lay_out_labels_of(self, stakeholder_ids: set[str] | None) -> None:
        """Lay out only these stakeholders' label stacks from now on (the others wait
        until this is None again, then as they are needed): a presenter showing one
        stakeholder in large type need not place every other stack."""
        self.bundles.only = None if stakeholder_ids is None else set(stakeholder_ids)

    def relayout_labels(self) -> None:
        """Place every label stack again from scratch (in the map's order)."""
        self.bundles.relayout()

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
        return list(self.bundles.arrows.values())

    def arrow_for(self, stakeholder_id: str, direction: Direction) -> FlowArrow | None:
        return self.bundles.arrows.get((stakeholder_id, direction))

    def item_for(self, element_id: str) -> NodeItem | FlowItem | None:
        """The item showing the organisation, a stakeholder, a flow or a note."""
        self.ensure_labels()
        if element_id == self._org.element_id:
            return self._org
        found = self._stakeholders.get(element_id) or self._flows.get(element_id)
        return found or self._notes.get(element_id)

    def node_for(self, element_id: str) -> NodeItem | None:
        """The item of the organisation, a stakeholder or a note."""
        item = self.item_for(element_id)
        return item if isinstance(item, NodeItem) else None

    def content_rect(self, with_labels: bool | None = None) -> QRectF:
        """Everything on the map (not ghosts), in scene coordinates; labels if shown."""
        rect = self._org.sceneBoundingRect()
        groups: list[Iterable[QGraphicsItem]] = [self._stakeholders.values(), self._notes.values()]
        if self.labels_visible if with_labels is None else with_labels:
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

    def element_sizes(self) -> dict[str, Position]:
        """``{element id: (width, height)}`` of the organisation, every card and every note,
        as drawn (for the Qt-free placement and layout code)."""
        out: dict[str, Position] = {}
        for item in (self._org, *self._stakeholders.values(), *self._notes.values()):
            r = item.scene_rect()
            out[item.element_id] = (r.width(), r.height())
        return out

    def selection(self) -> Selection:
        """What is selected, by kind."""
        stakeholders: list[str] = []
        flows: list[str] = []
        notes: list[str] = []
        organisation = False
        for item in self.selectedItems():
            if isinstance(item, StakeholderItem):
                stakeholders.append(item.element_id)
            elif isinstance(item, FlowItem):
                flows.append(item.element_id)
            elif isinstance(item, NoteItem):
                notes.append(item.element_id)
            elif isinstance(item, OrganisationItem):
                organisation = True
        return Selection(tuple(stakeholders), tuple(flows), tuple(notes), organisation)

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

    def occupied(self, rect: QRectF) -> bool:
        """Whether anything of the map (a card, the organisation, a note, a shown label or
        an arrow) lies in ``rect`` (scene coordinates): where the legend must not go."""
        for item in self.items(rect, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if isinstance(item, NodeItem | FlowItem) and item.isVisible():
                return True
        return self.bundles.arrow_within(rect_tuple(rect), 1.0)

    def label_stack_rect(self, stakeholder_id: str, direction: Direction) -> QRectF | None:
        self.ensure_labels()
        r = self._grid.get(("stack", stakeholder_id, direction))
        return None if r is None else QRectF(r[0], r[1], r[2] - r[0], r[3] - r[1])

    def placed_positions(self) -> dict[str, Position]:
        """Current item positions of stakeholders and notes, by id."""
        out = {k: (v.x(), v.y()) for k, v in self._stakeholders.items()}
        out.update({k: (v.x(), v.y()) for k, v in self._notes.items()})
        return out

    def moved_nodes(self) -> tuple[dict[str, Position], dict[str, Position]]:
        """(before, after) of the selected nodes whose items stand apart from the map."""
        before: dict[str, Position] = {}
        after: dict[str, Position] = {}
        for item in self.selectedItems():
            if isinstance(item, NodeItem):
                old = self.map.position_of(item.element_id)
                new = (item.x(), item.y())
                if new != old:
                    before[item.element_id] = old
                    after[item.element_id] = new
        return before, after

    def put_back(self, positions: dict[str, Position]) -> None:
        """Move items back to ``positions`` (a drag the map refused)."""
        for element_id, pos in positions.items():
            node = self.node_for(element_id)
            if node is not None:
                node.setPos(*pos)

    # ---------------------------------------------------------- model events
    def _on_positions(self, event: PositionsChanged) -> None:
        for element_id in event.element_ids:
            node = self.node_for(element_id)
            if node is not None:
                node.setPos(*self.map.position_of(element_id))

    def _on_stakeholder_added(self, event: StakeholderAdded) -> None:
        self._add_stakeholder_item(event.stakeholder_id, update=True)
        self.statusChanged.emit()

    def _on_stakeholder_removed(self, event: StakeholderRemoved) -> None:
        self._remove_stakeholder_item(event.stakeholder.id)
        self.statusChanged.emit()

    def _on_stakeholder_changed(self, event: StakeholderChanged) -> None:
        s = self.map.stakeholder(event.stakeholder_id)
        item = self._stakeholders[s.id]
        item.refresh(s, self.map.category(s.category))
        self.node_moved(item)

    def _on_flow_added(self, event: FlowAdded) -> None:
        f = self._add_flow_item(event.flow_id)
        self.bundles.update((f.stakeholder_id, f.direction))
        self.statusChanged.emit()

    def _on_flow_removed(self, event: FlowRemoved) -> None:
        flow_item = self._flows.pop(event.flow.id, None)
        if flow_item is not None:
            self.removeItem(flow_item)
        self.bundles.update((event.flow.stakeholder_id, event.flow.direction))
        self.statusChanged.emit()

    def _on_flow_changed(self, event: FlowChanged) -> None:
        f = self.map.flow(event.flow_id)
        flow_item = self._flows[f.id]
        old_key = (flow_item.stakeholder_id, flow_item.direction)
        flow_item.refresh(f)
        self.bundles.update(old_key)
        if (f.stakeholder_id, f.direction) != old_key:
            self.bundles.update((f.stakeholder_id, f.direction))

    def _on_note_added(self, event: NoteAdded) -> None:
        self._add_note_item(event.note_id)
        self.statusChanged.emit()

    def _on_note_removed(self, event: NoteRemoved) -> None:
        note_item = self._notes.pop(event.note.id, None)
        if note_item is not None:
            self.removeItem(note_item)
            self._grid.remove(("note", event.note.id))
        self.statusChanged.emit()

    def _on_note_changed(self, event: NoteChanged) -> None:
        note_item = self._notes[event.note_id]
        note_item.refresh(self.map.note(event.note_id))
        self._grid.set(("note", event.note_id), rect_tuple(note_item.scene_rect()))

    def _on_organisation_changed(self, event: OrganisationChanged) -> None:
        self._org.refresh(self.map.organisation)
        self.node_moved(self._org)

    def _on_categories_changed(self, event: CategoriesChanged) -> None:
        for sid, item in self._stakeholders.items():
            s = self.map.stakeholder(sid)
            item.refresh(s, self.map.category(s.category))
        self._card_layer.update()

    # ------------------------------------------------------------------ items
    def _add_stakeholder_item(self, sid: str, update: bool) -> None:
        s = self.map.stakeholder(sid)
        item = StakeholderItem(s, self.map.category(s.category))
        item.setPos(*s.position)
        self._stakeholders[sid] = item
        self._card_layer.added(item)
        self.addItem(item)
        item.place_handle(self._org.pos())
        self._grid.set(("card", sid), rect_tuple(item.scene_rect()))
        if update:
            for d in DIRECTIONS:
                self.bundles.update((sid, d))

    def _remove_stakeholder_item(self, sid: str) -> None:
        item = self._stakeholders.pop(sid, None)
        if item is not None:
            self.removeItem(item)
        self._card_layer.removed(sid, item)
        self._grid.remove(("card", sid))
        self.bundles.stakeholder_gone(sid)

    def _add_flow_item(self, flow_id: str) -> FlowItem:
        item = FlowItem(self.map.flow(flow_id))
        item.setVisible(self.labels_visible)
        self._flows[flow_id] = item
        self.addItem(item)
        return item

    def _add_note_item(self, note_id: str) -> None:
        n = self.map.note(note_id)
        item = NoteItem(n)
        item.setPos(*n.position)
        self._notes[note_id] = item
        self.addItem(item)
        self._grid.set(("note", note_id), rect_tuple(item.scene_rect()))

    def node_moved(self, item: NodeItem) -> None:
        """An item moved (drag, nudge or model change): update only what depends on it."""
        if isinstance(item, StakeholderItem):
            sid = item.element_id
            if sid not in self._stakeholders:
                return
            if self._dragging:
                self._make_live(sid)
            old = self._grid.get(("card", sid))
            self._grid.set(("card", sid), rect_tuple(item.scene_rect()))
            self._card_layer.moved(item, old)
            item.place_handle(self._org.pos())
            for d in DIRECTIONS:
                self.bundles.update((sid, d))
        elif isinstance(item, OrganisationItem):
            self._grid.set("org", rect_tuple(item.scene_rect()))
            self.bundles.layer.begin_bulk()
            try:
                for sid, card in self._stakeholders.items():
                    card.place_handle(item.pos())
                    for d in DIRECTIONS:
                        self.bundles.update((sid, d))
            finally:
                self.bundles.layer.end_bulk()
        elif isinstance(item, NoteItem) and item.element_id in self._notes:
            self._grid.set(("note", item.element_id), rect_tuple(item.scene_rect()))

    def _selection_changed(self) -> None:
        """Arrows of selected flows are drawn in the selection colour (and, far out, the
        layer redraws cards whose selection changed); then ``selectionUpdated``."""
        try:
            selected = self.selectedItems()
        except RuntimeError:
            # Qt empties the selection while it destroys the scene, after the Python side
            # is gone: there is nothing left to draw or to tell.
            return
        self._card_layer.select({i.element_id for i in selected if isinstance(i, StakeholderItem)})
        self.bundles.light(
            {(i.stakeholder_id, i.direction) for i in selected if isinstance(i, FlowItem)}
        )
        self.selectionUpdated.emit(self.selection())

    def _make_live(self, sid: str) -> None:
        """While a card is dragged it and its arrows paint themselves, outside the layers."""
        card = self._stakeholders.get(sid)
        if card is not None:
            self._card_layer.make_live(card)
        self.bundles.make_live(sid)

    def arrow_at(self, pos: QPointF, tolerance: float = 6.0) -> FlowArrow | None:
        """The arrow under ``pos`` (within ``tolerance`` scene units), if any."""
        return self.bundles.layer.arrow_at((pos.x(), pos.y()), tolerance)

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
        if visible == self.bundles.labels_visible:
            return
        self.bundles.labels_visible = visible
        if visible:
            self.ensure_labels()
        for item in self._flows.values():
            item.setVisible(visible)

    @property
    def labels_visible(self) -> bool:
        return self.bundles.labels_visible

    def set_simple(self, simple: bool) -> None:
        """Far out, the cards are drawn by one cached layer instead of one pixmap each."""
        if simple == self._card_layer.simple:
            return
        selected = {i.element_id for i in self.selectedItems() if isinstance(i, StakeholderItem)}
        self._card_layer.set_simple(simple, selected)

    def _cards_in(self, rect: QRectF) -> list[StakeholderItem]:
        keys = self._grid.near(rect_tuple(rect))
        return [
            self._stakeholders[k[1]]
            for k in keys
            if isinstance(k, tuple) and k[0] == "card" and k[1] in self._stakeholders
        ]

    # ------------------------------------------------------ gestures and ghosts
    def begin_link(self, handle: HandleItem, pos: QPointF) -> None:
        self._link.begin(handle, pos)

    def update_link(self, pos: QPointF) -> None:
        self._link.move(pos)

    def end_link(self, pos: QPointF | None) -> None:
        self._link.end(pos)

    def _request_flow(self, stakeholder_id: str, direction: Direction) -> None:
        self.flowRequested.emit(stakeholder_id, direction.value)

    def show_ghost_card(self, pos: QPointF) -> QRectF:
        """A dashed placeholder card where a stakeholder is being created."""
        return self.ghosts.card(pos)

    def show_ghost_flow(self, stakeholder_id: str, direction: Direction) -> QRectF:
        """A dashed placeholder arrow for a flow being created; returns the label's place."""
        card_rect = self._stakeholders[stakeholder_id].scene_rect()
        curve = self.bundles.curve(card_rect, direction)
        stack = self.label_stack_rect(stakeholder_id, direction)
        dashed = (stakeholder_id, direction) not in self.bundles.arrows
        return self.ghosts.flow(card_rect, direction, curve, stack, dashed)

    def clear_ghosts(self) -> None:
        self.ghosts.clear()

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:
        """Tooltips are built when asked for (plain text, escaped), not stored per item."""
        for item in self.items(event.scenePos()):
            if isinstance(item, NodeItem | FlowItem | HandleItem):
                QToolTip.showText(event.screenPos(), item.tooltip_html())
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
        widget = event.widget()
        view = widget.parent() if widget is not None else None
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
            self.movesFinished.emit()
            self._card_layer.end_live()
            self.bundles.end_live()
