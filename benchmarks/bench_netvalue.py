"""Net value figures and checks on the generated 1,000/3,000 map, after load.

The map is ``bench_fileformat.generate_map`` with every third flow rated (``met_today``
on expectations, ``dependence`` on provides, all five steps), saved and loaded again, so
the rows see a map as the app holds it. **net figures** is ``model.netvalue.net_figures``
(the Net value panel and the card badges); **checks** is ``model.checks.run_checks`` (the
Checks panel and ``svx check`` after the load). Both are measured beside
``fileformat.dumps`` of the same map, one pass that reads every field of every element,
so the ratio says how many such passes each costs. Targets (issue 11): each < 50 ms, so
the panels can stay live while people type; net figures ≤ 1× and checks ≤ 2× a save.
"""

from __future__ import annotations

import time

from benchmarks import Row, best_pair_ms, row
from benchmarks.bench_fileformat import generate_map
from svx_desktop.fileformat import dumps, loads
from svx_desktop.model import Direction, Health, ValueMap
from svx_desktop.model.checks import run_checks
from svx_desktop.model.netvalue import net_figures

SIZE = (1_000, 3_000)
MAX_MS = 50.0
FIGURES_MAX_RATIO = 1.0
CHECKS_MAX_RATIO = 2.0
REPEAT = 15
MIN_TIME = 1.0
#: CPU time, as the file-format rows (a busy shared machine inflates wall time).
CLOCK = time.process_time


def rated_map(stakeholders: int, flows: int) -> ValueMap:
    """The generated map with every third flow rated, after a save and load."""
    vmap = generate_map(stakeholders, flows)
    for i, f in enumerate(vmap.flows):
        if i % 3 == 0:
            if f.direction is Direction.EXPECTS:
                vmap.update_flow(f.id, met_today=Health(1 + i % 5))
            else:
                vmap.update_flow(f.id, dependence=1 + i % 5)
    return loads(dumps(vmap)).map


def run() -> list[Row]:
    n_s, n_f = SIZE
    vmap = rated_map(n_s, n_f)
    size = f"{n_s:,}/{n_f:,}"
    rows: list[Row] = []
    for name, subject, max_ratio in (
        (f"net figures {size}", lambda: net_figures(vmap), FIGURES_MAX_RATIO),
        (f"checks {size}", lambda: run_checks(vmap), CHECKS_MAX_RATIO),
    ):
        ms, base = best_pair_ms(subject, lambda: dumps(vmap), REPEAT, MIN_TIME, CLOCK)
        rows.append(
            row(
                name,
                ms,
                baseline="save (dumps)",
                baseline_ms=base,
                max_ratio=max_ratio,
                max_ms=MAX_MS,
                note=f"{len(run_checks(vmap))} findings, CPU time"
                if name.startswith("checks")
                else "CPU time",
            )
        )
    return rows
