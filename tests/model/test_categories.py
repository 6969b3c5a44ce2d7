"""Built-in categories and a map's own categories."""

from __future__ import annotations

import pytest

from svx_desktop.model import (
    BUILTIN_CATEGORIES,
    BUILTIN_CATEGORY_IDS,
    OTHER_CATEGORY_ID,
    Category,
    ModelError,
    Stakeholder,
    ValueMap,
    is_colour,
)
from tests.model.invariants import bank, refused

# The Okabe-Ito palette, distinguishable with the common colour-vision deficiencies.
EXPECTED = {
    "customer": ("Customer", "#0072B2"),
    "supplier": ("Supplier", "#E69F00"),
    "employee": ("Employee", "#009E73"),
    "owner": ("Owner / investor", "#CC79A7"),
    "regulator": ("Government / regulator", "#D55E00"),
    "community": ("Community", "#56B4E9"),
    "partner": ("Partner", "#F0E442"),
    "other": ("Other", "#999999"),
}


def test_builtin_ids_names_and_colours() -> None:
    assert {c.id: (c.name, c.colour) for c in BUILTIN_CATEGORIES} == EXPECTED
    assert [c.id for c in BUILTIN_CATEGORIES] == list(EXPECTED)
    assert frozenset(EXPECTED) == BUILTIN_CATEGORY_IDS
    assert OTHER_CATEGORY_ID == "other"
    colours = [c.colour for c in BUILTIN_CATEGORIES]
    assert len(set(colours)) == len(colours)
    assert all(is_colour(c) for c in colours)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("#000000", True),
        ("#abcDEF", True),
        ("#abcdef\n", False),
        ("abcdef", False),
        ("#abcdeg", False),
        ("#abc", False),
        (" #abcdef", False),
        ("#abcdef0", False),
    ],
)
def test_is_colour(text: str, ok: bool) -> None:
    assert is_colour(text) is ok


def test_map_categories_are_builtin_then_own() -> None:
    vmap = ValueMap()
    assert vmap.categories == BUILTIN_CATEGORIES
    assert vmap.own_categories == ()
    press = Category("press", "Press", "#112233", "newspaper")
    vmap.add_category(press)
    vmap.add_category(Category("unions", "Unions", "#445566"), index=0)
    assert [c.id for c in vmap.own_categories] == ["unions", "press"]
    assert vmap.categories == BUILTIN_CATEGORIES + vmap.own_categories
    assert vmap.category("press") == press
    assert vmap.category("customer").colour == "#0072B2"


def test_unknown_category_shows_as_other() -> None:
    vmap = ValueMap()
    vmap.add_stakeholder(Stakeholder("Odd", "odd", category="from-a-newer-svx"))
    assert vmap.stakeholder("odd").category == "from-a-newer-svx"  # kept, not rewritten
    assert vmap.category("from-a-newer-svx").id == OTHER_CATEGORY_ID


def test_update_own_category() -> None:
    vmap = ValueMap()
    vmap.add_category(Category("press", "Press", "#112233"))
    old = vmap.update_category("press", name="Media", colour="#aabbcc", icon="tv")
    assert old.name == "Press"
    assert vmap.category("press") == Category("press", "Media", "#aabbcc", "tv")


@pytest.mark.parametrize("category_id", sorted(BUILTIN_CATEGORY_IDS))
def test_builtin_categories_cannot_be_added_edited_or_removed(category_id: str) -> None:
    vmap = bank()
    refused(vmap, lambda: vmap.add_category(Category(category_id, "Mine", "#000000")))
    refused(vmap, lambda: vmap.update_category(category_id, name="Mine"))
    refused(vmap, lambda: vmap.remove_category(category_id))


@pytest.mark.parametrize(
    "category",
    [
        Category("", "Empty id", "#000000"),
        Category("c", "Bad colour", "blue"),
        Category("c", "Newline colour", "#000000\n"),
        Category("c", "x" * 10_001, "#000000"),
        Category("c", "Long icon", "#000000", "i" * 101),
    ],
)
def test_invalid_own_categories_are_refused(category: Category) -> None:
    vmap = bank()
    refused(vmap, lambda: vmap.add_category(category))


def test_invalid_category_updates_are_refused() -> None:
    vmap = bank()
    vmap.add_category(Category("press", "Press", "#112233"))
    refused(vmap, lambda: vmap.add_category(Category("press", "Again", "#112233")))
    refused(vmap, lambda: vmap.update_category("press", id="media"))
    refused(vmap, lambda: vmap.update_category("press", colour="#12"))
    refused(vmap, lambda: vmap.update_category("press", shade="dark"))
    refused(vmap, lambda: vmap.update_category("nothing", name="x"))


def test_remove_only_unused_own_categories() -> None:
    vmap = bank()
    vmap.add_category(Category("press", "Press", "#112233"))
    vmap.add_category(Category("unions", "Unions", "#445566"))
    vmap.add_stakeholder(Stakeholder("Times", "times", "press"))
    error = refused(vmap, lambda: vmap.remove_category("press"))
    assert "still used by 1" in str(error)
    index, removed = vmap.remove_category("unions")
    assert (index, removed.id) == (1, "unions")
    vmap.remove_stakeholder("times")
    assert vmap.remove_category("press")[0] == 0
    assert vmap.own_categories == ()
    with pytest.raises(ModelError):
        vmap.remove_category("press")
