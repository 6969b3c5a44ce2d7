"""The fast dict validator (``fileformat/plain.py``) agrees with the pydantic models.

It is derived from the models' own core schema; here it must accept exactly the
documents the models accept, and return what ``model_dump()`` returns.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from svx_desktop.fileformat import to_document
from svx_desktop.fileformat.plain import known_fields, plain_validator
from svx_desktop.fileformat.schema import SvxFile
from svx_desktop.model import ValueMap
from tests.strategies import value_maps

VALUES: list[Any] = [
    None, True, False, 0, 1, 3, 5, 9, -1, 1.5, 2.0, 1e8, -1e7, "", "x", "x" * 10_001,
    "#aabbcc", "#AABBCC\n", "provides", "expects", "money", "intangible", [], {}, {"a": [1]},
    "3", "1.5", "\ud800",
]  # fmt: skip


def _model(doc: dict[str, Any]) -> dict[str, Any] | None:
    try:
        return SvxFile.model_validate(doc).model_dump()
    except ValidationError:
        return None


def _plain(doc: dict[str, Any]) -> dict[str, Any] | None:
    fast = plain_validator()
    assert fast is not None
    try:
        result: dict[str, Any] = fast.validate_python(doc)
    except ValidationError:
        return None
    return result


def test_the_fast_validator_is_available() -> None:
    assert plain_validator() is not None
    assert known_fields()["flows"] >= {"id", "stakeholder", "direction", "label"}


@settings(max_examples=30, deadline=None)
@given(value_maps(max_stakeholders=6, max_flows=10))
def test_valid_documents_give_the_same_dicts(vmap: ValueMap) -> None:
    doc = to_document(vmap)
    assert _plain(doc) == _model(doc) is not None


@settings(max_examples=150, deadline=None)
@given(
    value_maps(max_stakeholders=3, max_flows=4, max_notes=2, max_categories=1),
    st.data(),
)
def test_mutated_documents_are_judged_alike(vmap: ValueMap, data: st.DataObject) -> None:
    doc = copy.deepcopy(to_document(vmap))
    for _ in range(data.draw(st.integers(1, 3))):
        part = data.draw(st.sampled_from(sorted(known_fields())))
        value = data.draw(st.sampled_from(VALUES))
        if part == "":
            target: Any = doc
        elif isinstance(doc.get(part), list):
            if not doc[part]:
                doc[part] = [value]
                continue
            target = data.draw(st.sampled_from(doc[part]))
            if not isinstance(target, dict):
                continue
        else:
            target = doc.get(part)
            if not isinstance(target, dict):
                continue
        keys = [*sorted(known_fields()[part]), "extra_field"]
        key = data.draw(st.sampled_from(keys))
        if data.draw(st.booleans()):
            target[key] = value
        else:
            target.pop(key, None)
    assert _plain(doc) == _model(doc)


@pytest.mark.parametrize(
    "doc",
    [
        {"format": "svx", "version": 1, "organisation": {"id": "o"}},
        {"format": "svx", "version": 1, "organisation": {"id": "o", "x": 3}},
        {"format": "svx", "version": 1, "organisation": {"id": ""}},
        {"format": "svx", "version": 1},
        {"format": "svx", "version": 1, "organisation": {"id": "o"}, "meta": None},
        {"format": "svx", "version": 1, "organisation": {"id": "o"}, "meta": {"x": {"y": 1}}},
        {"format": "svx", "version": 1, "organisation": {"id": "o"}, "flows": [{"id": "f"}]},
        {"format": "svx", "version": 1, "organisation": {"id": "o"}, "notes": [[]]},
        {"format": "svx", "version": 2, "organisation": {"id": "o"}},
        {"format": "svx", "version": 1, "organisation": {"id": "o"}, "stakeholders": "no"},
    ],
)
def test_edge_documents_are_judged_alike(doc: dict[str, Any]) -> None:
    assert _plain(doc) == _model(doc)
