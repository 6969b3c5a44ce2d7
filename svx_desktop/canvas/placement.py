"""Where a new stakeholder goes, and the angular order Tab follows (pure geometry, no Qt).

Free places lie on rings around the organisation: the first ring holds as many cards as
fit with room for their labels, each further ring is wider and its slots sit between the
slots of the ring inside it. Slots are tried clockwise from the top, ring by ring; a slot is
free when no stakeholder or note is close to it and none sits on the straight line from the
organisation to it (so the new stakeholder's arrows do not run under another card).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

Point = tuple[float, float]

FIRST_RADIUS = 430.0
RING_STEP = 260.0
SLOT_SPACING = 300.0
#: A slot is taken when an element's centre is closer than this (x and y measured apart,
#: since cards are wide and flat).
CLEAR_X = 200.0
CLEAR_Y = 110.0
MAX_RINGS = 60
#: How close (centre to line) a card may come to the line of sight from the organisation.
SIGHT_CLEARANCE = 110.0


def ring_slots(centre: Point, ring: int) -> list[Point]:
    """The slots of ring ``ring`` (0 = innermost) around ``centre``, clockwise from the top."""
    radius = FIRST_RADIUS + ring * RING_STEP
    count = max(6, int(2 * math.pi * radius / SLOT_SPACING))
    offset = 0.5 if ring % 2 else 0.0
    slots = []
    for i in range(count):
        angle = -math.pi / 2 + 2 * math.pi * (i + offset) / count
        slots.append((centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle)))
    return slots


def _distance_to_segment(p: Point, a: Point, b: Point) -> float:
    ax, ay = b[0] - a[0], b[1] - a[1]
    length2 = ax * ax + ay * ay
    if length2 == 0:
        return math.dist(p, a)
    t = max(0.0, min(1.0, ((p[0] - a[0]) * ax + (p[1] - a[1]) * ay) / length2))
    return math.dist(p, (a[0] + t * ax, a[1] + t * ay))


def next_free_place(centre: Point, taken: Iterable[Point]) -> Point:
    """The first free slot around ``centre`` given the positions already ``taken``."""
    points = list(taken)
    cells: dict[tuple[int, int], list[Point]] = {}
    for p in points:
        cells.setdefault((int(p[0] // CLEAR_X), int(p[1] // CLEAR_Y)), []).append(p)

    def in_sight(slot: Point) -> bool:
        reach = math.dist(centre, slot)
        for p in points:
            if math.dist(centre, p) < reach and _distance_to_segment(p, centre, slot) < (
                SIGHT_CLEARANCE
            ):
                return False
        return True

    def free(slot: Point) -> bool:
        cx, cy = int(slot[0] // CLEAR_X), int(slot[1] // CLEAR_Y)
        for i in (cx - 1, cx, cx + 1):
            for j in (cy - 1, cy, cy + 1):
                for p in cells.get((i, j), ()):
                    if abs(p[0] - slot[0]) < CLEAR_X and abs(p[1] - slot[1]) < CLEAR_Y:
                        return False
        return True

    # A free slot with a clear line of sight, unless that means going more than one ring
    # further out than the first free slot (then the first free slot it is).
    first_free: tuple[int, Point] | None = None
    for ring in range(MAX_RINGS):
        if first_free is not None and ring > first_free[0] + 1:
            return first_free[1]
        for slot in ring_slots(centre, ring):
            if free(slot):
                if in_sight(slot):
                    return slot
                if first_free is None:
                    first_free = (ring, slot)
    if first_free is not None:
        return first_free[1]
    return (centre[0], centre[1] + FIRST_RADIUS + MAX_RINGS * RING_STEP)


def clockwise_angle(centre: Point, p: Point) -> float:
    """Angle of ``p`` around ``centre``, clockwise from the top, in [0, 2π)."""
    a = math.atan2(p[1] - centre[1], p[0] - centre[0]) + math.pi / 2
    return a % (2 * math.pi)


def angular_order(centre: Point, points: dict[str, Point]) -> list[str]:
    """Ids sorted clockwise from the top around ``centre`` (nearer first on ties)."""
    return sorted(
        points,
        key=lambda k: (
            round(clockwise_angle(centre, points[k]), 6),
            math.dist(centre, points[k]),
        ),
    )
