"""Journeys and charters out: CSV and CJML read back by parsers we did not write, charters
escaped in Markdown, HTML and PDF, the report and the XLSX workbook carry the journeys."""

from __future__ import annotations

import csv
import dataclasses
import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from svx_desktop.export import EXPORT_FORMATS, ExportOptions, export_bytes, export_format_for
from svx_desktop.export.journeys import JOURNEY_COLUMNS
from svx_desktop.fileformat import load
from svx_desktop.model import ValueMap
from tests.cli.helpers import ROOT
from tests.strategies import maps_with_journeys

GOLDEN_V3 = ROOT / "tests" / "fileformat" / "golden" / "v3-bank.svx"
BANK = ROOT / "resources" / "examples" / "bank.svx"
HOSTILE = "<script>alert('x')</script> & <b>bold</b>"


def golden() -> ValueMap:
    return load(GOLDEN_V3).map


def csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def page(data: bytes) -> _Page:
    parsed = _Page()
    parsed.feed(data.decode("utf-8"))
    return parsed


def test_the_formats_are_registered_by_what_they_export() -> None:
    assert export_format_for("t.csv", "journeys") == "journeys-csv"
    assert export_format_for("t.xml", "journeys") == "cjml"
    assert export_format_for("c.md", "charters") == "charters-md"
    assert export_format_for("c.html", "charters") == "charters-html"
    assert export_format_for("map.csv") == "csv"  # the map keeps its formats
    assert export_format_for("map.xml") is None
    assert {f.what for f in EXPORT_FORMATS.values()} <= {"map", "journeys", "charters"}


def test_journeys_csv_has_one_row_per_touch_point_read_back_by_csv() -> None:
    rows = csv_rows(export_bytes(golden(), "journeys-csv"))
    assert list(rows[0]) == list(JOURNEY_COLUMNS)
    assert [(r["stakeholder"], r["order"], r["name"]) for r in rows] == [
        ("Customers", "1", "Open an account"),
        ("Customers", "2", "Yearly interest statement"),
        ("Customers", "3", "Savings tips <script>"),
        ("Employées", "1", "Payslip"),
    ]
    first = rows[0]
    assert first["stage"] == "Join"
    assert first["channels"] == "Web; Branch"
    assert first["initiator"] == "stakeholder"
    assert first["expectations"] == "Capital growth"
    assert first["experience"] == "I was set up in ten minutes & knew what I'd get."
    assert (first["health"], first["moment_of_truth"]) == ("Dying", "yes")
    assert (first["pains"], first["ideas"]) == (
        "Proof of address asked twice.",
        "Reuse the ID check.",
    )
    assert (first["mechanism"], first["sourcing"], first["owner"]) == (
        "Onboarding desk",
        "internal",
        "Head of retail",
    )
    second = rows[1]
    assert (second["initiator"], second["health"], second["moment_of_truth"]) == (
        "organisation",
        "Dead",
        "no",
    )
    assert (second["sourcing"], second["owner"]) == ("outsourced", "")
    assert rows[2]["stage"] == rows[2]["health"] == rows[2]["mechanism"] == ""


def test_a_formula_in_a_touch_point_stays_text() -> None:
    vmap = golden()
    vmap.journeys.update_touch_point("tp-idea", name="=HYPERLINK(1)")
    rows = csv_rows(export_bytes(vmap, "journeys-csv"))
    assert rows[2]["name"] == "'=HYPERLINK(1)"


def test_cjml_is_well_formed_with_a_communication_point_per_touch_point() -> None:
    vmap = golden()
    root = ET.fromstring(export_bytes(vmap, "cjml"))
    assert (root.tag, root.get("version")) == ("CJML", "2.0")
    journeys = root.findall("plannedJourney")
    assert [jr.findtext("journeyID") for jr in journeys] == ["s-customers", "s-staff"]
    customers = journeys[0]
    assert customers.find("actors/endUser").get("actorID") == "s-customers"  # type: ignore[union-attr]
    assert customers.findtext("actors/endUser/actorName") == "Customers"
    assert customers.findtext("actors/serviceProvider/companyName") == "Northern Savings Bank"
    points = customers.findall("touchpoints/plannedCommunicationPoint")
    assert [p.findtext("touchpointID") for p in points] == ["tp-open", "tp-statement", "tp-idea"]
    opening, statement, tips = points
    assert opening.find("initiator/refersTo").get("actorIDref") == "s-customers"  # type: ignore[union-attr]
    assert opening.find("receiver/refersTo").get("actorIDref") == "org-bank"  # type: ignore[union-attr]
    assert opening.findtext("initiator/initiatorLabel") == "Open an account"
    assert [c.findtext("channelName") for c in opening.findall("channel")] == ["Web", "Branch"]
    assert statement.find("initiator/refersTo").get("actorIDref") == "org-bank"  # type: ignore[union-attr]
    assert tips.findtext("initiator/initiatorLabel") == "Savings tips <script>"
    assert tips.findall("channel") == []


def test_a_map_without_journeys_exports_empty_journey_files() -> None:
    vmap = load(ROOT / "tests" / "fileformat" / "golden" / "v2-bank.svx").map
    assert csv_rows(export_bytes(vmap, "journeys-csv")) == []
    assert ET.fromstring(export_bytes(vmap, "cjml")).findall("plannedJourney") == []
    assert b"no charters yet" in export_bytes(vmap, "charters-md")


def hostile_charter_map() -> ValueMap:
    vmap = golden()
    charter = vmap.journeys.charter("s-customers")
    assert charter is not None
    first = dataclasses.replace(charter.promises[0], text=HOSTILE, standard="*all* [day](x)")
    vmap.journeys.set_charter(dataclasses.replace(charter, promises=(first, *charter.promises[1:])))
    vmap.update_stakeholder("s-customers", name="</h2><script>x()</script>")
    return vmap


def test_charters_html_escapes_every_text() -> None:
    data = export_bytes(hostile_charter_map(), "charters-html")
    parsed = page(data)
    assert "script" not in parsed.tags and "b" not in parsed.tags
    text = "".join(parsed.text)
    assert HOSTILE in text and "</h2><script>x()</script>" in text
    assert b"&lt;script&gt;" in data
    assert "Statement sent by 15 January, every year" not in text  # replaced above
    assert "95 % in under 20 minutes" in text
    assert "Content-Security-Policy" in data.decode("utf-8")


def test_charters_markdown_escapes_markup_and_lists_every_promise() -> None:
    text = export_bytes(hostile_charter_map(), "charters-md").decode("utf-8")
    assert "<script>" not in text
    assert "\\<script\\>" in text
    assert "\\*all\\* \\[day\\](x)" in text
    assert "2. **Open an account in one visit.**" in text
    assert "Answers: Interest on savings" in text
    assert "**Moments of truth:** Open an account (Dying)" in text


def test_one_stakeholders_charter_only() -> None:
    vmap = golden()
    options = ExportOptions(stakeholder_ids=("s-staff",))
    assert b"no charters yet" in export_bytes(vmap, "charters-md", options)
    options = ExportOptions(stakeholder_ids=("s-customers",))
    assert b"## Customers" in export_bytes(vmap, "charters-md", options)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_charters_pdf_holds_the_promises_as_text(tmp_path: Path) -> None:
    from svx_desktop.pictures.charters import charters_pdf

    data = charters_pdf(hostile_charter_map(), ExportOptions(orientation="portrait"))
    assert data.startswith(b"%PDF")
    target = tmp_path / "charters.pdf"
    target.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    words = " ".join(out.split())
    assert "<script>alert('x')</script>" in words  # shown as text, never run
    assert "Open an account in one visit." in words
    assert "95 % in under 20 minutes" in words


def test_the_report_has_a_journey_section_per_stakeholder_with_one() -> None:
    vmap = load(BANK).map
    markdown = export_bytes(vmap, "md").decode("utf-8")
    assert markdown.count("### Journey") == 1
    section = markdown.split("## Personal customers", 1)[1].split("\n## ", 1)[0]
    assert "### Journey" in section
    assert "3. Open an account (Join; Web, Mobile app, Branch; Dying; moment of truth;" in section
    html = export_bytes(vmap, "html")
    parsed = page(html)
    assert "script" not in parsed.tags
    assert html.decode("utf-8").count("<h3>Journey</h3>") == 1
    assert "Direct marketing campaigns (Marketing director), outsourced" in "".join(parsed.text)


def test_the_workbook_has_a_touch_points_sheet_when_the_map_has_journeys() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(export_bytes(golden(), "xlsx")))
    assert wb.sheetnames == ["Elements", "Connections", "Touch points"]
    rows = list(wb["Touch points"].iter_rows(values_only=True))
    assert rows[0] == JOURNEY_COLUMNS
    assert [(r[0], r[2], r[3]) for r in rows[1:]] == [
        ("Customers", 1, "Open an account"),
        ("Customers", 2, "Yearly interest statement"),
        ("Customers", 3, "Savings tips <script>"),
        ("Employées", 1, "Payslip"),
    ]
    plain = load(ROOT / "tests" / "fileformat" / "golden" / "v2-bank.svx").map
    wb = openpyxl.load_workbook(io.BytesIO(export_bytes(plain, "xlsx")))
    assert wb.sheetnames == ["Elements", "Connections"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps_with_journeys())
def test_journey_and_charter_exports_of_any_map_parse(vmap: ValueMap) -> None:
    points = vmap.journeys.touch_points
    rows = csv_rows(export_bytes(vmap, "journeys-csv"))
    assert len(rows) == len(points)
    root = ET.fromstring(export_bytes(vmap, "cjml"))
    assert len(root.findall("plannedJourney/touchpoints/plannedCommunicationPoint")) == len(points)
    parsed = page(export_bytes(vmap, "charters-html"))
    assert "script" not in parsed.tags
    assert parsed.tags.count("tr") == sum(
        len(c.promises) + 1 for c in vmap.journeys.charters if c.promises
    )
    export_bytes(vmap, "charters-md").decode("utf-8")
    report = page(export_bytes(vmap, "html"))
    assert "script" not in report.tags
