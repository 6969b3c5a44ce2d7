"""Load and save of generated maps against plain ``json.loads``/``json.dumps``.

Sizes (stakeholders/flows): 100/300, 1,000/3,000 and 5,000/15,000. ``load`` is
``fileformat.loads`` of the saved bytes, measured beside ``json.loads`` of the same bytes;
``save`` is ``fileformat.dumps`` of the map, beside ``json.dumps`` of the same document
object (``to_document``). Targets (issue 2): load ≤ 5× and save ≤ 3× plain json at every
size, and both under 100 ms at 1,000/3,000.
"""

from __future__ import annotations

import json
import math
import random
import time

from benchmarks import Row, best_pair_ms, row
from svx_desktop.fileformat import dumps, loads, to_document
from svx_desktop.model import (
    BUILTIN_CATEGORIES,
    Direction,
    Flow,
    MapMeta,
    Organisation,
    Stakeholder,
    ValueKind,
    ValueMap,
)

SIZES = ((100, 300), (1_000, 3_000), (5_000, 15_000))
LOAD_MAX_RATIO = 5.0
SAVE_MAX_RATIO = 3.0
MAX_MS_AT = (1_000, 3_000)
MAX_MS = 100.0
#: Seconds each size spends at least on each measurement (both runs together).
MIN_TIME = 1.0
#: CPU time of this process: on a shared, busy machine wall time mostly measures the
#: other processes (a 100 ms load is always preempted when more tasks than cores run),
#: while CPU time stays the cost of the work itself. On an idle machine they agree.
CLOCK = time.process_time

_WORDS = (
    "deposits",
    "interest",
    "capital",
    "growth",
    "licence",
    "compliance",
    "stability",
    "trust",
    "reputation",
    "payment",
    "on",
    "time",
    "skills",
    "salary",
    "career",
    "local",
    "jobs",
    "data",
    "privacy",
    "support",
    "advice",
    "fees",
    "orders",
    "materials",
    "permits",
    "reporting",
    "goodwill",
    "sponsorship",
    "volunteers",
    "grants",
)


def generate_map(stakeholders: int, flows: int, seed: int = 1) -> ValueMap:
    """A map of ``stakeholders`` on a spiral around the organisation and ``flows`` among them."""
    rnd = random.Random(seed)
    vmap = ValueMap(
        Organisation(name="Generated organisation", description="A benchmark map."),
        MapMeta(title=f"Generated {stakeholders}/{flows}", facilitator="bench"),
    )
    categories = [c.id for c in BUILTIN_CATEGORIES]
    ids: list[str] = []
    for i in range(stakeholders):
        angle = i * 0.4
        radius = 420.0 + 6.0 * i
        s = Stakeholder(
            f"Stakeholder {i} {rnd.choice(_WORDS)}",
            category=rnd.choice(categories),
            position=(round(radius * math.cos(angle), 2), round(radius * math.sin(angle), 2)),
            notes="" if i % 3 else f"Said in workshop {i % 7}: {' '.join(rnd.sample(_WORDS, 6))}",
        )
        vmap.add_stakeholder(s)
        ids.append(s.id)
    kinds = list(ValueKind)
    for j in range(flows):
        vmap.add_flow(
            Flow(
                ids[j % stakeholders] if j < stakeholders else rnd.choice(ids),
                Direction.PROVIDES if j % 2 == 0 else Direction.EXPECTS,
                " ".join(rnd.sample(_WORDS, 3)),
                value_kind=rnd.choice(kinds),
                importance=rnd.randint(1, 5),
                notes="" if j % 5 else "to discuss",
            )
        )
    return vmap


def _repeats(stakeholders: int) -> int:
    return 30 if stakeholders <= 100 else 15 if stakeholders <= 1_000 else 7


def run() -> list[Row]:
    rows: list[Row] = []
    for n_s, n_f in SIZES:
        vmap = generate_map(n_s, n_f)
        data = dumps(vmap)
        doc = to_document(vmap)
        repeat = _repeats(n_s)
        size = f"{n_s:,}/{n_f:,}"
        max_ms = MAX_MS if (n_s, n_f) == MAX_MS_AT else None
        note = f"{len(data) / 1e6:.2f} MB, CPU time"

        svx_load, json_load = best_pair_ms(
            lambda data=data: loads(data),
            lambda data=data: json.loads(data),
            repeat,
            MIN_TIME,
            CLOCK,
        )
        rows.append(
            row(
                f"load {size}",
                svx_load,
                baseline="json.loads",
                baseline_ms=json_load,
                max_ratio=LOAD_MAX_RATIO,
                max_ms=max_ms,
                note=note,
            )
        )

        svx_save, json_save = best_pair_ms(
            lambda vmap=vmap: dumps(vmap),
            lambda doc=doc: json.dumps(doc),
            repeat,
            MIN_TIME,
            CLOCK,
        )
        rows.append(
            row(
                f"save {size}",
                svx_save,
                baseline="json.dumps",
                baseline_ms=json_save,
                max_ratio=SAVE_MAX_RATIO,
                max_ms=max_ms,
                note=note,
            )
        )
    return rows
