"""Guessing from words (no Qt): a stakeholder's category from its name, a flow's value
kind from its label, and which category a typed word names.

Quick capture (``model.capture``) and anything else that turns typed text into map
elements use these. Words are compared case-folded, with plural forms ("customers",
"authorities"); the last telling word of a name wins ("Customer service staff" is an
employee), phrases before words ("central bank" is a regulator), and a map's own
categories before the built-in ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from svx_desktop.model.categories import BUILTIN_CATEGORIES, OTHER_CATEGORY_ID, Category
from svx_desktop.model.elements import ValueKind

_SPACE = re.compile(r"\s+")
#: Splits a category name such as "Owner / investor" into the words it is known by.
_NAME_PARTS = re.compile(r"[/&,]|\band\b|\bor\b")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def tidy(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def fold(text: str) -> str:
    """The form names and labels are compared in: case-folded, whitespace tidied."""
    return tidy(text).casefold()


# ------------------------------------------------------------------------ categories
def _wordlist(text: str) -> list[str]:
    return text.split()


def _forms(word: str) -> set[str]:
    """A word and its plural forms (customer → customers, authority → authorities)."""
    forms = {word, word + "s", word + "es"}
    if word.endswith("y") and word[-2:-1] not in set("aeiou"):
        forms.add(word[:-1] + "ies")
    return forms


_GUESS_WORDS: dict[str, list[str]] = {
    "customer": _wordlist(
        "customer client patient member passenger shopper buyer consumer user "
        "subscriber guest student pupil tenant beneficiary borrower saver policyholder "
        "visitor audience reader viewer fan traveller diner householder"
    ),
    "supplier": _wordlist(
        "supplier vendor contractor subcontractor manufacturer wholesaler landlord "
        "provider producer grower farmer outsourcer consultant"
    ),
    "employee": _wordlist(
        "employee staff volunteer worker workforce crew team nurse doctor teacher "
        "manager colleague personnel apprentice trainee driver engineer "
        "clinician"
    ),
    "owner": _wordlist(
        "owner shareholder stockholder investor donor funder trustee lender bondholder "
        "financier sponsor benefactor founder foundation board governor "
        "philanthropist"
    ),
    "regulator": _wordlist(
        "government regulator authority council ministry department inspectorate "
        "inspector auditor ombudsman parliament state tax taxman hmrc irs police court "
        "municipality agency commission supervisor legislator"
    ),
    "community": _wordlist(
        "community public neighbour neighbor neighbourhood neighborhood resident "
        "citizen society locals environment taxpayer village town city region"
    ),
    "partner": _wordlist(
        "partner distributor reseller retailer alliance ally collaborator affiliate "
        "franchisee charity ngo university network association"
    ),
}
#: Phrases checked before single words ("central bank" is a regulator, "bank" alone not).
_GUESS_PHRASES: dict[tuple[str, ...], str] = {
    ("central", "bank"): "regulator",
    ("tax", "office"): "regulator",
    ("general", "public"): "community",
    ("local", "people"): "community",
    ("board", "of", "directors"): "owner",
    ("business", "partner"): "partner",
}

_WORD_CATEGORY: dict[str, str] = {}
for _cat, _cat_words in _GUESS_WORDS.items():
    for _w in _cat_words:
        for _f in _forms(_w):
            _WORD_CATEGORY.setdefault(_f, _cat)
del _cat, _cat_words, _w, _f


def _words(text: str) -> list[str]:
    return [w.casefold().replace("’", "'") for w in _WORD.findall(text)]


def _own_category_words(categories: Iterable[Category]) -> dict[str, str]:
    """Words naming a map's own (non built-in) categories: id and name, plural forms."""
    builtin = {c.id for c in BUILTIN_CATEGORIES}
    out: dict[str, str] = {}
    for c in categories:
        if c.id in builtin:
            continue
        for text in (c.id, *_NAME_PARTS.split(c.name)):
            words = _words(text)
            if len(words) == 1:
                for f in _forms(words[0]):
                    out.setdefault(f, c.id)
    return out


def guess_category(name: str, categories: Sequence[Category] = BUILTIN_CATEGORIES) -> str:
    """The category id a stakeholder called ``name`` most likely has, else "other".

    The last telling word wins ("Customer service staff" → employee); a map's own
    categories (in ``categories``) are matched by their one-word id or name first.
    """
    words = _words(name)
    own = _own_category_words(categories)
    known = {c.id for c in categories} | {c.id for c in BUILTIN_CATEGORIES}
    best: tuple[int, int, str] | None = None  # (end index, priority, category)
    for i, w in enumerate(words):
        for candidate, priority in ((own.get(w), 2), (_WORD_CATEGORY.get(w), 1)):
            if candidate is not None and (best is None or (i, priority) > best[:2]):
                best = (i, priority, candidate)
    for phrase, cat in _GUESS_PHRASES.items():
        k = len(phrase)
        for i in range(len(words) - k + 1):
            if tuple(words[i : i + k]) == phrase:
                end = i + k - 1
                if best is None or (end, 3) > best[:2]:
                    best = (end, 3, cat)
    if best is None or best[2] not in known:
        return OTHER_CATEGORY_ID
    return best[2]


def resolve_category(text: str, categories: Sequence[Category] = BUILTIN_CATEGORIES) -> str | None:
    """The id of the category ``text`` names (its id, name, a part of a "A / B" name, or a
    telling word such as "customers"), or None."""
    key = fold(text)
    if not key:
        return None
    for c in categories:
        if key in (c.id.casefold(), fold(c.name)):
            return c.id
    for c in categories:
        parts = [fold(p) for p in _NAME_PARTS.split(c.name)]
        if any(key in _forms(p) for p in parts if p):
            return c.id
    guessed = guess_category(text, categories)
    return None if guessed == OTHER_CATEGORY_ID else guessed


# --------------------------------------------------------------------- value kinds
_KIND_WORDS: dict[ValueKind, list[str]] = {
    ValueKind.MONEY: _wordlist(
        "money fee fees payment payments pay salary salaries wage wages interest "
        "dividend dividends capital cash tax taxes funding funds grant grants donation "
        "donations revenue price prices deposit deposits loan loans credit rent subsidy "
        "subsidies investment profit profits bonus pension pensions levy royalties "
        "income spend spending purchases sales"
    ),
    ValueKind.INFORMATION: _wordlist(
        "information info data feedback advice report reports reporting news insight "
        "insights knowledge ideas idea guidance statistics disclosure transparency "
        "forecasts forecast requirements complaints reviews research intelligence "
        "updates"
    ),
    ValueKind.INTANGIBLE: _wordlist(
        "trust loyalty reputation recognition goodwill satisfaction legitimacy licence "
        "license respect pride support commitment engagement security safety wellbeing "
        "belonging fairness endorsement influence credibility confidence voice purpose "
        "motivation status prestige approval permission"
    ),
}
_KIND_OF_WORD = {w: k for k, words in _KIND_WORDS.items() for w in words}


def guess_value_kind(label: str) -> ValueKind:
    """The kind of value a flow label most likely carries (money, information,
    intangible), else goods and services. The first telling word wins."""
    for w in _words(label):
        kind = _KIND_OF_WORD.get(w)
        if kind is not None:
            return kind
    return ValueKind.GOODS_SERVICES


__all__ = ["fold", "guess_category", "guess_value_kind", "resolve_category", "tidy"]
