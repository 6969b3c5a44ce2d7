"""The map as a CSV table, one row per flow, and back (no Qt).

Columns, in order: ``stakeholder, category, direction, label, value_kind, importance,
notes`` (the flow's), then ``rating`` (1–5, empty while unrated: how well an ``expects``
flow is met today, dead = 1 … alive = 5, or how much the organisation depends on a
``provides`` flow), then what makes the table carry the map's stakeholders and flows
whole: ``stakeholder_notes, stakeholder_colour, x, y, category_name, category_colour,
category_icon, organisation, stakeholder_id, flow_id``. A stakeholder without flows gets a
row of its own with the flow cells empty. Rows follow the map's flow order; a stakeholder
is introduced by a row of its own only where that is needed to keep the stakeholders'
order too.

Export → import gives an equal map for what a flows table is about: the organisation's
name, every stakeholder and flow with all their fields and ids, and the map's own
categories that stakeholders use. Not carried (use ``.svx`` or ``.xlsx`` for them): the
title block, the organisation's description, id and position, parking-lot notes, unused
categories, and fields from newer SVX versions. A hand-written table may leave out every
column but ``stakeholder``: missing ids are made, missing positions are found around the
organisation.

Written as UTF-8 with a byte-order mark and CRLF line ends (what Excel opens correctly);
text cells starting with ``= + - @`` (or a tab, CR or ``'``) get a ``'`` in front so a
spreadsheet shows them instead of running them as formulas. Read: UTF-8 with or without
the mark, else Windows-1252; comma, semicolon (Excel in many European locales) or tab
separated, whichever makes sense of the header line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from svx_desktop.export.build import MapBuilder, TableImportError, formula_safe
from svx_desktop.export.common import ExportOptions
from svx_desktop.fileformat.limits import MAX_ELEMENTS, MAX_FILE_BYTES
from svx_desktop.model import Flow, Stakeholder, ValueMap, rating_of

COLUMNS = (
    "stakeholder", "category", "direction", "label", "value_kind", "importance", "notes",
    "rating", "stakeholder_notes", "stakeholder_colour", "x", "y", "category_name",
    "category_colour", "category_icon", "organisation", "stakeholder_id", "flow_id",
)  # fmt: skip
_FLOW_COLUMNS = (
    "direction", "label", "value_kind", "importance", "notes", "rating", "flow_id",
)  # fmt: skip
_ALIASES = {
    "name": "stakeholder",
    "kind": "value_kind",
    "stakeholder_color": "stakeholder_colour",
    "category_color": "category_colour",
    "flow_notes": "notes",
}
_DELIMITERS = (",", ";", "\t")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _stakeholder_cells(vmap: ValueMap, s: Stakeholder) -> dict[str, str]:
    own = any(c.id == s.category for c in vmap.own_categories)
    category = vmap.category(s.category)
    return {
        "stakeholder": s.name,
        "category": s.category,
        "stakeholder_notes": s.notes,
        "stakeholder_colour": s.colour or "",
        "x": _number(s.position[0]),
        "y": _number(s.position[1]),
        "category_name": category.name if own else "",
        "category_colour": category.colour if own else "",
        "category_icon": category.icon if own else "",
        "organisation": vmap.organisation.name,
        "stakeholder_id": s.id,
    }


def _flow_cells(f: Flow) -> dict[str, str]:
    return {
        "direction": f.direction.value,
        "label": f.label,
        "value_kind": f.value_kind.value,
        "importance": str(f.importance),
        "notes": f.notes,
        "rating": "" if (step := rating_of(f)) is None else str(step),
        "flow_id": f.id,
    }


def table_rows(vmap: ValueMap) -> Iterator[dict[str, str]]:
    """The table's rows as dicts (see the module docstring for their order)."""
    stakeholders = vmap.stakeholders
    cells = {s.id: _stakeholder_cells(vmap, s) for s in stakeholders}
    shown: set[str] = set()
    i = 0
    for f in vmap.flows:
        sid = f.stakeholder_id
        if sid not in shown:
            while stakeholders[i].id != sid:
                if stakeholders[i].id not in shown:
                    shown.add(stakeholders[i].id)
                    yield cells[stakeholders[i].id]
                i += 1
            shown.add(sid)
        yield {**cells[sid], **_flow_cells(f)}
    for s in stakeholders:
        if s.id not in shown:
            yield cells[s.id]


def write_csv(vmap: ValueMap, options: ExportOptions | None = None, delimiter: str = ",") -> bytes:
    """The map as CSV bytes (UTF-8 with a byte-order mark)."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    numeric = {"x", "y", "importance", "rating"}
    for row in table_rows(vmap):
        writer.writerow(
            row.get(c, "") if c in numeric else formula_safe(row.get(c, "")) for c in COLUMNS
        )
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def decode_text(data: bytes, source: str) -> str:
    """Text of a table file: UTF-8 (with or without a byte-order mark), else Windows-1252."""
    if len(data) > MAX_FILE_BYTES:
        raise TableImportError(source, [("", f"the file is larger than {MAX_FILE_BYTES:,} bytes")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise TableImportError(source, [("", "not a UTF-8 or Windows-1252 text file")]) from None


def _column(name: str) -> str:
    key = "_".join(name.strip().casefold().replace("-", " ").split())
    return _ALIASES.get(key, key)


def _pick_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    for d in _DELIMITERS:
        if "stakeholder" in {_column(c) for c in next(csv.reader([first], delimiter=d), [])}:
            return d
    return ","


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """``(first line, cells)`` of each record (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1
    except csv.Error as e:
        raise _CsvSyntaxError(line, str(e)) from None


class _CsvSyntaxError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def read_csv(data: bytes, source: str) -> ValueMap:
    """A new map from CSV bytes, or ``TableImportError`` listing every bad row."""
    text = decode_text(data, source)
    delimiter = _pick_delimiter(text)
    builder = MapBuilder(source)
    records = _records(text, delimiter)
    try:
        header = next(records, None)
        columns = [_column(c) for c in header[1]] if header else []
        if "stakeholder" not in columns:
            raise TableImportError(source, [("line 1", "no 'stakeholder' column in the header")])
        named = False
        count = 0
        for line, cells in records:
            if not any(c.strip() for c in cells):
                continue
            count += 1
            if count > MAX_ELEMENTS:
                builder.problem(f"line {line}", f"more than {MAX_ELEMENTS:,} rows")
                break
            row = dict(zip(columns, cells, strict=False))
            _import_row(builder, f"line {line}", row, named)
            named = named or bool(row.get("organisation", "").strip())
    except _CsvSyntaxError as e:
        builder.problem(f"line {e.line}", f"not valid CSV: {e}")
    return builder.build()


def _import_row(builder: MapBuilder, where: str, row: dict[str, str], named: bool) -> None:
    cell = row.get
    if not named and cell("organisation", "").strip():
        builder.organisation_row(where, cell("organisation", ""))
    key = builder.stakeholder_row(
        where,
        cell("stakeholder", ""),
        category=cell("category", ""),
        category_name=cell("category_name", ""),
        category_colour=cell("category_colour", ""),
        category_icon=cell("category_icon", ""),
        notes=cell("stakeholder_notes", ""),
        colour=cell("stakeholder_colour", ""),
        x=cell("x", ""),
        y=cell("y", ""),
        id=cell("stakeholder_id", ""),
    )
    if key is None or not any(cell(c, "").strip() for c in _FLOW_COLUMNS):
        return
    builder.flow_row(
        where,
        key,
        direction=cell("direction", ""),
        label=cell("label", ""),
        value_kind=cell("value_kind", ""),
        importance=cell("importance", ""),
        notes=cell("notes", ""),
        id=cell("flow_id", ""),
        rating=cell("rating", ""),
    )


__all__ = ["COLUMNS", "decode_text", "read_csv", "table_rows", "write_csv"]
