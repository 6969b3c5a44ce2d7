"""Align, distribute and snap placed elements (no Qt): positions in, positions out.

Positions are centres, ``{element id: (x, y)}``; with ``sizes`` (id → (w, h)) edges line up
and gaps are even rather than centres. ``changed`` keeps what really moves, the
``(before, after)`` a ``MoveElements`` takes. The Arrange menu (``ui.arrange``) uses these
beside ``model.layout``'s radial layout.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Literal

from svx_desktop.model.elements import Pos
from svx_desktop.model.geometry import Size
from svx_desktop.model.valuemap import ValueMap

Positions = Mapping[str, Pos]
Sizes = Mapping[str, Size] | None
Edge = Literal["left", "right", "top", "bottom", "centre", "middle"]


def _size(sizes: Mapping[str, Size] | None, element_id: str) -> Size:
    return sizes.get(element_id, (0.0, 0.0)) if sizes else (0.0, 0.0)


def align(
    positions: Mapping[str, Pos], edge: Edge, sizes: Mapping[str, Size] | None = None
) -> dict[str, Pos]:
    """Line elements up on one edge of the selection: ``left``/``right``/``centre``
    (a common x) or ``top``/``bottom``/``middle`` (a common y). Positions are centres;
    ``sizes`` (id → (w, h)) makes edges line up rather than centres."""
    if not positions:
        return {}

    def lo(i: str, axis: int) -> float:
        return positions[i][axis] - _size(sizes, i)[axis] / 2

    def hi(i: str, axis: int) -> float:
        return positions[i][axis] + _size(sizes, i)[axis] / 2

    axis = 0 if edge in ("left", "right", "centre") else 1
    out: dict[str, Pos] = {}
    if edge in ("left", "top"):
        target = min(lo(i, axis) for i in positions)
        values = {i: target + _size(sizes, i)[axis] / 2 for i in positions}
    elif edge in ("right", "bottom"):
        target = max(hi(i, axis) for i in positions)
        values = {i: target - _size(sizes, i)[axis] / 2 for i in positions}
    else:
        left = min(lo(i, axis) for i in positions)
        right = max(hi(i, axis) for i in positions)
        values = dict.fromkeys(positions, (left + right) / 2)
    for i, (x, y) in positions.items():
        out[i] = (values[i], y) if axis == 0 else (x, values[i])
    return out


def _aligner(edge: Edge) -> Callable[[Positions, Sizes], dict[str, Pos]]:
    def aligned(positions: Positions, sizes: Sizes = None) -> dict[str, Pos]:
        return align(positions, edge, sizes)

    aligned.__name__ = f"align_{edge}"
    return aligned


align_left = _aligner("left")
align_right = _aligner("right")
align_top = _aligner("top")
align_bottom = _aligner("bottom")
#: A common vertical centre line (same x).
align_centre = _aligner("centre")
#: A common horizontal centre line (same y).
align_middle = _aligner("middle")


def _distribute(
    positions: Mapping[str, Pos], axis: int, sizes: Mapping[str, Size] | None
) -> dict[str, Pos]:
    out = dict(positions)
    if len(positions) < 3:
        return out
    ids = sorted(positions, key=lambda i: (positions[i][axis], i))
    first, last = ids[0], ids[-1]
    if sizes:
        # Equal gaps between neighbouring edges, the outer two elements staying put.
        start = positions[first][axis] + _size(sizes, first)[axis] / 2
        end = positions[last][axis] - _size(sizes, last)[axis] / 2
        inner = sum(_size(sizes, i)[axis] for i in ids[1:-1])
        gap = (end - start - inner) / (len(ids) - 1)
        cursor = start + gap
        for i in ids[1:-1]:
            size = _size(sizes, i)[axis]
            centre = cursor + size / 2
            out[i] = (centre, positions[i][1]) if axis == 0 else (positions[i][0], centre)
            cursor += size + gap
        return out
    lo, hi = positions[first][axis], positions[last][axis]
    step = (hi - lo) / (len(ids) - 1)
    for k, i in enumerate(ids[1:-1], start=1):
        v = lo + k * step
        out[i] = (v, positions[i][1]) if axis == 0 else (positions[i][0], v)
    return out


def distribute_horizontally(positions: Positions, sizes: Sizes = None) -> dict[str, Pos]:
    """Even horizontal spacing between the leftmost and the rightmost element (equal
    gaps between edges when ``sizes`` are given, else equal steps between centres)."""
    return _distribute(positions, 0, sizes)


def distribute_vertically(positions: Positions, sizes: Sizes = None) -> dict[str, Pos]:
    """Even vertical spacing between the topmost and the bottommost element."""
    return _distribute(positions, 1, sizes)


def snap_to_grid(pos: Pos, grid: float) -> Pos:
    """``pos`` moved to the nearest grid point (``grid`` ≤ 0 leaves it alone)."""
    if grid <= 0 or not math.isfinite(grid):
        return pos
    return (round(pos[0] / grid) * grid, round(pos[1] / grid) * grid)


def changed(vmap: ValueMap, after: Mapping[str, Pos]) -> tuple[dict[str, Pos], dict[str, Pos]]:
    """(before, after) for the elements that really move — what ``MoveElements`` takes."""
    before: dict[str, Pos] = {}
    moved: dict[str, Pos] = {}
    for i, p in after.items():
        old = vmap.position_of(i)
        if old != p:
            before[i] = old
            moved[i] = p
    return before, moved


__all__ = [
    "Edge",
    "align",
    "align_bottom",
    "align_centre",
    "align_left",
    "align_middle",
    "align_right",
    "align_top",
    "changed",
    "distribute_horizontally",
    "distribute_vertically",
    "snap_to_grid",
]
