"""The migration framework: named, numbered, pure dict→dict steps applied in order."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from svx_desktop.fileformat import CURRENT_VERSION, loads
from svx_desktop.fileformat.migrations import (
    MIGRATIONS,
    Migration,
    MigrationError,
    RawDoc,
    migrate,
    migration,
)
from tests.fileformat.sample import sample_bytes, sample_doc


def v1_to_v2(doc: RawDoc) -> RawDoc:
    """Rename "notes" to "parking_lot"."""
    out = {k: v for k, v in doc.items() if k != "notes"}
    out["parking_lot"] = copy.deepcopy(doc.get("notes", []))
    return out


def v2_to_v3(doc: RawDoc) -> RawDoc:
    """Give every stakeholder a "weight" of 1."""
    return {**doc, "stakeholders": [{**s, "weight": 1} for s in doc.get("stakeholders", [])]}


def v3_to_v4(doc: RawDoc) -> RawDoc:
    """Record the steps seen, to check the order."""
    return {**doc, "history": [*doc.get("history", []), "v3->v4"]}


REGISTRY = {
    1: Migration(1, "notes become parking_lot", v1_to_v2),
    2: Migration(2, "stakeholders get a weight", v2_to_v3),
    3: Migration(3, "history", v3_to_v4),
}


def test_steps_apply_in_order_and_set_the_version() -> None:
    doc = sample_doc()
    out, applied = migrate(doc, 1, 4, REGISTRY)
    assert applied == ["notes become parking_lot", "stakeholders get a weight", "history"]
    assert out["version"] == 4
    assert "notes" not in out
    assert out["parking_lot"] == doc["notes"]
    assert all(s["weight"] == 1 for s in out["stakeholders"])
    assert out["history"] == ["v3->v4"]


def test_partial_path_starts_at_the_file_version() -> None:
    out, applied = migrate({"version": 2, "stakeholders": [{"id": "s"}]}, 2, 3, REGISTRY)
    assert applied == ["stakeholders get a weight"]
    assert out == {"version": 3, "stakeholders": [{"id": "s", "weight": 1}]}


def test_no_steps_when_already_current() -> None:
    doc = sample_doc()
    out, applied = migrate(doc, 3, 3, REGISTRY)
    assert applied == []
    assert out == doc


def test_migrate_never_mutates_its_input() -> None:
    doc = sample_doc()
    pristine = copy.deepcopy(doc)
    out, _ = migrate(doc, 1, 4, REGISTRY)
    assert doc == pristine
    out["stakeholders"][0]["name"] = "changed after migration"
    assert doc == pristine


@pytest.mark.parametrize("version", [1, 2, 3])
def test_each_step_is_pure(version: int) -> None:
    doc: dict[str, Any] = {"version": version, **sample_doc()}
    pristine = copy.deepcopy(doc)
    REGISTRY[version].step(doc)
    assert doc == pristine


def test_missing_step_is_a_migration_error() -> None:
    registry = {1: REGISTRY[1], 3: REGISTRY[3]}
    with pytest.raises(MigrationError, match="no migration from format version 2"):
        migrate(sample_doc(), 1, 4, registry)


def test_a_step_must_return_an_object() -> None:
    registry = {1: Migration(1, "broken", lambda doc: [doc])}  # type: ignore[arg-type, return-value]
    with pytest.raises(MigrationError, match="'broken' did not return an object"):
        migrate(sample_doc(), 1, 2, registry)


def test_registering_a_step_twice_is_refused() -> None:
    registry_before = dict(MIGRATIONS)
    try:
        migration(99, "first")(v3_to_v4)
        with pytest.raises(RuntimeError, match="already exists"):
            migration(99, "second")(v3_to_v4)
        assert MIGRATIONS[99].name == "first"
    finally:
        MIGRATIONS.clear()
        MIGRATIONS.update(registry_before)


def v2_doc() -> RawDoc:
    """The sample map as a version-2 file had it: no journey lists."""
    doc = sample_doc()
    doc["version"] = 2
    for name in ("channels", "stages", "touch_points", "charters"):
        del doc[name]
    return doc


def v1_doc() -> RawDoc:
    """The sample map as a version-1 file had it: no ratings, no dismissed checks."""
    doc = v2_doc()
    doc["version"] = 1
    del doc["meta"]["dismissed_checks"]
    for f in doc["flows"]:
        del f["met_today"], f["dependence"]
    return doc


RATINGS = "flows get ratings (met today, dependence); maps get dismissed checks"
JOURNEYS = "maps get journeys (own channels, stages, touch points, charters)"


def test_the_real_registry_has_one_named_step_per_version() -> None:
    assert CURRENT_VERSION == 3
    assert sorted(MIGRATIONS) == [1, 2]
    assert (MIGRATIONS[1].name, MIGRATIONS[2].name) == (RATINGS, JOURNEYS)
    out, applied = migrate(v1_doc(), 1, CURRENT_VERSION)
    assert applied == [RATINGS, JOURNEYS]
    assert out == sample_doc()  # exactly what SVX writes for version 3
    out, applied = migrate(v2_doc(), 2, CURRENT_VERSION)
    assert (out, applied) == (sample_doc(), [JOURNEYS])


def test_v2_to_v3_is_pure_idempotent_and_keeps_what_is_there() -> None:
    step = MIGRATIONS[2].step
    doc = v2_doc()
    pristine = copy.deepcopy(doc)
    once = step(doc)
    assert doc == pristine
    assert [once[k] for k in ("channels", "stages", "touch_points", "charters")] == [[]] * 4
    once["channels"].append({"id": "branch", "name": "Branch"})
    assert doc == pristine and "channels" not in doc
    assert step(once) == once
    odd = {"version": 2, "touch_points": "not a list", "charters": [{"stakeholder": "s0"}]}
    out = step(odd)
    assert out["touch_points"] == "not a list"  # left for validation to report
    assert out["charters"] == [{"stakeholder": "s0"}]
    assert out["channels"] == out["stages"] == []


def test_v1_to_v2_never_mutates_its_input() -> None:
    doc = v1_doc()
    pristine = copy.deepcopy(doc)
    out = MIGRATIONS[1].step(doc)
    assert doc == pristine
    out["flows"][0]["met_today"] = "dead"
    out["meta"]["dismissed_checks"].append("no-flows:s0")
    assert doc == pristine


def test_v1_to_v2_is_idempotent_and_keeps_what_is_already_there() -> None:
    step = MIGRATIONS[1].step
    once = step(v1_doc())
    assert step(once) == once
    rated = copy.deepcopy(once)
    rated["flows"][1]["met_today"] = "dying"
    rated["flows"][0]["dependence"] = 4
    rated["meta"]["dismissed_checks"] = ["only-gives:s1"]
    assert step(rated) == rated
    assert step(v2_doc()) == v2_doc()  # already version-2 data


@pytest.mark.parametrize(
    "doc",
    [
        {"version": 1},
        {"version": 1, "meta": "not an object", "flows": "not a list"},
        {"version": 1, "meta": None, "flows": [1, None, "x", [], {"id": "f"}]},
    ],
)
def test_v1_to_v2_leaves_the_unexpected_to_validation(doc: RawDoc) -> None:
    pristine = copy.deepcopy(doc)
    out = MIGRATIONS[1].step(doc)
    assert doc == pristine
    assert out["meta"] == pristine.get("meta", {"dismissed_checks": []})
    if isinstance(doc.get("flows"), list):
        assert out["flows"][:4] == doc["flows"][:4]
        assert out["flows"][4] == {"id": "f", "met_today": None, "dependence": None}


def test_loads_reports_the_file_version_and_the_migrations() -> None:
    result = loads(sample_bytes())
    assert result.file_version == 3
    assert result.migrations_applied == []
    old = loads(json.dumps(v1_doc()).encode())
    assert old.file_version == 1
    assert old.migrations_applied == [RATINGS, JOURNEYS]
    assert old.map == result.map
