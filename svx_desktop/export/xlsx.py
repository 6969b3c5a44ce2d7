"""The map as an Excel workbook in Kumu's layout, and back (openpyxl, no Qt).

Two sheets. *Elements*: one row per element — the organisation, each stakeholder, each
parking-lot note — with ``Label, Type, Kind, Category, Category Name, Category Colour,
Category Icon, Description, Colour, X, Y, ID``. ``Type`` is what Kumu styles by: the
category's name for a stakeholder, ``Organisation`` or ``Note`` otherwise; ``Kind`` says
which of the three a row is. *Connections*: one row per flow with ``From, To, Label,
Type`` (the value kind), ``Direction`` (always ``directed``, Kumu's word), ``Importance,
Description`` (the flow's notes) and the ids of both ends and of the flow. A flow from a
stakeholder to the organisation *provides*, one from the organisation *expects*. The title
block travels in the workbook's custom document properties (``svx:title``…). A map with
journeys gets a third sheet, *Touch points*, with the journeys CSV's columns
(``export/journeys.py``); reading ignores it.

Export → import gives an equal map but for the map's unused own categories, fields from
newer SVX versions, and what XML cannot hold: control characters (written as U+FFFD) and
carriage returns (line ends become ``\n``). A coordinate that needs all 17 digits is
written as text (openpyxl writes numbers with 16).

A hand-made workbook needs an Elements row of type ``Organisation``; a connection may
name a stakeholder that has no Elements row (it is created and placed around the
organisation).

Reading is for untrusted files: the workbook's size is checked before it is unzipped (an
archive that unpacks to more than ``MAX_UNPACKED_BYTES`` is refused), and openpyxl parses
its XML through ``defusedxml`` — reading refuses to start if that protection is off — so an
entity-expansion ("billion laughs") workbook is refused with a clear message.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from svx_desktop.export.build import MapBuilder, TableImportError
from svx_desktop.export.common import ExportOptions
from svx_desktop.fileformat.limits import MAX_ELEMENTS, MAX_FILE_BYTES
from svx_desktop.model import Direction, MapMeta, ValueMap, rating_of

ELEMENT_COLUMNS = (
    "Label", "Type", "Kind", "Category", "Category Name", "Category Colour", "Category Icon",
    "Description", "Colour", "X", "Y", "ID",
)  # fmt: skip
TOUCH_POINTS_SHEET = "Touch points"
CONNECTION_COLUMNS = (
    "From", "To", "Label", "Type", "Direction", "Importance", "Description",
    "From ID", "To ID", "ID", "Rating",
)  # fmt: skip
META_FIELDS = ("title", "facilitator", "workshop_date", "created", "modified")
META_PREFIX = "svx:"
#: The custom property holding the map's dismissed checks (a JSON list of their keys).
DISMISSED = META_PREFIX + "dismissed_checks"
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
#: Characters an XLSX cell cannot hold (XML 1.0 forbids them); written as U+FFFD.
# Where ``MapBuilder.stakeholder_cells`` and ``flow_cells`` find their cells in a sheet row.
_STAKEHOLDER_CELLS = (
    "label, category|type, category name, category colour|category color, category icon, "
    "description, colour|color, x, y, id"
)
_FLOW_CELLS = "label, type, importance, description, id, rating"
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _rows(vmap: ValueMap, options: ExportOptions) -> tuple[list[list[Any]], list[list[Any]]]:
    org = vmap.organisation
    own = {c.id for c in vmap.own_categories}
    elements: list[list[Any]] = [
        [org.name, "Organisation", "organisation", "", "", "", "", org.description, "",
         org.position[0], org.position[1], org.id],
    ]  # fmt: skip
    names = {org.id: org.name}
    for s in vmap.stakeholders:
        c = vmap.category(s.category)
        mine = s.category in own
        elements.append([
            s.name, c.name, "stakeholder", s.category, c.name if mine else "",
            c.colour if mine else "", c.icon if mine else "", s.notes, s.colour or "",
            s.position[0], s.position[1], s.id,
        ])  # fmt: skip
        names[s.id] = s.name
    if options.include_notes:
        for n in vmap.notes:
            elements.append(
                [n.text, "Note", "note", "", "", "", "", "", "", n.position[0], n.position[1], n.id]
            )
    connections: list[list[Any]] = []
    for f in vmap.flows:
        ends = (f.stakeholder_id, org.id)
        if f.direction is Direction.EXPECTS:
            ends = (org.id, f.stakeholder_id)
        connections.append([
            names[ends[0]], names[ends[1]], f.label, f.value_kind.label, "directed",
            f.importance, f.notes, ends[0], ends[1], f.id, rating_of(f),
        ])  # fmt: skip
    return elements, connections


def write_xlsx(vmap: ValueMap, options: ExportOptions | None = None) -> bytes:
    """The map as the bytes of an ``.xlsx`` workbook (see the module docstring)."""
    from openpyxl import Workbook
    from openpyxl.packaging.custom import StringProperty

    options = options or ExportOptions()
    elements, connections = _rows(vmap, options)
    wb = Workbook()
    sheets: list[tuple[Any, str, tuple[str, ...], list[Any]]] = [
        (wb.active, "Elements", ELEMENT_COLUMNS, elements),
        (wb.create_sheet(), "Connections", CONNECTION_COLUMNS, connections),
    ]
    if vmap.journeys.touch_points:
        from svx_desktop.export.journeys import JOURNEY_COLUMNS, journey_rows

        points = [
            [int(row[c]) if c == "order" else row[c] for c in JOURNEY_COLUMNS]
            for row in journey_rows(vmap)
        ]
        sheets.append((wb.create_sheet(), TOUCH_POINTS_SHEET, JOURNEY_COLUMNS, points))
    for sheet, title, header, rows in sheets:
        sheet.title = title
        sheet.append(header)
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(row=r, column=c)
                if isinstance(value, float) and float(f"{value:.16g}") != value:
                    value = repr(value)  # openpyxl writes 16 digits; this one needs 17
                if isinstance(value, str):
                    # An explicit string cell: a label starting with "=" stays text, never
                    # a formula.
                    cell.value = _ILLEGAL.sub("\ufffd", value)
                    cell.data_type = "s"
                else:
                    cell.value = value
        sheet.freeze_panes = "A2"
    meta = vmap.meta
    wb.properties.title = _ILLEGAL.sub("\ufffd", meta.title) or None
    for name in META_FIELDS:
        value = getattr(meta, name)
        if value:
            wb.custom_doc_props.append(
                StringProperty(name=META_PREFIX + name, value=_ILLEGAL.sub("\ufffd", value))
            )
    if meta.dismissed_checks:  # JSON, so any key survives the XML intact
        wb.custom_doc_props.append(
            StringProperty(name=DISMISSED, value=json.dumps(list(meta.dismissed_checks)))
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------ reading
def _check_archive(data: bytes, source: str) -> None:
    def refuse(message: str) -> TableImportError:
        return TableImportError(source, [("", message)])

    if len(data) > MAX_FILE_BYTES:
        raise refuse(f"the file is larger than {MAX_FILE_BYTES:,} bytes")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise refuse("not an .xlsx workbook (not a zip archive)") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise refuse(f"the workbook holds more than {MAX_ZIP_ENTRIES:,} parts")
    if sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
        raise refuse(f"the workbook unpacks to more than {MAX_UNPACKED_BYTES:,} bytes")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _sheet_rows(wb: Any, name: str) -> Iterator[tuple[int, dict[str, str]]]:
    """``(row number, {column: text})`` of a sheet found by name (any case); none if absent."""
    sheet = next((wb[n] for n in wb.sheetnames if n.strip().casefold() == name.casefold()), None)
    if sheet is None:
        return
    header: list[str] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_text(v) for v in values]
        if number == 1:
            header = [" ".join(c.split()).casefold() for c in cells]
            continue
        if number > MAX_ELEMENTS + 1:
            raise TableImportError(wb.source, [(f"{name} row {number}", "too many rows")])
        if any(c.strip() for c in cells):
            yield number, dict(zip(header, cells, strict=False))


def _refusal(source: str, e: BaseException) -> TableImportError:
    """The error for a workbook openpyxl could not read (it wraps defusedxml's refusal)."""
    from defusedxml.common import DefusedXmlException

    cause: BaseException | None = e
    while cause is not None:
        if isinstance(cause, DefusedXmlException):
            message = "refused: the workbook declares XML entities (a possible XML bomb)"
            return TableImportError(source, [("", message)])
        cause = cause.__cause__ or cause.__context__
    return TableImportError(source, [("", f"not a readable .xlsx workbook ({type(e).__name__})")])


def _open(data: bytes, source: str) -> Any:
    import openpyxl

    if openpyxl.DEFUSEDXML is not True:
        raise TableImportError(
            source, [("", "cannot read workbooks safely: openpyxl does not use defusedxml")]
        )
    _check_archive(data, source)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds on a damaged file
        raise _refusal(source, e) from None
    wb.source = source
    return wb


def _meta(wb: Any) -> MapMeta:
    values: dict[str, Any] = {}
    for prop in getattr(wb, "custom_doc_props", None) or ():
        name = getattr(prop, "name", "") or ""
        if name.startswith(META_PREFIX) and name[len(META_PREFIX) :] in META_FIELDS:
            values[name[len(META_PREFIX) :]] = _text(prop.value)[:10_000]
        elif name == DISMISSED:
            values["dismissed_checks"] = _dismissed(_text(prop.value))
    return MapMeta(**values)


def _dismissed(text: str) -> tuple[str, ...]:
    """The dismissed checks' keys from their property; a damaged one dismisses nothing."""
    try:
        keys = json.loads(text)
    except ValueError:
        return ()
    if not isinstance(keys, list):
        return ()
    return tuple(dict.fromkeys(k for k in keys[:MAX_ELEMENTS] if isinstance(k, str) and k))


def read_xlsx(data: bytes, source: str) -> ValueMap:
    """A new map from workbook bytes, or ``TableImportError`` listing every bad row."""
    wb = _open(data, source)
    builder = MapBuilder(source, guarded=False)
    try:
        builder.meta = _meta(wb)
        _read_sheets(wb, builder)
    except TableImportError:
        raise
    except Exception as e:
        raise _refusal(source, e) from None
    finally:
        wb.close()
    return builder.build()


def _read_sheets(wb: Any, builder: MapBuilder) -> None:
    org_where = ""
    by_id: dict[str, str] = {}  # element id -> builder key ("" is the organisation)
    by_name: dict[str, str] = {}
    for number, row in _sheet_rows(wb, "Elements"):
        where = f"Elements row {number}"
        cell = row.get
        kind = (cell("kind", "") or cell("type", "")).strip().casefold()
        if kind in ("organisation", "organization"):
            if org_where:
                builder.problem(where, f"a second organisation (the first is on {org_where})")
                continue
            org_where = where
            builder.organisation_row(
                where, cell("label", ""), cell("description", ""), cell("x", ""), cell("y", ""),
                cell("id", ""),
            )  # fmt: skip
            by_id[cell("id", "") or "\0org"] = ""
            by_name[" ".join(cell("label", "").split()).casefold()] = ""
        elif kind == "note":
            builder.note_row(where, cell("label", ""), cell("x", ""), cell("y", ""), cell("id", ""))
        else:
            key = builder.stakeholder_cells(where, row, _STAKEHOLDER_CELLS)
            if key is not None:
                if cell("id", ""):
                    by_id[cell("id", "")] = key
                by_name.setdefault(" ".join(cell("label", "").split()).casefold(), key)
    if not org_where:
        builder.problem("Elements", "no element of type Organisation")
        return
    for number, row in _sheet_rows(wb, "Connections"):
        _connection(builder, f"Connections row {number}", row, by_id, by_name)


def _end(
    builder: MapBuilder, where: str, name: str, element_id: str,
    by_id: dict[str, str], by_name: dict[str, str],
) -> str | None:  # fmt: skip
    if element_id:
        if element_id not in by_id:
            builder.problem(where, f"no element with id {element_id!r}")
            return None
        return by_id[element_id]
    folded = " ".join(name.split()).casefold()
    if folded in by_name:
        return by_name[folded]
    key = builder.stakeholder_row(where, name)
    if key is not None:
        by_name[folded] = key
    return key


def _connection(
    builder: MapBuilder, where: str, row: dict[str, str],
    by_id: dict[str, str], by_name: dict[str, str],
) -> None:  # fmt: skip
    cell = row.get
    start = _end(builder, where, cell("from", ""), cell("from id", ""), by_id, by_name)
    end = _end(builder, where, cell("to", ""), cell("to id", ""), by_id, by_name)
    if start is None or end is None:
        return
    if (start == "") == (end == ""):
        builder.problem(where, "a connection must join a stakeholder and the organisation")
        return
    direction = "provides" if end == "" else "expects"
    builder.flow_cells(where, start or end, row, _FLOW_CELLS, direction=direction)


__all__ = ["CONNECTION_COLUMNS", "ELEMENT_COLUMNS", "read_xlsx", "write_xlsx"]
