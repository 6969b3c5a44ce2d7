"""Where a new stakeholder goes: the next free place around the organisation (no Qt).

Candidate places lie on rings around the organisation. Each ring is cut into as many
slots as cards fit on it, and the slots are tried in an order that spreads the first
few stakeholders evenly (top, bottom, right, left, then the diagonals, ...) rather than
crowding one side — so a facilitator adding stakeholders one after another gets a
balanced map. A slot is free when a card there, with a margin, would overlap no other
card, note or the organisation. Positions are centres, as in the model.

The sizes are estimates in scene units (the canvas's defaults); a caller that knows the
real size of each element passes them in ``sizes``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping

from svx_desktop.model.elements import Pos
from svx_desktop.model.valuemap import ValueMap

Size = tuple[float, float]
Rect = tuple[float, float, float, float]  # (left, top, right, bottom)

#: A typical stakeholder card (cards are 130–270 wide, 46 high on the canvas).
CARD_SIZE: Size = (180.0, 46.0)
#: A typical organisation box and parking-lot note.
ORGANISATION_SIZE: Size = (260.0, 96.0)
NOTE_SIZE: Size = (180.0, 80.0)
#: Distance from the organisation's centre to the first ring, and between rings, and the
#: least distance between neighbouring places on a ring — room for the flow labels
#: between a card and the organisation (the canvas uses the same spacing).
FIRST_RING = 430.0
RING_STEP = 260.0
SLOT_SPACING = 300.0
#: Space kept free around a new card.
MARGIN = 24.0

_CELL = 256.0


def rect_around(centre: Pos, size: Size, margin: float = 0.0) -> Rect:
    """The rectangle of ``size`` centred on ``centre``, grown by ``margin`` on each side."""
    w, h = size
    return (
        centre[0] - w / 2 - margin,
        centre[1] - h / 2 - margin,
        centre[0] + w / 2 + margin,
        centre[1] + h / 2 + margin,
    )


def rects_overlap(a: Rect, b: Rect) -> bool:
    """Whether two rectangles share some area (touching edges do not overlap)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class _Grid:
    """Rectangles bucketed in square cells, for quick overlap questions."""

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[Rect]] = {}

    @staticmethod
    def _span(r: Rect) -> Iterator[tuple[int, int]]:
        for i in range(math.floor(r[0] / _CELL), math.floor(r[2] / _CELL) + 1):
            for j in range(math.floor(r[1] / _CELL), math.floor(r[3] / _CELL) + 1):
                yield (i, j)

    def add(self, r: Rect) -> None:
        for cell in self._span(r):
            self._cells.setdefault(cell, []).append(r)

    def hits(self, r: Rect) -> bool:
        return any(
            rects_overlap(r, other) for cell in self._span(r) for other in self._cells.get(cell, ())
        )


def _spread_order(n: int) -> list[int]:
    """Slot indices 0..n-1 in an order that spreads them evenly (van der Corput)."""
    order: list[int] = []
    seen: set[int] = set()
    j = 0
    while len(order) < n:
        # Bit-reversed fraction of j: 0, 1/2, 1/4, 3/4, 1/8, ...
        f, denom, k = 0.0, 1.0, j
        while k:
            denom *= 2
            f += (k & 1) / denom
            k >>= 1
        slot = round(f * n) % n
        if slot not in seen:
            seen.add(slot)
            order.append(slot)
        j += 1
        if j > 64 * n:  # pragma: no cover - every slot is reached long before
            order.extend(i for i in range(n) if i not in seen)
            break
    return order


def ring_slots(radius: float, card_size: Size = CARD_SIZE, margin: float = MARGIN) -> int:
    """How many cards of ``card_size`` fit side by side on a ring of ``radius`` (a multiple
    of four, so that the first places are exactly above, below, right and left)."""
    pitch = max(card_size[0] + margin, card_size[1] + margin, SLOT_SPACING)
    return max(4, 4 * int(2 * math.pi * radius / pitch / 4))


def free_positions(
    vmap: ValueMap,
    count: int = 1,
    *,
    card_size: Size = CARD_SIZE,
    sizes: Mapping[str, Size] | None = None,
    first_ring: float = FIRST_RING,
    ring_step: float = RING_STEP,
    margin: float = MARGIN,
) -> list[Pos]:
    """``count`` free places for new cards around the organisation, best first.

    Each place returned is also kept free of the ones before it, so the result can be used
    for several new stakeholders at once (a paste, a multi-line capture).
    """
    sizes = sizes or {}
    grid = _Grid()
    org = vmap.organisation
    grid.add(rect_around(org.position, sizes.get(org.id, ORGANISATION_SIZE)))
    for s in vmap.stakeholders:
        grid.add(rect_around(s.position, sizes.get(s.id, card_size)))
    for n in vmap.notes:
        grid.add(rect_around(n.position, sizes.get(n.id, NOTE_SIZE)))
    cx, cy = org.position
    found: list[Pos] = []
    ring = 0
    while len(found) < count:
        radius = first_ring + ring * ring_step
        slots = ring_slots(radius, card_size, margin)
        for slot in _spread_order(slots):
            angle = -math.pi / 2 + 2 * math.pi * slot / slots  # clockwise from the top
            pos = (round(cx + radius * math.cos(angle), 1), round(cy + radius * math.sin(angle), 1))
            r = rect_around(pos, card_size, margin)
            if not grid.hits(r):
                found.append(pos)
                grid.add(rect_around(pos, card_size))
                if len(found) == count:
                    break
        ring += 1
    return found


def next_free_position(
    vmap: ValueMap,
    *,
    card_size: Size = CARD_SIZE,
    sizes: Mapping[str, Size] | None = None,
) -> Pos:
    """The place for one new stakeholder card (see the module docstring)."""
    return free_positions(vmap, 1, card_size=card_size, sizes=sizes)[0]


__all__ = [
    "CARD_SIZE",
    "FIRST_RING",
    "MARGIN",
    "NOTE_SIZE",
    "ORGANISATION_SIZE",
    "RING_STEP",
    "SLOT_SPACING",
    "Rect",
    "Size",
    "free_positions",
    "next_free_position",
    "rect_around",
    "rects_overlap",
    "ring_slots",
]
