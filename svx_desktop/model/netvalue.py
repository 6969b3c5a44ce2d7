"""Net value: what one stakeholder provides set against what it expects.

``ValueMap.net_view(stakeholder_id)`` gives a ``NetView``; the net-value layer (balance,
how well expectations are met) builds on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from svx_desktop.model.elements import Flow, Stakeholder


@dataclass(frozen=True)
class NetView:
    """One stakeholder's net value: what it provides set against what it expects."""

    stakeholder: Stakeholder
    provides: tuple[Flow, ...]
    expects: tuple[Flow, ...]

    @property
    def provides_importance(self) -> int:
        return sum(f.importance for f in self.provides)

    @property
    def expects_importance(self) -> int:
        return sum(f.importance for f in self.expects)

    @property
    def balance(self) -> int:
        """Importance provided minus importance expected (positive: gives more than gets)."""
        return self.provides_importance - self.expects_importance


__all__ = ["NetView"]
