"""A stakeholder with a long journey: loading the map and building its journey data.

The map is the bundled bank example whose *Personal customers* get a generated journey
of ``TOUCH_POINTS`` (200) touch points over five stages, each with one to three channels
(the map's own *Branch* among them), the expectations it serves, a health, and a
mechanism with an owner, and a charter drafted from it. **load** is ``fileformat.loads``
of the saved bytes beside ``json.loads`` of the same bytes (the file-format rows'
baseline; target ≤ 5× as there, and < 50 ms). **journey data** is what a journey view,
the channel view, the grid and the Checks panel read from the loaded map: the journey and
its stages grouped, every touch point's channel names and served labels, the worst
health, ``coverage.channel_grid``, the journey's CSV rows and ``run_checks``; beside
``fileformat.dumps`` of the same map (one pass over every field; target ≤ 1× and
< 20 ms, so the views can rebuild on every edit). The GUI adds "open the journey view ≤
200 ms" in its own benchmark. CPU time, as the file-format rows.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

from benchmarks import Row, best_pair_ms, row
from svx_desktop.export.journeys import journey_rows
from svx_desktop.fileformat import dumps, load, loads
from svx_desktop.model import Direction, Health, ValueMap
from svx_desktop.model.checks import run_checks
from svx_desktop.model.coverage import channel_grid, draft_charter
from svx_desktop.model.journey_elements import Initiator, Mechanism, Sourcing, Stage, TouchPoint

BANK = Path(__file__).resolve().parents[1] / "resources" / "examples" / "bank.svx"
TOUCH_POINTS = 200
STAGES = ("Discover", "Join", "Use", "Get help", "Leave")
LOAD_MAX_RATIO = 5.0
LOAD_MAX_MS = 50.0
DATA_MAX_RATIO = 1.0
DATA_MAX_MS = 20.0
REPEAT = 15
MIN_TIME = 1.0
CLOCK = time.process_time


def long_journey_map(points: int = TOUCH_POINTS, seed: int = 1) -> ValueMap:
    """The bank example with a generated journey of ``points`` touch points for its
    personal customers (replacing the worked one), saved and loaded again."""
    rnd = random.Random(seed)
    vmap = load(BANK).map
    sid = next(s.id for s in vmap.stakeholders if s.name == "Personal customers")
    vmap.journeys.take_stakeholder(sid)
    stages = [Stage(sid, name) for name in STAGES]
    expects = [f.id for f in vmap.flows_of(sid, Direction.EXPECTS)]
    channels = [c.id for c in vmap.journeys.channels]
    touch_points = [
        TouchPoint(
            sid,
            f"Touch point {i}",
            stage_id=stages[i * len(stages) // points].id,
            channels=tuple(rnd.sample(channels, rnd.randint(1, 3))),
            initiator=rnd.choice(list(Initiator)),
            serves=tuple(rnd.sample(expects, rnd.randint(0, len(expects)))),
            experience="What the customer should feel here, in their own words.",
            health=rnd.choice([*Health, None]),
            moment_of_truth=i % 25 == 0,
            mechanism=Mechanism(f"Mechanism {i % 17}", rnd.choice(list(Sourcing)), "An owner"),
        )
        for i in range(points)
    ]
    vmap.journeys.add_all(stages=stages, touch_points=touch_points)
    vmap.journeys.set_charter(draft_charter(vmap, sid))
    return loads(dumps(vmap)).map


def journey_data(vmap: ValueMap, sid: str) -> object:
    """What the journey views read from the map (see the module docstring)."""
    j = vmap.journeys
    by_stage: dict[str | None, list[tuple[str, list[str], list[str]]]] = {
        st.id: [] for st in j.stages(sid)
    }
    for tp in j.journey(sid):
        by_stage.setdefault(tp.stage_id, []).append(
            (
                tp.name,
                [j.channel(c).name for c in tp.channels],
                [vmap.flow(f).label for f in tp.serves],
            )
        )
    return (
        by_stage,
        j.worst_health(sid),
        channel_grid(vmap),
        list(journey_rows(vmap)),
        run_checks(vmap),
    )


def run() -> list[Row]:
    vmap = long_journey_map()
    data = dumps(vmap)
    sid = vmap.journeys.stakeholders_with_journeys()[0]
    assert len(vmap.journeys.journey(sid)) == TOUCH_POINTS
    note = f"{TOUCH_POINTS} touch points, {len(data) / 1e3:.0f} kB, CPU time"
    svx_load, json_load = best_pair_ms(
        lambda: loads(data), lambda: json.loads(data), REPEAT, MIN_TIME, CLOCK
    )
    built, saved = best_pair_ms(
        lambda: journey_data(vmap, sid), lambda: dumps(vmap), REPEAT, MIN_TIME, CLOCK
    )
    return [
        row(
            f"load, journey of {TOUCH_POINTS}",
            svx_load,
            baseline="json.loads",
            baseline_ms=json_load,
            max_ratio=LOAD_MAX_RATIO,
            max_ms=LOAD_MAX_MS,
            note=note,
        ),
        row(
            f"journey data of {TOUCH_POINTS}",
            built,
            baseline="fileformat.dumps",
            baseline_ms=saved,
            max_ratio=DATA_MAX_RATIO,
            max_ms=DATA_MAX_MS,
            note=note,
        ),
    ]
