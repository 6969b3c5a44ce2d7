"""Run every ``benchmarks/bench_*.py`` and print one table: ``python -m benchmarks``.

Usage: ``python -m benchmarks [NAME ...] [--json]``. NAME picks modules by substring
(``python -m benchmarks fileformat``). A module contributes rows through ``run()``; each
row is a dict with the keys ``name``, ``ms`` (measured), ``baseline`` and ``baseline_ms``
(measured in the same process, or None), ``ratio`` (ms / baseline_ms, computed when
missing), ``target`` (text) and ``ok`` (bool), and optionally ``note``. The exit code is 0
when every row meets its target, 1 otherwise (or when a module fails to run).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import platform
import sys
import time
import traceback
from pathlib import Path
from typing import Any

import benchmarks

# Every benchmark runs headless, whichever runs first or alone (``-m benchmarks journey``).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

COLUMNS = ("benchmark", "ms", "baseline", "base ms", "ratio", "target", "result", "note")


def discover(patterns: list[str]) -> list[str]:
    """Module names of ``benchmarks/bench_*.py`` matching any pattern (all when none)."""
    names = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(benchmarks.__file__).parent)])
        if m.name.startswith("bench_")
    )
    if patterns:
        names = [n for n in names if any(p in n for p in patterns)]
    return names


def _normalise(module: str, r: dict[str, Any]) -> dict[str, Any]:
    out = {
        "module": module,
        "name": str(r.get("name", "?")),
        "ms": float(r["ms"]) if r.get("ms") is not None else None,
        "baseline": r.get("baseline"),
        "baseline_ms": float(r["baseline_ms"]) if r.get("baseline_ms") is not None else None,
        "ratio": r.get("ratio"),
        "target": str(r.get("target", "-")),
        "ok": bool(r.get("ok", False)),
        "note": str(r.get("note", "")),
    }
    if out["ratio"] is None and out["ms"] is not None and out["baseline_ms"]:
        out["ratio"] = out["ms"] / out["baseline_ms"]
    return out


def _ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def format_table(rows: list[dict[str, Any]]) -> str:
    cells = [
        [
            r["name"],
            _ms(r["ms"]),
            r["baseline"] or "-",
            _ms(r["baseline_ms"]),
            f"{r['ratio']:.2f}×" if r["ratio"] is not None else "-",
            r["target"],
            "pass" if r["ok"] else "FAIL",
            r["note"],
        ]
        for r in rows
    ]
    widths = [max(len(c[i]) for c in [list(COLUMNS), *cells]) for i in range(len(COLUMNS))]
    numeric = {1, 3, 4}

    def line(values: list[str]) -> str:
        parts = [
            v.rjust(w) if i in numeric else v.ljust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    out = [line(list(COLUMNS)), line(["-" * w for w in widths])]
    module = None
    for r, c in zip(rows, cells, strict=True):
        if r["module"] != module and module is not None:
            out.append("")
        module = r["module"]
        out.append(line(c))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help="run modules matching NAME")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)

    modules = discover(args.names)
    if not modules:
        print("no benchmark modules match", file=sys.stderr)
        return 2
    rows: list[dict[str, Any]] = []
    failed_modules: list[str] = []
    started = time.perf_counter()
    for name in modules:
        if not args.json:
            print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            rows.extend(_normalise(name, r) for r in module.run())
        except Exception:
            failed_modules.append(name)
            print(f"{name} failed:\n{traceback.format_exc()}", file=sys.stderr)
    elapsed = time.perf_counter() - started
    ok = all(r["ok"] for r in rows) and not failed_modules
    if args.json:
        print(json.dumps({"rows": rows, "failed_modules": failed_modules, "ok": ok}, indent=2))
    else:
        print(
            f"Python {platform.python_version()} on {platform.machine()}, "
            f"{len(rows)} rows in {elapsed:.1f} s; best-of-N times in ms (wall unless noted)"
        )
        print()
        print(format_table(rows))
        print()
        failed = [r["name"] for r in rows if not r["ok"]]
        if failed or failed_modules:
            print(
                f"{len(failed)} below target: {', '.join(failed) or '-'}"
                + (f"; modules failed: {', '.join(failed_modules)}" if failed_modules else "")
            )
        else:
            print("all targets met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
