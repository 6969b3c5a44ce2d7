"""CSV and XLSX: export → import gives an equal map; bad rows are reported by place."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import fields, replace
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings

from svx_desktop.export import TableImportError
from svx_desktop.export.csvfile import COLUMNS, read_csv, write_csv
from svx_desktop.export.xlsx import read_xlsx, write_xlsx
from svx_desktop.model import (
    Category,
    Direction,
    Flow,
    ModelError,
    Organisation,
    Stakeholder,
    ValueMap,
)
from svx_desktop.model.placement import FIRST_RING
from tests.export.maps import FORMULA, HOSTILE_LABELS, SCRIPT, all_maps, hostile_map
from tests.strategies import value_maps

MAPS = all_maps()


def _table_part(vmap: ValueMap) -> tuple[object, ...]:
    """What a CSV carries (see svx_desktop/export/csvfile.py)."""
    used = {s.category for s in vmap.stakeholders}
    return (
        vmap.organisation.name,
        vmap.stakeholders,
        vmap.flows,
        tuple(c for c in vmap.own_categories if c.id in used),
    )


@pytest.mark.parametrize("name", sorted(MAPS))
def test_csv_round_trip(name: str) -> None:
    vmap = MAPS[name]
    data = write_csv(vmap)
    back = read_csv(data, "map.csv")
    assert _table_part(back) == _table_part(vmap)
    assert write_csv(back) == data


def without_journeys(vmap: ValueMap) -> ValueMap:
    """The map as a workbook carries it back: its journeys go out (the *Touch points*
    sheet) but are not read in."""
    out = vmap.copy()
    for sid in out.journeys.stakeholders_with_journeys():
        out.journeys.take_stakeholder(sid)
    for c in vmap.journeys.charters:
        out.journeys.set_charter(None, c.stakeholder_id)
    for c in vmap.journeys.own_channels:
        out.journeys.remove_channel(c.id)
    return out


@pytest.mark.parametrize("name", sorted(MAPS))
def test_xlsx_round_trip_gives_an_equal_map(name: str) -> None:
    vmap = MAPS[name]
    back = read_xlsx(write_xlsx(vmap), "map.xlsx")
    assert back == without_journeys(vmap)


def test_csv_keeps_both_orders_when_flows_interleave() -> None:
    vmap = hostile_map()  # flows go to stakeholders 0, 1, 2, 0, 1, 2, ...
    first = vmap.flows[0]
    vmap.remove_flow(first.id)
    vmap.add_flow(first)  # stakeholder 0's first flow now comes last
    back = read_csv(write_csv(vmap), "m.csv")
    assert back.stakeholders == vmap.stakeholders
    assert back.flows == vmap.flows


def test_csv_is_excel_friendly_and_formula_safe() -> None:
    data = write_csv(hostile_map())
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    cells = [c for row in rows[1:] for c in row]
    assert "'" + FORMULA in cells and FORMULA not in cells
    assert "'-1+2" in cells and "'@sum" in cells and "''quoted" in cells
    assert SCRIPT in cells
    # Numbers stay numbers: negative coordinates are not guarded.
    assert "-430" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@")]


def test_xlsx_cells_are_strings_never_formulas() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(write_xlsx(hostile_map())))
    assert wb.sheetnames == ["Elements", "Connections"]
    labels = {row[2].value: row[2].data_type for row in wb["Connections"].iter_rows(min_row=2)}
    assert set(labels) == set(HOSTILE_LABELS)
    assert set(labels.values()) == {"s"}
    header = [c.value for c in wb["Connections"][1]]
    assert header[:3] == ["From", "To", "Label"]


def test_hand_made_csv_creates_stakeholders_and_categories_around_the_organisation() -> None:
    text = (
        "Stakeholder;Category;Direction;Label;Value kind;Importance\n"
        "Customers;customers;provides;payment;Money;5\n"
        "Customers;;expects;fresh bread;;\n"
        "Press;Press & media;expects;a story;information;2\n"
        "Neighbours;;;;;\n"
    )
    vmap = read_csv(text.encode("cp1252"), "shop.csv")
    names = [s.name for s in vmap.stakeholders]
    assert names == ["Customers", "Press", "Neighbours"]
    customers, press, neighbours = vmap.stakeholders
    assert customers.category == "customer"
    assert vmap.category(press.category).name == "Press & media"
    assert [c.name for c in vmap.own_categories] == ["Press & media"]
    assert vmap.flows_of(neighbours.id) == ()
    expects = vmap.flows_of(customers.id, Direction.EXPECTS)
    assert [(f.label, f.importance) for f in expects] == [("fresh bread", 3)]
    positions = {s.position for s in vmap.stakeholders}
    assert len(positions) == 3
    org = vmap.organisation.position
    for x, y in positions:
        assert ((x - org[0]) ** 2 + (y - org[1]) ** 2) ** 0.5 >= FIRST_RING - 1


def test_bad_rows_are_all_reported_by_line_and_nothing_is_imported() -> None:
    text = (
        "stakeholder,direction,label,importance,x,y\n"
        "Customers,provides,payment,5,,\n"
        ",provides,orphan,3,,\n"
        "Customers,sideways,what,3,,\n"
        '"Suppliers",provides,"a label\nover two lines",9,,\n'
        "Staff,expects,pay,3,12,\n"
        "Staff,expects,pay,3,abc,4\n"
    )
    with pytest.raises(TableImportError) as caught:
        read_csv(text.encode(), "bad.csv")
    problems = caught.value.problems
    assert [where for where, _ in problems] == ["line 3", "line 4", "line 5", "line 7", "line 8"]
    messages = dict(problems)
    assert "name is empty" in messages["line 3"]
    assert "'sideways'" in messages["line 4"]
    assert "importance '9'" in messages["line 5"]
    assert "both x and y" in messages["line 7"]
    assert "'abc' is not a number" in messages["line 8"]
    assert str(caught.value).startswith("bad.csv: nothing imported, 5 problems: line 3:")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "no 'stakeholder' column"),
        (b"who,label\n", "no 'stakeholder' column"),
        (b'stakeholder,label\n"unclosed,x\n', "not valid CSV"),
        (b"stakeholder\n\xff\xfe\x81\x8d\x8f\x90\x9d\n", "not a UTF-8"),
    ],
)
def test_unreadable_csv_is_refused(data: bytes, expected: str) -> None:
    with pytest.raises(TableImportError, match=expected):
        read_csv(data, "x.csv")


def test_same_stakeholder_with_two_categories_is_a_bad_row() -> None:
    text = "stakeholder,category,direction,label\nAcme,supplier,provides,parts\nAcme,customer,,\n"
    with pytest.raises(TableImportError) as caught:
        read_csv(text.encode(), "x.csv")
    assert caught.value.problems[0][0] == "line 3"


def _workbook(elements: list[list[object]], connections: list[list[object]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Elements"
    for row in elements:
        ws.append(row)
    ws = wb.create_sheet("Connections")
    for row in connections:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_kumu_style_workbook_imports_by_label() -> None:
    data = _workbook(
        [["Label", "Type"], ["Corner shop", "Organisation"], ["Customers", "Customer"]],
        [
            ["From", "To", "Label", "Type"],
            ["Customers", "Corner shop", "payment", "Money"],
            ["Corner shop", "Wholesaler", "orders", ""],
        ],
    )
    vmap = read_xlsx(data, "kumu.xlsx")
    assert vmap.organisation.name == "Corner shop"
    assert [s.name for s in vmap.stakeholders] == ["Customers", "Wholesaler"]
    assert [(f.label, f.direction) for f in vmap.flows] == [
        ("payment", Direction.PROVIDES),
        ("orders", Direction.EXPECTS),
    ]


def test_workbook_problems_name_the_sheet_and_row() -> None:
    data = _workbook(
        [["Label", "Type"], ["Shop", "Organisation"], ["A", "customer"]],
        [["From", "To", "Label", "Importance"], ["A", "A", "loop", 3], ["A", "Shop", "x", 7]],
    )
    with pytest.raises(TableImportError) as caught:
        read_xlsx(data, "bad.xlsx")
    assert [w for w, _ in caught.value.problems] == ["Connections row 2", "Connections row 3"]
    data = _workbook([["Label", "Type"], ["A", "customer"]], [["From", "To"]])
    with pytest.raises(TableImportError, match="no element of type Organisation"):
        read_xlsx(data, "bad.xlsx")


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
)


@pytest.mark.parametrize(
    "part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "docProps/custom.xml"]
)
def test_billion_laughs_workbook_is_refused(part: str) -> None:
    assert openpyxl.DEFUSEDXML is True  # openpyxl parses through defusedxml
    good = write_xlsx(hostile_map())
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        assert part in src.namelist()
        for item in src.infolist():
            data = src.read(item)
            if item.filename == part:
                text = data.decode("utf-8")
                body = text[text.index("?>") + 2 :] if text.startswith("<?xml") else text
                data = (BILLION_LAUGHS + body.replace(">", ">&lol3;", 1)).encode()
            dst.writestr(item, data)
    with pytest.raises(TableImportError, match="XML entities"):
        read_xlsx(out.getvalue(), "lol.xlsx")


def test_zip_bomb_and_non_workbooks_are_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.xml", b"\0" * (210 * 1024 * 1024))
    with pytest.raises(TableImportError, match="unpacks to more than"):
        read_xlsx(out.getvalue(), "bomb.xlsx")
    with pytest.raises(TableImportError, match="not a zip"):
        read_xlsx(b"stakeholder,label\n", "x.xlsx")
    with pytest.raises(TableImportError, match=r"not a readable \.xlsx"):
        read_xlsx(_empty_zip(), "x.xlsx")


def _empty_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", b"hi")
    return out.getvalue()


# ------------------------------------------------------------ property tests
def _known_categories_only(vmap: ValueMap) -> ValueMap:
    """``vmap`` without fields a table does not carry: unknown category ids, extras."""
    known = {c.id for c in vmap.categories}
    out = ValueMap(replace(vmap.organisation, extra={}), replace(vmap.meta, extra={}))
    for c in vmap.own_categories:
        out.add_category(replace(c, extra={}, name=c.name if c.name.strip() else "unnamed"))
    for s in vmap.stakeholders:
        category = s.category if s.category in known else "other"
        out.add_stakeholder(replace(s, category=category, extra={}))
    for f in vmap.flows:
        out.add_flow(replace(f, extra={}))
    for n in vmap.notes:
        out.add_note(replace(n, extra={}))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value_maps(max_stakeholders=5, max_flows=8, max_notes=2))
def test_any_map_survives_csv(vmap: ValueMap) -> None:
    vmap = _known_categories_only(vmap)
    back = read_csv(write_csv(vmap), "any.csv")
    assert back.stakeholders == vmap.stakeholders
    assert back.flows == vmap.flows
    used = {s.category for s in vmap.stakeholders}
    # In the order stakeholders first use them (a table has no other place for them).
    assert set(back.own_categories) == {c for c in vmap.own_categories if c.id in used}
    if vmap.stakeholders and vmap.organisation.name.strip():
        assert back.organisation.name == vmap.organisation.name


_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _as_xml_holds(text: str) -> str:
    """``text`` as it comes back from XML: CR line ends read as LF, control characters
    written as U+FFFD (see svx_desktop/export/xlsx.py)."""
    return _NOT_IN_XML.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def _texts_mapped(element: Any) -> Any:
    changes = {
        f.name: _as_xml_holds(getattr(element, f.name))
        for f in fields(element)
        if isinstance(getattr(element, f.name), str)
    }
    return replace(element, **changes)


def _xml_view(vmap: ValueMap) -> ValueMap:
    out = ValueMap(_texts_mapped(vmap.organisation), _texts_mapped(vmap.meta))
    for c in vmap.own_categories:
        out.add_category(_texts_mapped(c))
    for s in vmap.stakeholders:
        out.add_stakeholder(_texts_mapped(s))
    for f in vmap.flows:
        out.add_flow(_texts_mapped(f))
    for n in vmap.notes:
        out.add_note(_texts_mapped(n))
    return out


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value_maps(max_stakeholders=5, max_flows=8, max_notes=2))
def test_any_map_survives_xlsx_as_xml_holds_it(vmap: ValueMap) -> None:
    vmap = _known_categories_only(vmap)
    try:
        expected = _xml_view(vmap)
    except ModelError:  # two ids that differ only in a control character
        assume(False)
    back = read_xlsx(write_xlsx(vmap), "any.xlsx")
    assert back.stakeholders == expected.stakeholders
    assert back.flows == expected.flows
    assert back.notes == expected.notes
    assert back.organisation == expected.organisation
    assert back.meta == expected.meta


def test_odd_ids_and_twin_names_survive_both_tables() -> None:
    vmap = ValueMap(Organisation(id=" ", name=""))
    vmap.add_stakeholder(Stakeholder("Same", id="  ", position=(1.0, 2.0)))
    vmap.add_stakeholder(Stakeholder("same ", id="@x", position=(3.0, 4.0)))
    vmap.add_flow(Flow("  ", Direction.PROVIDES, "a", id="=1"))
    vmap.add_flow(Flow("@x", Direction.EXPECTS, "b", id="'q"))
    back = read_xlsx(write_xlsx(vmap), "odd.xlsx")
    assert back == vmap
    back = read_csv(write_csv(vmap), "odd.csv")
    assert back.stakeholders == vmap.stakeholders and back.flows == vmap.flows


def test_workbook_reads_american_spellings_and_every_stakeholder_cell() -> None:
    data = _workbook(
        [
            [
                "Label",
                "Kind",
                "Category",
                "Category Name",
                "Category Color",
                "Color",
                "Description",
            ],
            ["Shop", "Organisation", "", "", "", "", ""],
            ["Regulars", "Stakeholder", "Walk-ins", "Walk-in trade", "#112233", "#445566", "daily"],
        ],
        [["From", "To", "Label", "Type", "Description"], ["Shop", "Regulars", "bread", "", "hot"]],
    )
    vmap = read_xlsx(data, "us.xlsx")
    (s,) = vmap.stakeholders
    category = vmap.category(s.category)
    assert (s.name, s.colour, s.notes) == ("Regulars", "#445566", "daily")
    assert (category.name, category.colour) == ("Walk-in trade", "#112233")
    (f,) = vmap.flows
    assert (f.label, f.direction, f.notes) == ("bread", Direction.EXPECTS, "hot")


def test_an_own_category_whose_id_is_white_space_survives_csv() -> None:
    # Found by hypothesis: an id of "\r" came back as a new "custom-1" category.
    vmap = ValueMap()
    vmap.add_category(Category("\r", "Night shift", "#123456", "person"))
    vmap.add_stakeholder(Stakeholder("Porters", category="\r"))
    back = read_csv(write_csv(vmap), "white.csv")
    assert [s.category for s in back.stakeholders] == ["\r"]
    assert back.own_categories == vmap.own_categories
