"""The checks of the drill-down: what a stakeholder's journey leaves to challenge.

``run_checks`` (``model.checks``) calls ``journey_findings`` once per stakeholder, after
that stakeholder's own and its flows' findings. A stakeholder without a journey (no touch
point and no stage) gets none of these, so a map without journeys stays as silent as
before. The four checks:

- ``unserved-expectation``: an expectation of a stakeholder with a journey that no touch
  point serves (the promise has nowhere to be kept); about the flow.
- ``dead-moment``: a moment of truth rated dead today; about the touch point.
- ``no-channel``: a touch point with no channel (how does it happen?).
- ``no-owner``: a touch point's mechanism (named, or marked outsourced) with no owner.

Findings about a touch point name its stakeholder and the touch point, so clicking one
selects the stakeholder on the map.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from svx_desktop.model.elements import Direction, Flow, Stakeholder
from svx_desktop.model.health import Health

if TYPE_CHECKING:
    from svx_desktop.model.checks import Severity
    from svx_desktop.model.valuemap import ValueMap

Add = Callable[[str, tuple[str, ...], str, "Severity"], None]

#: The journey checks and what they look for (added to ``checks.CHECKS``).
JOURNEY_CHECKS: dict[str, str] = {
    "unserved-expectation": "an expectation no touch point serves (stakeholders with a journey)",
    "dead-moment": "a moment of truth rated dead today",
    "no-channel": "a touch point with no channel",
    "no-owner": "a touch point's mechanism with no owner",
}


def journey_findings(
    vmap: ValueMap,
    s: Stakeholder,
    expects: list[Flow],
    name: str,
    quoted: Callable[[str], str],
    add: Add,
) -> None:
    """Report the journey findings of stakeholder ``s`` (``name`` as messages show it)."""
    from svx_desktop.model.checks import Severity

    j = vmap.journeys
    journey = j.journey(s.id)
    if not journey and not j.stages(s.id):
        return
    served = {fid for tp in journey for fid in tp.serves}
    for f in expects:
        if f.direction is Direction.EXPECTS and f.id not in served:
            add(
                "unserved-expectation",
                (f.id,),
                f"no touch point of {name} serves its expectation {quoted(f.label)}: where "
                "along its journey is it met?",
                Severity.MEDIUM,
            )
    for tp in journey:
        point = quoted(tp.name)
        ids = (s.id, tp.id)
        if tp.moment_of_truth and tp.health is Health.DEAD:
            add(
                "dead-moment",
                ids,
                f"{point} is a moment of truth for {name} and it is dead today: "
                f"{Health.DEAD.meaning}",
                Severity.HIGH,
            )
        if not tp.channels:
            add(
                "no-channel",
                ids,
                f"{point} ({name}) has no channel: how does it happen?",
                Severity.LOW,
            )
        m = tp.mechanism
        if m is not None and not m.is_empty and not m.owner.strip():
            what = quoted(m.name) if m.name.strip() else "its mechanism"
            add(
                "no-owner",
                ids,
                f"{what} delivers {point} ({name}) but has no owner: who answers for it?",
                Severity.MEDIUM,
            )


__all__ = ["JOURNEY_CHECKS", "journey_findings"]
