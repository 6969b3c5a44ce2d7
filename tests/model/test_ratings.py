"""Flow ratings and dismissed checks in the model: checked, evented, one direction each."""

from __future__ import annotations

from typing import Any

import pytest

from svx_desktop.model import (
    HEALTH_KEYS,
    Direction,
    Flow,
    FlowChanged,
    Health,
    MapEvent,
    MetaChanged,
    direction_changes,
    rating_changes,
    rating_of,
    rating_text,
)
from tests.model.invariants import assert_invariants, bank, refused


def test_the_health_scale_is_five_named_ordered_steps() -> None:
    assert HEALTH_KEYS == ("dead", "dying", "indifferent", "lively", "alive")
    assert [int(h) for h in Health] == [1, 2, 3, 4, 5]
    assert Health.DEAD < Health.DYING < Health.ALIVE
    assert Health.from_key("lively") is Health.LIVELY
    assert Health.DEAD.label == "Dead"
    assert "arm's length" in Health.DEAD.meaning and "say yes" in Health.ALIVE.meaning
    with pytest.raises(ValueError, match="not a health step"):
        Health.from_key("Dead")


def test_new_flows_are_unrated() -> None:
    flow = Flow("s", Direction.EXPECTS, "Interest")
    assert (flow.met_today, flow.dependence) == (None, None)


def test_rating_a_flow_emits_flow_changed_and_returns_the_old_flow() -> None:
    vmap = bank()
    events: list[MapEvent] = []
    vmap.subscribe(events.append)
    old = vmap.update_flow("f-int", met_today=Health.DYING)
    assert old.met_today is None
    vmap.update_flow("f-dep", dependence=4)
    vmap.update_flow("f-int", met_today=None)
    assert events == [
        FlowChanged("f-int", frozenset({"met_today"})),
        FlowChanged("f-dep", frozenset({"dependence"})),
        FlowChanged("f-int", frozenset({"met_today"})),
    ]
    assert vmap.flow("f-dep").dependence == 4 and vmap.flow("f-int").met_today is None
    assert_invariants(vmap)


@pytest.mark.parametrize(
    ("flow_id", "changes", "message"),
    [
        ("f-dep", {"met_today": Health.DEAD}, "only an 'expects' flow"),
        ("f-int", {"dependence": 3}, "only a 'provides' flow"),
        ("f-int", {"met_today": 2}, "not a health step"),
        ("f-int", {"met_today": "dying"}, "not a health step"),
        ("f-dep", {"dependence": 0}, "not between 1 and 5"),
        ("f-dep", {"dependence": 6}, "not between 1 and 5"),
        ("f-dep", {"dependence": True}, "not between 1 and 5"),
        ("f-dep", {"dependence": 3.0}, "not between 1 and 5"),
    ],
)
def test_a_bad_rating_is_refused_and_changes_nothing(
    flow_id: str, changes: dict[str, Any], message: str
) -> None:
    vmap = bank()
    error = refused(vmap, lambda: vmap.update_flow(flow_id, **changes))
    assert message in str(error)


def test_adding_a_flow_rated_on_the_wrong_direction_is_refused() -> None:
    vmap = bank()
    flow = Flow("cust", Direction.PROVIDES, "Fees", met_today=Health.ALIVE)
    refused(vmap, lambda: vmap.add_flow(flow))
    rated = Flow("cust", Direction.PROVIDES, "Fees", dependence=2)
    vmap.add_flow(rated)
    assert vmap.flow(rated.id).dependence == 2


def test_flipping_a_rated_flow_needs_the_rating_cleared_in_the_same_change() -> None:
    vmap = bank()
    vmap.update_flow("f-int", met_today=Health.DEAD)
    refused(vmap, lambda: vmap.update_flow("f-int", direction=Direction.PROVIDES))
    changes = direction_changes(vmap.flow("f-int"), Direction.PROVIDES)
    assert changes == {"direction": Direction.PROVIDES, "met_today": None}
    vmap.update_flow("f-int", **changes)
    assert vmap.flow("f-int").direction is Direction.PROVIDES
    assert vmap.flow("f-int").met_today is None
    vmap.update_flow("f-int", dependence=5)
    assert direction_changes(vmap.flow("f-int"), Direction.EXPECTS) == {
        "direction": Direction.EXPECTS,
        "dependence": None,
    }
    # An unrated flow flips with the direction alone.
    assert direction_changes(vmap.flow("f-gro"), Direction.PROVIDES) == {
        "direction": Direction.PROVIDES
    }
    assert_invariants(vmap)


def test_dismissed_checks_are_map_metadata() -> None:
    vmap = bank()
    events: list[MapEvent] = []
    vmap.subscribe(events.append)
    vmap.update_meta(dismissed_checks=("only-gets:comm", "dead-expectation:f-int"))
    assert vmap.meta.dismissed_checks == ("only-gets:comm", "dead-expectation:f-int")
    assert events == [MetaChanged(frozenset({"dismissed_checks"}))]
    assert vmap.copy().meta.dismissed_checks == vmap.meta.dismissed_checks


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (["only-gets:comm"], "tuple of check keys"),
        (("",), "cannot be empty"),
        (("a", "a"), "dismissed twice"),
        ((3,), "must be text"),
        (("x" * 10_001,), "the limit is 10,000"),
    ],
)
def test_bad_dismissed_checks_are_refused(keys: Any, message: str) -> None:
    vmap = bank()
    error = refused(vmap, lambda: vmap.update_meta(dismissed_checks=keys))
    assert message in str(error)


def test_one_rating_per_flow_read_set_and_shown_whatever_the_direction() -> None:
    vmap = bank()
    gives, gets = vmap.flow("f-dep"), vmap.flow("f-int")
    assert (rating_of(gives), rating_of(gets)) == (None, None)
    assert (rating_text(gives), rating_text(gets)) == ("unrated", "unrated")
    assert rating_changes(gives, 4) == {"dependence": 4}
    assert rating_changes(gets, 2) == {"met_today": Health.DYING}
    assert rating_changes(gets, None) == {"met_today": None}
    vmap.update_flow("f-dep", **rating_changes(gives, 4))
    vmap.update_flow("f-int", **rating_changes(gets, 2))
    gives, gets = vmap.flow("f-dep"), vmap.flow("f-int")
    assert (rating_of(gives), rating_of(gets)) == (4, 2)
    assert (rating_text(gives), rating_text(gets)) == ("dependence 4/5", "met today: dying")
    vmap.update_flow("f-int", **rating_changes(gets, None))
    assert rating_of(vmap.flow("f-int")) is None
    assert_invariants(vmap)


@pytest.mark.parametrize("step", [0, 6, 9, -1, True, 2.0, "3"])
def test_a_rating_step_outside_1_to_5_is_a_value_error(step: Any) -> None:
    with pytest.raises(ValueError, match="a rating is 1 to 5"):
        rating_changes(bank().flow("f-int"), step)
