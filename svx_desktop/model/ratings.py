"""A flow's one rating, whatever its direction: read, shown, set and kept consistent.

Each flow carries at most one rating, on a 1–5 scale, in the field of its direction:
``met_today`` (a ``Health`` step) for ``expects``, ``dependence`` for ``provides``. These
helpers let the canvas (digits with a flow selected), Properties and the Exchanges table
treat it as one number: ``rating_of`` reads it, ``rating_changes`` gives the changes for
``ValueMap.update_flow`` (or one ``EditElements``, which makes it one undo step) that set
or clear it, ``rating_text`` says it in words, and ``direction_changes`` flips a flow's
direction clearing the rating that would no longer fit, in the same changes.
"""

from __future__ import annotations

from typing import Any

from svx_desktop.model.elements import Direction, Flow
from svx_desktop.model.health import MAX_DEPENDENCE, MIN_DEPENDENCE, Health


def rating_field(direction: Direction) -> str:
    """The field that holds the rating of a flow of ``direction``."""
    return "met_today" if direction is Direction.EXPECTS else "dependence"


def rating_of(flow: Flow) -> int | None:
    """The flow's rating as 1–5 (for ``expects``: dead = 1 … alive = 5), None if unrated."""
    if flow.direction is Direction.EXPECTS:
        return None if flow.met_today is None else int(flow.met_today)
    return flow.dependence


def rating_changes(flow: Flow, step: int | None) -> dict[str, Any]:
    """The changes that rate ``flow`` ``step`` (1–5), or clear its rating (None).

    ``ValueError`` for a step outside 1–5 (a digit 0 or 6–9 typed on the canvas: the
    caller decides whether 0 clears).
    """
    if step is not None and (
        isinstance(step, bool)
        or not isinstance(step, int)
        or not MIN_DEPENDENCE <= step <= MAX_DEPENDENCE
    ):
        raise ValueError(f"a rating is 1 to 5, not {step!r}")
    field = rating_field(flow.direction)
    if field == "met_today":
        return {field: None if step is None else Health(step)}
    return {field: step}


def rating_text(flow: Flow) -> str:
    """The rating in words: "met today: dying", "dependence 4/5" or "unrated"."""
    if flow.direction is Direction.EXPECTS:
        met = flow.met_today
        return "unrated" if met is None else f"met today: {met.key}"
    return "unrated" if flow.dependence is None else f"dependence {flow.dependence}/5"


def direction_changes(flow: Flow, direction: Direction) -> dict[str, Any]:
    """The changes that give ``flow`` the direction ``direction``, for ``update_flow``.

    A rating belongs to one direction, so the one that would no longer fit is cleared in
    the same changes: one edit, and its undo (which restores every field it changed),
    stay consistent. The model refuses a direction change that leaves it in place.
    """
    changes: dict[str, Any] = {"direction": direction}
    if direction is Direction.PROVIDES and flow.met_today is not None:
        changes["met_today"] = None
    if direction is Direction.EXPECTS and flow.dependence is not None:
        changes["dependence"] = None
    return changes


__all__ = ["direction_changes", "rating_changes", "rating_field", "rating_of", "rating_text"]
