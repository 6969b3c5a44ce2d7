"""Making room for a new stakeholder when no legible place is left (no Qt).

Past about ten stakeholders round the organisation, every arrow to a new card further
out must cross the labels between the first cards and the organisation: no place keeps
the map legible (``model.spots`` finds none). ``spread_out`` then moves every card and
note straight away from the organisation by one common factor — the map keeps the shape
the facilitator gave it, only bigger, so nothing has to be looked for again — and puts
the new card in one of the widest gaps, as far out as the two cards beside it. Such a
place is tried first with nothing moved; else the least factor (searched outwards, then
narrowed down) at which the new card's place passes the same test as any other place
wins: its labels find a legible place and it makes nothing
illegible that was legible before; on a map with illegible labels already (flows longer
or more than a new card is assumed to get), it must also mend some of them. Labels keep
their size, so every step outwards gives them room. The caller moves the stakeholders
and notes and adds the new card in one undo step.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence

from svx_desktop.model.elements import MAX_COORDINATE, Direction, Pos
from svx_desktop.model.geometry import (
    CARD_MARGIN,
    NOTE_SIZE,
    ORGANISATION_SIZE,
    ObstacleGrid,
    Size,
    rect_around,
    widest_gaps,
)
from svx_desktop.model.spots import LegibleSpots
from svx_desktop.model.valuemap import ValueMap

#: The first factor tried, how much each further try grows it, and the largest.
FIRST_FACTOR = 1.12
GROWTH = 1.25
MAX_FACTOR = 6.0
#: Tries between the last factor that failed and the first that worked.
NARROWING = 3
#: Gaps tried for a new card (the widest first): at each factor here, at each radius by
#: ``placement.gap_places``.
GAPS_TRIED = 3
#: A map with more illegible label stacks (or arrows through other cards) than this was
#: crowded by hand: N does not spread it out (``model.placement``; Arrange does).
MEND_LIMIT = 2


def _scaled(p: Pos, centre: Pos, factor: float) -> Pos:
    return (
        round(centre[0] + (p[0] - centre[0]) * factor, 1),
        round(centre[1] + (p[1] - centre[1]) * factor, 1),
    )


def gap_middles(centre: Pos, taken: Sequence[Pos], count: int) -> Iterator[Pos]:
    """Places in the middle of the ``count`` widest angular gaps between ``taken`` (seen
    from ``centre``), each as far out as the two on either side of its gap, on average."""
    for middle, p, q in widest_gaps(centre, taken, count):
        radius = (math.dist(centre, p) + math.dist(centre, q)) / 2
        yield (
            round(centre[0] + radius * math.sin(middle), 1),
            round(centre[1] - radius * math.cos(middle), 1),
        )


class _Trial:
    """The map spread out by one factor, and a legible place in it for the new card."""

    def __init__(
        self,
        vmap: ValueMap,
        card_size: Size,
        sizes: Mapping[str, Size],
        known: set[tuple[str, Direction]],
    ) -> None:
        self.vmap = vmap
        self.card_size = card_size
        self.sizes = sizes
        self.known = known

    def moves(self, factor: float) -> dict[str, Pos]:
        centre = self.vmap.organisation.position
        out = {s.id: _scaled(s.position, centre, factor) for s in self.vmap.stakeholders}
        out.update((n.id, _scaled(n.position, centre, factor)) for n in self.vmap.notes)
        return out

    def place(
        self, factor: float, spots: LegibleSpots | None = None
    ) -> tuple[Pos, dict[str, Pos]] | None:
        """The new card's place and everyone's moves at ``factor``, or None (``spots``:
        the map's own tests, at factor 1)."""
        moves = self.moves(factor)
        if any(abs(v) > MAX_COORDINATE / 2 for p in moves.values() for v in p):
            return None
        spread = self.vmap.copy()
        spread.set_positions(moves)
        sizes = self.sizes
        grid = ObstacleGrid()
        for s in spread.stakeholders:
            grid.set(s.id, rect_around(s.position, sizes.get(s.id, self.card_size)))
        org = spread.organisation
        grid.set(org.id, rect_around(org.position, sizes.get(org.id, ORGANISATION_SIZE)))
        for n in spread.notes:
            grid.set(n.id, rect_around(n.position, sizes.get(n.id, NOTE_SIZE)))
        taken = [s.position for s in spread.stakeholders]
        free = [
            pos
            for pos in gap_middles(org.position, taken, GAPS_TRIED)
            if not grid.collides(rect_around(pos, self.card_size, CARD_MARGIN))
        ]
        if not free:  # the cheap test first: placing every label stack is not
            return None
        if spots is None:
            spots = LegibleSpots(spread, self.card_size, sizes)
        known = spots.known
        if factor != 1.0 and not (known < self.known or known == self.known == set()):
            # Spreading out must break nothing, and mend some of what was illegible.
            return None
        return next(((pos, moves) for pos in free if spots.fits(pos)), None)


def spread_out(
    vmap: ValueMap,
    *,
    card_size: Size,
    sizes: Mapping[str, Size] | None = None,
    spots: LegibleSpots | None = None,
) -> tuple[Pos, dict[str, Pos]] | None:
    """A place for one new card of ``card_size`` and the moves of the stakeholders and
    notes that make room for it (none when a gap has room as it is; see the module
    docstring), or None when no spreading up to ``MAX_FACTOR`` gives one. ``spots``
    saves building the map's own ``LegibleSpots`` again (for the same card size)."""
    if not vmap.stakeholders:
        return None
    sizes = sizes or {}
    spots = spots or LegibleSpots(vmap, card_size, sizes)
    known = spots.known
    trial = _Trial(vmap, card_size, sizes, known)
    # On a legible map, a gap as far out as its neighbours may have room as it is.
    if not known:
        as_it_is = trial.place(1.0, spots)
        if as_it_is is not None:
            return as_it_is[0], {}
    failed, factor = 1.0, FIRST_FACTOR
    found = None
    while factor <= MAX_FACTOR:
        found = trial.place(factor)
        if found is not None:
            break
        failed, factor = factor, factor * GROWTH
    if found is None:
        return None
    worked = factor
    for _ in range(NARROWING):
        middle = (failed + worked) / 2
        better = trial.place(middle)
        if better is None:
            failed = middle
        else:
            worked, found = middle, better
    return found


__all__ = [
    "FIRST_FACTOR",
    "GAPS_TRIED",
    "GROWTH",
    "MAX_FACTOR",
    "MEND_LIMIT",
    "gap_middles",
    "spread_out",
]
