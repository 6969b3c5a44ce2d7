"""Checks: each fires on a map built to trigger it, dismissals silence it, templates are quiet."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings

from svx_desktop.fileformat import load
from svx_desktop.fileformat.templates import template_names
from svx_desktop.model import (
    Category,
    Direction,
    Flow,
    Health,
    Organisation,
    Stakeholder,
    ValueMap,
)
from svx_desktop.model.checks import (
    CHECKS,
    Finding,
    Severity,
    dismiss,
    finding_key,
    mechanism_kind,
    run_checks,
    undismiss,
)
from svx_desktop.model.journey_elements import Mechanism, Sourcing, TouchPoint
from svx_desktop.model.netvalue import net_figures
from tests.strategies import value_maps

ROOT = Path(__file__).resolve().parents[2]
P, E = Direction.PROVIDES, Direction.EXPECTS


def balanced(vmap: ValueMap, sid: str, name: str, category: str = "customer") -> None:
    """A stakeholder that triggers nothing: a category, one flow each way."""
    vmap.add_stakeholder(Stakeholder(name, sid, category))
    vmap.add_flow(Flow(sid, P, f"{name} gives", f"{sid}-p"))
    vmap.add_flow(Flow(sid, E, f"{name} gets", f"{sid}-e"))


def quiet_map() -> ValueMap:
    vmap = ValueMap(Organisation("org", "Bank"))
    balanced(vmap, "s1", "Savers")
    return vmap


def only(vmap: ValueMap) -> Finding:
    findings = run_checks(vmap)
    assert len(findings) == 1, findings
    return findings[0]


def test_a_balanced_map_is_silent() -> None:
    assert run_checks(quiet_map()) == ()


def test_no_flows_only_gives_only_gets() -> None:
    vmap = quiet_map()
    vmap.add_stakeholder(Stakeholder("Neighbours", "n", "community"))
    assert only(vmap) == Finding(
        "no-flows",
        "no-flows:n",
        "“Neighbours” has no flows: what does it give and get?",
        ("n",),
        Severity.MEDIUM,
    )
    vmap.add_flow(Flow("n", P, "Goodwill", "n1"))
    finding = only(vmap)
    assert (finding.check, finding.key, finding.element_ids) == (
        "only-gives",
        "only-gives:n",
        ("n",),
    )
    assert "only gives" in finding.message
    vmap.update_flow("n1", direction=E)
    finding = only(vmap)
    assert (finding.check, finding.key) == ("only-gets", "only-gets:n")
    assert "only gets" in finding.message


@pytest.mark.parametrize(
    ("met", "importance", "severity"),
    [
        (Health.DEAD, 5, Severity.HIGH),
        (Health.DEAD, 4, Severity.HIGH),
        (Health.DEAD, 3, Severity.MEDIUM),
        (Health.DEAD, 1, Severity.LOW),
        (Health.DYING, 5, Severity.MEDIUM),
        (Health.DYING, 3, Severity.LOW),
        (Health.DYING, 1, Severity.LOW),
    ],
)
def test_a_dead_or_dying_expectation_rises_in_severity_with_importance(
    met: Health, importance: int, severity: Severity
) -> None:
    vmap = quiet_map()
    vmap.update_flow("s1-e", met_today=met, importance=importance)
    finding = only(vmap)
    assert (finding.check, finding.key, finding.severity) == (
        "dead-expectation",
        "dead-expectation:s1-e",
        severity,
    )
    assert finding.element_ids == ("s1-e",)
    assert f"{met.label.lower()} today (importance {importance})" in finding.message


@pytest.mark.parametrize("met", [Health.INDIFFERENT, Health.LIVELY, Health.ALIVE])
def test_an_expectation_met_well_enough_is_not_a_finding(met: Health) -> None:
    vmap = quiet_map()
    vmap.update_flow("s1-e", met_today=met, importance=5)
    assert run_checks(vmap) == ()


def test_empty_label() -> None:
    vmap = quiet_map()
    vmap.add_flow(Flow("s1", E, "  \n ", "blank"))
    finding = only(vmap)
    assert (finding.check, finding.key, finding.element_ids) == (
        "empty-label",
        "empty-label:blank",
        ("blank",),
    )
    assert finding.message == "a flow “Savers” expects has no label: what is it?"


def test_two_flows_of_one_stakeholder_with_the_same_label() -> None:
    vmap = quiet_map()
    vmap.add_flow(Flow("s1", P, "  savers   GIVES", "zz-dup"))
    finding = only(vmap)
    assert finding.check == "duplicate-label"
    assert finding.element_ids == ("s1-p", "zz-dup")
    assert finding.key == "duplicate-label:s1-p+zz-dup"
    assert "2 times" in finding.message
    # The same label on another stakeholder is no duplicate.
    balanced(vmap, "s2", "Borrowers")
    vmap.add_flow(Flow("s2", P, "Savers gives", "s2-x"))
    assert [f.check for f in run_checks(vmap)] == ["duplicate-label"]


def test_the_same_value_on_both_sides() -> None:
    vmap = quiet_map()
    vmap.add_flow(Flow("s1", P, "Information", "i1"))
    vmap.add_flow(Flow("s1", E, "information ", "i2"))
    finding = only(vmap)
    assert finding.check == "same-both-sides"
    assert finding.element_ids == ("i1", "i2")
    assert finding.key == finding_key("same-both-sides", ["i2", "i1"]) == "same-both-sides:i1+i2"
    assert "both provides and expects “Information”" in finding.message


def test_other_category_whose_name_suggests_one() -> None:
    vmap = quiet_map()
    balanced(vmap, "t", "Business customers", "other")
    finding = only(vmap)
    assert (finding.check, finding.key, finding.severity) == (
        "category-guess",
        "category-guess:t",
        Severity.LOW,
    )
    assert finding.message == "“Business customers” has no category; its name suggests Customer"
    # A map's own category is suggested too, and a name that suggests nothing is left alone.
    vmap.add_category(Category("press", "Press", "#332288"))
    vmap.update_stakeholder("t", name="Local press")
    assert "suggests Press" in only(vmap).message
    vmap.update_stakeholder("t", name="Walkers")
    assert run_checks(vmap) == ()


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("IT department", "a department"),
        ("CRM", "a system"),
        ("call centre", "a department"),
        ("Contact Center", "a department"),
        ("Sales team", "a department"),
        ("Marketing", "a department"),
        ("HR", "a department"),
        ("Billing", "a process"),
        ("Loan approval process", "a process"),
        ("ERP system", "a system"),
        ("IT", "a department"),
        ("Core banking IT systems", "a system"),
    ],
)
def test_a_name_inside_the_organisation(name: str, kind: str) -> None:
    assert mechanism_kind(name) == kind
    vmap = quiet_map()
    balanced(vmap, "x", name, "other")
    finding = only(vmap)  # the "other" category is not also challenged
    assert (finding.check, finding.key, finding.severity) == (
        "inside-organisation",
        "inside-organisation:x",
        Severity.HIGH,
    )
    assert finding.message.startswith(f"“{name}” reads like {kind} inside the organisation")
    assert "keeps mechanisms out of the map" in finding.message
    assert "drill-down" in finding.message


@pytest.mark.parametrize(
    "name",
    [
        "Customers",
        "IT staff",
        "Customer service staff",
        "Department for Education",
        "Home Office",
        "People who rely on it",
        "Key accounts",
        "Sales agents",
        "Software vendors",
        "CRM provider",
        "Marketing agency",
        "IT contractors",
        "System integrators",
        "Payroll bureau clients",
    ],
)
def test_names_outside_the_organisation(name: str) -> None:
    assert mechanism_kind(name) is None


def test_every_check_id_fires_on_one_map_and_messages_are_one_line() -> None:
    vmap = quiet_map()
    vmap.add_stakeholder(Stakeholder("Neighbours", "n1", "community"))
    balanced(vmap, "g", "Givers")
    vmap.remove_flow("g-e")
    balanced(vmap, "t", "Takers")
    vmap.remove_flow("t-p")
    balanced(vmap, "crm", "CRM\nsystem", "other")
    balanced(vmap, "cust", "Customers", "other")
    vmap.add_flow(Flow("s1", P, "", "blank"))
    vmap.add_flow(Flow("s1", P, "Savers gives", "dup"))
    vmap.add_flow(Flow("s1", E, "Savers gives", "both"))
    vmap.update_flow("s1-e", met_today=Health.DEAD)
    # A journey for the Takers whose one touch point serves nothing.
    vmap.journeys.add_touch_point(
        TouchPoint(
            "t",
            "Hand over",
            "tp",
            moment_of_truth=True,
            health=Health.DEAD,
            mechanism=Mechanism("Courier", Sourcing.OUTSOURCED),
        )
    )
    findings = run_checks(vmap)
    assert {f.check for f in findings} == set(CHECKS)
    for f in findings:
        assert "\n" not in f.message and f.message
        assert f.key.startswith(f.check + ":")
        assert all(
            vmap.has_stakeholder(i) or vmap.has_flow(i) or vmap.journeys.has_touch_point(i)
            for i in f.element_ids
        )
    assert len({f.key for f in findings}) == len(findings)
    # Map order: stakeholder by stakeholder.
    owners = [
        vmap.flow(i).stakeholder_id if vmap.has_flow(i) else i
        for f in findings
        for i in f.element_ids[:1]
    ]
    order = [s.id for s in vmap.stakeholders]
    assert owners == sorted(owners, key=order.index)


def test_dismissed_keys_filter_findings_and_can_be_restored() -> None:
    vmap = quiet_map()
    vmap.add_stakeholder(Stakeholder("Neighbours", "n", "community"))
    vmap.update_flow("s1-e", met_today=Health.DEAD)
    everything = run_checks(vmap)
    assert [f.key for f in everything] == ["dead-expectation:s1-e", "no-flows:n"]
    vmap.update_meta(dismissed_checks=dismiss(vmap, ["no-flows:n", "no-flows:n"]))
    assert vmap.meta.dismissed_checks == ("no-flows:n",)
    assert [f.key for f in run_checks(vmap)] == ["dead-expectation:s1-e"]
    assert run_checks(vmap, dismissed=()) == everything
    assert run_checks(vmap, dismissed=[f.key for f in everything]) == ()
    vmap.update_meta(dismissed_checks=undismiss(vmap, ["no-flows:n"]))
    assert run_checks(vmap) == everything
    # A key survives a rename, not a change of what it is about.
    vmap.update_meta(dismissed_checks=dismiss(vmap, ["no-flows:n"]))
    vmap.update_stakeholder("n", name="Local residents")
    assert [f.key for f in run_checks(vmap)] == ["dead-expectation:s1-e"]
    vmap.add_flow(Flow("n", P, "Goodwill", "n1"))
    assert [f.key for f in run_checks(vmap)] == ["dead-expectation:s1-e", "only-gives:n"]


def test_the_bank_template_and_example_are_silent() -> None:
    """Both are balanced nets with named categories: they have no intended asymmetry to
    dismiss, so they ship without dismissed checks and nothing is found."""
    for path in (ROOT / "resources/templates/bank.svx", ROOT / "resources/examples/bank.svx"):
        vmap = load(path).map
        assert vmap.meta.dismissed_checks == ()
        assert run_checks(vmap) == (), path.name


@pytest.mark.parametrize("name", template_names())
def test_every_template_is_silent(name: str) -> None:
    assert run_checks(load(ROOT / "resources/templates" / f"{name}.svx").map) == ()


def test_the_golden_bank_is_silent_once_its_intended_asymmetry_is_dismissed() -> None:
    """The local press gives coverage and expects nothing back: intended, so the v2 file
    dismisses it (and keeps a key whose flows are gone, which does nothing). What is left
    are the two expectations the workshop rated dying and dead."""
    golden = ROOT / "tests/fileformat/golden"
    v1 = load(golden / "v1-bank.svx").map
    assert [f.key for f in run_checks(v1)] == ["only-gives:s-press"]
    v1.update_meta(dismissed_checks=dismiss(v1, ["only-gives:s-press"]))
    assert run_checks(v1) == ()
    v2 = load(golden / "v2-bank.svx").map
    found = run_checks(v2)
    assert [(f.key, f.severity) for f in found] == [
        ("dead-expectation:f-interest", Severity.MEDIUM),
        ("dead-expectation:f-pay", Severity.HIGH),
    ]


@settings(max_examples=60, deadline=None)
@given(value_maps())
def test_any_map_checks_cleanly_and_dismissing_everything_silences_it(vmap: ValueMap) -> None:
    before = vmap.copy()
    findings = run_checks(vmap, dismissed=())
    assert vmap == before  # checking never changes the map
    assert len({f.key for f in findings}) == len(findings)
    for f in findings:
        assert f.check in CHECKS and f.key == finding_key(f.check, f.element_ids)
        assert f.message and "\n" not in f.message and "\r" not in f.message
    assert run_checks(vmap, dismissed=[f.key for f in findings]) == ()
    figures = net_figures(vmap)
    assert [n.stakeholder_id for n in figures] == [s.id for s in vmap.stakeholders]
    assert sum(n.gives + n.gets for n in figures) == sum(f.importance for f in vmap.flows)
    assert sum(n.met_rated for n in figures) == sum(f.met_today is not None for f in vmap.flows)
