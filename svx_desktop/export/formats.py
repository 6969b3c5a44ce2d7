"""The table of export and import formats: name, file extensions, writer or reader (no Qt).

``svx export``, ``svx import`` and File → Export… look formats up here, so a new format
slots in with one ``register_export`` call. A format exports the map, the journeys or
the charters (``ExportFormat.what``; ``svx export --what``), so ``.csv`` means the flow
table for the map and the touch-point table for the journeys. A writer takes the map and
``ExportOptions`` and returns the file's bytes; a reader takes the bytes and the file's
name (for messages) and returns a new map or raises ``TableImportError``. Writers import
their libraries (openpyxl, Jinja2) on first use, so importing this module is cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from svx_desktop.export.common import ExportOptions
from svx_desktop.model import ValueMap

Writer = Callable[[ValueMap, ExportOptions], bytes]
Reader = Callable[[bytes, str], ValueMap]


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its ``--format`` name, file extensions (first is the default)
    and description, the function that writes it, and what it exports (``svx export
    --what``): the ``map``, the ``journeys`` (touch points) or the ``charters``."""

    name: str
    extensions: tuple[str, ...]
    description: str
    write: Writer
    what: str = "map"


#: What ``svx export --what`` can export; each format belongs to one.
WHATS = ("map", "journeys", "charters")


@dataclass(frozen=True)
class ImportFormat:
    name: str
    extensions: tuple[str, ...]
    description: str
    read: Reader


EXPORT_FORMATS: dict[str, ExportFormat] = {}
IMPORT_FORMATS: dict[str, ImportFormat] = {}


def register_export(fmt: ExportFormat) -> None:
    EXPORT_FORMATS[fmt.name] = fmt


def register_import(fmt: ImportFormat) -> None:
    IMPORT_FORMATS[fmt.name] = fmt


def _lazy(module: str, name: str) -> Callable[..., Any]:
    """``svx_desktop.export.<module>.<name>``, imported when first called."""

    def call(*args: Any) -> Any:
        return getattr(importlib.import_module(f"svx_desktop.export.{module}"), name)(*args)

    call.__name__ = name
    return call


for _fmt in (
    ExportFormat("csv", (".csv",), "table, one row per flow", _lazy("csvfile", "write_csv")),
    ExportFormat(
        "xlsx", (".xlsx",), "Excel workbook (Kumu's Elements/Connections)",
        _lazy("xlsx", "write_xlsx"),
    ),
    ExportFormat(
        "md", (".md", ".markdown"), "report in Markdown",
        _lazy("report", "write_report_markdown"),
    ),
    ExportFormat(
        "html", (".html", ".htm"), "report as a self-contained web page",
        _lazy("report", "write_report_html"),
    ),
    ExportFormat(
        "graphml", (".graphml",), "GraphML with yEd layout", _lazy("graphml", "write_graphml")
    ),
    ExportFormat(
        "canvas", (".canvas",), "JSON Canvas 1.0 (Obsidian)", _lazy("diagrams", "write_canvas")
    ),
    ExportFormat(
        "drawio", (".drawio",), "draw.io / diagrams.net diagram",
        _lazy("diagrams", "write_drawio"),
    ),
    ExportFormat(
        "mmd", (".mmd", ".mermaid"), "Mermaid flowchart", _lazy("diagrams", "write_mermaid")
    ),
    ExportFormat(
        "journeys-csv", (".csv",), "journeys table, one row per touch point",
        _lazy("journeys", "write_journeys_csv"), "journeys",
    ),
    ExportFormat(
        "cjml", (".xml", ".cjml"), "journeys as CJML (Customer Journey Modeling Language) XML",
        _lazy("journeys", "write_cjml"), "journeys",
    ),
    ExportFormat(
        "charters-md", (".md", ".markdown"), "charters in Markdown",
        _lazy("charters", "write_charters_markdown"), "charters",
    ),
    ExportFormat(
        "charters-html", (".html", ".htm"), "charters as a self-contained web page",
        _lazy("charters", "write_charters_html"), "charters",
    ),
):  # fmt: skip
    register_export(_fmt)
register_import(
    ImportFormat(
        "csv", (".csv", ".tsv", ".txt"), "table, one row per flow", _lazy("csvfile", "read_csv")
    )
)
register_import(
    ImportFormat("xlsx", (".xlsx", ".xlsm"), "Excel workbook", _lazy("xlsx", "read_xlsx"))
)
del _fmt


def _by_extension(
    table: dict[str, ExportFormat] | dict[str, ImportFormat], path: str, what: str = "map"
) -> str | None:
    suffix = PurePath(path).suffix.casefold()
    for fmt in table.values():
        if suffix in fmt.extensions and getattr(fmt, "what", "map") == what:
            return fmt.name
    return None


def export_format_for(path: str, what: str = "map") -> str | None:
    """The export format of ``what`` (map, journeys, charters) a file name's extension
    asks for (None if none does)."""
    return _by_extension(EXPORT_FORMATS, path, what)


def import_format_for(path: str) -> str | None:
    """The import format a file name's extension asks for (None if none does)."""
    return _by_extension(IMPORT_FORMATS, path)


def export_bytes(vmap: ValueMap, fmt: str, options: ExportOptions | None = None) -> bytes:
    """The map written in format ``fmt`` (a key of ``EXPORT_FORMATS``)."""
    return EXPORT_FORMATS[fmt].write(vmap, options or ExportOptions())


def import_bytes(data: bytes, fmt: str, source: str) -> ValueMap:
    """A new map read from ``data`` in format ``fmt`` (a key of ``IMPORT_FORMATS``)."""
    return IMPORT_FORMATS[fmt].read(data, source)
