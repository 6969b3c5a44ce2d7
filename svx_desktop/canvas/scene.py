"""The map scene: follows a document's map through its events and never writes to it.

``MapScene`` keeps ``id → item`` maps, creates, updates and removes items only in its
model-event handler, and turns gestures into undo commands pushed on the document (a drag
is one ``MoveElements`` pushed on mouse release; a flow dragged from a handle is requested
from the view, which opens the label editor and pushes when the label is committed).
Arrows and label stacks live in ``bundles.py`` (moving one stakeholder places only its own
two stacks again), the flow-link drag, placeholders and tooltips in ``gestures.py``; both
are mixed into ``MapScene``.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable, Iterable

import shiboken6
from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
)

from svx_desktop.canvas import style
from svx_desktop.canvas.bundles import DIRECTIONS, BundleKey, SceneBundles
from svx_desktop.canvas.flows import (
    ArrowLayer,
    FlowArrow,
    FlowItem,
    LiveArrows,
)
from svx_desktop.canvas.gestures import SceneGestures
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
from svx_desktop.model.geometry import ObstacleGrid, Rect

_DIRECTIONS = DIRECTIONS


def _rect_tuple(r: QRectF) -> Rect:
    return (r.left(), r.top(), r.right(), r.bottom())


class MapScene(SceneBundles, SceneGestures, QGraphicsScene):
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


def _weak_slot(owner: object, name: str) -> Callable[..., None]:
    """A slot that calls ``owner.name()`` while ``owner`` lives and does nothing after."""
    ref = weakref.ref(owner)

    def slot(*_args: object) -> None:
        target = ref()
        if target is not None and shiboken6.isValid(target):
            getattr(target, name)()

    return slot
