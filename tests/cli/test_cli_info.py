"""``svx info``: a readable summary and a stable ``--json`` object."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from svx_desktop.cli import info_document
from svx_desktop.fileformat import load
from tests.cli.helpers import ROOT, run_main, small_doc, write_doc

EXAMPLE = ROOT / "resources" / "examples" / "bank.svx"


def test_text_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_doc(tmp_path / "shop.svx", small_doc())
    code, out, err = run_main(capsys, "info", path)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == str(path)
    assert "  Title:        Corner shop" in lines
    assert "  Facilitator:  Ada" in lines
    assert "  Organisation: Corner shop" in lines
    assert "  Counts:       2 stakeholders, 3 flows (2 provides, 1 expects), 0 notes" in lines
    i = lines.index("  Customers (Customer)")
    assert lines[i + 1] == "    provides: payment [money, importance 5]"
    assert lines[i + 2] == "    expects:  fresh bread [goods & services, importance 3]"
    j = lines.index("  Wholesaler (Supplier)")
    assert lines[j + 1] == "    provides: stock [goods & services, importance 3]"
    assert lines[j + 2] == "    expects:  -"


def test_text_keeps_one_line_per_item_whatever_the_labels_hold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = small_doc()
    doc["stakeholders"][0]["name"] = "Cust\nomers\x1b[31m"
    doc["flows"][0]["label"] = "pay\r\nment"
    path = write_doc(tmp_path / "odd.svx", doc)
    code, out, _err = run_main(capsys, "info", path)
    assert code == 0
    assert "  Cust omers [31m (Customer)" in out.splitlines()
    assert "    provides: pay  ment [money, importance 5]" in out.splitlines()
    assert "\x1b" not in out


def test_json_is_complete_and_stable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(capsys, "info", "--json", EXAMPLE)
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc == info_document(load(EXAMPLE).map, str(EXAMPLE), 3)
    assert set(doc) >= {
        "file", "format_version", "title", "facilitator", "workshop_date", "created",
        "modified", "organisation", "counts", "stakeholders",
    }  # fmt: skip
    assert doc["organisation"]["name"] == "Bank"
    assert doc["counts"]["stakeholders"] == len(doc["stakeholders"]) == 9
    assert doc["counts"]["flows"] == doc["counts"]["provides"] + doc["counts"]["expects"]
    journeys = load(EXAMPLE).map.journeys
    assert doc["counts"]["touch_points"] == len(journeys.touch_points) > 0
    assert doc["counts"]["charters"] == len(journeys.charters) > 0
    customers = next(s for s in doc["stakeholders"] if s["name"] == "Personal customers")
    assert customers["category"] == "customer"
    assert customers["provides"][0]["label"] == "deposits"
    assert {f["label"] for f in customers["expects"]} >= {"interest on savings", "capital growth"}
    assert (
        customers["balance"] == customers["provides_importance"] - customers["expects_importance"]
    )
    # Stable: the same file gives the same bytes, with sorted keys.
    again = run_main(capsys, "info", "--json", EXAMPLE)[1]
    assert again == out
    assert out == json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_json_keeps_labels_exactly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = small_doc()
    doc["flows"][0]["label"] = "Zahlung <b>€</b>\nzwei Zeilen"
    path = write_doc(tmp_path / "de.svx", doc)
    code, out, _err = run_main(capsys, "info", "--json", path)
    assert code == 0
    flows = json.loads(out)["stakeholders"][0]["provides"]
    assert flows[0]["label"] == "Zahlung <b>€</b>\nzwei Zeilen"


def test_info_of_an_invalid_file_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.svx"
    path.write_bytes(b"\x00\x01garbage")
    code, out, err = run_main(capsys, "info", "--json", path)
    assert code == 1
    assert out == ""
    assert err.startswith(f"{path}: ")


def test_info_prints_repairs_as_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = small_doc()
    doc["stakeholders"][1]["category"] = "alien"
    path = write_doc(tmp_path / "cat.svx", doc)
    code, out, err = run_main(capsys, "info", path)
    assert code == 0
    assert err.startswith(f"warning: {path}: stakeholders[1].category: ")
    assert "  Wholesaler (Other)" in out.splitlines()


def test_net_figures_and_ratings_in_info(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = small_doc(version=2)
    doc["flows"][0]["dependence"] = 4
    doc["flows"][1]["met_today"] = "dying"
    path = write_doc(tmp_path / "shop.svx", doc)
    code, out, _err = run_main(capsys, "info", "--json", path)
    assert code == 0
    customers, wholesaler = json.loads(out)["stakeholders"]
    assert customers["net"] == {
        "gives": 5,
        "gets": 3,
        "balance": 2,
        "expectations_rated": 1,
        "expectations_total": 1,
        "met_today_mean": 2.0,
        "worst_met_today": "dying",
        "dependence_rated": 1,
        "provides_total": 1,
        "dependence_max": 4,
    }
    assert customers["balance"] == customers["net"]["balance"]  # the old keys keep their meaning
    assert customers["provides"][0]["dependence"] == 4
    assert customers["expects"][0]["met_today"] == "dying"
    assert wholesaler["net"]["worst_met_today"] is None
    assert wholesaler["provides"][0]["dependence"] is None
    code, out, _err = run_main(capsys, "info", path)
    lines = out.splitlines()
    i = lines.index("  Customers (Customer)")
    assert lines[i + 1 : i + 4] == [
        "    provides: payment [money, importance 5, dependence 4]",
        "    expects:  fresh bread [goods & services, importance 3, met today: dying]",
        "    net:      gives 5, gets 3 (balance +2); 1 of 1 expectations rated, worst dying",
    ]
    j = lines.index("  Wholesaler (Supplier)")
    assert lines[j + 3] == "    net:      gives 3, gets 0 (balance +3); no expectations"


def test_text_counts_the_example_journeys(capsys: pytest.CaptureFixture[str]) -> None:
    journeys = load(EXAMPLE).map.journeys
    code, out, _err = run_main(capsys, "info", EXAMPLE)
    assert code == 0
    stages, charters = len(journeys.all_stages), len(journeys.charters)
    expected = (
        f"  Journeys:     {len(journeys.touch_points)} touch points in {stages} stages, "
        f"{charters} charter{'' if charters == 1 else 's'}"
    )
    assert expected in out.splitlines()
