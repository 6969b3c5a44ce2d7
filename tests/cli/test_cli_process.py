"""End-to-end: ``python -m svx_desktop.cli`` as a real process (exit codes, streams)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from svx_desktop.fileformat import CURRENT_VERSION
from tests.cli.helpers import ROOT, run_svx, small_doc, write_doc


def test_validate_in_a_process(tmp_path: Path) -> None:
    good = write_doc(tmp_path / "good.svx", small_doc())
    garbage = tmp_path / "garbage.svx"
    garbage.write_bytes(b"\xde\xad\xbe\xef" * 1000)
    future = write_doc(tmp_path / "future.svx", small_doc(version=CURRENT_VERSION + 1))
    proc = run_svx("validate", good, garbage, future, tmp_path, tmp_path / "missing.svx")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stdout == f"{good}: ok (2 stakeholders, 3 flows)\n"
    lines = proc.stderr.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith(f"{garbage}: ")
    assert lines[1].startswith(f"{future}: version: format version {CURRENT_VERSION + 1} is newer")
    assert lines[2] == f"{tmp_path}: is a folder, not a file"
    assert lines[3] == f"{tmp_path / 'missing.svx'}: file does not exist"


def test_usage_error_in_a_process() -> None:
    proc = run_svx("validate")
    assert proc.returncode == 2
    assert proc.stderr.startswith("usage: svx validate")
    assert "Traceback" not in proc.stderr


def test_new_then_info_json_in_a_process(tmp_path: Path) -> None:
    path = tmp_path / "bank.svx"
    proc = run_svx("new", "-o", path, "--template", "bank")
    assert (proc.returncode, proc.stderr) == (0, "")
    proc = run_svx("info", "--json", path)
    assert (proc.returncode, proc.stderr) == (0, "")
    doc = json.loads(proc.stdout)
    assert doc["organisation"]["name"] == "Bank"
    assert doc["counts"]["stakeholders"] == 9


def test_non_ascii_labels_on_an_ascii_terminal(tmp_path: Path) -> None:
    doc = small_doc()
    doc["flows"][0]["label"] = "Zahlung in €, 支付"
    path = write_doc(tmp_path / "ünïcode.svx", doc)
    proc = run_svx("info", path, env={"PYTHONIOENCODING": "ascii", "LC_ALL": "C"})
    assert proc.returncode == 0, proc.stderr
    assert "Zahlung in \\u20ac" in proc.stdout


def test_the_cli_never_imports_qt() -> None:
    code = (
        "import sys, svx_desktop.cli, svx_desktop.fileformat.templates;"
        "sys.exit(any(m.split('.')[0] in ('PySide6', 'shiboken6') for m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=60, check=False)
    assert proc.returncode == 0
