"""``svx check FILE... [--json] [--all]``: what the facilitator should challenge, headless.

Runs ``model.checks.run_checks`` on each file and prints one line per finding,
``FILE: CHECK-ID: MESSAGE [KEY]`` (the key is what a map stores to dismiss it), or with
``--json`` one object ``{"files": [...]}`` with each file's findings. Checks a map has
dismissed are left out unless ``--all`` is given (then they are marked and do not count).
Exit codes: 0 nothing found in any file, 1 something found or a file could not be read
(``FILE: problem`` on stderr), 2 usage error, 3 internal error (both from ``cli.main``).
``cli.build_parser`` registers the command through ``add_check_command``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from svx_desktop.cli import (
    EXIT_INVALID,
    EXIT_OK,
    _err,
    _one_line,
    _problem_lines,
    _rename_source,
    add_files_command,
)
from svx_desktop.fileformat import LoadResult, SvxLoadError, load
from svx_desktop.model.checks import Finding, run_checks


def _load_reporting(path: str) -> tuple[LoadResult | None, list[str]]:
    """Load ``path``, printing warnings and problems to stderr; the problems are returned."""
    try:
        result = load(path)
    except SvxLoadError as e:
        problems = _problem_lines(e, path)
        for line in problems:
            _err(line)
        return None, problems
    source = Path(path).name or path
    for w in result.warnings:
        _err("warning: " + _rename_source(w, source, path))
    return result, []


def _file_report(path: str, include_dismissed: bool) -> tuple[dict[str, Any], bool]:
    """The JSON report of one file and whether it counts as "something found"."""
    result, problems = _load_reporting(path)
    if result is None:
        return {"file": path, "problems": problems, "findings": []}, True
    vmap = result.map
    dismissed = frozenset(vmap.meta.dismissed_checks)
    findings: list[Finding] = list(run_checks(vmap, () if include_dismissed else None))
    items = [{**f.as_json(), "dismissed": f.key in dismissed} for f in findings]
    live = sum(not item["dismissed"] for item in items)
    return (
        {
            "file": path,
            "format_version": result.file_version,
            "findings": items,
            "dismissed_checks": len(dismissed),
        },
        live > 0,
    )


def _cmd_check(args: argparse.Namespace) -> int:
    found = False
    reports: list[dict[str, Any]] = []
    for path in args.files:
        report, something = _file_report(path, args.all)
        found = found or something
        if args.json:
            reports.append(report)
            continue
        for item in report["findings"]:
            mark = " (dismissed)" if item["dismissed"] else ""
            line = f"{path}: {item['check']}: {item['message']} [{item['key']}]{mark}"
            sys.stdout.write(_one_line(line) + "\n")
    if args.json:
        text = json.dumps({"files": reports}, indent=2, sort_keys=True, ensure_ascii=False)
        sys.stdout.write(text + "\n")
    return EXIT_INVALID if found else EXIT_OK


def add_check_command(sub: Any) -> None:
    """Add ``check`` to the ``svx`` subcommands (``sub`` from ``add_subparsers``)."""
    p = add_files_command(
        sub,
        "check",
        _cmd_check,
        help="list what the facilitator should challenge; exit 1 if anything is found",
        description="Check maps for what a facilitator should challenge: stakeholders that "
        "only give or only get, dead expectations, empty or repeated labels, names from "
        "inside the organisation and more. One line per finding: FILE: CHECK: MESSAGE [KEY].",
    )
    p.add_argument("--json", action="store_true", help="print a JSON object instead of lines")
    p.add_argument(
        "--all", action="store_true", help="also list the checks a map has dismissed (marked)"
    )
