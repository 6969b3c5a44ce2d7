"""Net value figures: per stakeholder, what it gives set against what it gets back.

``net_figures(vmap)`` computes, in one pass over the flows, one ``NetFigures`` per
stakeholder in map order. *Gives* and *gets* are importance-weighted the way the model
defines it (``NetView``): the sum of the 1–5 importance of the stakeholder's ``provides``
and ``expects`` flows; *balance* is gives minus gets (positive: it gives more than it
gets). Ratings are optional and unrated flows are never counted as rated: *expectations
met* is how many ``expects`` flows are rated for "met today" out of how many there are,
with the plain mean of the rated steps (dead = 1 … alive = 5) and the *worst* rated step;
the mean and the worst are ``None`` while nothing is rated (a stakeholder with no
expectations included). Dependence is summarised the same way over ``provides`` flows.
The Net value panel, the card badges, ``svx info`` and the reports all read these figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from svx_desktop.model.elements import Direction, Flow, Stakeholder
from svx_desktop.model.health import Health

if TYPE_CHECKING:  # valuemap may import this module (for NetView): no import at run time
    from svx_desktop.model.valuemap import ValueMap


@dataclass(frozen=True)
class NetView:
    """One stakeholder's flows: what it provides set against what it expects
    (``ValueMap.net_view``)."""

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


@dataclass(frozen=True)
class NetFigures:
    """One stakeholder's net value figures (see the module docstring for each meaning)."""

    stakeholder_id: str
    gives: int = 0
    gets: int = 0
    provides: int = 0
    expects: int = 0
    met_rated: int = 0
    met_mean: float | None = None
    worst: Health | None = None
    dependence_rated: int = 0
    dependence_max: int | None = None

    @property
    def balance(self) -> int:
        """Importance given minus importance got back."""
        return self.gives - self.gets

    @property
    def has_flows(self) -> bool:
        return self.provides + self.expects > 0

    def as_json(self) -> dict[str, Any]:
        """The figures as plain JSON values (the ``net`` object of ``svx info --json``)."""
        return {
            "gives": self.gives,
            "gets": self.gets,
            "balance": self.balance,
            "expectations_rated": self.met_rated,
            "expectations_total": self.expects,
            "met_today_mean": None if self.met_mean is None else round(self.met_mean, 2),
            "worst_met_today": None if self.worst is None else self.worst.key,
            "dependence_rated": self.dependence_rated,
            "provides_total": self.provides,
            "dependence_max": self.dependence_max,
        }

    def describe(self) -> str:
        """The figures in words, one sentence each (for a tooltip or a text report)."""
        if not self.has_flows:
            return "No flows yet: it neither gives nor gets anything on this map."
        if self.balance > 0:
            lean = f"it gives {self.balance} more than it gets"
        elif self.balance < 0:
            lean = f"it gets {-self.balance} more than it gives"
        else:
            lean = "give and get are even"
        parts = [
            f"Gives {self.gives} ({_count(self.provides, 'flow')}), gets {self.gets} "
            f"({_count(self.expects, 'flow')}) by importance: {lean}."
        ]
        if self.expects:
            if self.worst is None or self.met_mean is None:
                parts.append(f"None of its {_count(self.expects, 'expectation')} is rated yet.")
            else:
                parts.append(
                    f"{self.met_rated} of {_count(self.expects, 'expectation')} rated, "
                    f"on average {self.met_mean:.1f} of 5; the worst is "
                    f"{self.worst.label.lower()} ({self.worst.meaning})."
                )
        return " ".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


class _Tally:
    """Running sums for one stakeholder while the flows are read."""

    __slots__ = ("dep_max", "dep_n", "expects", "gets", "gives", "met", "provides", "worst")

    def __init__(self) -> None:
        self.gives = self.gets = self.provides = self.expects = 0
        self.met: list[int] = []
        self.worst: Health | None = None
        self.dep_n = 0
        self.dep_max: int | None = None

    def add(self, f: Flow) -> None:
        if f.direction is Direction.PROVIDES:
            self.gives += f.importance
            self.provides += 1
            d = f.dependence
            if d is not None:
                self.dep_n += 1
                if self.dep_max is None or d > self.dep_max:
                    self.dep_max = d
            return
        self.gets += f.importance
        self.expects += 1
        m = f.met_today
        if m is not None:
            self.met.append(m)
            if self.worst is None or m < self.worst:
                self.worst = m

    def figures(self, stakeholder_id: str) -> NetFigures:
        met = self.met
        return NetFigures(
            stakeholder_id,
            gives=self.gives,
            gets=self.gets,
            provides=self.provides,
            expects=self.expects,
            met_rated=len(met),
            met_mean=sum(met) / len(met) if met else None,
            worst=self.worst,
            dependence_rated=self.dep_n,
            dependence_max=self.dep_max,
        )


def net_figures(vmap: ValueMap) -> tuple[NetFigures, ...]:
    """The net figures of every stakeholder, in the map's order (one pass over the flows)."""
    tallies = {s.id: _Tally() for s in vmap.stakeholders}
    for f in vmap.flows:
        tallies[f.stakeholder_id].add(f)
    return tuple(t.figures(sid) for sid, t in tallies.items())


def figures_of(vmap: ValueMap, stakeholder_id: str) -> NetFigures:
    """The net figures of one stakeholder (``ModelError`` if it does not exist)."""
    tally = _Tally()
    for f in vmap.flows_of(stakeholder_id):
        tally.add(f)
    return tally.figures(stakeholder_id)


__all__ = ["NetFigures", "NetView", "figures_of", "net_figures"]
