"""Version-2 fields in files: flow ratings and dismissed checks, read strictly or repaired."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from svx_desktop.fileformat import dumps, load, loads
from svx_desktop.fileformat.limits import MAX_ELEMENTS
from svx_desktop.model import Direction, Health
from tests.fileformat.sample import encode, refused, sample_doc, sample_map

# In the sample, flows f0, f2, f4 provide and f1, f3, f5 expect.


def changed(change: Any) -> bytes:
    doc = sample_doc()
    change(doc)
    return encode(doc)


def test_every_health_step_reads_back_as_itself() -> None:
    vmap = sample_map()
    for fid, step in zip(
        ("f1", "f3", "f5"), (Health.DEAD, Health.LIVELY, Health.ALIVE), strict=True
    ):
        vmap.update_flow(fid, met_today=step)
    vmap.update_flow("f0", dependence=1)
    vmap.update_flow("f2", dependence=5)
    again = loads(dumps(vmap)).map
    assert again == vmap
    assert [f.met_today for f in again.flows] == [
        None,
        Health.DEAD,
        None,
        Health.LIVELY,
        None,
        Health.ALIVE,
    ]
    assert [f.dependence for f in again.flows] == [1, None, 5, None, None, None]


@pytest.mark.parametrize(
    ("index", "field", "value"),
    [
        (0, "met_today", "dead"),
        (2, "met_today", "alive"),
        (1, "dependence", 3),
        (5, "dependence", 1),
    ],
)
def test_a_rating_on_the_wrong_direction_is_cleared_and_reported(
    tmp_path: Path, index: int, field: str, value: Any
) -> None:
    def rate(doc: dict[str, Any]) -> None:
        doc["flows"][index][field] = value

    path = tmp_path / "bank.svx"
    path.write_bytes(changed(rate))
    result = load(path)
    assert len(result.warnings) == 1
    warning = result.warnings[0]
    assert warning.startswith(f"bank.svx: flows[{index}].{field}: ")
    assert "cleared" in warning
    flow = result.map.flow(f"f{index}")
    assert (flow.met_today, flow.dependence) == (None, None)
    assert flow.direction is (Direction.PROVIDES if index % 2 == 0 else Direction.EXPECTS)


@pytest.mark.parametrize("value", ["Dead", "zombie", "", 1, 0, True, ["dead"], {"step": "dead"}])
def test_an_unknown_health_step_is_refused(tmp_path: Path, value: Any) -> None:
    data = changed(lambda doc: doc["flows"][1].update(met_today=value))
    refused(tmp_path, data, "flows[1].met_today")


@pytest.mark.parametrize("value", [0, 6, -1, 3.0, "3", True, [3]])
def test_dependence_outside_1_to_5_or_not_an_integer_is_refused(tmp_path: Path, value: Any) -> None:
    data = changed(lambda doc: doc["flows"][0].update(dependence=value))
    refused(tmp_path, data, "flows[0].dependence")


@pytest.mark.parametrize(
    "value", [[""], "only-gives:s0", [3], [None], {"key": "x"}, ["x" * 10_001]]
)
def test_bad_dismissed_checks_are_refused(tmp_path: Path, value: Any) -> None:
    data = changed(lambda doc: doc["meta"].update(dismissed_checks=value))
    refused(tmp_path, data, "meta.dismissed_checks")


def test_dismissed_checks_keep_their_order_and_a_repeat_counts_once() -> None:
    keys = ["only-gives:s3", "no-flows:s9", "only-gives:s3", "dead-expectation:f1"]
    result = loads(changed(lambda doc: doc["meta"].update(dismissed_checks=keys)))
    assert result.warnings == []
    assert result.map.meta.dismissed_checks == (
        "only-gives:s3",
        "no-flows:s9",
        "dead-expectation:f1",
    )
    assert loads(dumps(result.map)).map == result.map


def test_a_version_4_file_is_still_refused_with_the_clear_message(tmp_path: Path) -> None:
    error = refused(tmp_path, changed(lambda doc: doc.update(version=4)), "version: ")
    assert str(error) == (
        "bank.svx: version: format version 4 is newer than this SVX reads (up to version 3); "
        "open it with a newer SVX"
    )


def test_too_many_dismissed_checks(tmp_path: Path) -> None:
    keys = [f"no-flows:s{i}" for i in range(MAX_ELEMENTS + 1)]
    error = refused(tmp_path, changed(lambda doc: doc["meta"].update(dismissed_checks=keys)))
    assert str(error) == "bank.svx: meta.dismissed_checks: more than 200,000 entries"
