"""The journey scene: one stakeholder's touch points under their stages, following the map.

``JourneyScene(vmap, stakeholder_id)`` keeps an ``id → TouchPointCard`` map and creates,
refreshes, moves and removes cards only in handlers of the map's events (``editing.follow``):
touch points of its stakeholder added, changed, moved or removed, its stages, the map's
channels, its expectations' labels. It never writes to the map; the ``JourneyController``
pushes the commands. Every change lays the row out again (``journey.layout``), which is
cheap: a layout is arithmetic, and a card is only repainted when its face changed.
``closed`` is emitted when its stakeholder leaves the map (the window goes back to it).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, QRectF, Signal
from PySide6.QtWidgets import QGraphicsScene

from svx_desktop.canvas import style
from svx_desktop.editing.follow import follow
from svx_desktop.journey.items import CardFace, PendingSlot, StageHeader, TouchPointCard
from svx_desktop.journey.layout import JourneyLayout, Pending, journey_layout
from svx_desktop.model import (
    ChannelsChanged,
    FlowChanged,
    FlowRemoved,
    StagesChanged,
    StakeholderChanged,
    StakeholderRemoved,
    TouchPointAdded,
    TouchPointChanged,
    TouchPointMoved,
    TouchPointRemoved,
    ValueMap,
)
from svx_desktop.model.journey_elements import Initiator, TouchPoint

MARGIN = 40.0


def card_face(vmap: ValueMap, tp: TouchPoint) -> CardFace:
    """What the card of ``tp`` shows, read from the map."""
    j = vmap.journeys
    channels = tuple(j.channel(c).name for c in tp.channels if j.has_channel(c))
    serves = tuple(vmap.flow(f).label for f in tp.serves if vmap.has_flow(f))
    return CardFace(
        tp.name,
        tp.health,
        tp.moment_of_truth,
        channels,
        serves,
        tp.initiator is Initiator.ORGANISATION,
    )


class JourneyScene(QGraphicsScene):
    """The journey of one stakeholder. See the module docstring."""

    #: The stakeholder's name changed (the breadcrumb shows it).
    titleChanged = Signal(str)
    #: The stakeholder left the map.
    closed = Signal()
    #: The row was laid out again (touch points added, removed, moved, staged).
    laidOut = Signal()

    def __init__(self, vmap: ValueMap, stakeholder_id: str, parent: QObject | None = None):
        super().__init__(parent)
        self.map = vmap
        self.stakeholder_id = stakeholder_id
        self.setBackgroundBrush(style.BACKGROUND)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self._cards: dict[str, TouchPointCard] = {}
        self._headers: list[StageHeader] = []
        self._pending: Pending | None = None
        self._pending_item: PendingSlot | None = None
        self.layout = journey_layout((), ())
        for tp in vmap.journeys.journey(stakeholder_id):
            self._add_card(tp)
        self.relayout()
        self._subscription = follow(
            vmap,
            self,
            {
                TouchPointAdded: self._on_added,
                TouchPointRemoved: self._on_removed,
                TouchPointChanged: self._on_changed,
                TouchPointMoved: self._on_moved,
                StagesChanged: self._on_stages,
                ChannelsChanged: lambda _e: self.refresh_all(),
                FlowChanged: self._on_flow_changed,
                FlowRemoved: self._on_flow_removed,
                StakeholderChanged: self._on_stakeholder_changed,
                StakeholderRemoved: self._on_stakeholder_removed,
            },
        )

    def detach(self) -> None:
        """Stop following the map (before the scene is dropped)."""
        self._subscription.close()

    # ----------------------------------------------------------------- queries
    @property
    def title(self) -> str:
        if self.map.has_stakeholder(self.stakeholder_id):
            return self.map.stakeholder(self.stakeholder_id).name
        return ""

    def card(self, touch_point_id: str) -> TouchPointCard | None:
        return self._cards.get(touch_point_id)

    def cards(self) -> list[TouchPointCard]:
        """The cards left to right."""
        return [self._cards[i] for i in self.layout.order() if i in self._cards]

    def headers(self) -> list[StageHeader]:
        return list(self._headers)

    def order(self) -> tuple[str, ...]:
        return self.layout.order()

    def selected_ids(self) -> list[str]:
        """The selected touch points, left to right."""
        chosen = {i.element_id for i in self.selectedItems() if isinstance(i, TouchPointCard)}
        return [i for i in self.layout.order() if i in chosen]

    def current(self) -> str | None:
        """The one touch point the keys act on: the last selected, left to right."""
        ids = self.selected_ids()
        return ids[-1] if ids else None

    def select_ids(self, ids: Iterable[str]) -> None:
        wanted = [self._cards[i] for i in ids if i in self._cards]
        self.blockSignals(True)
        try:
            self.clearSelection()
            for card in wanted:
                card.setSelected(True)
        finally:
            self.blockSignals(False)
        self.selectionChanged.emit()

    def content_rect(self) -> QRectF:
        x, y, w, h = self.layout.bounds
        return QRectF(x, y, w, h)

    def pending_rect(self) -> QRectF | None:
        r = self.layout.pending
        return QRectF(*r) if r is not None else None

    # ----------------------------------------------------------------- pending
    def set_pending(self, pending: Pending | None) -> None:
        """Hold (or, None, free) the slot of a touch point being named."""
        self._pending = pending
        self.relayout()

    # ------------------------------------------------------------------ layout
    def relayout(self) -> None:
        j = self.map.journeys
        sid = self.stakeholder_id
        layout: JourneyLayout = journey_layout(j.stages(sid), j.journey(sid), self._pending)
        self.layout = layout
        for tp_id, (x, y, _w, _h) in layout.cards.items():
            card = self._cards.get(tp_id)
            if card is not None and (card.x() != x or card.y() != y):
                card.setPos(x, y)
        for header in self._headers:
            self.removeItem(header)
        self._headers = []
        for group in layout.groups:
            header = StageHeader(
                group.stage_id, group.title, group.header, len(group.touch_point_ids)
            )
            self.addItem(header)
            self._headers.append(header)
        if self._pending_item is not None:
            self.removeItem(self._pending_item)
            self._pending_item = None
        if layout.pending is not None:
            self._pending_item = PendingSlot(layout.pending)
            self.addItem(self._pending_item)
        x, y, w, h = layout.bounds
        self.setSceneRect(QRectF(x - MARGIN, y - MARGIN, w + 2 * MARGIN, h + 2 * MARGIN))
        self.laidOut.emit()

    def refresh_all(self) -> None:
        for tp in self.map.journeys.journey(self.stakeholder_id):
            card = self._cards.get(tp.id)
            if card is not None:
                card.refresh(card_face(self.map, tp))

    # ------------------------------------------------------------------ events
    def _add_card(self, tp: TouchPoint) -> None:
        card = TouchPointCard(tp.id, card_face(self.map, tp))
        self._cards[tp.id] = card
        self.addItem(card)

    def _on_added(self, event: TouchPointAdded) -> None:
        if event.stakeholder_id == self.stakeholder_id:
            self._add_card(self.map.journeys.touch_point(event.touch_point_id))
            self.relayout()

    def _on_removed(self, event: TouchPointRemoved) -> None:
        card = self._cards.pop(event.touch_point.id, None)
        if card is not None:
            self.removeItem(card)
            self.relayout()

    def _on_changed(self, event: TouchPointChanged) -> None:
        card = self._cards.get(event.touch_point_id)
        if card is None:
            return
        card.refresh(card_face(self.map, self.map.journeys.touch_point(event.touch_point_id)))
        if "stage_id" in event.fields:
            self.relayout()

    def _on_moved(self, event: TouchPointMoved) -> None:
        if event.stakeholder_id == self.stakeholder_id:
            self.relayout()

    def _on_stages(self, event: StagesChanged) -> None:
        if event.stakeholder_id == self.stakeholder_id:
            self.relayout()

    def _on_flow_changed(self, event: FlowChanged) -> None:
        if "label" in event.fields:
            flow = self.map.flow(event.flow_id)
            if flow.stakeholder_id == self.stakeholder_id:
                self.refresh_all()

    def _on_flow_removed(self, event: FlowRemoved) -> None:
        if event.flow.stakeholder_id == self.stakeholder_id:
            self.refresh_all()

    def _on_stakeholder_changed(self, event: StakeholderChanged) -> None:
        if event.stakeholder_id == self.stakeholder_id and "name" in event.fields:
            self.titleChanged.emit(self.title)

    def _on_stakeholder_removed(self, event: StakeholderRemoved) -> None:
        if event.stakeholder.id == self.stakeholder_id:
            self.closed.emit()


__all__ = ["JourneyScene", "card_face"]
