"""Where everything of a journey goes: stage headers over a left-to-right row of cards.

``journey_layout(stages, touch_points, pending)`` is plain geometry (floats, no Qt): the
touch points are grouped under their stages in stage order, each group keeping the
journey's order, and the touch points in no stage come last under a muted "Not in a
stage" header (shown only when there are some, or no stage at all). An empty stage keeps
one card's width, so its header can be seen and filled. ``pending`` reserves the slot a
new touch point will take while its name is typed (after a touch point, or at the end of
a group). ``visual_order`` is the order the arrow keys walk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from svx_desktop.model.journey_elements import Stage, TouchPoint

CARD_WIDTH = 200.0
CARD_HEIGHT = 168.0
GAP = 16.0
GROUP_GAP = 36.0
HEADER_HEIGHT = 34.0
HEADER_GAP = 12.0
CARDS_TOP = HEADER_HEIGHT + HEADER_GAP

Rect = tuple[float, float, float, float]  # left, top, width, height


@dataclass(frozen=True)
class Pending:
    """A slot held for a touch point being named: after ``after_id`` (a touch point id),
    or, when that is None, at the end of the group of ``stage_id``."""

    stage_id: str | None
    after_id: str | None = None


@dataclass(frozen=True)
class Group:
    """One stage (``stage_id`` None: the touch points in no stage) and its cards."""

    stage_id: str | None
    title: str
    header: Rect
    touch_point_ids: tuple[str, ...]


@dataclass(frozen=True)
class JourneyLayout:
    groups: tuple[Group, ...]
    cards: dict[str, Rect]
    pending: Rect | None
    bounds: Rect

    def order(self) -> tuple[str, ...]:
        """Touch point ids left to right (the order the arrow keys walk)."""
        return tuple(i for g in self.groups for i in g.touch_point_ids)

    def group_of(self, touch_point_id: str) -> int:
        for n, g in enumerate(self.groups):
            if touch_point_id in g.touch_point_ids:
                return n
        raise KeyError(touch_point_id)


UNSTAGED_TITLE = "Not in a stage"


def grouped(
    stages: Sequence[Stage], touch_points: Sequence[TouchPoint]
) -> list[tuple[str | None, str, list[str]]]:
    """(stage id, title, touch point ids) per group, in the order they are shown."""
    by_stage: dict[str | None, list[str]] = {s.id: [] for s in stages}
    loose: list[str] = []
    for tp in touch_points:
        if tp.stage_id in by_stage:
            by_stage[tp.stage_id].append(tp.id)
        else:
            loose.append(tp.id)
    out: list[tuple[str | None, str, list[str]]] = [(s.id, s.name, by_stage[s.id]) for s in stages]
    if loose or not stages:
        out.append((None, UNSTAGED_TITLE, loose))
    return out


def journey_layout(
    stages: Sequence[Stage], touch_points: Sequence[TouchPoint], pending: Pending | None = None
) -> JourneyLayout:
    """The layout of one journey (see the module docstring)."""
    groups = grouped(stages, touch_points)
    if pending is not None and not any(g[0] == pending.stage_id for g in groups):
        groups.append((None, UNSTAGED_TITLE, []))
    cards: dict[str, Rect] = {}
    out: list[Group] = []
    pending_rect: Rect | None = None
    x = 0.0
    for stage_id, title, ids in groups:
        left = x
        slots: list[str | None] = list(ids)
        if pending is not None and pending.stage_id == stage_id:
            if pending.after_id in ids:
                slots.insert(ids.index(pending.after_id) + 1, None)
            else:
                slots.append(None)
        for slot in slots or [None]:
            rect = (x, CARDS_TOP, CARD_WIDTH, CARD_HEIGHT)
            if slot is not None:
                cards[slot] = rect
            elif slots:
                pending_rect = rect
            x += CARD_WIDTH + GAP
        width = x - GAP - left
        out.append(Group(stage_id, title, (left, 0.0, width, HEADER_HEIGHT), tuple(ids)))
        x += GROUP_GAP - GAP
    right = max(x - GROUP_GAP, CARD_WIDTH)
    return JourneyLayout(
        tuple(out), cards, pending_rect, (0.0, 0.0, right, CARDS_TOP + CARD_HEIGHT)
    )


def move_target(
    layout: JourneyLayout,
    journey: Sequence[str],
    touch_point_id: str,
    step: int,
) -> tuple[int, str | None, bool] | None:
    """Where Alt+Left (``step`` −1) or Alt+Right (+1) moves a touch point: (journey index,
    stage id, stage changes) for ``MoveTouchPoint``, or None at either end of the journey.
    Within its group it swaps with its neighbour; at a group's edge it crosses into the
    neighbouring group (as its last card going left, its first going right)."""
    g = layout.group_of(touch_point_id)
    ids = layout.groups[g].touch_point_ids
    here = ids.index(touch_point_id)
    i = journey.index(touch_point_id)
    neighbour = here + step
    if 0 <= neighbour < len(ids):
        j = journey.index(ids[neighbour])
        index = (j if j < i else j - 1) if step < 0 else (j + 1 if j < i else j)
        return index, layout.groups[g].stage_id, False
    target = g + step
    if not 0 <= target < len(layout.groups):
        return None
    group = layout.groups[target]
    if not group.touch_point_ids:
        return i, group.stage_id, True
    if step < 0:  # after the last card of the previous group
        j = journey.index(group.touch_point_ids[-1])
        return (j + 1 if j < i else j), group.stage_id, True
    j = journey.index(group.touch_point_ids[0])  # before the first card of the next group
    return (j if j < i else j - 1), group.stage_id, True


__all__ = [
    "CARDS_TOP",
    "CARD_HEIGHT",
    "CARD_WIDTH",
    "UNSTAGED_TITLE",
    "Group",
    "JourneyLayout",
    "Pending",
    "grouped",
    "journey_layout",
    "move_target",
]
