"""One trial of a map's label stacks with the canvas's own placer (no Qt).

Arrange (``model.layout``) tries ring after ring and new-stakeholder placement
(``model.spots``) place after place; each trial puts the cards, the organisation, the
notes and every arrow (``model.legible.ArrowIndex``) in a grid and places every label
stack in the canvas's order (``stacks.placing_order``) with ``legible.place_labels`` — so
what a trial finds is what the canvas will draw. ``_Stacks`` answers the questions both
ask: do all stacks find a place near their arrows, which is the first illegible one, does
one stack fit even alone, which arrows run through other cards.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass

from svx_desktop.model.elements import Direction, Pos
from svx_desktop.model.geometry import ObstacleGrid, Rect, Size, rect_around
from svx_desktop.model.legible import ArrowIndex, curve_line, place_labels
from svx_desktop.model.stacks import StackPlace, arrow_curve, placing_order


@dataclass(frozen=True)
class _Item:
    id: str
    card: Size
    provides: Size | None
    expects: Size | None
    #: Each label's size, per direction (what the legibility test checks).
    provides_labels: tuple[Size, ...] = ()
    expects_labels: tuple[Size, ...] = ()

    def labels(self, direction: Direction) -> tuple[Size, ...]:
        return self.provides_labels if direction is Direction.PROVIDES else self.expects_labels


@dataclass(frozen=True)
class _Frame:
    """The fixed surroundings: the organisation and the notes."""

    org_centre: Pos
    org_size: Size
    notes: tuple[Rect, ...]


def _arrow_index(
    placed: Sequence[tuple[_Item, Pos]], org_rect: Rect, arrows: ArrowIndex | None = None
) -> ArrowIndex:
    """Every arrow of ``placed``, keyed (stakeholder id, direction), added to ``arrows``
    (replacing those of the same stakeholders) or to a new index."""
    arrows = ArrowIndex() if arrows is None else arrows
    for it, p in placed:
        card_rect = rect_around(p, it.card)
        for direction, size in ((Direction.PROVIDES, it.provides), (Direction.EXPECTS, it.expects)):
            if size is not None:
                curve = arrow_curve(card_rect, org_rect, direction is Direction.EXPECTS)
                arrows.set((it.id, direction), curve_line(curve))
    return arrows


_Job = tuple[_Item, Pos, Direction]


class _Stacks:
    """One trial of the label stacks of ``placed``: the cards, the organisation, the notes
    and every arrow (``model.legible``), and the stacks in the canvas's order
    (``stacks.placing_order``)."""

    def __init__(
        self,
        placed: Sequence[tuple[_Item, Pos]],
        frame: _Frame,
        arrows: ArrowIndex | None = None,
    ) -> None:
        grid = self.grid = ObstacleGrid()
        org_rect = self.org_rect = rect_around(frame.org_centre, frame.org_size)
        grid.set("org", org_rect)
        for i, r in enumerate(frame.notes):
            grid.set(("note", i), r)
        self.cards = {it.id: rect_around(p, it.card) for it, p in placed}
        for sid, card_rect in self.cards.items():
            grid.set(("card", sid), card_rect)
        # Given, ``arrows`` holds the arrows of exactly ``placed`` (kept between trials).
        self.arrows = _arrow_index(placed, org_rect) if arrows is None else arrows
        ox, oy = frame.org_centre
        jobs: list[tuple[tuple[float, int, int], _Job]] = []
        for rank, (it, p) in enumerate(placed):
            distance = (p[0] - ox) ** 2 + (p[1] - oy) ** 2
            for direction, size in (
                (Direction.PROVIDES, it.provides),
                (Direction.EXPECTS, it.expects),
            ):
                if size is not None:
                    expects = direction is Direction.EXPECTS
                    jobs.append((placing_order(distance, rank, expects), (it, p, direction)))
        jobs.sort(key=lambda job: job[0])
        self.jobs = [job for _, job in jobs]

    def place(self, job: _Job, within: int | None) -> StackPlace | None:
        it, p, direction = job
        from_end = direction is Direction.EXPECTS
        card_rect = rect_around(p, it.card)
        curve = arrow_curve(card_rect, self.org_rect, from_end)
        return place_labels(
            self.grid,
            self.arrows,
            (it.id, direction),
            curve,
            card_rect,
            it.labels(direction),
            from_end,
            limit=within,
        )

    def fits_alone(self, key: tuple[str, Direction], within: int | None) -> bool:
        """Whether the stack ``key`` finds a legible place (among its first ``within``
        candidates) with no other stack placed. Other stacks only take places away (the
        legibility test reads cards and arrows, not stacks), so a stack that fails here
        fails in the full trial too: a quick way to reject a trial."""
        for job in self.jobs:
            if (job[0].id, job[2]) == key:
                place = self.place(job, within)
                self.grid.remove(("stack", *key))
                return place is not None and place.legible and not place.crowded
        return True

    def first_illegible(
        self, known: Set[tuple[str, Direction]] = frozenset()
    ) -> tuple[str, Direction] | None:
        """Place every stack as the canvas does; the first that finds no legible free
        place and is not in ``known`` (None if there is none)."""
        for job in self.jobs:
            place = self.place(job, None)
            key = (job[0].id, job[2])
            if (place is None or place.crowded or not place.legible) and key not in known:
                return key
        return None

    def illegible(self) -> set[tuple[str, Direction]]:
        """Every stack that finds no legible free place (placing them all)."""
        out: set[tuple[str, Direction]] = set()
        for job in self.jobs:
            place = self.place(job, None)
            if place is None or place.crowded or not place.legible:
                out.add((job[0].id, job[2]))
        return out

    def crossings(self) -> set[tuple[str, Direction]]:
        """The arrows that run through a card other than their own."""
        out: set[tuple[str, Direction]] = set()
        arrows = self.arrows
        for sid, card_rect in self.cards.items():
            for arrow in arrows.near(card_rect):
                if (
                    isinstance(arrow, tuple)
                    and arrow[0] != sid
                    and arrows.distance(arrow, card_rect) == 0
                ):
                    out.add(arrow)
        return out

    def place_all(
        self, within: int | None = None
    ) -> tuple[dict[tuple[str, str], Rect], int, tuple[str, Direction] | None]:
        """Place every stack. Returns the stacks and how many had no free place — or,
        with ``within``, stops at the first stack whose place is not among its first
        ``within`` candidates and returns a count of 1 and that stack's key."""
        stacks: dict[tuple[str, str], Rect] = {}
        crowded = 0
        for job in self.jobs:
            place = self.place(job, within)
            it, _, direction = job
            if place is None:
                return stacks, 1, (it.id, direction)
            if place.crowded:
                crowded += 1
            stacks[(direction.value, it.id)] = place.rect
        return stacks, crowded, None


__all__ = ["_Frame", "_Item", "_Stacks", "_arrow_index"]
