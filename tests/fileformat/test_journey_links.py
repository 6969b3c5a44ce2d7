"""A journey whose links do not hold is refused with one clear message naming the place.

The sample map's stakeholder s0 provides f0 and expects f1; s1 expects nothing (f2 is
what it provides); s2 expects f3. Each test damages one link of a valid journey.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from svx_desktop.fileformat import SvxLoadError, dumps, load, loads
from svx_desktop.model import Health
from svx_desktop.model.journey_elements import (
    Channel,
    Charter,
    Mechanism,
    Promise,
    Sourcing,
    Stage,
    TouchPoint,
)
from tests.fileformat.sample import NAME, encode, refused, sample_map


def journey_map() -> Any:
    vmap = sample_map()
    vmap.journeys.add_all(
        channels=[Channel("branch", "Branch")],
        stages=[Stage("s0", "Join", "st0"), Stage("s2", "Report", "st2")],
        touch_points=[
            TouchPoint(
                "s0",
                "Open an account",
                "tp0",
                "st0",
                ("web", "branch"),
                serves=("f1",),
                health=Health.ALIVE,
                mechanism=Mechanism("Desk", Sourcing.INTERNAL, "Retail"),
            ),
            TouchPoint("s2", "Yearly report", "tp1", "st2", ("post",), serves=("f3",)),
        ],
        charters=[Charter("s0", (Promise("Quick", "pr0", "f1", ("branch",), "1 day"),))],
    )
    return vmap


def damaged(change: Callable[[dict[str, Any]], None]) -> bytes:
    doc = json.loads(dumps(journey_map()))
    change(doc)
    return encode(doc)


def test_the_undamaged_journey_loads() -> None:
    result = loads(dumps(journey_map()), NAME)
    assert result.warnings == []
    assert result.map == journey_map()


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        *parts, last = path.replace("[", ".").replace("]", "").split(".")
        node: Any = doc
        for part in parts:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value

    return change


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            "touch_points[0].serves[0]",
            "f-gone",
            'touch point "Open an account" serves a missing flow "f-gone"',
        ),
        (
            "touch_points[0].serves[0]",
            "f0",
            'touch point "Open an account" serves "Flow 0", which the stakeholder provides; '
            "a touch point or promise serves only what it expects",
        ),
        (
            "touch_points[0].serves[0]",
            "f3",
            'touch point "Open an account" serves "Flow 3", a flow of another stakeholder '
            '("Stakeholder 2")',
        ),
        (
            "touch_points[0].stage",
            "st2",
            'touch point "Open an account" is in a stage of another stakeholder ("Stakeholder 2")',
        ),
        (
            "touch_points[0].stage",
            "st9",
            'touch point "Open an account" is in stage "st9", which does not exist',
        ),
        (
            "touch_points[0].channels[1]",
            "shop",
            'touch point "Open an account" names an unknown channel "shop" (neither built in '
            "nor one of the map's channels)",
        ),
        (
            "touch_points[0].stakeholder",
            "s-gone",
            'touch point "Open an account" of missing stakeholder "s-gone"',
        ),
        ("stages[1].stakeholder", "s-gone", 'stage "Report" of missing stakeholder "s-gone"'),
        ("touch_points[1].id", "f2", 'duplicate id "f2" (also used by flows[2])'),
        ("stages[1].id", "tp0", 'duplicate id "tp0" (also used by stages[1])'),
        ("charters[0].promises[0].serves", "f0", None),
        ("charters[0].promises[0].channels[0]", "shop", None),
        ("charters[0].stakeholder", "s-gone", 'charter of missing stakeholder "s-gone"'),
        ("channels[0].id", "web", 'channel id "web" is already used (a built-in channel)'),
    ],
)
def test_a_broken_link_names_the_file_the_place_and_the_problem(
    tmp_path: Path, path: str, value: Any, message: str | None
) -> None:
    error = refused(tmp_path, damaged(_set(path, value)))
    # An id clash is found at the later element: the stages are read before touch points.
    where = "touch_points[0].id" if path == "stages[1].id" else path
    assert error.location == where
    if message is not None:
        assert error.message == message
    assert str(error).startswith(f"{NAME}: {where}: ")


def test_a_second_charter_for_one_stakeholder_is_refused(tmp_path: Path) -> None:
    def twice(doc: dict[str, Any]) -> None:
        doc["charters"].append({"stakeholder": "s0", "promises": []})

    error = refused(tmp_path, damaged(twice), "charters[1].stakeholder: ")
    assert "second charter" in error.message and "charters[0]" in error.message


def test_a_refused_journey_loads_nothing(tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_bytes(damaged(_set("touch_points[1].serves[0]", "f-gone")))
    with pytest.raises(SvxLoadError):
        load(path)


def test_wrong_types_in_journeys_are_schema_errors(tmp_path: Path) -> None:
    refused(tmp_path, damaged(_set("touch_points[0].health", "great")), "touch_points[0].health")
    refused(tmp_path, damaged(_set("touch_points[0].moment_of_truth", "yes")))
    refused(
        tmp_path,
        damaged(_set("touch_points[0].mechanism", {"sourcing": "bought"})),
        "touch_points[0].mechanism.sourcing",
    )
    refused(tmp_path, damaged(_set("touch_points[0].channels", "web")), "touch_points[0].channels")


def test_deep_nesting_in_an_unknown_field_of_a_promise_is_refused(tmp_path: Path) -> None:
    deep: Any = []
    for _ in range(70):
        deep = [deep]
    error = refused(tmp_path, damaged(_set("charters[0].promises[0].mine", deep)))
    assert "nesting is deeper than 64 levels" in error.message
