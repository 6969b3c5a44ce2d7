"""Quick-capture syntax: lines → plans, hints for lines it cannot read, and the way back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svx_desktop.model import (
    BUILTIN_CATEGORIES,
    MAX_LABEL_LENGTH,
    Category,
    Direction,
    Flow,
    Organisation,
    Stakeholder,
    ValueKind,
    ValueMap,
)
from svx_desktop.model.capture import (
    SYNTAX_EXAMPLE,
    CapturePlan,
    ParseError,
    find_stakeholder,
    format_capture,
    name_prefix,
    parse_capture,
    parse_capture_text,
    stakeholder_names,
)
from svx_desktop.model.guess import guess_category, guess_value_kind, resolve_category


def plan(line: str, categories: tuple[Category, ...] = BUILTIN_CATEGORIES) -> CapturePlan:
    result = parse_capture(line, categories)
    assert isinstance(result, CapturePlan), f"{line!r} → {result}"
    return result


def error(line: str) -> ParseError:
    result = parse_capture(line)
    assert isinstance(result, ParseError), f"{line!r} was read as {result}"
    assert result.hint and len(result.hint) <= 140
    assert 0 <= result.column <= len(line)
    return result


# ------------------------------------------------------------------ the main form
def test_the_example_from_the_issue() -> None:
    p = plan("Customers: provides deposits, fees; expects interest, capital growth")
    assert p == CapturePlan(
        name="Customers",
        category="customer",
        category_given=False,
        provides=("deposits", "fees"),
        expects=("interest", "capital growth"),
    )


def test_the_syntax_example_shown_in_the_bar_reads() -> None:
    assert plan(SYNTAX_EXAMPLE).provides == ("deposits", "fees")


@pytest.mark.parametrize(
    "line",
    [
        "Customers: provides deposits, fees; expects interest",
        "customers:PROVIDES deposits,fees;EXPECTS interest",
        "  Customers :  provides   deposits ,  fees ;  expects  interest  ",
        "Customers: Provides: deposits, fees; Expects: interest",
        "Customers: expects interest; provides deposits, fees",
        "Customers: provide deposits, fees; expect interest",
        "Customers: gives deposits, fees; wants interest",
        "Customers: offers deposits; offer fees; needs interest",
        "Customers: + deposits, fees; - interest",
        "Customers: +deposits, fees; -interest",
        "Customers > deposits, fees < interest",
        "Customers>deposits,fees<interest",
        "Customers > deposits > fees < interest",
        "Customers: > deposits, fees; < interest",
        "Customers: provides deposits, fees < interest",
        "Customers: provides deposits, fees,; expects interest;",
        "Customers: provides deposits,, fees, deposits; expects interest, Interest",
        "Customers:\tprovides deposits,\tfees; expects interest",
    ],
)
def test_forgiving_variants_mean_the_same(line: str) -> None:
    p = plan(line)
    assert p.name.casefold() == "customers"
    assert p.category == "customer"
    assert [x.casefold() for x in p.provides] == ["deposits", "fees"]
    assert [x.casefold() for x in p.expects] == ["interest"]


def test_a_name_alone_creates_or_selects() -> None:
    assert plan("Local community") == CapturePlan("Local community", "community")
    assert plan("Local community:") == CapturePlan("Local community", "community")


def test_keywords_are_whole_words_only() -> None:
    # "provider" is not "provides"; with no direction word the line asks for one.
    assert "provides" in error("Customers: provider data").hint
    # A direction word inside a label is just a word.
    p = plan("Staff: provides needs assessment, gives and takes")
    assert p.provides == ("needs assessment", "gives and takes")


def test_whitespace_inside_names_and_labels_is_tidied() -> None:
    p = plan("  Big   customers  :  provides   lots \t of  cash ")
    assert p.name == "Big customers"
    assert p.provides == ("lots of cash",)


def test_a_label_given_twice_counts_once_and_keeps_first_spelling() -> None:
    p = plan("A: provides Fees, fees, FEES; expects fees")
    assert p.provides == ("Fees",)
    assert p.expects == ("fees",)  # the other direction is a different flow


def test_hyphens_and_plus_signs_inside_text_are_text() -> None:
    p = plan("Non-profit partners: provides co-funding, A+ ratings; expects well-being")
    assert p.name == "Non-profit partners"
    assert p.provides == ("co-funding", "A+ ratings")
    assert p.expects == ("well-being",)


def test_leading_minus_after_keyword_is_part_of_the_label() -> None:
    assert plan("A: provides -5% churn").provides == ("-5% churn",)


def test_unicode_names_and_labels() -> None:
    p = plan("Bürger*innen: provides Steuern; expects Sicherheit 🙂")
    assert p.name == "Bürger*innen"
    assert p.expects == ("Sicherheit 🙂",)


# --------------------------------------------------------------------- quoting
def test_quoted_labels_may_hold_separators() -> None:
    p = plan('Investors: provides "returns > 5%, after tax", capital; expects "a: b; (c)"')
    assert p.provides == ("returns > 5%, after tax", "capital")
    assert p.expects == ("a: b; (c)",)


def test_doubled_quote_inside_quotes_is_one_quote() -> None:
    assert plan('A: provides "say ""hello"""').provides == ('say "hello"',)


def test_curly_quotes_work_too() -> None:
    assert plan("A: provides “x, y”").provides == ("x, y",)


def test_quoted_name_may_hold_a_colon_and_brackets() -> None:
    p = plan('"Ratio: A (old)" > x')
    assert p.name == "Ratio: A (old)"
    assert p.provides == ("x",)


def test_quoted_keyword_is_a_label_not_a_keyword() -> None:
    assert plan('A: provides "expects"').provides == ("expects",)


# ------------------------------------------------------------------- categories
def test_explicit_category_by_id_name_or_word() -> None:
    assert plan("Acme (supplier): provides parts").category == "supplier"
    assert plan("Acme (Supplier)").category == "supplier"
    assert plan("Acme (suppliers)").category == "supplier"
    assert plan("Acme (Owner / investor)").category == "owner"
    assert plan("Acme (investor) > capital").category == "owner"
    assert plan("Acme (government)").category == "regulator"
    assert plan("Acme (other)").category == "other"
    p = plan("Customers (other)")
    assert (p.category, p.category_given) == ("other", True)


def test_guessed_category_is_marked_as_guessed() -> None:
    p = plan("Customers")
    assert (p.category, p.category_given) == ("customer", False)


def test_map_own_category_can_be_named_and_is_guessed_first() -> None:
    cats = (*BUILTIN_CATEGORIES, Category("funder", "Donor / funder", "#882255", "owner"))
    assert plan("Acme (funder)", cats).category == "funder"
    assert plan("Acme (Donor / funder)", cats).category == "funder"
    assert plan("Grant funders", cats).category == "funder"
    assert plan("Individual donors", cats).category == "funder"
    # Without the map's own category, donors are owners (they put money in).
    assert plan("Individual donors").category == "owner"


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("Customers", "customer"),
        ("Business customers", "customer"),
        ("Clients", "customer"),
        ("Patients", "customer"),
        ("Members", "customer"),
        ("Passengers", "customer"),
        ("Service users", "customer"),
        ("Beneficiaries", "customer"),
        ("Suppliers", "supplier"),
        ("Raw material suppliers", "supplier"),
        ("Vendors", "supplier"),
        ("Contractors", "supplier"),
        ("Staff", "employee"),
        ("Employees", "employee"),
        ("Volunteers", "employee"),
        ("Workforce", "employee"),
        ("Customer service staff", "employee"),  # the last telling word wins
        ("Shareholders", "owner"),
        ("Investors", "owner"),
        ("Owners", "owner"),
        ("Owners and lenders", "owner"),
        ("Donors", "owner"),
        ("Trustees", "owner"),
        ("Government", "regulator"),
        ("Financial regulator", "regulator"),
        ("Tax authority", "regulator"),
        ("Tax authorities", "regulator"),
        ("Local council", "regulator"),
        ("Central bank", "regulator"),
        ("Community", "community"),
        ("Local community", "community"),
        ("The public", "community"),
        ("Neighbours", "community"),
        ("Residents", "community"),
        ("Partners", "partner"),
        ("Distributors", "partner"),
        ("Delivery partners", "partner"),
        ("Payment networks", "partner"),
        ("Local media", "other"),
        ("Banks", "other"),
        ("Xyzzy", "other"),
        ("", "other"),
    ],
)
def test_category_guess(name: str, category: str) -> None:
    assert guess_category(name) == category
    if name:
        assert plan(name).category == category


def test_unknown_category_hint_stays_short_with_many_categories() -> None:
    cats = (*BUILTIN_CATEGORIES, *(Category(f"own-{i}", f"Own {i}", "#123456") for i in range(50)))
    result = parse_capture("A (banana)", cats)
    assert isinstance(result, ParseError)
    assert len(result.hint) <= 140 and result.hint.endswith("…")
    assert "customer" in result.hint


def test_resolve_category_unknown_is_none() -> None:
    assert resolve_category("banana") is None
    assert resolve_category("   ") is None


# ------------------------------------------------------------- value kind guess
@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("deposits", ValueKind.MONEY),
        ("account and card fees", ValueKind.MONEY),
        ("interest on savings", ValueKind.MONEY),
        ("customer feedback", ValueKind.INFORMATION),
        ("sound financial advice", ValueKind.INFORMATION),
        ("loyalty", ValueKind.INTANGIBLE),
        ("licence to operate", ValueKind.INTANGIBLE),
        ("raw materials", ValueKind.GOODS_SERVICES),
        ("", ValueKind.GOODS_SERVICES),
    ],
)
def test_value_kind_guess(label: str, kind: ValueKind) -> None:
    assert guess_value_kind(label) is kind


# ----------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    ("line", "words_in_hint", "column"),
    [
        ("", ["stakeholder"], 0),
        ("   ", ["stakeholder"], 0),
        ("Customers: deposits, fees", ["provides", "expects"], 11),
        ("Customers: provides", ["Nothing", "provides"], 11),
        ("Customers: provides a; expects", ["Nothing", "expects"], 23),
        ("Customers >", ["Nothing", "provides"], 10),
        ("Customers: provides a <", ["Nothing", "expects"], 22),
        ("Customers: +", ["Nothing"], 11),
        (": provides a", ["name"], 0),
        ("> a", ["name"], 0),
        ('"" > a', ["name"], 0),
        ("Customers, Staff", ["colon"], 9),
        ("Customers; Staff", ["colon"], 9),
        ("Customers: provides a: b", ["colon", "quote"], 21),
        ("Customers: provides (a)", ["Quote"], 20),
        ('Customers: provides "a', ["quote"], 20),
        ('"Customers: provides a', ["quote"], 0),
        ('Customers: provides "a" b', ["comma"], 23),
        ('Customers: provides a "b"', ["comma"], 22),
        ("Customers (banana): provides a", ["Unknown category", "banana", "customer"], 10),
        ("Customers (): provides a", ["category"], 10),
        ("Customers (customer: provides a", ["Close the bracket"], 10),
        ("Customers (customer) extra: provides a", ["right after the name"], 10),
        ("Customers ) x", ["“)”"], 10),
    ],
)
def test_lines_it_cannot_read_get_a_short_hint(
    line: str, words_in_hint: list[str], column: int
) -> None:
    e = error(line)
    for word in words_in_hint:
        assert word.casefold() in e.hint.casefold(), e.hint
    assert e.column == column, (e.hint, e.column)
    assert str(e) == e.hint


def test_names_and_labels_within_the_length_limit() -> None:
    ok = "n" * MAX_LABEL_LENGTH
    assert plan(f"{ok}: provides {ok}").provides == (ok,)
    long = "n" * (MAX_LABEL_LENGTH + 1)
    assert "limit" in error(long).hint
    e = error(f"A: provides x, {long}")
    assert "limit" in e.hint and e.column == 15


def test_huge_line_is_read_quickly_enough_to_type() -> None:
    # Linear work: a 200,000-character line of short labels is fine.
    line = "A: provides " + ", ".join(f"item {i}" for i in range(20_000))
    assert len(plan(line).provides) == 20_000


# ------------------------------------------------------------------ helpers for UI
def _map() -> ValueMap:
    m = ValueMap(Organisation(name="Bank"))
    for name in ("staff", "Customers", "  Business   customers ", "customers", "", "Alpha"):
        m.add_stakeholder(Stakeholder(name))
    return m


def test_stakeholder_names_sorted_unique_ignoring_case() -> None:
    assert stakeholder_names(_map()) == ["Alpha", "Business customers", "Customers", "staff"]


def test_find_stakeholder_ignores_case_and_spacing() -> None:
    m = _map()
    first_customers = m.stakeholders[1].id
    assert find_stakeholder(m, "CUSTOMERS") == first_customers
    assert find_stakeholder(m, "business customers") == m.stakeholders[2].id
    assert find_stakeholder(m, "nobody") is None


@pytest.mark.parametrize(
    ("line", "prefix"),
    [
        ("", ""),
        ("Cus", "Cus"),
        ("  Business cu", "Business cu"),
        ("Customers:", None),
        ("Customers (", None),
        ("Customers >", None),
        ('"Cus', None),
    ],
)
def test_name_prefix_for_autocompletion(line: str, prefix: str | None) -> None:
    assert name_prefix(line) == prefix


def test_parse_capture_text_skips_blank_lines() -> None:
    results = parse_capture_text("A > x\n\n  \nB: nonsense\nC")
    assert [type(r).__name__ for r in results] == ["CapturePlan", "ParseError", "CapturePlan"]


# ----------------------------------------------------------------------- format
def _bank() -> ValueMap:
    m = ValueMap(Organisation(name="Bank"))
    m.add_category(Category("funder", "Donor / funder", "#882255"))
    c = Stakeholder("Customers", category="customer")
    r = Stakeholder("Local media", category="other")
    s = Stakeholder("Ratio: A (old)", category="supplier")
    f = Stakeholder("Grant makers", category="funder")
    e = Stakeholder("Employees", category="customer")  # not what the name suggests
    for x in (c, r, s, f, e):
        m.add_stakeholder(x)
    m.add_flow(Flow(c.id, Direction.PROVIDES, "deposits"))
    m.add_flow(Flow(c.id, Direction.EXPECTS, "interest"))
    m.add_flow(Flow(c.id, Direction.PROVIDES, "fees"))
    m.add_flow(Flow(s.id, Direction.EXPECTS, 'returns > 5%, "net"'))
    m.add_flow(Flow(s.id, Direction.PROVIDES, "line one\nline two"))
    m.add_flow(Flow(f.id, Direction.PROVIDES, "grants"))
    m.add_flow(Flow(f.id, Direction.PROVIDES, "   "))  # nothing to say: left out
    return m


def test_format_capture_writes_the_same_syntax() -> None:
    m = _bank()
    text = format_capture(m)
    assert text.splitlines() == [
        "Customers: provides deposits, fees; expects interest",
        "Local media",
        '"Ratio: A (old)" (Supplier): provides line one line two; expects "returns > 5%, ""net"""',
        "Grant makers (Donor / funder): provides grants",
        "Employees (Customer)",
    ]


def test_format_capture_of_some_stakeholders_in_the_given_order() -> None:
    m = _bank()
    ids = [m.stakeholders[3].id, m.stakeholders[0].id]
    assert format_capture(m, ids).splitlines()[0].startswith("Grant makers")
    assert format_capture(m, []) == ""


def test_format_then_parse_gives_the_same_stakeholders_and_flows() -> None:
    m = _bank()
    plans = parse_capture_text(format_capture(m), m.categories)
    assert all(isinstance(p, CapturePlan) for p in plans)
    for s, p in zip(m.stakeholders, plans, strict=True):
        assert isinstance(p, CapturePlan)
        assert p.name == s.name
        assert p.category == s.category
        for direction in Direction:
            want = [" ".join(f.label.split()) for f in m.flows_of(s.id, direction)]
            assert list(p.labels(direction)) == [w for w in want if w]


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    min_size=1,
    max_size=30,
).filter(lambda t: t.split())


@settings(max_examples=150, deadline=None)
@given(
    name=_text,
    provides=st.lists(_text, max_size=4),
    expects=st.lists(_text, max_size=4),
    category=st.sampled_from([c.id for c in BUILTIN_CATEGORIES]),
)
def test_round_trip_any_text(
    name: str, provides: list[str], expects: list[str], category: str
) -> None:
    m = ValueMap()
    s = Stakeholder(name, category=category)
    m.add_stakeholder(s)
    for label in provides:
        m.add_flow(Flow(s.id, Direction.PROVIDES, label))
    for label in expects:
        m.add_flow(Flow(s.id, Direction.EXPECTS, label))
    line = format_capture(m)
    assert "\n" not in line
    p = parse_capture(line)
    assert isinstance(p, CapturePlan), (line, p)
    assert p.name == " ".join(name.split())
    assert p.category == category

    def unique(labels: list[str]) -> list[str]:
        seen: dict[str, str] = {}
        for lb in labels:
            tidy = " ".join(lb.split())
            seen.setdefault(tidy.casefold(), tidy)
        return list(seen.values())

    assert list(p.provides) == unique(provides)
    assert list(p.expects) == unique(expects)


# ------------------------------------------------------------ a forgotten colon
@pytest.mark.parametrize(
    ("line", "name", "provides", "expects"),
    [
        ("Customers provides deposits", "Customers", ("deposits",), ()),
        ("Customers provides deposits, fees", "Customers", ("deposits", "fees"), ()),
        ("Business customers expects interest", "Business customers", (), ("interest",)),
        ("Staff gives skills; expects pay", "Staff", ("skills",), ("pay",)),
    ],
)
def test_a_forgotten_colon_reads_as_a_flow(line, name, provides, expects):
    plan = parse_capture(line)
    assert isinstance(plan, CapturePlan), plan
    assert (plan.name, plan.provides, plan.expects) == (name, provides, expects)


def test_a_forgotten_colon_never_makes_a_long_name():
    for line in ("Customers provides", "Customers expects", "Regulator needs"):
        result = parse_capture(line)
        assert isinstance(result, ParseError), line  # nothing listed: a hint, no stakeholder
        assert "after" in result.hint


def test_a_name_ended_properly_keeps_its_direction_words():
    plan = parse_capture("Special needs families: expects respite")
    assert isinstance(plan, CapturePlan)
    assert plan.name == "Special needs families" and plan.expects == ("respite",)
    plan = parse_capture('"Special needs families"')
    assert isinstance(plan, CapturePlan) and plan.name == "Special needs families"


def test_names_with_direction_words_are_written_back_quoted():
    m = ValueMap(Organisation("Org"))
    for name in ("Special needs families", "Customers"):
        m.add_stakeholder(Stakeholder(name))
    text = format_capture(m)
    assert text.splitlines()[0] == '"Special needs families"'
    plans = parse_capture_text(text)
    assert [p.name for p in plans] == ["Special needs families", "Customers"]
