"""``svx export`` and ``svx import`` as a user runs them: the installed script, real files."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from svx_desktop.export import EXPORT_FORMATS
from svx_desktop.fileformat import load, save
from tests.cli.helpers import ROOT
from tests.export.maps import hostile_map

SVX = Path(sys.executable).parent / "svx"
BANK = ROOT / "resources" / "examples" / "bank.svx"
TEMPLATES = sorted((ROOT / "resources" / "templates").glob("*.svx"))


def svx(
    *argv: str | os.PathLike[str], fsize: int | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the ``svx`` console script; ``fsize`` limits the size of files it may write."""

    def limit() -> None:  # pragma: no cover - runs in the child
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    command = [str(SVX)] if SVX.exists() else [sys.executable, "-m", "svx_desktop.cli"]
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    return subprocess.run(
        [*command, *map(os.fspath, argv)],
        capture_output=True, text=True, encoding="utf-8", errors="replace",
        env=env, cwd=ROOT, timeout=120, preexec_fn=limit,
    )  # fmt: skip


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.slow
def test_every_format_from_every_template_in_one_run(tmp_path: Path) -> None:
    for fmt in EXPORT_FORMATS:
        out = tmp_path / fmt
        out.mkdir()
        proc = svx("export", *TEMPLATES, "-o", out, "--format", fmt, "-q")
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == proc.stderr == ""
        ext = EXPORT_FORMATS[fmt].extensions[0]
        written = sorted(p.name for p in out.iterdir())
        assert written == sorted(p.stem + ext for p in TEMPLATES)
        assert all((out / name).stat().st_size > 0 for name in written)


@pytest.mark.slow
def test_format_from_the_extension_and_csv_round_trip(tmp_path: Path) -> None:
    source = tmp_path / "hostile.svx"
    save(hostile_map(), source)
    proc = svx("export", source, "-o", tmp_path / "map.csv")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"{source}: exported as csv to {tmp_path / 'map.csv'}"
    proc = svx("import", tmp_path / "map.csv", "-o", tmp_path / "back.svx")
    assert proc.returncode == 0, proc.stderr
    original, back = load(source).map, load(tmp_path / "back.svx").map
    assert back.stakeholders == original.stakeholders and back.flows == original.flows
    # The output exists now: import refuses to overwrite it without --force.
    proc = svx("import", tmp_path / "map.csv", "-o", tmp_path / "back.svx")
    assert proc.returncode == 1
    assert proc.stderr == f"{tmp_path / 'back.svx'}: already exists; use --force to overwrite it\n"
    assert svx("import", tmp_path / "map.csv", "-o", tmp_path / "back.svx", "-f").returncode == 0


@pytest.mark.slow
def test_no_notes_leaves_the_parking_lot_out(tmp_path: Path) -> None:
    source = tmp_path / "hostile.svx"
    save(hostile_map(), source)
    assert svx("export", source, "-o", tmp_path / "with.md").returncode == 0
    assert svx("export", source, "-o", tmp_path / "without.md", "--no-notes").returncode == 0
    assert "## Parking lot" in (tmp_path / "with.md").read_text(encoding="utf-8")
    assert "## Parking lot" not in (tmp_path / "without.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_xlsx_through_the_command_line(tmp_path: Path) -> None:
    assert svx("export", BANK, "-o", tmp_path / "bank.xlsx").returncode == 0
    wb = openpyxl.load_workbook(tmp_path / "bank.xlsx", read_only=True)
    assert wb.sheetnames == ["Elements", "Connections", "Touch points"]  # the bank has a journey
    wb.close()
    proc = svx("import", tmp_path / "bank.xlsx", "-o", tmp_path / "bank.svx")
    assert proc.returncode == 0, proc.stderr
    assert load(tmp_path / "bank.svx").map.flows == load(BANK).map.flows


@pytest.mark.slow
def test_bad_rows_fail_with_one_line_each_and_no_map(tmp_path: Path) -> None:
    table = tmp_path / "bad.csv"
    table.write_text("stakeholder,direction,label\nA,provides,x\nB,up,y\n,expects,z\n")
    proc = svx("import", table, "-o", tmp_path / "bad.svx")
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert lines[0].startswith(f"{table}: line 3: direction 'up'")
    assert lines[1].startswith(f"{table}: line 4: ")
    assert lines[2] == f"{table}: nothing imported"
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "bad.svx").exists()


@pytest.mark.slow
def test_unreadable_input_and_unwritable_output(tmp_path: Path) -> None:
    missing = tmp_path / "missing.svx"
    proc = svx("export", missing, "-o", tmp_path / "out.csv")
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [f"{missing}: file does not exist"]
    assert not (tmp_path / "out.csv").exists()

    proc = svx("export", BANK, "-o", tmp_path / "no-folder" / "out.csv")
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        f"{tmp_path / 'no-folder' / 'out.csv'}: cannot save: the folder "
        f"{tmp_path / 'no-folder'} does not exist"
    ]
    proc = svx("import", missing.with_suffix(".csv"), "-o", tmp_path / "x.svx")
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        f"{missing.with_suffix('.csv')}: cannot read: the folder does not exist"
    ]


@pytest.mark.slow
def test_an_export_never_overwrites_its_own_input(tmp_path: Path) -> None:
    source = tmp_path / "bank.svx"
    shutil.copy(BANK, source)
    proc = svx("export", source, "-o", source, "--format", "csv")
    assert proc.returncode == 1
    assert proc.stderr == f"{source}: is the map being exported; choose another output name\n"
    assert source.read_bytes() == BANK.read_bytes()


@pytest.mark.slow
def test_a_full_disk_leaves_no_partial_output(tmp_path: Path) -> None:
    target = tmp_path / "bank.graphml"
    target.write_bytes(b"the previous export")
    proc = svx("export", BANK, "-o", target, fsize=4096)
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"{target}: cannot save: the file is too large")
    assert len(proc.stderr.splitlines()) == 1
    assert target.read_bytes() == b"the previous export"
    assert _leftovers(tmp_path) == []


@pytest.mark.slow
def test_usage_errors(tmp_path: Path) -> None:
    proc = svx("export", BANK, "-o", tmp_path / "map.unknown")
    assert proc.returncode == 2 and "give --format" in proc.stderr
    proc = svx("export", BANK, BANK, "-o", tmp_path / "one-file.csv")
    assert proc.returncode == 2 and "must be an existing folder" in proc.stderr
    proc = svx("export", BANK, "-o", tmp_path, "--format", "tiff")
    assert proc.returncode == 2 and "invalid choice" in proc.stderr
    proc = svx("import", BANK, "-o", tmp_path / "x.svx")
    assert proc.returncode == 2 and "cannot tell the format" in proc.stderr


@pytest.mark.slow
def test_several_inputs_with_the_same_name_do_not_overwrite_each_other(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    shutil.copy(BANK, tmp_path / "a" / "bank.svx")
    out = tmp_path / "out"
    out.mkdir()
    proc = svx("export", BANK, tmp_path / "a" / "bank.svx", "-o", out, "--format", "mmd")
    assert proc.returncode == 1
    assert "would overwrite the export of" in proc.stderr
    assert [p.name for p in out.iterdir()] == ["bank.mmd"]
