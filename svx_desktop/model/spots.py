"""Whether a new stakeholder's card at a place keeps the map legible (no Qt).

``model.placement`` tries free places on rings around the organisation; a free place is
only as good as the labels it leaves room for. ``LegibleSpots`` answers for one place by
running the canvas's own label placer (``trial._Stacks``, the code Arrange checks with)
over the whole map with the new card there, the new stakeholder given a typical stack of
labels in each direction (it has no flows yet when N makes it): the place is legible when
every stack finds a free place where each label is nearer its own arrow and card than any
other (``model.legible``) and no arrow runs through a card not its own — counting only
what the new card breaks, not what was broken before it came. Sizes are the caller's
(the canvas's real card sizes) or estimates (``LayoutMetrics``).
"""

from __future__ import annotations

from collections.abc import Mapping

from svx_desktop.model.elements import Direction, Pos
from svx_desktop.model.geometry import Size
from svx_desktop.model.layout import DEFAULT_METRICS, LayoutMetrics, _frame, _items
from svx_desktop.model.stacks import STACK_GAP, stack_size
from svx_desktop.model.trial import _arrow_index, _Item, _Stacks
from svx_desktop.model.valuemap import ValueMap

#: The labels a new stakeholder is assumed to get in each direction: two of a typical
#: length ("something of value", with the label's padding).
ASSUMED_LABELS: tuple[Size, ...] = ((160.0, 23.5), (160.0, 23.5))
#: Past this many stakeholders (the map and the new ones) places are not tested: a map
#: that big is read a part at a time, and each test places every label stack.
MAX_TESTED = 80
#: A map illegible in more places than ``respace.MEND_LIMIT`` (crowded by hand) is tested
#: only up to this many: a new card cannot make it legible, and each test costs more there.
MAX_TESTED_CROWDED = 40

_Key = tuple[str, Direction]
DIRECTIONS = (Direction.PROVIDES, Direction.EXPECTS)


class LegibleSpots:
    """Tests places for new cards on one map (see the module docstring); ``add`` keeps a
    chosen place, so that several new cards are placed in turn."""

    def __init__(
        self,
        vmap: ValueMap,
        card_size: Size,
        sizes: Mapping[str, Size] | None = None,
        metrics: LayoutMetrics = DEFAULT_METRICS,
    ) -> None:
        sizes = sizes or {}

        def card_of(sid: str) -> Size:
            return sizes.get(sid) or metrics.card(vmap.stakeholder(sid).name)

        self._frame = _frame(vmap, sizes.get(vmap.organisation.id), metrics)
        self._placed = [
            (it, vmap.stakeholder(it.id).position) for it in _items(vmap, card_of, None, metrics)
        ]
        self._card = card_size
        trial = _Stacks(self._placed, self._frame)
        #: Every arrow of ``_placed``, built once (a new card's arrows come and go).
        self._arrows = trial.arrows
        self._org_rect = trial.org_rect
        #: What is illegible before any new card (not the new card's fault).
        self._known: set[_Key] = trial.crossings() | trial.illegible()

    @property
    def known(self) -> set[_Key]:
        """The stacks illegible and the arrows through other cards before any new card."""
        return set(self._known)

    def _new(self, n: int) -> _Item:
        """The ``n``-th new stakeholder: a card and the assumed labels both ways."""
        labels = ASSUMED_LABELS
        size = stack_size(list(labels), STACK_GAP)
        return _Item(f"\0new {n}", self._card, size, size, labels, labels)

    def fits(self, pos: Pos) -> bool:
        """Whether a new card at ``pos`` (its centre) keeps the map legible."""
        new = self._new(len(self._placed))
        _arrow_index([(new, pos)], self._org_rect, self._arrows)
        try:
            trial = _Stacks([*self._placed, (new, pos)], self._frame, self._arrows)
            if trial.crossings() - self._known:
                return False
            # Its own stacks first, with no other stack placed: the quickest refusal.
            if not all(trial.fits_alone((new.id, d), None) for d in DIRECTIONS):
                return False
            return trial.first_illegible(self._known) is None
        finally:
            for d in DIRECTIONS:
                self._arrows.remove((new.id, d))

    def add(self, pos: Pos) -> None:
        """Keep a new card at ``pos`` for the places still to find."""
        new = self._new(len(self._placed))
        self._placed.append((new, pos))
        _arrow_index([(new, pos)], self._org_rect, self._arrows)


__all__ = ["ASSUMED_LABELS", "MAX_TESTED", "MAX_TESTED_CROWDED", "LegibleSpots"]
