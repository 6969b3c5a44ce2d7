"""The nesting limit holds wherever unknown fields can hold containers.

The loader checks nesting after the schema has shown that known fields are flat (then
only unknown fields can nest) or as soon as anything is refused; these tests pin the
limit at every level an unknown field can sit, and that deep nesting is still the
problem named first when a file has other problems too.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from svx_desktop.fileformat import SvxLoadError, loads
from svx_desktop.fileformat.limits import MAX_DEPTH


def lists(count: int) -> Any:
    """``count`` nested lists: ``[[...]]``."""
    value: Any = []
    for _ in range(count - 1):
        value = [value]
    return value


def document() -> dict[str, Any]:
    return {
        "format": "svx",
        "version": 1,
        "meta": {"title": "t"},
        "organisation": {"id": "o"},
        "categories": [{"id": "c", "name": "C", "colour": "#112233"}],
        "stakeholders": [{"id": "s", "name": "S"}],
        "flows": [{"id": "f", "stakeholder": "s", "direction": "provides"}],
        "notes": [{"id": "n", "text": "N"}],
    }


def place(doc: dict[str, Any], where: str, value: Any) -> tuple[dict[str, Any], int]:
    """Put ``value`` in an unknown field at ``where``; return the doc and the level."""
    if where == "file":
        doc["unknown"] = value
        return doc, 2
    if where in ("meta", "organisation"):
        doc[where]["unknown"] = value
        return doc, 3
    doc[where][0]["unknown"] = value
    return doc, 4


WHERE = ["file", "meta", "organisation", "categories", "stakeholders", "flows", "notes"]


def encode(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc).encode()


@pytest.mark.parametrize("where", WHERE)
def test_exactly_the_limit_loads_and_one_more_is_refused(where: str) -> None:
    _doc, level = place(document(), where, None)
    fits = MAX_DEPTH - level + 1  # nested lists that end exactly at the limit
    doc, _ = place(document(), where, lists(fits))
    result = loads(encode(doc), "deep.svx")
    assert result.map is not None
    doc, _ = place(document(), where, lists(fits + 1))
    with pytest.raises(SvxLoadError, match="nesting is deeper than 64 levels") as e:
        loads(encode(doc), "deep.svx")
    assert e.value.location.startswith("line 1 column ")


@pytest.mark.parametrize(
    "spoil",
    [
        lambda d: d.update(format="other"),
        lambda d: d.update(version=99),
        lambda d: d.update(version="1"),
        lambda d: d["stakeholders"][0].update(name=7),
        lambda d: d["flows"][0].update(direction="sideways"),
        lambda d: d["stakeholders"].append({"id": "s", "name": "again"}),
        lambda d: d["flows"][0].update(label="\udfff"),
    ],
    ids=["format", "newer", "version-type", "name-type", "direction", "duplicate-id", "surrogate"],
)
def test_deep_nesting_is_named_before_other_problems(spoil: Any) -> None:
    doc = document()
    spoil(doc)
    data = json.dumps(doc).encode()  # ensure_ascii: the surrogate stays a \\udfff escape
    data = data[:-1] + b', "deep": ' + json.dumps(lists(MAX_DEPTH)).encode() + b"}"
    with pytest.raises(SvxLoadError, match="nesting is deeper than 64 levels"):
        loads(data, "deep.svx")
