"""What is selected on the canvas, by kind: the one value every panel and command reads.

``MapScene.selection()`` returns a ``Selection``: the ids of the selected stakeholders,
flows and notes (in the scene's selection order) and whether the organisation is
selected. It is a frozen value, so a panel can keep it and compare it with the next one.
"""

from __future__ import annotations

from dataclasses import dataclass

from svx_desktop.model import ValueMap


@dataclass(frozen=True)
class Selection:
    """Ids of the selected elements by kind (see the module docstring)."""

    stakeholders: tuple[str, ...] = ()
    flows: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    organisation: bool = False

    @property
    def count(self) -> int:
        """How many things are selected (the organisation counts as one)."""
        return len(self.stakeholders) + len(self.flows) + len(self.notes) + int(self.organisation)

    @property
    def deletable(self) -> bool:
        """Whether anything but the organisation is selected."""
        return bool(self.stakeholders or self.flows or self.notes)

    def flow_target(self, vmap: ValueMap) -> str | None:
        """The stakeholder a new flow goes to: the one selected stakeholder, or the one
        owner of the selected flows (None when that is not one stakeholder)."""
        if len(self.stakeholders) == 1:
            return self.stakeholders[0]
        owners = {vmap.flow(f).stakeholder_id for f in self.flows if vmap.has_flow(f)}
        if not self.stakeholders and len(owners) == 1:
            return owners.pop()
        return None


__all__ = ["Selection"]
