"""``svx validate``: exit codes, one line per problem naming file and place, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from svx_desktop.fileformat import CURRENT_VERSION, load
from svx_desktop.fileformat.templates import template_names
from tests.cli.helpers import ROOT, run_main, small_doc, write_doc

TEMPLATES = ROOT / "resources" / "templates"


def test_valid_files_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write_doc(tmp_path / "shop.svx", small_doc())
    code, out, err = run_main(capsys, "validate", good, TEMPLATES / "bank.svx")
    assert code == 0
    assert err == ""
    assert f"{good}: ok (2 stakeholders, 3 flows)" in out
    assert "bank.svx: ok" in out


def test_validate_counts_the_journeys_a_map_holds(capsys: pytest.CaptureFixture[str]) -> None:
    example = ROOT / "resources" / "examples" / "bank.svx"
    vmap = load(example).map
    touch_points, charters = len(vmap.journeys.touch_points), len(vmap.journeys.charters)
    assert touch_points and charters, "the example shows a journey and a charter"
    code, out, _err = run_main(capsys, "validate", example)
    assert code == 0
    assert out.strip().endswith(
        f"ok (9 stakeholders, {len(vmap.flows)} flows, {touch_points} touch points, "
        f"{charters} charter{'' if charters == 1 else 's'})"
    )


def test_every_bundled_template_and_the_example_validate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = [TEMPLATES / f"{n}.svx" for n in template_names()]
    files.append(ROOT / "resources" / "examples" / "bank.svx")
    code, out, err = run_main(capsys, "validate", "--quiet", *files)
    assert (code, out, err) == (0, "", "")


def test_one_invalid_file_makes_exit_1_and_the_valid_one_still_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_doc(tmp_path / "good.svx", small_doc())
    bad = tmp_path / "bad.svx"
    bad.write_text(
        '{"format": "svx", "version": 1, "organisation": {"id": "o"}, "flows": [', "utf-8"
    )
    code, out, err = run_main(capsys, "validate", bad, good)
    assert code == 1
    assert f"{good}: ok" in out
    lines = err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{bad}: line 1 column ")
    assert "truncated" in lines[0]


def test_each_validation_problem_is_one_line_with_its_location(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = small_doc()
    doc["stakeholders"][1]["name"] = 42
    doc["flows"][0]["importance"] = 9
    doc["flows"][2]["direction"] = "sideways"
    bad = write_doc(tmp_path / "bank.svx", doc)
    code, _out, err = run_main(capsys, "validate", bad)
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 3
    assert any(line.startswith(f"{bad}: stakeholders[1].name: ") for line in lines)
    assert any(line.startswith(f"{bad}: flows[0].importance: ") for line in lines)
    assert any(line.startswith(f"{bad}: flows[2].direction: ") for line in lines)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\xff\xfe", "binary"),
        (bytes(range(256)) * 4, "binary"),  # a byte ramp is not UTF-16 text
        (b"\xff\xfe{\x00}\x00", "UTF-16"),
        (b"[1, 2, 3]", "it holds a list"),
        (b'{"format": "svx", "version": 99, "organisation": {"id": "o"}}', "version 99"),
        (b'{"format": "svx", "version": 1}', "organisation"),
        (b'{"format": "drawio", "version": 1}', "not an .svx file"),
        (b"[" * 100_000 + b"]" * 100_000, "nesting"),
        (b'{"format": "svx", "format": "svx"}', "twice"),
        (b'{"format": "svx", "version": 1, "organisation": {"id": "o", "x": 1e400}}', ""),
    ],
    ids=[
        "empty",
        "png",
        "all-bytes",
        "utf16",
        "array",
        "newer-version",
        "no-organisation",
        "other-format",
        "deep-nesting",
        "duplicate-key",
        "huge-number",
    ],
)
def test_hostile_files_fail_with_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, expected: str
) -> None:
    path = tmp_path / "hostile.svx"
    path.write_bytes(content)
    code, out, err = run_main(capsys, "validate", path)
    assert code == 1
    assert out == ""
    assert err.startswith(f"{path}: ")
    assert expected in err
    assert path.read_bytes() == content  # validating never writes


def test_newer_version_names_both_versions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_doc(tmp_path / "future.svx", small_doc(version=7))
    code, _out, err = run_main(capsys, "validate", path)
    assert code == 1
    assert f"{path}: version: " in err
    assert "version 7" in err
    assert f"version {CURRENT_VERSION}" in err


def test_missing_file_and_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.svx"
    code, _out, err = run_main(capsys, "validate", missing, tmp_path)
    assert code == 1
    assert f"{missing}: file does not exist" in err
    assert f"{tmp_path}: is a folder" in err


def test_repairs_are_warnings_and_do_not_fail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = small_doc()
    doc["flows"].append({"id": "f9", "stakeholder": "ghost", "direction": "expects"})
    path = write_doc(tmp_path / "dangling.svx", doc)
    code, out, err = run_main(capsys, "validate", path)
    assert code == 0
    assert f"{path}: ok (2 stakeholders, 3 flows)" in out
    (line,) = err.splitlines()
    assert line.startswith(f"warning: {path}: flows[3]")
    assert "ghost" in line


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["validate"],
        ["validate", "--frobnicate", "x.svx"],
        ["frobnicate"],
        ["info"],
        ["info", "a.svx", "b.svx"],
        ["new"],
        ["new", "-o", "x.svx", "--template", "no-such-template"],
    ],
    ids=lambda argv: " ".join(argv) or "no-arguments",
)
def test_usage_errors_exit_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_main(capsys, *argv)
    assert code == 2
    assert out == ""
    assert "error" in err
    assert list(tmp_path.iterdir()) == []


def test_version_and_help_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run_main(capsys, "--version")
    assert code == 0
    assert out.startswith("svx 0.")
    assert f"format version {CURRENT_VERSION}" in out
    code, out, _err = run_main(capsys, "--help")
    assert code == 0
    for command in ("validate", "info", "new", "templates"):
        assert command in out


def test_an_unexpected_exception_is_an_internal_error_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import svx_desktop.cli as cli

    def broken(path: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "load", broken)
    code, _out, err = run_main(capsys, "validate", write_doc(tmp_path / "a.svx", small_doc()))
    assert code == 3
    assert err.startswith("svx: internal error: RuntimeError: boom")
