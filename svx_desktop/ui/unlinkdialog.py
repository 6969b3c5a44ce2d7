"""Asking before an expectation that touch points or promises serve is deleted.

``confirm_flow_removal(parent, vmap, flow_ids, stakeholder_ids)`` counts the touch points
and charter promises that serve the flows about to go (those of stakeholders that stay:
a deleted stakeholder takes its journey and charter with it) and, when there are any, asks
"Delete / Cancel" naming how many lose the link. Deleting then unlinks them in the same
undo step (``RemoveElements`` does it), so the file never keeps a dangling link and undo
links them again. Nothing served: nothing is asked.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QMessageBox, QWidget

from svx_desktop.model import ValueMap
from svx_desktop.ui import dialogs


def links_lost(
    vmap: ValueMap, flow_ids: Iterable[str], stakeholder_ids: Iterable[str] = ()
) -> tuple[int, int]:
    """(touch points, promises) that serve the flows and would lose the link."""
    leaving = set(stakeholder_ids)
    j = vmap.journeys
    points: set[str] = set()
    promises: set[str] = set()
    for fid in flow_ids:
        if not vmap.has_flow(fid):
            continue
        sid = vmap.flow(fid).stakeholder_id
        if sid in leaving:
            continue
        points.update(tp.id for tp in j.serving(fid))
        charter = j.charter(sid)
        if charter is not None:
            promises.update(p.id for p in charter.promises if p.serves == fid)
    return len(points), len(promises)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def confirm_flow_removal(
    parent: QWidget | None,
    vmap: ValueMap,
    flow_ids: Iterable[str],
    stakeholder_ids: Iterable[str] = (),
) -> bool:
    """True to go on with the delete (nothing served, or the user chose Delete)."""
    flow_ids = list(flow_ids)
    points, promises = links_lost(vmap, flow_ids, stakeholder_ids)
    if not (points or promises):
        return True
    parts = [_count(points, "touch point")] if points else []
    if promises:
        parts.append(_count(promises, "charter promise"))
    served = [vmap.flow(f).label for f in flow_ids if vmap.has_flow(f)]
    what = f"“{served[0]}”" if len(served) == 1 else _count(len(served), "flow")
    verb = "loses its" if points + promises == 1 else "lose their"
    buttons = QMessageBox.StandardButton
    return dialogs.choose(
        parent,
        "Delete Expectation",
        f"Delete {what}?",
        f"{' and '.join(parts)} {verb} link to it. Undo brings the link back.",
        [(buttons.Ok, "Delete", True), (buttons.Cancel, "Cancel", False)],
        icon=QMessageBox.Icon.Question,
        default=1,
    )


__all__ = ["confirm_flow_removal", "links_lost"]
