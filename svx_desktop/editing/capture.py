"""Apply quick-capture lines to a document: one undo step per line.

``apply_capture(document, line)`` reads the line (``svx_desktop.model.capture`` has the
syntax), finds the stakeholder by name ignoring case and spacing or creates it at the
next free place around the organisation (moving the others first when the map is
spread out to make room, ``model.placement.place_new``), and adds the flows it lists —
skipping any the stakeholder already has with the same label and direction. All of that
is pushed as one ``MacroCommand``, so one Undo takes the whole line back. A line naming
an existing stakeholder and nothing new changes nothing and pushes nothing (the UI just
selects it).

A line that cannot be read returns the parser's ``ParseError`` (shown inline by the
command bar); nothing is pushed then.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from svx_desktop.editing.commands import (
    AddElements,
    EditElements,
    MacroCommand,
    MapCommand,
    MoveElements,
)
from svx_desktop.editing.document import Document
from svx_desktop.model import Direction, Flow, ModelError, Stakeholder
from svx_desktop.model.capture import (
    CapturePlan,
    ParseError,
    find_stakeholder,
    parse_capture,
    same_label,
    stakeholder_names,
)
from svx_desktop.model.geometry import Size
from svx_desktop.model.guess import guess_value_kind
from svx_desktop.model.placement import place_new


def _clip(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class CaptureResult:
    """What one applied line did."""

    stakeholder_id: str
    created: bool
    #: Ids of the flows added, in the order the line listed them.
    flow_ids: tuple[str, ...]
    #: Labels not added because the stakeholder already had them (same direction).
    skipped: tuple[str, ...]
    category_changed: bool
    #: Whether an undo step was pushed (False when the line asked for nothing new).
    pushed: bool
    plan: CapturePlan


def build_capture_command(
    document: Document,
    plan: CapturePlan,
    *,
    sizes: Mapping[str, Size] | None = None,
) -> tuple[MapCommand | None, CaptureResult]:
    """The one command that carries out ``plan`` (None if there is nothing to do)."""
    vmap = document.map
    sid = find_stakeholder(vmap, plan.name)
    created = sid is None
    children: list[MapCommand] = []
    new_stakeholders: list[Stakeholder] = []
    category_changed = False
    if sid is None:
        place = place_new(vmap, sizes=sizes)
        move = MoveElements.to(vmap, place.moves)  # the map spread out to make room
        if move is not None:
            children.append(move)
        s = Stakeholder(
            name=plan.name,
            category=plan.category,
            position=place.positions[0],
        )
        sid = s.id
        new_stakeholders.append(s)
    elif plan.category_given and vmap.stakeholder(sid).category != plan.category:
        children.append(EditElements(vmap, "stakeholder", {sid: {"category": plan.category}}))
        category_changed = True

    existing = () if created else vmap.flows_of(sid)
    flows: list[Flow] = []
    skipped: list[str] = []
    for direction in (Direction.PROVIDES, Direction.EXPECTS):
        for label in plan.labels(direction):
            if any(f.direction is direction and same_label(f.label, label) for f in existing):
                skipped.append(label)
                continue
            flows.append(Flow(sid, direction, label, value_kind=guess_value_kind(label)))
    if new_stakeholders or flows:
        children.append(AddElements(vmap, new_stakeholders, flows))
    result = CaptureResult(
        stakeholder_id=sid,
        created=created,
        flow_ids=tuple(f.id for f in flows),
        skipped=tuple(skipped),
        category_changed=category_changed,
        pushed=bool(children),
        plan=plan,
    )
    if not children:
        return None, result
    name = plan.name if created else vmap.stakeholder(sid).name
    return MacroCommand(vmap, f"Capture “{_clip(name)}”", children), result


def apply_capture(
    document: Document,
    line: str,
    *,
    sizes: Mapping[str, Size] | None = None,
) -> CaptureResult | ParseError:
    """Carry out one quick-capture line as one undo step (see the module docstring).

    ``sizes`` (element id → (width, height)) lets the canvas pass real card sizes for
    finding the next free place.
    """
    plan = parse_capture(line, document.map.categories)
    if isinstance(plan, ParseError):
        return plan
    command, result = build_capture_command(document, plan, sizes=sizes)
    if command is not None:
        try:
            document.push(command)
        except ModelError as e:  # the parser keeps within the model's limits; belt and braces
            return ParseError(str(e))
    return result


def apply_capture_text(
    document: Document,
    text: str,
    *,
    sizes: Mapping[str, Size] | None = None,
) -> list[CaptureResult | ParseError]:
    """Apply several lines (a paste into the command bar), one undo step per line.

    Blank lines are skipped; a line that cannot be read gives its ``ParseError`` in the
    result and the other lines still apply.
    """
    return [
        apply_capture(document, line, sizes=sizes) for line in text.splitlines() if line.strip()
    ]


__all__ = [
    "CaptureResult",
    "apply_capture",
    "apply_capture_text",
    "build_capture_command",
    "stakeholder_names",
]
