"""``svx export --what journeys|charters``: the installed script, real files."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from svx_desktop.fileformat import load
from tests.export.test_cli_export import BANK, svx


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_charters_as_pdf_from_the_command_line(tmp_path: Path) -> None:
    target = tmp_path / "charters.pdf"
    proc = svx("export", BANK, "-o", target, "--what", "charters")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"{BANK}: exported as charters-pdf to {target}"
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    words = " ".join(text.split())
    assert "Bank: charters" in words
    assert "A lost card is blocked at once, day or night." in words
    # Without --what a .pdf is still the map's picture.
    picture = tmp_path / "map.pdf"
    assert svx("export", BANK, "-o", picture, "-q").returncode == 0
    assert (
        "A lost card is blocked"
        not in subprocess.run(
            ["pdftotext", str(picture), "-"], capture_output=True, text=True, check=True, timeout=60
        ).stdout
    )


@pytest.mark.slow
def test_journeys_as_csv_and_cjml_and_charters_as_markdown(tmp_path: Path) -> None:
    vmap = load(BANK).map
    points = vmap.journeys.touch_points
    proc = svx("export", BANK, "-o", tmp_path / "points.csv", "--what", "journeys", "-q")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
    text = (tmp_path / "points.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["name"] for r in rows] == [tp.name for tp in points]
    assert svx("export", BANK, "-o", tmp_path / "j.xml", "--what", "journeys").returncode == 0
    root = ET.parse(tmp_path / "j.xml").getroot()
    assert len(root.findall(".//plannedCommunicationPoint")) == len(points)
    assert svx("export", BANK, "-o", tmp_path / "c.md", "--what", "charters").returncode == 0
    assert "## Personal customers" in (tmp_path / "c.md").read_text(encoding="utf-8")
    # --format alone says what it exports.
    proc = svx("export", BANK, "-o", tmp_path / "c.txt", "--format", "charters-md")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "c.txt").read_bytes() == (tmp_path / "c.md").read_bytes()


@pytest.mark.slow
def test_what_and_format_must_agree(tmp_path: Path) -> None:
    proc = svx(
        "export", BANK, "-o", tmp_path / "x.md", "--what", "journeys", "--format", "charters-md"
    )
    assert proc.returncode == 2
    assert "--format charters-md exports the charters, not the journeys" in proc.stderr
    proc = svx("export", BANK, "-o", tmp_path / "x.svg", "--what", "charters")
    assert proc.returncode == 2
    assert "cannot tell the charters format from" in proc.stderr
    assert "charters-md, charters-html, charters-pdf" in proc.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_one_stakeholders_charter_by_name(tmp_path: Path) -> None:
    target = tmp_path / "one.md"
    proc = svx(
        "export", BANK, "-o", target, "--what", "charters", "--stakeholder", "personal  CUSTOMERS"
    )
    assert proc.returncode == 0, proc.stderr
    assert "## Personal customers" in target.read_text(encoding="utf-8")
    proc = svx("export", BANK, "-o", tmp_path / "none.md", "--what", "charters",
               "--stakeholder", "Employees")  # fmt: skip
    assert proc.returncode == 0
    assert "no charters yet" in (tmp_path / "none.md").read_text(encoding="utf-8")
    proc = svx("export", BANK, "-o", tmp_path / "x.md", "--what", "charters",
               "--stakeholder", "Martians")  # fmt: skip
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"{BANK}: no stakeholder named 'Martians'"
    assert not (tmp_path / "x.md").exists()
    proc = svx("export", BANK, "-o", tmp_path / "m.csv", "--stakeholder", "Employees")
    assert proc.returncode == 2 and "--stakeholder picks charters" in proc.stderr
