"""The hand-written golden files load to the expected maps; unknown fields survive a save.

A golden file exists for every released format version; when the format changes, the
old golden files stay and must keep loading (through the migrations).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from svx_desktop.fileformat import CURRENT_VERSION, dumps, load, loads, save
from svx_desktop.model import (
    Category,
    Direction,
    Flow,
    Health,
    MapMeta,
    Note,
    Organisation,
    Stakeholder,
    ValueKind,
    ValueMap,
)
from svx_desktop.model.journey_elements import (
    Channel,
    Charter,
    Initiator,
    Mechanism,
    Promise,
    Sourcing,
    Stage,
    TouchPoint,
)

GOLDEN = Path(__file__).parent / "golden"
V1 = GOLDEN / "v1-bank.svx"
V2 = GOLDEN / "v2-bank.svx"
V3 = GOLDEN / "v3-bank.svx"
RATINGS = "flows get ratings (met today, dependence); maps get dismissed checks"
JOURNEYS = "maps get journeys (own channels, stages, touch points, charters)"


def expected_v1_bank() -> ValueMap:
    vmap = ValueMap(
        Organisation(
            "org-bank",
            "Northern Savings Bank",
            "A regional retail bank.",
            (0.0, 0.0),
            {"shape": "rounded"},
        ),
        MapMeta(
            "Retail bank — stakeholder net value",
            "Ada Lovelace",
            "2026-11-20",
            "2026-11-20T09:15:00+00:00",
            "2026-11-21T17:40:12+00:00",
            {"language": "en-GB"},
        ),
        {
            "generator": {
                "name": "svx-desktop",
                "version": "9.9.0",
                "note": "unknown top-level field",
            }
        },
    )
    vmap.add_category(Category("press", "Press & media", "#332288", "newspaper", {"shade": 0.5}))
    for s in (
        Stakeholder(
            "Customers",
            "s-customers",
            "customer",
            (-320.5, 0.0),
            "Savers and borrowers.",
            None,
            {"tags": ["core", "retail"]},
        ),
        Stakeholder("Owners / investors", "s-owners", "owner", (0.0, -280.0)),
        Stakeholder(
            "Financial regulator", "s-regulator", "regulator", (320.25, -140.0), colour="#117733"
        ),
        Stakeholder("Local <b>press</b>", "s-press", "press", (300.0, 260.0)),
        Stakeholder("Employées", "s-staff", "employee", (-300.0, 260.0)),
    ):
        vmap.add_stakeholder(s)
    give, get = Direction.PROVIDES, Direction.EXPECTS
    money, info = ValueKind.MONEY, ValueKind.INFORMATION
    intangible, goods = ValueKind.INTANGIBLE, ValueKind.GOODS_SERVICES
    for f in (
        Flow("s-customers", give, "Deposits", "f-deposits", money, 5, extra={"weight": 1.5}),
        Flow("s-customers", get, "Interest on savings", "f-interest", money, 4),
        Flow("s-customers", get, "Capital growth", "f-growth", money, 3),
        Flow("s-owners", give, "Equity capital", "f-capital", money, 5),
        Flow(
            "s-owners",
            get,
            "Dividends & return on equity",
            "f-dividends",
            money,
            5,
            "Stable, not maximal.",
        ),
        Flow("s-regulator", give, "Banking licence", "f-licence", intangible, 5),
        Flow("s-regulator", get, "Compliance and stability", "f-compliance", info, 4),
        Flow("s-press", give, "Coverage", "f-coverage", intangible, 2),
        Flow("s-staff", give, "Skills & time", "f-work", goods, 3),
        Flow("s-staff", get, "Fair pay", "f-pay", money, 4),
    ):
        vmap.add_flow(f)
    vmap.add_note(
        Note(
            "Ask about fees for small businesses",
            "n-fees",
            (600.0, -400.0),
            {"colour_hint": "yellow"},
        )
    )
    return vmap


def expected_v2_bank() -> ValueMap:
    """The version-1 bank, rated, with one check dismissed (and one whose flows are gone)."""
    vmap = expected_v1_bank()
    vmap.update_meta(
        modified="2026-12-01T10:05:00+00:00",
        dismissed_checks=("only-gives:s-press", "same-both-sides:f-gone+f-missing"),
    )
    for fid, rating in {
        "f-deposits": 5,
        "f-interest": Health.DYING,
        "f-growth": Health.INDIFFERENT,
        "f-capital": 4,
        "f-dividends": Health.ALIVE,
        "f-licence": 5,
        "f-compliance": Health.LIVELY,
        "f-coverage": 1,
        "f-pay": Health.DEAD,
    }.items():
        field = "met_today" if isinstance(rating, Health) else "dependence"
        vmap.update_flow(fid, **{field: rating})
    return vmap


def test_golden_v1_loads_migrates_to_the_expected_map() -> None:
    result = load(V1)
    assert result.warnings == []
    assert result.file_version == 1
    assert result.migrations_applied == [RATINGS, JOURNEYS]
    assert result.map == expected_v1_bank()
    assert all(f.met_today is None and f.dependence is None for f in result.map.flows)
    assert result.map.meta.dismissed_checks == ()


def test_golden_v1_saves_as_the_current_version(tmp_path: Path) -> None:
    target = tmp_path / "bank.svx"
    save(load(V1).map, target)
    saved = json.loads(target.read_bytes())
    assert saved["version"] == CURRENT_VERSION == 3
    assert saved["meta"]["dismissed_checks"] == []
    assert all(f["met_today"] is None and f["dependence"] is None for f in saved["flows"])
    assert [saved[k] for k in ("channels", "stages", "touch_points", "charters")] == [[]] * 4
    again = load(target)
    assert (again.file_version, again.migrations_applied) == (3, [])
    assert again.map == expected_v1_bank()


def test_golden_v2_loads_to_the_expected_map() -> None:
    result = load(V2)
    assert result.warnings == []
    assert result.file_version == 2
    assert result.migrations_applied == [JOURNEYS]
    assert not result.map.journeys
    assert result.map == expected_v2_bank()
    assert result.map.flow("f-pay").met_today is Health.DEAD
    assert result.map.flow("f-work").dependence is None


def test_golden_v2_ratings_round_trip_in_canonical_form(tmp_path: Path) -> None:
    target = tmp_path / "bank.svx"
    save(load(V2).map, target)
    saved = {f["id"]: f for f in json.loads(target.read_bytes())["flows"]}
    assert (saved["f-interest"]["met_today"], saved["f-interest"]["dependence"]) == ("dying", None)
    assert (saved["f-capital"]["met_today"], saved["f-capital"]["dependence"]) == (None, 4)
    assert saved["f-work"]["dependence"] is None
    assert saved["f-deposits"]["weight"] == 1.5
    assert load(target).map == expected_v2_bank()


def expected_v3_bank() -> ValueMap:
    """The version-2 bank with journeys for customers and staff, a charter and an own
    channel, unknown fields on every journey element."""
    vmap = expected_v2_bank()
    vmap.update_meta(modified="2026-12-02T16:30:00+00:00")
    mechanism = Mechanism("Onboarding desk", Sourcing.INTERNAL, "Head of retail", {"budget": 12000})
    vmap.journeys.add_all(
        channels=[Channel("branch", "Branch", {"opening_hours": "9-17"})],
        stages=[
            Stage("s-customers", "Join", "st-join"),
            Stage("s-customers", "Use", "st-use", {"colour_hint": "green"}),
            Stage("s-staff", "Get paid", "st-staff"),
        ],
        touch_points=[
            TouchPoint(
                "s-customers",
                "Open an account",
                "tp-open",
                "st-join",
                ("web", "branch"),
                Initiator.STAKEHOLDER,
                ("f-growth",),
                "I was set up in ten minutes & knew what I'd get.",
                Health.DYING,
                True,
                "Proof of address asked twice.",
                "Reuse the ID check.",
                mechanism,
                {"persona": "Young saver"},
            ),
            TouchPoint(
                "s-customers",
                "Yearly interest statement",
                "tp-statement",
                "st-use",
                ("post",),
                Initiator.ORGANISATION,
                ("f-interest",),
                health=Health.DEAD,
                mechanism=Mechanism("Statement printing", Sourcing.OUTSOURCED),
            ),
            TouchPoint("s-customers", "Savings tips <script>", "tp-idea"),
            TouchPoint(
                "s-staff",
                "Payslip",
                "tp-payslip",
                "st-staff",
                ("email",),
                serves=("f-pay",),
                health=Health.INDIFFERENT,
            ),
        ],
        charters=[
            Charter(
                "s-customers",
                (
                    Promise(
                        "We tell you your interest before you ask.",
                        "pr-interest",
                        "f-interest",
                        ("post", "web"),
                        "Statement sent by 15 January, every year",
                        {"approved": True},
                    ),
                    Promise(
                        "Open an account in one visit.",
                        "pr-open",
                        None,
                        ("branch",),
                        "95 % in under 20 minutes",
                    ),
                ),
                {"signed_by": "Board"},
            )
        ],
    )
    return vmap


def test_golden_v3_loads_to_the_expected_map() -> None:
    result = load(V3)
    assert result.warnings == []
    assert (result.file_version, result.migrations_applied) == (3, [])
    vmap = result.map
    assert vmap == expected_v3_bank()
    assert [tp.id for tp in vmap.journeys.journey("s-customers")] == [
        "tp-open",
        "tp-statement",
        "tp-idea",
    ]
    assert vmap.journeys.worst_health("s-customers") is Health.DEAD
    assert vmap.journeys.channel("branch").name == "Branch"


def test_golden_v3_journeys_and_unknown_fields_survive_a_save(tmp_path: Path) -> None:
    target = tmp_path / "bank.svx"
    save(load(V3).map, target)
    saved = json.loads(target.read_bytes())
    assert saved["channels"] == [{"id": "branch", "name": "Branch", "opening_hours": "9-17"}]
    first = saved["touch_points"][0]
    assert first["persona"] == "Young saver"
    assert first["mechanism"]["budget"] == 12000
    assert saved["touch_points"][2]["mechanism"] is None
    assert saved["touch_points"][2]["health"] is None
    assert saved["stages"][1]["colour_hint"] == "green"
    assert saved["charters"][0]["signed_by"] == "Board"
    assert saved["charters"][0]["promises"][0]["approved"] is True
    again = load(target).map
    assert again == expected_v3_bank()
    assert dumps(again) == target.read_bytes()


def test_golden_v1_custom_category_and_queries() -> None:
    vmap = load(V1).map
    assert vmap.category("press").name == "Press & media"
    assert vmap.category(vmap.stakeholder("s-press").category).colour == "#332288"
    assert vmap.net_view("s-owners").balance == 0
    assert [s.id for s in vmap.stakeholders_without(Direction.EXPECTS)] == ["s-press"]


def test_unknown_fields_survive_load_then_save(tmp_path: Path) -> None:
    target = tmp_path / "bank.svx"
    save(load(V1).map, target)
    saved = json.loads(target.read_bytes())
    assert saved["generator"]["version"] == "9.9.0"
    assert saved["meta"]["language"] == "en-GB"
    assert saved["organisation"]["shape"] == "rounded"
    assert saved["categories"][0]["shade"] == 0.5
    assert saved["stakeholders"][0]["tags"] == ["core", "retail"]
    assert saved["flows"][0]["weight"] == 1.5
    assert saved["notes"][0]["colour_hint"] == "yellow"
    # ... and survive a second round as well.
    again = load(target).map
    assert again == expected_v1_bank()
    assert dumps(again) == target.read_bytes()


def test_saved_golden_is_in_canonical_form() -> None:
    """Defaults are written out, so the saved file states every field explicitly."""
    data = dumps(load(V1).map)
    doc = json.loads(data)
    assert doc["version"] == CURRENT_VERSION
    growth = next(f for f in doc["flows"] if f["id"] == "f-growth")
    assert growth["importance"] == 3
    assert growth["notes"] == ""
    assert growth["met_today"] is None and growth["dependence"] is None
    owners = next(s for s in doc["stakeholders"] if s["id"] == "s-owners")
    assert owners["colour"] is None
    assert owners["x"] == 0.0
    assert loads(data).map == expected_v1_bank()


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("v*.svx")), ids=lambda p: p.name)
def test_every_golden_file_loads_without_warnings(path: Path) -> None:
    result = load(path)
    assert result.warnings == []
    assert dumps(loads(dumps(result.map)).map) == dumps(result.map)
