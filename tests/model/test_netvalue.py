"""Net value figures against hand-computed examples, unrated flows and empty stakeholders."""

from __future__ import annotations

import pytest

from svx_desktop.model import (
    Direction,
    Flow,
    Health,
    ModelError,
    Organisation,
    Stakeholder,
    ValueMap,
)
from svx_desktop.model.netvalue import NetFigures, figures_of, net_figures

P, E = Direction.PROVIDES, Direction.EXPECTS


def rated_map() -> ValueMap:
    """Customers: gives 5+2, gets 4+3+1, two of three expectations rated (dying, lively).
    Regulator: gives 5 (rated 4), gets 4 (unrated). Press: gives 2 only. Walkers: nothing."""
    vmap = ValueMap(Organisation("org", "Bank"))
    for sid, name in (("c", "Customers"), ("r", "Regulator"), ("p", "Press"), ("w", "Walkers")):
        vmap.add_stakeholder(Stakeholder(name, sid))
    for flow in (
        Flow("c", P, "Deposits", "c1", importance=5, dependence=5),
        Flow("c", P, "Fees", "c2", importance=2),
        Flow("c", E, "Interest", "c3", importance=4, met_today=Health.DYING),
        Flow("c", E, "Advice", "c4", importance=3),
        Flow("c", E, "Safety", "c5", importance=1, met_today=Health.LIVELY),
        Flow("r", P, "Licence", "r1", importance=5, dependence=4),
        Flow("r", E, "Compliance", "r2", importance=4),
        Flow("p", P, "Coverage", "p1", importance=2),
    ):
        vmap.add_flow(flow)
    return vmap


def test_hand_computed_figures() -> None:
    customers, regulator, press, walkers = net_figures(rated_map())
    assert customers == NetFigures(
        "c",
        gives=7,
        gets=8,
        provides=2,
        expects=3,
        met_rated=2,
        met_mean=3.0,  # (dying 2 + lively 4) / 2; the unrated "Advice" does not count
        worst=Health.DYING,
        dependence_rated=1,
        dependence_max=5,
    )
    assert customers.balance == -1
    assert regulator == NetFigures(
        "r", gives=5, gets=4, provides=1, expects=1, dependence_rated=1, dependence_max=4
    )
    assert regulator.balance == 1
    assert (regulator.met_rated, regulator.met_mean, regulator.worst) == (0, None, None)
    assert press == NetFigures("p", gives=2, provides=1)
    assert press.balance == 2
    assert walkers == NetFigures("w")
    assert (walkers.balance, walkers.has_flows, walkers.worst) == (0, False, None)


def test_figures_agree_with_the_model_net_view_and_per_stakeholder_lookup() -> None:
    vmap = rated_map()
    for figures in net_figures(vmap):
        view = vmap.net_view(figures.stakeholder_id)
        assert figures.gives == view.provides_importance
        assert figures.gets == view.expects_importance
        assert figures.balance == view.balance
        assert figures_of(vmap, figures.stakeholder_id) == figures
    with pytest.raises(ModelError):
        figures_of(vmap, "nobody")


def test_rating_changes_move_the_worst_and_the_mean() -> None:
    vmap = rated_map()
    vmap.update_flow("c4", met_today=Health.DEAD)
    customers = figures_of(vmap, "c")
    assert (customers.met_rated, customers.worst) == (3, Health.DEAD)
    assert customers.met_mean == pytest.approx((2 + 1 + 4) / 3)


def test_json_and_words() -> None:
    customers, regulator, _press, walkers = net_figures(rated_map())
    assert customers.as_json() == {
        "gives": 7,
        "gets": 8,
        "balance": -1,
        "expectations_rated": 2,
        "expectations_total": 3,
        "met_today_mean": 3.0,
        "worst_met_today": "dying",
        "dependence_rated": 1,
        "provides_total": 2,
        "dependence_max": 5,
    }
    assert walkers.as_json()["worst_met_today"] is None
    assert walkers.as_json()["met_today_mean"] is None
    words = customers.describe()
    assert "Gives 7 (2 flows), gets 8 (3 flows)" in words
    assert "it gets 1 more than it gives" in words
    assert "2 of 3 expectations rated" in words and "the worst is dying" in words
    assert "None of its 1 expectation is rated yet." in regulator.describe()
    assert walkers.describe().startswith("No flows yet")


def test_an_empty_map_has_no_figures() -> None:
    assert net_figures(ValueMap(Organisation())) == ()
