"""``svx check``: one line per finding, JSON, dismissals, and the exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from svx_desktop import cli_check
from tests.cli.helpers import ROOT, run_main, run_svx, small_doc, write_doc

EXAMPLE = ROOT / "resources" / "examples" / "bank.svx"


def shop(**meta: Any) -> dict[str, Any]:
    """The small shop (its wholesaler only gives), as a version-2 document."""
    doc = small_doc(version=2)
    doc["meta"].update(meta)
    return doc


def test_nothing_found_is_exit_0_and_no_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_main(capsys, "check", EXAMPLE) == (0, "", "")


def test_one_line_per_finding_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = shop()
    doc["flows"][1]["met_today"] = "dead"
    doc["stakeholders"].append({"id": "s3", "name": "IT department"})
    path = write_doc(tmp_path / "shop.svx", doc)
    code, out, err = run_main(capsys, "check", path)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"{path}: dead-expectation: “Customers” expects “fresh bread” and it is dead today "
        "(importance 3): rules and procedures keep the stakeholder at arm's length "
        "[dead-expectation:f2]",
        f"{path}: only-gives: “Wholesaler” only gives: what does it expect back? [only-gives:s2]",
        f"{path}: no-flows: “IT department” has no flows: what does it give and get? [no-flows:s3]",
        f"{path}: inside-organisation: “IT department” reads like a department inside the "
        "organisation: the method keeps mechanisms out of the map; put it in the drill-down "
        "of the stakeholders it serves [inside-organisation:s3]",
    ]


def test_dismissed_checks_are_silent_unless_asked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_doc(tmp_path / "shop.svx", shop(dismissed_checks=["only-gives:s2"]))
    assert run_main(capsys, "check", path) == (0, "", "")
    code, out, _err = run_main(capsys, "check", "--all", path)
    assert code == 0  # a dismissed finding does not count
    assert out.endswith("[only-gives:s2] (dismissed)\n")


def test_json_lists_every_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_doc(tmp_path / "shop.svx", small_doc())  # version 1: migrated on load
    code, out, err = run_main(capsys, "check", "--json", path, EXAMPLE)
    assert (code, err) == (1, "")
    doc = json.loads(out)
    assert out == json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    shop_report, example_report = doc["files"]
    assert shop_report == {
        "file": str(path),
        "format_version": 1,
        "dismissed_checks": 0,
        "findings": [
            {
                "check": "only-gives",
                "key": "only-gives:s2",
                "message": "“Wholesaler” only gives: what does it expect back?",
                "element_ids": ["s2"],
                "severity": "medium",
                "dismissed": False,
            }
        ],
    }
    assert example_report["findings"] == []
    assert run_main(capsys, "check", "--json", EXAMPLE)[0] == 0


def test_an_unreadable_file_is_exit_1_with_file_and_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.svx"
    broken.write_bytes(b'{"format": "svx", "version": 2, "organisation": {"id": ""}}')
    missing = tmp_path / "missing.svx"
    code, out, err = run_main(capsys, "check", EXAMPLE, broken, missing)
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[0].startswith(f"{broken}: organisation.id: ")
    assert lines[1] == f"{missing}: file does not exist"
    code, out, _err = run_main(capsys, "check", "--json", missing)
    assert code == 1
    assert json.loads(out)["files"] == [
        {"file": str(missing), "findings": [], "problems": [f"{missing}: file does not exist"]}
    ]


def test_a_newer_file_is_refused_with_the_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_doc(tmp_path / "future.svx", small_doc(version=4))
    code, _out, err = run_main(capsys, "check", path)
    assert code == 1
    assert f"{path}: version: format version 4 is newer than this SVX reads" in err


@pytest.mark.parametrize("argv", [["check"], ["check", "--nope", "x.svx"], ["chek", "x.svx"]])
def test_usage_errors_are_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(capsys, *argv)
    assert (code, out) == (2, "")
    assert "usage:" in err


def test_an_unexpected_exception_is_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli_check, "run_checks", broken)
    code, _out, err = run_main(capsys, "check", EXAMPLE)
    assert code == 3
    assert err.startswith("svx: internal error: RuntimeError: boom")


def test_check_in_a_process(tmp_path: Path) -> None:
    path = write_doc(tmp_path / "shop.svx", shop())
    proc = run_svx("check", path, EXAMPLE)
    assert (proc.returncode, proc.stderr) == (1, "")
    assert proc.stdout == (
        f"{path}: only-gives: “Wholesaler” only gives: what does it expect back? [only-gives:s2]\n"
    )
    assert run_svx("check", EXAMPLE).returncode == 0
    assert "check" in run_svx("--help").stdout
