"""Headless command line: ``svx validate|info|check|new|templates|export|import|serve`` (no Qt).

Exit codes: 0 success; 1 a file is invalid or cannot be read or written; 2 usage error
(unknown command or option, unknown template); 3 an internal error (a bug: the message
says so, and no traceback is printed); 130 interrupted. Problems go to stderr, one line
each, as ``FILE: LOCATION: MESSAGE``; repairs made while loading are printed as
``warning: ...`` and do not fail a command.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from svx_desktop import __version__
from svx_desktop.fileformat import (
    CURRENT_VERSION,
    LoadResult,
    SvxLoadError,
    SvxSaveError,
    load,
    save,
)
from svx_desktop.fileformat.serialize import flow_values
from svx_desktop.fileformat.templates import list_templates, load_template, template_names
from svx_desktop.model import Direction, Flow, ValueKind, ValueMap
from svx_desktop.model.netvalue import net_figures

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


class _UsageError(Exception):
    """A usage problem found after parsing (e.g. an unknown template name)."""


class _ArgumentParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` that raises instead of exiting, so ``main`` returns a code."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.format_usage()}{self.prog}: error: {message}")


def _one_line(text: str) -> str:
    """Text made safe for one line of terminal output (control characters become spaces)."""
    return "".join(" " if (ord(ch) < 32 or ord(ch) == 127) else ch for ch in text)


def _err(line: str) -> None:
    print(_one_line(line), file=sys.stderr)


def _problem_lines(e: SvxLoadError, name: str) -> list[str]:
    """One ``FILE: LOCATION: MESSAGE`` line per problem in a load error."""
    problems: list[tuple[str, str]] | None = getattr(e, "problems", None)
    if not problems:
        problems = [(e.location, e.message)]
    return [f"{name}: {loc}: {msg}" if loc else f"{name}: {msg}" for loc, msg in problems]


def _rename_source(line: str, source: str, name: str) -> str:
    if source != name and line.startswith(source + ":"):
        return name + line[len(source) :]
    return line


def refuse_output(output: str, force: bool) -> bool:
    """True, after saying why, when the map ``output`` is a folder or exists without ``force``."""
    out = Path(output)
    if out.is_dir():
        _err(f"{output}: is a folder; give a file name such as {out / 'map.svx'}")
        return True
    if out.exists() and not force:
        _err(f"{output}: already exists; use --force to overwrite it")
        return True
    return False


def add_files_command(
    sub: Any,
    name: str,
    handler: Callable[[argparse.Namespace], int],
    help: str,
    description: str,
    files_help: str | None = None,
) -> argparse.ArgumentParser:
    """A subcommand ``name`` run by ``handler`` on one or more FILEs (``sub`` comes from
    ``add_subparsers``); the caller adds its options to the parser returned."""
    p: argparse.ArgumentParser = sub.add_parser(name, help=help, description=description)
    p.add_argument("files", nargs="+", metavar="FILE", help=files_help)
    p.set_defaults(handler=handler)
    return p


def _load(path: str) -> LoadResult | None:
    """Load ``path``; print its warnings, or its problems and return None."""
    source = Path(path).name or path
    try:
        result = load(path)
    except SvxLoadError as e:
        for line in _problem_lines(e, path):
            _err(line)
        return None
    for w in result.warnings:
        _err("warning: " + _rename_source(w, source, path))
    return result


# ------------------------------------------------------------------ validate
def _cmd_validate(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for path in args.files:
        result = _load(path)
        if result is None:
            status = EXIT_INVALID
        elif not args.quiet:
            print(_one_line(f"{path}: ok ({_counted(result.map)})"))
    return status


def _counted(vmap: ValueMap) -> str:
    """What a map holds, in words: stakeholders and flows, then journeys where it has any."""
    parts = [f"{len(vmap.stakeholders)} stakeholders", f"{len(vmap.flows)} flows"]
    touch_points = len(vmap.journeys.touch_points)
    if touch_points:
        parts.append(f"{touch_points} touch point{'' if touch_points == 1 else 's'}")
    charters = len(vmap.journeys.charters)
    if charters:
        parts.append(f"{charters} charter{'' if charters == 1 else 's'}")
    return ", ".join(parts)


# ---------------------------------------------------------------------- info
def _flow_json(f: Flow) -> dict[str, Any]:
    return {"id": f.id, **flow_values(f)}


def info_document(
    vmap: ValueMap, file: str = "", file_version: int = CURRENT_VERSION
) -> dict[str, Any]:
    """The object ``svx info --json`` prints (keys are stable; new keys may be added)."""
    flows = vmap.flows
    provides = sum(1 for f in flows if f.direction is Direction.PROVIDES)
    stakeholders = []
    figures = net_figures(vmap)
    for s, figure in zip(vmap.stakeholders, figures, strict=True):
        net = vmap.net_view(s.id)
        stakeholders.append(
            {
                "id": s.id,
                "name": s.name,
                "category": s.category,
                "category_name": vmap.category(s.category).name,
                "provides": [_flow_json(f) for f in net.provides],
                "expects": [_flow_json(f) for f in net.expects],
                "provides_importance": net.provides_importance,
                "expects_importance": net.expects_importance,
                "balance": net.balance,
                "net": figure.as_json(),
            }
        )
    m, o = vmap.meta, vmap.organisation
    return {
        "file": file,
        "format_version": file_version,
        "title": m.title,
        "facilitator": m.facilitator,
        "workshop_date": m.workshop_date,
        "created": m.created,
        "modified": m.modified,
        "organisation": {"id": o.id, "name": o.name, "description": o.description},
        "counts": {
            "stakeholders": len(vmap.stakeholders),
            "flows": len(flows),
            "provides": provides,
            "expects": len(flows) - provides,
            "notes": len(vmap.notes),
            "own_categories": len(vmap.own_categories),
            "touch_points": len(vmap.journeys.touch_points),
            "stages": len(vmap.journeys.all_stages),
            "charters": len(vmap.journeys.charters),
        },
        "stakeholders": stakeholders,
    }


def _flow_text(f: dict[str, Any]) -> str:
    kind = ValueKind(f["value_kind"]).label.lower()
    rating = f", met today: {f['met_today']}" if f["met_today"] else ""
    rating += f", dependence {f['dependence']}" if f["dependence"] else ""
    return f"{f['label'] or '(no label)'} [{kind}, importance {f['importance']}{rating}]"


def _net_text(n: dict[str, Any]) -> str:
    total, worst = n["expectations_total"], n["worst_met_today"]
    met = f"{n['expectations_rated']} of {total} expectations rated" if total else "no expectations"
    met += f", worst {worst}" if worst else ""
    return f"gives {n['gives']}, gets {n['gets']} (balance {n['balance']:+d}); {met}"


def _write_info_text(doc: dict[str, Any], out: TextIO) -> None:
    c = doc["counts"]

    def line(text: str = "") -> None:
        out.write(_one_line(text) + "\n")

    line(doc["file"])
    line(f"  Title:        {doc['title'] or '(untitled)'}")
    line(f"  Facilitator:  {doc['facilitator'] or '-'}")
    if doc["workshop_date"]:
        line(f"  Workshop:     {doc['workshop_date']}")
    line(f"  Organisation: {doc['organisation']['name']}")
    line(
        f"  Counts:       {c['stakeholders']} stakeholders, {c['flows']} flows "
        f"({c['provides']} provides, {c['expects']} expects), "
        f"{c['notes']} note{'' if c['notes'] == 1 else 's'}"
    )
    if c["touch_points"] or c["charters"]:
        line(
            f"  Journeys:     {c['touch_points']} touch points in {c['stages']} stages, "
            f"{c['charters']} charter{'' if c['charters'] == 1 else 's'}"
        )
    line(f"  Format:       version {doc['format_version']}")
    if not doc["stakeholders"]:
        return
    line()
    line("Stakeholders")
    for s in doc["stakeholders"]:
        line(f"  {s['name'] or '(no name)'} ({s['category_name']})")
        provides = ", ".join(map(_flow_text, s["provides"])) or "-"
        expects = ", ".join(map(_flow_text, s["expects"])) or "-"
        line(f"    provides: {provides}")
        line(f"    expects:  {expects}")
        line(f"    net:      {_net_text(s['net'])}")


def _cmd_info(args: argparse.Namespace) -> int:
    result = _load(args.file)
    if result is None:
        return EXIT_INVALID
    doc = info_document(result.map, args.file, result.file_version)
    if args.json:
        sys.stdout.write(json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    else:
        _write_info_text(doc, sys.stdout)
    return EXIT_OK


# ----------------------------------------------------------------------- new
def _cmd_new(args: argparse.Namespace) -> int:
    names = template_names()
    if args.template not in names:
        raise _UsageError(
            f"svx new: error: unknown template {args.template!r} (choose from: {', '.join(names)})"
        )
    out = Path(args.output)
    if refuse_output(args.output, args.force):
        return EXIT_INVALID
    vmap = load_template(args.template)
    if args.title is not None:
        vmap.update_meta(title=args.title)
    if args.organisation is not None:
        vmap.update_organisation(name=args.organisation)
    try:
        save(vmap, out, replace_read_only=args.force)
    except SvxSaveError as e:
        _err(str(e))
        return EXIT_INVALID
    if not args.quiet:
        print(
            _one_line(
                f"{args.output}: new map from template {args.template!r} "
                f"({len(vmap.stakeholders)} stakeholders, {len(vmap.flows)} flows)"
            )
        )
    return EXIT_OK


# ----------------------------------------------------------------- templates
def _cmd_templates(args: argparse.Namespace) -> int:
    rows = list_templates()
    width = max((len(name) for name, _, _ in rows), default=0)
    for name, title, description in rows:
        text = f"{title}: {description}" if description else title
        print(_one_line(f"{name.ljust(width)}  {text}"))
    return EXIT_OK


# ---------------------------------------------------------------------- main
def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``svx`` (exposed for documentation and tests)."""
    parser = _ArgumentParser(
        prog="svx",
        description="Check, inspect and create SVX stakeholder net value exchange maps "
        "(.svx files) without the desktop app.",
        epilog="Exit codes: 0 ok, 1 invalid file or failed write, 2 usage error, 3 internal error.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"svx {__version__} (.svx format version {CURRENT_VERSION})",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_ArgumentParser)

    p = sub.add_parser("validate", help="check that .svx files load; exit 1 if any does not")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    p.set_defaults(handler=_cmd_validate)

    p = sub.add_parser("info", help="summarise a map: title, counts, each stakeholder's flows")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print a JSON object instead of text")
    p.set_defaults(handler=_cmd_info)

    from svx_desktop.cli_check import add_check_command  # it imports this module

    add_check_command(sub)

    p = sub.add_parser("new", help="create a map from a bundled template")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to create")
    p.add_argument(
        "-t", "--template", default="blank", metavar="NAME", help="template (see `svx templates`)"
    )
    p.add_argument("--title", help="the new map's title")
    p.add_argument("--organisation", metavar="NAME", help="the organisation's name")
    p.add_argument("-f", "--force", action="store_true", help="overwrite an existing file")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    p.set_defaults(handler=_cmd_new)

    p = sub.add_parser("templates", help="list the bundled templates")
    p.set_defaults(handler=_cmd_templates)

    from svx_desktop import cli_export  # imports this module: registered late

    cli_export.add_commands(sub)

    from svx_desktop.cli_serve import add_serve_command  # imports this module

    add_serve_command(sub)
    return parser


def _reconfigure_streams() -> None:
    """Never fail on a character the terminal's encoding cannot show."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``svx`` with ``argv`` (default: the process arguments); return the exit code."""
    _reconfigure_streams()
    parser = build_parser()
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit as e:  # --help and --version
            return e.code if isinstance(e.code, int) else EXIT_OK
        if args.command is None:
            parser.print_usage(sys.stderr)
            _err(
                "svx: error: give a command: "
                "validate, info, check, new, templates, export, import or serve"
            )
            return EXIT_USAGE
        code: int = args.handler(args)
        sys.stdout.flush()
        return code
    except _UsageError as e:
        print(str(e), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err("svx: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (e.g. `svx info ... | head`); stop quietly.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_INVALID
    except Exception as e:
        _err(f"svx: internal error: {type(e).__name__}: {e} (this is a bug; please report it)")
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
