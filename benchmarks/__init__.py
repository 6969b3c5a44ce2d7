"""Performance benchmarks, run with ``python -m benchmarks`` (``make bench``).

Each module ``benchmarks/bench_*.py`` defines ``run() -> list[dict]``; every dict is one
row of the table (see ``benchmarks/__main__.py`` for the keys). Times are reported beside
a baseline measured in the same process, so the verdicts hold on slow and fast machines.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

Row = dict[str, Any]


def best_ms(fn: Callable[[], object], repeat: int = 5, min_time: float = 0.0) -> float:
    """Best wall time of ``fn()`` in milliseconds over ``repeat`` runs (at least one).

    Keeps repeating past ``repeat`` until ``min_time`` seconds have been spent, so very
    short operations get enough samples. The garbage collector runs between samples,
    not inside them.
    """
    best = float("inf")
    spent = 0.0
    runs = 0
    while runs < max(repeat, 1) or spent < min_time:
        gc.collect()
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        spent += elapsed
        best = min(best, elapsed)
        runs += 1
        if runs > 10_000:
            break
    return best * 1000.0


def best_pair_ms(
    subject: Callable[[], object],
    baseline: Callable[[], object],
    repeat: int = 5,
    min_time: float = 0.0,
    clock: Callable[[], float] = time.perf_counter,
) -> tuple[float, float]:
    """Best times in ms of ``subject()`` and ``baseline()``, sampled alternately.

    Alternating keeps both under the same conditions (other processes, CPU clock), so
    their ratio stays steady on a busy machine. ``min_time`` counts both. ``clock`` is
    wall time by default; pass ``time.process_time`` to count only this process's CPU
    time, which a busy machine does not inflate (on an idle one the two agree).
    """
    best_s = best_b = float("inf")
    spent = 0.0
    runs = 0
    while runs < max(repeat, 1) or spent < min_time:
        for fn, is_subject in ((baseline, False), (subject, True)):
            gc.collect()
            start = clock()
            fn()
            elapsed = clock() - start
            spent += elapsed
            if is_subject:
                best_s = min(best_s, elapsed)
            else:
                best_b = min(best_b, elapsed)
        runs += 1
        if runs > 10_000:
            break
    return best_s * 1000.0, best_b * 1000.0


def row(
    name: str,
    ms: float,
    *,
    baseline: str | None = None,
    baseline_ms: float | None = None,
    max_ratio: float | None = None,
    max_ms: float | None = None,
    note: str = "",
) -> Row:
    """A table row with its verdict: ``ratio ≤ max_ratio`` and ``ms < max_ms`` where given."""
    ratio = ms / baseline_ms if baseline_ms else None
    targets: list[str] = []
    ok = True
    if max_ratio is not None:
        targets.append(f"≤ {max_ratio:g}×")
        ok = ok and ratio is not None and ratio <= max_ratio
    if max_ms is not None:
        targets.append(f"< {max_ms:g} ms")
        ok = ok and ms < max_ms
    return {
        "name": name,
        "ms": ms,
        "baseline": baseline,
        "baseline_ms": baseline_ms,
        "ratio": ratio,
        "target": ", ".join(targets) or "-",
        "ok": ok,
        "note": note,
    }
