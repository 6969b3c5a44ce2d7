"""The journey checks fire on what they describe and stay silent otherwise.

Documented in ``model/journey_checks.py``: only stakeholders with a journey are checked,
so a map without journeys is as silent as before.
"""

from __future__ import annotations

from hypothesis import given, settings

from svx_desktop.model import Direction, Flow, Health, Organisation, Stakeholder, ValueMap
from svx_desktop.model.checks import CHECKS, Severity, dismiss, run_checks
from svx_desktop.model.journey_checks import JOURNEY_CHECKS
from svx_desktop.model.journey_elements import Mechanism, Sourcing, Stage, TouchPoint
from tests.strategies import maps_with_journeys, value_maps

P, E = Direction.PROVIDES, Direction.EXPECTS


def customers() -> ValueMap:
    """Savers provide deposits and expect interest and advice; no journey yet."""
    vmap = ValueMap(Organisation("org", "Bank"))
    vmap.add_stakeholder(Stakeholder("Savers", "s", "customer"))
    vmap.add_flow(Flow("s", P, "Deposits", "dep"))
    vmap.add_flow(Flow("s", E, "Interest", "int"))
    vmap.add_flow(Flow("s", E, "Advice", "adv"))
    return vmap


def good_point(tp_id: str = "tp1", **changes: object) -> TouchPoint:
    fields: dict[str, object] = {
        "channels": ("web",),
        "serves": ("int", "adv"),
        "health": Health.DEAD,  # dead, but not a moment of truth: not a finding
        "mechanism": Mechanism("Online banking", Sourcing.OUTSOURCED, "Head of digital"),
        **changes,
    }
    return TouchPoint("s", "Check the balance", tp_id, **fields)  # type: ignore[arg-type]


def journey_keys(vmap: ValueMap) -> list[str]:
    return [f.key for f in run_checks(vmap) if f.check in JOURNEY_CHECKS]


def test_the_journey_checks_are_registered() -> None:
    assert set(JOURNEY_CHECKS) == {"unserved-expectation", "dead-moment", "no-channel", "no-owner"}
    assert set(JOURNEY_CHECKS) <= set(CHECKS)


def test_a_stakeholder_without_a_journey_gets_no_journey_findings() -> None:
    vmap = customers()
    assert run_checks(vmap) == ()  # two expectations nothing serves, but no journey


def test_a_good_journey_is_silent() -> None:
    vmap = customers()
    vmap.journeys.add_touch_point(good_point())
    assert run_checks(vmap) == ()


def test_an_expectation_no_touch_point_serves() -> None:
    vmap = customers()
    vmap.journeys.add_touch_point(good_point(serves=("int",)))
    found = run_checks(vmap)
    assert [(f.key, f.severity) for f in found] == [("unserved-expectation:adv", Severity.MEDIUM)]
    assert found[0].message == (
        "no touch point of “Savers” serves its expectation “Advice”: where along its journey "
        "is it met?"
    )
    vmap.journeys.update_touch_point("tp1", serves=("int", "adv"))
    assert run_checks(vmap) == ()


def test_a_stage_alone_makes_a_journey_whose_expectations_are_checked() -> None:
    vmap = customers()
    vmap.journeys.add_stage(Stage("s", "Join", "st"))
    assert journey_keys(vmap) == ["unserved-expectation:int", "unserved-expectation:adv"]


def test_a_dead_moment_of_truth_and_only_a_dead_one() -> None:
    vmap = customers()
    vmap.journeys.add_touch_point(good_point(moment_of_truth=True))
    found = run_checks(vmap)
    assert [(f.key, f.severity, f.element_ids) for f in found] == [
        ("dead-moment:s+tp1", Severity.HIGH, ("s", "tp1"))
    ]
    message = found[0].message
    assert "“Check the balance” is a moment of truth for “Savers” and it is dead" in message
    for health in (Health.DYING, Health.ALIVE, None):
        vmap.journeys.update_touch_point("tp1", health=health)
        assert run_checks(vmap) == ()


def test_a_touch_point_with_no_channel() -> None:
    vmap = customers()
    vmap.journeys.add_touch_point(good_point(channels=()))
    assert journey_keys(vmap) == ["no-channel:s+tp1"]
    assert run_checks(vmap)[0].severity is Severity.LOW


def test_a_mechanism_with_no_owner() -> None:
    vmap = customers()
    vmap.journeys.add_touch_point(good_point(mechanism=Mechanism("Call centre", owner="  ")))
    found = run_checks(vmap)
    assert [f.key for f in found] == ["no-owner:s+tp1"]
    assert found[0].message.startswith("“Call centre” delivers “Check the balance”")
    # Outsourced with nothing else said is a mechanism too; an empty one is not.
    vmap.journeys.update_touch_point("tp1", mechanism=Mechanism(sourcing=Sourcing.OUTSOURCED))
    assert journey_keys(vmap) == ["no-owner:s+tp1"]
    vmap.journeys.update_touch_point("tp1", mechanism=Mechanism())
    assert run_checks(vmap) == ()
    vmap.journeys.update_touch_point("tp1", mechanism=None)
    assert run_checks(vmap) == ()


def test_journey_findings_follow_the_stakeholders_own_and_can_be_dismissed() -> None:
    vmap = customers()
    vmap.add_stakeholder(Stakeholder("Neighbours", "n", "community"))
    vmap.journeys.add_touch_point(good_point(channels=(), moment_of_truth=True))
    vmap.update_flow("adv", met_today=Health.DYING)
    keys = [f.key for f in run_checks(vmap)]
    assert keys == ["dead-expectation:adv", "dead-moment:s+tp1", "no-channel:s+tp1", "no-flows:n"]
    vmap.update_meta(dismissed_checks=dismiss(vmap, ["dead-moment:s+tp1"]))
    assert "dead-moment:s+tp1" not in [f.key for f in run_checks(vmap)]


@settings(max_examples=30, deadline=None)
@given(value_maps(max_stakeholders=5, max_flows=8))
def test_no_map_without_journeys_gets_a_journey_finding(vmap: ValueMap) -> None:
    assert not any(f.check in JOURNEY_CHECKS for f in run_checks(vmap, dismissed=()))


@settings(max_examples=30, deadline=None)
@given(maps_with_journeys())
def test_journey_findings_are_about_stakeholders_with_journeys(vmap: ValueMap) -> None:
    before = vmap.copy()
    with_journeys = set(vmap.journeys.stakeholders_with_journeys())
    for f in run_checks(vmap, dismissed=()):
        if f.check in JOURNEY_CHECKS:
            first = f.element_ids[0]
            owner = vmap.flow(first).stakeholder_id if vmap.has_flow(first) else first
            assert owner in with_journeys
    assert vmap == before
