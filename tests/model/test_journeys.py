"""Journeys in the model: touch points, stages, channels, charters and their links."""

from __future__ import annotations

import pytest

from svx_desktop.model import (
    Channel,
    Charter,
    Direction,
    Flow,
    Health,
    Initiator,
    ModelError,
    Promise,
    Stage,
    Stakeholder,
    TouchPoint,
    TouchPointAdded,
    TouchPointMoved,
    TouchPointRemoved,
    ValueMap,
)
from svx_desktop.model.coverage import channel_grid, draft_charter
from svx_desktop.model.journey_capture import (
    TouchPointParseError,
    format_touch_point,
    parse_touch_point,
    plan_touch_point,
)


@pytest.fixture
def vmap() -> ValueMap:
    m = ValueMap()
    m.add_stakeholder(Stakeholder("Customers", id="c"))
    m.add_stakeholder(Stakeholder("Staff", id="s"))
    m.add_flow(Flow("c", Direction.EXPECTS, "fair fees", id="fees"))
    m.add_flow(Flow("c", Direction.EXPECTS, "quick help", id="help"))
    m.add_flow(Flow("c", Direction.PROVIDES, "deposits", id="dep"))
    m.add_flow(Flow("s", Direction.EXPECTS, "pay", id="pay"))
    return m


def test_touch_points_keep_their_order_and_move(vmap: ValueMap) -> None:
    events: list[object] = []
    vmap.subscribe(events.append)
    j = vmap.journeys
    for name in ("a", "b", "z"):
        j.add_touch_point(TouchPoint("c", name, id=name))
    assert [tp.name for tp in j.journey("c")] == ["a", "b", "z"]
    assert j.move_touch_point("z", 0) == 2
    assert [tp.id for tp in j.journey("c")] == ["z", "a", "b"]
    assert TouchPointMoved("z", "c") in events
    index, tp = j.remove_touch_point("a")
    assert (index, tp.name) == (1, "a")
    assert isinstance(events[-1], TouchPointRemoved)
    j.add_touch_point(tp, index)
    assert isinstance(events[-1], TouchPointAdded)
    assert [tp.id for tp in j.journey("c")] == ["z", "a", "b"]
    with pytest.raises(ModelError):
        j.move_touch_point("a", 3)


def test_a_touch_point_serves_only_its_own_stakeholders_expectations(vmap: ValueMap) -> None:
    j = vmap.journeys
    j.add_touch_point(TouchPoint("c", "Branch visit", id="t", serves=("fees",)))
    for bad in (("dep",), ("pay",), ("nope",), ("fees", "fees")):
        with pytest.raises(ModelError):
            j.update_touch_point("t", serves=bad)
    assert j.touch_point("t").serves == ("fees",)
    with pytest.raises(ModelError):
        j.update_touch_point("t", channels=("telepathy",))
    with pytest.raises(ModelError):
        j.update_touch_point("t", stakeholder_id="s")
    with pytest.raises(ModelError):
        j.add_touch_point(TouchPoint("c", "dup", id="fees"))  # a flow's id


def test_a_served_expectation_cannot_vanish_or_turn_without_an_unlink(vmap: ValueMap) -> None:
    j = vmap.journeys
    j.add_touch_point(TouchPoint("c", "Branch visit", id="t", serves=("fees", "help")))
    j.set_charter(Charter("c", (Promise("Fair", id="p", serves="fees"),)))
    with pytest.raises(ModelError, match="unlink"):
        vmap.remove_flow("fees")
    with pytest.raises(ModelError, match="unlink"):
        vmap.update_flow("fees", direction=Direction.PROVIDES)
    links = j.unlink_flow("fees")
    assert j.touch_point("t").serves == ("help",)
    assert j.charter("c").promises[0].serves is None  # type: ignore[union-attr]
    index, flow = vmap.remove_flow("fees")
    vmap.add_flow(flow, index)
    j.relink(links)
    assert j.touch_point("t").serves == ("fees", "help")
    assert j.charter("c").promises[0].serves == "fees"  # type: ignore[union-attr]


def test_removing_a_stakeholder_takes_its_journey_and_restore_brings_it_back(
    vmap: ValueMap,
) -> None:
    j = vmap.journeys
    j.add_channel(Channel("branch", "Branch"))
    j.add_stage(Stage("c", "join", id="join"))
    j.add_touch_point(
        TouchPoint("c", "Open", id="t", stage_id="join", channels=("branch",), serves=("fees",))
    )
    j.set_charter(Charter("c", (Promise("Fair", id="p", serves="fees"),)))
    before = vmap.copy()
    assert before == vmap
    removed = vmap.remove_stakeholder("c")
    assert j.journey("c") == () and j.charter("c") is None and not j.has_stage("join")
    assert vmap != before
    vmap.restore_stakeholder(removed)
    assert vmap == before


def test_removing_a_stage_unstages_its_points_and_restore_restages(vmap: ValueMap) -> None:
    j = vmap.journeys
    j.add_stage(Stage("c", "join", id="join"))
    j.add_touch_point(TouchPoint("c", "Open", id="t", stage_id="join"))
    removed = j.remove_stage("join")
    assert j.touch_point("t").stage_id is None
    j.restore_stage(removed)
    assert j.touch_point("t").stage_id == "join"
    with pytest.raises(ModelError):
        j.add_touch_point(TouchPoint("s", "x", stage_id="join"))  # another's stage


def test_an_own_channel_in_use_cannot_be_removed(vmap: ValueMap) -> None:
    j = vmap.journeys
    j.add_channel(Channel("branch", "Branch"))
    with pytest.raises(ModelError):
        j.add_channel(Channel("web", "Web again"))
    j.add_touch_point(TouchPoint("c", "Open", channels=("branch",)))
    with pytest.raises(ModelError, match="still used"):
        j.remove_channel("branch")


def test_a_batch_that_fails_leaves_nothing(vmap: ValueMap) -> None:
    before = vmap.copy()
    with pytest.raises(ModelError):
        vmap.journeys.add_all(
            stages=[Stage("c", "join", id="join")],
            touch_points=[TouchPoint("c", "ok"), TouchPoint("c", "bad", channels=("nope",))],
        )
    assert vmap == before


def test_grid_and_worst_health_follow_the_journeys(vmap: ValueMap) -> None:
    j = vmap.journeys
    j.add_touch_point(TouchPoint("c", "a", channels=("web",), health=Health.LIVELY))
    j.add_touch_point(TouchPoint("c", "b", channels=("web", "phone"), health=Health.DYING))
    grid = channel_grid(vmap)
    assert grid.stakeholder_ids == ("c",)
    assert grid.cell("c", "web").worst is Health.DYING
    assert [tp.name for tp in grid.cell("c", "phone").touch_points] == ["b"]
    assert grid.cell("c", "post").empty
    assert j.worst_health("c") is Health.DYING and j.worst_health("s") is None


def test_a_drafted_charter_promises_each_expectation_once(vmap: ValueMap) -> None:
    j = vmap.journeys
    j.add_touch_point(TouchPoint("c", "Call", channels=("phone",), serves=("help",)))
    j.add_touch_point(TouchPoint("c", "Complain", moment_of_truth=True))
    charter = draft_charter(vmap, "c")
    serves = [p.serves for p in charter.promises]
    assert serves == ["fees", "help", None]
    assert charter.promises[1].channels == ("phone",)
    j.set_charter(charter)
    assert draft_charter(vmap, "c") == charter  # drafting again adds nothing


@pytest.mark.parametrize(
    ("line", "hint"),
    [("", "name"), ("@web", "name"), ("x ~great", "health"), ("x !big", "moment"), ("x ^y", "us")],
)
def test_bad_capture_lines_give_a_hint(line: str, hint: str) -> None:
    result = parse_touch_point(line)
    assert isinstance(result, TouchPointParseError)
    assert hint in result.hint


def test_a_capture_line_becomes_a_touch_point_and_formats_back(vmap: ValueMap) -> None:
    line = parse_touch_point('Open an account @web @Branch @"mobile app" !moment ~dead #join ^us')
    assert not isinstance(line, TouchPointParseError)
    plan = plan_touch_point(vmap, "c", line)
    assert [c.name for c in plan.channels] == ["Branch"]
    assert plan.stage is not None and plan.stage.name == "join"
    tp = plan.touch_point
    assert tp.channels == ("web", "branch", "app")
    assert (tp.name, tp.health, tp.moment_of_truth) == ("Open an account", Health.DEAD, True)
    assert tp.initiator is Initiator.ORGANISATION
    j = vmap.journeys
    j.add_all(channels=plan.channels, stages=[plan.stage], touch_points=[tp])
    again = parse_touch_point(format_touch_point(vmap, tp))
    assert not isinstance(again, TouchPointParseError)
    replan = plan_touch_point(vmap, "c", again)
    assert replan.channels == () and replan.stage is None
    assert replan.touch_point.channels == tp.channels
    assert replan.touch_point.stage_id == tp.stage_id
