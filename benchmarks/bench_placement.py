"""Where N puts a new stakeholder (``model.placement.place_new``), on big and mid-size maps.

Rows (issue 9: N keeps the map legible, and stays quick on big maps):
- N on a generated 1,000-stakeholder / 3,000-flow map (past ``spots.MAX_TESTED``: the
  rings, untested), against ``free_positions`` with legibility off on the same map (the
  rings alone): ≤ 1.5× and < 100 ms;
- N on a 60-stakeholder map with three flows each, arranged (a gap has room: the places
  are tested, nothing moves) and as generated on crowded rings (illegible in many places:
  not spread out, and past ``spots.MAX_TESTED_CROWDED`` not searched), against Arrange
  keeping the order on the same map (``radial_layout(keep_order=True)``, the other way
  to make room): ≤ 1×;
- N on a map built by N to 20 stakeholders whose next card needs the map spread out
  (``model.respace``), against the same Arrange: ≤ 2×.
Times are this process's CPU time (a busy machine does not inflate them).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from benchmarks import Row, best_pair_ms, row
from benchmarks.bench_canvas import _LABELS, generate_map


def _compare(
    name: str,
    subject: Callable[[], object],
    baseline: tuple[str, Callable[[], object]],
    max_ratio: float,
    max_ms: float | None = None,
    note: str = "CPU time",
    repeat: int = 2,
) -> Row:
    ms, base = best_pair_ms(subject, baseline[1], repeat=repeat, clock=time.process_time)
    return row(
        name,
        ms,
        baseline=baseline[0],
        baseline_ms=base,
        max_ratio=max_ratio,
        max_ms=max_ms,
        note=note,
    )


def _bench_big(stakeholders: int) -> Row:
    from svx_desktop.model.placement import free_positions, place_new

    vmap = generate_map(stakeholders)
    return _compare(
        f"N on a {stakeholders:,}/{3 * stakeholders:,} map",
        lambda: place_new(vmap),
        ("the rings alone", lambda: free_positions(vmap, legible=False)),
        max_ratio=1.5,
        max_ms=100,
        repeat=10,  # ~10 ms each: two samples are at the mercy of one preemption
    )


def _versus_arrange(name: str, vmap: Any, max_ratio: float) -> Row:
    from svx_desktop.model.layout import radial_layout
    from svx_desktop.model.placement import place_new

    moved = len(place_new(vmap).moves)
    return _compare(
        name,
        lambda: place_new(vmap),
        ("Arrange keeping order", lambda: radial_layout(vmap, keep_order=True)),
        max_ratio=max_ratio,
        note=f"CPU time; {moved} moved",
    )


def _built_by_n(stakeholders: int) -> Any:
    """A map built by N, each new stakeholder given two flows each way."""
    from svx_desktop.model import Direction, Flow, Organisation, Stakeholder, ValueMap
    from svx_desktop.model.placement import place_new

    vmap = ValueMap(Organisation(name="Built by N"))
    for i in range(stakeholders):
        placement = place_new(vmap)
        vmap.set_positions(placement.moves)
        s = Stakeholder(f"Stakeholder {i + 1}", position=placement.positions[0])
        vmap.add_stakeholder(s)
        for direction in (*Direction, *Direction):
            vmap.add_flow(Flow(s.id, direction, _LABELS[i % len(_LABELS)]))
    return vmap


def run() -> list[Row]:
    from svx_desktop.model.layout import radial_layout

    arranged = generate_map(60)
    arranged.set_positions(radial_layout(arranged))
    return [
        _bench_big(1000),
        _versus_arrange("N on an arranged 60-stakeholder map", arranged, 1.0),
        _versus_arrange("N on a crowded 60-stakeholder map", generate_map(60), 1.0),
        _versus_arrange("N spreading out a 20-stakeholder map", _built_by_n(20), 2.0),
    ]


if __name__ == "__main__":  # pragma: no cover
    for r in run():
        print(r)
