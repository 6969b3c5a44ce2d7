"""The base of the followers that keep one figure on every stakeholder card up to date.

A ``CardFollower`` (the net badge's ``BadgeFollower``, the journey mark's
``JourneyMarkFollower``) fills its figure into the cards once (``_fill``), then follows
the map: a new stakeholder and the events its ``_handlers`` name call ``refresh``, which
shows the stakeholder's figure on its card (``_show``) when both still exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from svx_desktop.editing.follow import Handlers, follow
from svx_desktop.model import StakeholderAdded, ValueMap

if TYPE_CHECKING:
    from svx_desktop.canvas.nodes import StakeholderItem


class CardFollower(QObject):
    """Keeps one figure of every card in step with the map. See the module docstring."""

    def __init__(self, vmap: ValueMap, cards: dict[str, StakeholderItem], parent: QObject) -> None:
        super().__init__(parent)
        self.map = vmap
        self._cards = cards
        self._fill()
        self._subscription = follow(
            vmap,
            self,
            {StakeholderAdded: lambda e: self.refresh(e.stakeholder_id), **self._handlers()},
        )

    def close(self) -> None:
        self._subscription.close()

    def refresh(self, stakeholder_id: str) -> None:
        card = self._cards.get(stakeholder_id)
        if card is not None and self.map.has_stakeholder(stakeholder_id):
            self._show(card, stakeholder_id)

    def _fill(self) -> None:
        """Put the figure on the cards there are (at construction)."""
        raise NotImplementedError

    def _handlers(self) -> Handlers:
        """The map events, beyond a new stakeholder, that change a card's figure."""
        raise NotImplementedError

    def _show(self, card: StakeholderItem, stakeholder_id: str) -> None:
        """Show the stakeholder's figure on its card."""
        raise NotImplementedError
