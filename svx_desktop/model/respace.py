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
from svx_desktop.model.geometry import ObstacleGrid, Size, clockwise_angle, rect_around
from svx_desktop.model.spots import LegibleSpots
from svx_desktop.model.valuemap import ValueMap

#: The first factor tried, how much each further try grows it, and the largest.
FIRST_FACTOR = 1.12
GROWTH = 1.25
MAX_FACTOR = 6.0
#: Tries between the last factor that failed and the first that worked.
NARROWING = 3
#: Gaps tried for the new card at each factor (the widest first).
GAPS_TRIED = 3
#: Space kept free around the new card.
MARGIN = 24.0
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
    ordered = sorted(taken, key=lambda p: clockwise_angle(centre, p))
    gaps: list[tuple[float, float, float]] = []  # (width, middle angle, radius)
    for i, p in enumerate(ordered):
        q = ordered[(i + 1) % len(ordered)]
        a = clockwise_angle(centre, p)
        width = (clockwise_angle(centre, q) - a) % (2 * math.pi) or 2 * math.pi
        radius = (math.dist(centre, p) + math.dist(centre, q)) / 2
        gaps.append((width, a + width / 2, radius))
    gaps.sort(key=lambda g: (-round(g[0], 9), round(g[1], 9)))
    for _, middle, radius in gaps[:count]:
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
        if spots is None:
            spots = LegibleSpots(spread, self.card_size, self.sizes)
        if factor != 1.0 and not (spots.known < self.known or spots.known == self.known == set()):
            # Spreading out must break nothing, and mend some of what was illegible.
            return None
        grid = ObstacleGrid()
        for s in spread.stakeholders:
            grid.set(s.id, rect_around(s.position, self.sizes.get(s.id) or self.card_size))
        org = spread.organisation
        grid.set(org.id, rect_around(org.position, self.sizes.get(org.id) or (260.0, 96.0)))
        for n in spread.notes:
            grid.set(n.id, rect_around(n.position, self.sizes.get(n.id) or (180.0, 80.0)))
        taken = [s.position for s in spread.stakeholders]
        for pos in gap_middles(org.position, taken, GAPS_TRIED):
            if grid.collides(rect_around(pos, self.card_size, MARGIN)):
                continue
            if spots.fits(pos):
                return pos, moves
        return None


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


__all__ = ["FIRST_FACTOR", "GROWTH", "MAX_FACTOR", "MEND_LIMIT", "gap_middles", "spread_out"]
