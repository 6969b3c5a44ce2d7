"""Stakeholder categories: the built-in set and the map's own.

Colours follow the Okabe-Ito palette, which stays distinguishable for the common forms of
colour blindness. A category is referred to by its ``id`` from stakeholders; the built-in
ids are stable and never translated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")

OTHER_CATEGORY_ID = "other"


def is_colour(text: str) -> bool:
    """True if ``text`` is a ``#rrggbb`` colour."""
    # fullmatch, not match with "$": "$" also matches before a final newline, and the file
    # schema (a Rust regex) refuses "#rrggbb\n", so a map holding one could not be reopened.
    return bool(_COLOUR.fullmatch(text))


@dataclass(frozen=True)
class Category:
    """A kind of stakeholder, with a display name, a colour and an icon key."""

    id: str
    name: str
    colour: str
    icon: str = "person"
    extra: dict[str, Any] = field(default_factory=dict, compare=True, hash=False)


BUILTIN_CATEGORIES: tuple[Category, ...] = (
    Category("customer", "Customer", "#0072B2", "customer"),
    Category("supplier", "Supplier", "#E69F00", "supplier"),
    Category("employee", "Employee", "#009E73", "employee"),
    Category("owner", "Owner / investor", "#CC79A7", "owner"),
    Category("regulator", "Government / regulator", "#D55E00", "regulator"),
    Category("community", "Community", "#56B4E9", "community"),
    Category("partner", "Partner", "#F0E442", "partner"),
    Category(OTHER_CATEGORY_ID, "Other", "#999999", "other"),
)

BUILTIN_CATEGORY_IDS: frozenset[str] = frozenset(c.id for c in BUILTIN_CATEGORIES)


#: Colours given to categories a map adds (palette, import), in order; the first unused.
NEW_CATEGORY_COLOURS = (
    "#882255", "#44AA99", "#117733", "#332288", "#AA4499", "#DDCC77", "#6699CC",
)  # fmt: skip


def new_category_slot(known: Sequence[Category], own_count: int) -> tuple[str, str]:
    """(id, colour) for a category added to a map whose categories are ``known``: the
    first free ``custom-N`` id and the first of ``NEW_CATEGORY_COLOURS`` no category uses
    (else they cycle by ``own_count``, the map's own categories so far)."""
    taken = {c.id for c in known}
    n = 1
    while f"custom-{n}" in taken:
        n += 1
    used = {c.colour.upper() for c in known}
    free = [c for c in NEW_CATEGORY_COLOURS if c.upper() not in used]
    colour = free[0] if free else NEW_CATEGORY_COLOURS[own_count % len(NEW_CATEGORY_COLOURS)]
    return f"custom-{n}", colour


__all__ = [
    "BUILTIN_CATEGORIES",
    "BUILTIN_CATEGORY_IDS",
    "NEW_CATEGORY_COLOURS",
    "OTHER_CATEGORY_ID",
    "Category",
    "is_colour",
    "new_category_slot",
]
