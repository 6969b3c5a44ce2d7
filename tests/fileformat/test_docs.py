"""docs/file-format.md stays true: its example loads and its tables match the code."""

from __future__ import annotations

import re
from pathlib import Path

from svx_desktop.fileformat import CURRENT_VERSION, dumps, loads
from svx_desktop.fileformat.limits import MAX_DEPTH, MAX_ELEMENTS, MAX_FILE_BYTES
from svx_desktop.model import BUILTIN_CATEGORIES, Direction, Health
from svx_desktop.model.checks import CHECKS

DOC = Path(__file__).resolve().parents[2] / "docs" / "file-format.md"
README = DOC.parents[1] / "README.md"


def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def test_example_loads_and_is_in_the_written_layout() -> None:
    match = re.search(r"```json\n(.*?)```", doc_text(), re.S)
    assert match is not None
    example = match.group(1).encode("utf-8")
    result = loads(example, "example.svx")
    assert result.warnings == []
    vmap = result.map
    assert vmap.category("press").name == "Press & media"
    assert [f.direction for f in vmap.flows_of("s1")] == [Direction.PROVIDES, Direction.EXPECTS]
    assert [tp.serves for tp in vmap.journeys.journey("s1")] == [("f2",)]
    assert vmap.journeys.charter("s1") is not None
    assert dumps(vmap) == example  # the example shows exactly what SVX writes


def test_builtin_category_table_matches_the_code() -> None:
    rows = re.findall(r"^\| `([a-z]+)`\s*\| ([^|]+?)\s*\| `(#[0-9A-F]{6})` \|$", doc_text(), re.M)
    assert rows == [(c.id, c.name, c.colour) for c in BUILTIN_CATEGORIES]


def test_documented_limits_and_version_match_the_code() -> None:
    text = doc_text()
    assert MAX_FILE_BYTES == 52_428_800 and "52,428,800 bytes" in text
    assert MAX_DEPTH == 64 and "| 64 (the top-level object is level 1)" in text
    assert MAX_ELEMENTS == 200_000 and "| 200,000 " in text
    assert CURRENT_VERSION == 3 and "This SVX writes version **3**" in text


def test_health_steps_and_check_ids_match_the_code() -> None:
    text = doc_text()
    rows = re.findall(r'^\| `"([a-z]+)"`\s*\| (.+?)\s*\|$', text, re.M)
    assert rows == [(h.key, h.meaning) for h in Health]
    for check in CHECKS:
        assert f"`{check}`" in text
        assert f"`{check}`" in README.read_text(encoding="utf-8")
