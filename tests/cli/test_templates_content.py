"""The bundled templates and the example: canonical files with sensible content."""

from __future__ import annotations

import math

import pytest

from svx_desktop.fileformat import dumps, loads
from svx_desktop.fileformat.templates import list_templates, template_names
from svx_desktop.model import Direction, ValueMap
from tests.cli.helpers import ROOT

TEMPLATES = ROOT / "resources" / "templates"
EXAMPLE = ROOT / "resources" / "examples" / "bank.svx"
FULL = [n for n in template_names() if n != "blank"]


def _load(name: str) -> tuple[bytes, ValueMap]:
    data = (TEMPLATES / f"{name}.svx").read_bytes()
    result = loads(data, f"{name}.svx")
    assert result.warnings == []
    return data, result.map


@pytest.mark.parametrize("path", [*(TEMPLATES / f"{n}.svx" for n in template_names()), EXAMPLE])
def test_committed_files_are_canonical(path: object) -> None:
    data = path.read_bytes()  # type: ignore[attr-defined]
    assert dumps(loads(data).map) == data


def test_blank_is_just_the_organisation() -> None:
    _data, vmap = _load("blank")
    assert vmap.stakeholders == () and vmap.flows == () and vmap.notes == ()
    assert vmap.organisation.position == (0.0, 0.0)


@pytest.mark.parametrize("name", FULL)
def test_full_templates_are_complete_nets(name: str) -> None:
    _data, vmap = _load(name)
    assert 7 <= len(vmap.stakeholders) <= 10
    assert vmap.organisation.position == (0.0, 0.0)
    assert vmap.stakeholders_without(Direction.PROVIDES) == ()
    assert vmap.stakeholders_without(Direction.EXPECTS) == ()
    known = {c.id for c in vmap.categories}
    for s in vmap.stakeholders:
        assert s.category in known
        assert 2 <= len(vmap.flows_of(s.id)) <= 4, s.name
        # Saved as Arrange lays them out (issue 9: every label legible as opened), which
        # needs a wider ring than the 380-460 they had.
        assert 380 <= math.hypot(*s.position) <= 860, s.name
    for f in vmap.flows:
        assert f.label
    kinds = {f.value_kind for f in vmap.flows}
    assert len(kinds) == 4
    assert {f.importance for f in vmap.flows} >= {3, 4, 5}
    titles = {n: (t, d) for n, t, d in list_templates()}
    assert titles[name][0] and titles[name][1]


def test_bank_tells_the_story_of_the_method() -> None:
    _data, vmap = _load("bank")
    by_category: dict[str, list[str]] = {}
    for s in vmap.stakeholders:
        by_category.setdefault(s.category, []).append(s.id)
    assert set(by_category) >= {
        "customer",
        "owner",
        "employee",
        "regulator",
        "community",
        "supplier",
    }

    def labels(category: str, direction: Direction) -> set[str]:
        return {f.label for sid in by_category[category] for f in vmap.flows_of(sid, direction)}

    assert "deposits" in labels("customer", Direction.PROVIDES)
    assert {"interest on savings", "capital growth"} <= labels("customer", Direction.EXPECTS)
    assert "banking licence" in labels("regulator", Direction.PROVIDES)
    assert {"compliance", "financial stability"} <= labels("regulator", Direction.EXPECTS)


def test_example_is_a_bank_map() -> None:
    vmap = loads(EXAMPLE.read_bytes()).map
    assert vmap.organisation.name == "Bank"
    assert len(vmap.stakeholders) >= 7
    assert vmap.meta.facilitator
