"""``svx export`` and ``svx import``: maps to other tools' formats and tables back (no Qt).

``svx export FILE... -o OUT [--what map|journeys|charters] [--stakeholder NAME]...
[--format NAME] [--no-notes]``
writes each map (or its journeys or charters) in a format from
``svx_desktop.export.formats`` (taken from OUT's extension when not given); with
several inputs, or when OUT is an existing folder, each output goes into that folder as
``NAME.EXT``. ``svx import FILE.csv|FILE.xlsx -o MAP.svx [--force]`` makes a new map from a
table. Every output is written to a temporary file beside the target and renamed over it
(``fileformat.write_bytes_atomic``), so a failure never leaves a partial file. Exit codes
as for the rest of ``svx``: 1 for an unreadable input or an unwritable output (one line
``FILE: problem`` each), 2 for a usage error. ``cli.py`` registers these commands with
``add_commands``.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

# cli.py imports this module only inside build_parser, after it has loaded, so importing
# from it here is no cycle.
from svx_desktop.cli import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    _err,
    _load,
    _one_line,
    add_files_command,
    refuse_output,
)
from svx_desktop.export import (
    EXPORT_FORMATS,
    IMPORT_FORMATS,
    WHATS,
    ExportOptions,
    TableImportError,
    export_bytes,
    export_format_for,
    import_bytes,
    import_format_for,
)
from svx_desktop.fileformat import SvxSaveError, save, write_bytes_atomic
from svx_desktop.fileformat.save import describe_os_error
from svx_desktop.fileformat.templates import now_iso
from svx_desktop.model import ValueMap
from svx_desktop.pictures.formats import map_svg
from svx_desktop.pictures.formats import register as register_pictures
from svx_desktop.pictures.options import MAX_SCALE, MIN_SCALE, ORIENTATIONS, PAGES, PictureError


def _usage(command: str, message: str) -> int:
    _err(f"svx {command}: error: {message}")
    return EXIT_USAGE


def _say(args: argparse.Namespace, line: str) -> None:
    if not args.quiet:
        print(_one_line(line))


# -------------------------------------------------------------------- export
def _targets(args: argparse.Namespace) -> tuple[str, list[tuple[str, Path]]] | str:
    """``(format, [(input, output)])``, or a usage message."""
    out = Path(args.output)
    to_folder = out.is_dir()
    if len(args.files) > 1 and not to_folder:
        return f"with several input files, -o must be an existing folder (not {args.output!r})"
    what = args.what or (EXPORT_FORMATS[args.format].what if args.format else "map")
    fmt = args.format or (None if to_folder else export_format_for(args.output, what))
    if fmt is None:
        names = ", ".join(n for n, f in EXPORT_FORMATS.items() if f.what == what)
        if to_folder:
            return f"give --format when -o is a folder (one of: {names})"
        return f"cannot tell the {what} format from {args.output!r}; give --format ({names})"
    if EXPORT_FORMATS[fmt].what != what:
        return f"--format {fmt} exports the {EXPORT_FORMATS[fmt].what}, not the {what}"
    if not to_folder:
        return fmt, [(args.files[0], out)]
    ext = EXPORT_FORMATS[fmt].extensions[0]
    return fmt, [(f, out / (Path(f).stem + ext)) for f in args.files]


def _cmd_export(args: argparse.Namespace) -> int:
    found = _targets(args)
    if isinstance(found, str):
        return _usage("export", found)
    fmt, jobs = found
    if args.stakeholder and EXPORT_FORMATS[fmt].what != "charters":
        return _usage("export", "--stakeholder picks charters; give it with --what charters")
    options = ExportOptions(
        include_notes=not args.no_notes,
        scale=args.scale,
        transparent=args.transparent,
        page=args.page,
        orientation=args.orientation,
    )
    status = EXIT_OK
    written: dict[Path, str] = {}
    for source, target in jobs:
        result = _load(source)
        if result is None:
            status = EXIT_INVALID
            continue
        if args.stakeholder:
            ids = _stakeholder_ids(result.map, args.stakeholder, source)
            if ids is None:
                status = EXIT_INVALID
                continue
            options = replace(options, stakeholder_ids=ids)
        key = target.resolve()
        if key == Path(source).resolve():
            _err(f"{target}: is the map being exported; choose another output name")
            status = EXIT_INVALID
            continue
        if key in written:
            _err(f"{target}: would overwrite the export of {written[key]}; skipped {source}")
            status = EXIT_INVALID
            continue
        try:
            write_bytes_atomic(_export(result.map, fmt, options, target), target)
        except SvxSaveError as e:
            _err(str(e))
            status = EXIT_INVALID
            continue
        written[key] = source
        _say(args, f"{source}: exported as {fmt} to {target}")
    return status


def _stakeholder_ids(vmap: ValueMap, names: list[str], source: str) -> tuple[str, ...] | None:
    """The ids of the stakeholders named (by name, ignoring case and extra spaces, or by
    id); None, with one line per unknown name, if any is not in the map."""
    by_name = {" ".join(s.name.split()).casefold(): s.id for s in vmap.stakeholders}
    ids: list[str] = []
    for name in names:
        sid = name if vmap.has_stakeholder(name) else by_name.get(" ".join(name.split()).casefold())
        if sid is None:
            _err(f"{source}: no stakeholder named {name!r}")
            return None
        ids.append(sid)
    return tuple(ids)


def _export(vmap: ValueMap, fmt: str, options: ExportOptions, target: Path) -> bytes:
    """The file's bytes; the HTML report gets the map's picture from ``svx_desktop.pictures``
    and a picture that cannot be drawn is a ``SvxSaveError`` naming the target."""
    try:
        if fmt == "html":
            options = replace(options, map_svg=map_svg(vmap, options.include_notes))
        return export_bytes(vmap, fmt, options)
    except PictureError as e:
        raise SvxSaveError(str(target), f"cannot draw the map: {e}") from None


def _scale(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not MIN_SCALE <= value <= MAX_SCALE:
        raise argparse.ArgumentTypeError(f"give a scale from 1 to 4, not {text!r}")
    return value


# -------------------------------------------------------------------- import
def _cmd_import(args: argparse.Namespace) -> int:
    fmt = args.format or import_format_for(args.file)
    if fmt is None:
        names = ", ".join(IMPORT_FORMATS)
        return _usage("import", f"cannot tell the format of {args.file!r}; give --format ({names})")
    source, out = Path(args.file), Path(args.output)
    if refuse_output(args.output, args.force):
        return EXIT_INVALID
    try:
        data = source.read_bytes()
    except OSError as e:
        _err(f"{args.file}: cannot read: {describe_os_error(e)}")
        return EXIT_INVALID
    if out.exists() and out.resolve() == source.resolve():
        _err(f"{args.output}: is the file being imported; choose another name")
        return EXIT_INVALID
    try:
        vmap = import_bytes(data, fmt, args.file)
    except TableImportError as e:
        for where, message in e.problems:
            _err(f"{args.file}: {where}: {message}" if where else f"{args.file}: {message}")
        _err(f"{args.file}: nothing imported")
        return EXIT_INVALID
    stamp = now_iso()
    vmap.update_meta(created=vmap.meta.created or stamp, modified=vmap.meta.modified or stamp)
    try:
        save(vmap, out)
    except SvxSaveError as e:
        _err(str(e))
        return EXIT_INVALID
    _say(
        args,
        f"{args.output}: imported {len(vmap.stakeholders)} stakeholders and "
        f"{len(vmap.flows)} flows from {args.file}",
    )
    return EXIT_OK


# ------------------------------------------------------------------ register
def add_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``export`` and ``import`` to ``svx``'s sub-command parsers."""
    register_pictures()
    names = ", ".join(EXPORT_FORMATS)
    p = add_files_command(
        sub,
        "export",
        _cmd_export,
        help="write maps as pictures (SVG, PNG, PDF), tables (CSV, XLSX), a report, "
        "GraphML, JSON Canvas, draw.io or Mermaid",
        description=f"Export maps. Formats: {names}. The format comes from OUT's extension "
        "unless --format is given; with several FILEs, OUT is a folder.",
        files_help="the .svx maps to export",
    )
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="output file or folder")
    p.add_argument("--format", choices=list(EXPORT_FORMATS), help="the output format")
    p.add_argument(
        "--what", choices=WHATS, default=None,
        help="what to export: the map (default), the journeys (CSV, CJML .xml) or the "
        "charters (Markdown, HTML, PDF)",
    )  # fmt: skip
    p.add_argument("--no-notes", action="store_true", help="leave out parking-lot notes")
    p.add_argument(
        "--stakeholder", action="append", default=[], metavar="NAME",
        help="with --what charters: only this stakeholder's charter (name or id; repeatable)",
    )  # fmt: skip
    p.add_argument(
        "--scale", type=_scale, default=2.0, metavar="N", help="PNG scale, 1 to 4 (default 2)"
    )
    p.add_argument("--transparent", action="store_true", help="PNG or SVG without a background")
    p.add_argument("--page", choices=PAGES, default="a4", help="PDF page size (default a4)")
    p.add_argument(
        "--orientation", choices=ORIENTATIONS, default="landscape",
        help="PDF page orientation (default landscape)",
    )  # fmt: skip
    p.add_argument("-q", "--quiet", action="store_true", help="print problems only")

    p = sub.add_parser(
        "import",
        help="make a map from a CSV table or an XLSX workbook",
        description="Make a new .svx map from a table: CSV (one row per flow) or an XLSX "
        "workbook with Elements and Connections sheets. A table with any bad row imports "
        "nothing; every bad row is listed.",
    )
    p.add_argument("file", metavar="FILE", help="the .csv or .xlsx file")
    p.add_argument("-o", "--output", required=True, metavar="MAP", help="the .svx file to create")
    p.add_argument("--format", choices=list(IMPORT_FORMATS), help="the input format")
    p.add_argument("-f", "--force", action="store_true", help="overwrite an existing file")
    p.add_argument("-q", "--quiet", action="store_true", help="print the problems only")
    p.set_defaults(handler=_cmd_import)


__all__ = ["add_commands"]

if __name__ == "__main__":  # pragma: no cover - run through `svx`
    from svx_desktop.cli import main

    sys.exit(main())
