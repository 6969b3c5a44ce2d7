"""The bundled templates and the example: canonical files with sensible content."""

from __future__ import annotations

import math

import pytest

from svx_desktop.fileformat import dumps, loads
from svx_desktop.fileformat.templates import list_templates, template_names
from svx_desktop.model import Direction, ValueMap
from svx_desktop.model.journey_elements import TouchPoint
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
    data = path.read_bytes()
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
        # Saved legible as opened (issue 9): as Arrange lays them out (a ring of 380-860),
        # or for the bank a compact layout that presents whole at 1280x720 (from 250).
        assert (250 if name == "bank" else 380) <= math.hypot(*s.position) <= 860, s.name
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


def _bank_journey(vmap: ValueMap) -> tuple[str, tuple[TouchPoint, ...]]:
    sid = next(s.id for s in vmap.stakeholders if s.name == "Personal customers")
    return sid, vmap.journeys.journey(sid)


@pytest.mark.parametrize("path", [TEMPLATES / "bank.svx", EXAMPLE], ids=["template", "example"])
def test_the_bank_has_a_worked_journey_for_personal_customers(path: object) -> None:
    from svx_desktop.model import Health
    from svx_desktop.model.checks import run_checks
    from svx_desktop.model.journey_elements import BUILTIN_CHANNEL_IDS, Sourcing

    vmap = loads(path.read_bytes()).map
    j = vmap.journeys
    sid, points = _bank_journey(vmap)
    assert j.stakeholders_with_journeys() == (sid,)
    assert [st.name for st in j.stages(sid)] == ["Discover", "Join", "Use", "Get help", "Leave"]
    assert 7 <= len(points) <= 9
    tps = points
    assert {st.id for st in j.stages(sid)} == {tp.stage_id for tp in tps}  # every stage used
    assert [c.name for c in j.own_channels] == ["Branch"]
    used = {c for tp in tps for c in tp.channels}
    assert "branch" in used and len(used & BUILTIN_CHANNEL_IDS) >= 5
    assert len({tp.health for tp in tps}) >= 4  # mixed health, every point rated
    assert None not in {tp.health for tp in tps}
    assert sum(tp.moment_of_truth for tp in tps) == 2
    expectations = {f.id for f in vmap.flows_of(sid, Direction.EXPECTS)}
    assert {f for tp in tps for f in tp.serves} == expectations  # every expectation served
    mechanisms = [tp.mechanism for tp in tps]
    assert all(m is not None and m.name and m.owner for m in mechanisms)
    assert [m.sourcing for m in mechanisms if m].count(Sourcing.OUTSOURCED) == 1
    charter = j.charter(sid)
    assert charter is not None and len(charter.promises) >= 3
    assert {p.serves for p in charter.promises} >= expectations
    assert all(p.standard and any(ch.isdigit() for ch in p.standard) for p in charter.promises)
    # Its checks are sensible: nothing to challenge as shipped (every expectation served,
    # every point has a channel and an owner, the dead point is no moment of truth) ...
    assert run_checks(vmap) == ()
    # ... and rating the shaky moment of truth dead is challenged at once.
    opening = next(tp for tp in tps if tp.name == "Open an account")
    assert opening.moment_of_truth and opening.health is Health.DYING
    vmap.journeys.update_touch_point(opening.id, health=Health.DEAD)
    assert [f.check for f in run_checks(vmap)] == ["dead-moment"]


def test_a_map_from_the_bank_template_keeps_its_journey_with_new_ids() -> None:
    from svx_desktop.fileformat.templates import load_template

    original = loads((TEMPLATES / "bank.svx").read_bytes()).map
    vmap = load_template("bank", "2026-12-01T10:00:00+00:00")
    sid, points = _bank_journey(vmap)
    old_sid, old_points = _bank_journey(original)
    assert sid != old_sid
    assert [tp.name for tp in points] == [tp.name for tp in old_points]
    old_ids = {tp.id for tp in old_points}
    assert not old_ids & {tp.id for tp in points}
    mine = {f.id for f in vmap.flows_of(sid)}
    assert all(set(tp.serves) <= mine for tp in vmap.journeys.journey(sid))
    charter = vmap.journeys.charter(sid)
    assert charter is not None and all(p.serves in mine for p in charter.promises if p.serves)
    assert loads(dumps(vmap)).map == vmap
