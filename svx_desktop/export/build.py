"""Build a map from rows of a table (CSV or a workbook), checking every row first (no Qt).

``MapBuilder`` is what both table importers feed: they hand it one row at a time with the
row's place (``line 7``, ``Connections row 3``), and it reads the cells, resolves or
creates categories, merges rows that name the same stakeholder, and collects *every*
problem instead of stopping at the first. ``build`` then either returns the finished map
or raises one ``TableImportError`` listing all the bad rows — a table with any bad row
imports nothing. Stakeholders without a position are placed around the organisation
where ``model.placement`` puts new stakeholders; the others keep theirs.

Cells are text as a user typed them: case and extra spaces are forgiven in directions,
value kinds and categories (an id, a name, or a telling word such as "customers"); an
unknown category becomes one of the map's own. Spreadsheet formula guards (a ``'`` in
front of ``= + - @``, written by our exports) are taken off again.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from svx_desktop.fileformat.errors import SvxLoadError
from svx_desktop.model import (
    BUILTIN_CATEGORIES,
    DEFAULT_IMPORTANCE,
    MAX_COORDINATE,
    MAX_IMPORTANCE,
    MAX_LABEL_LENGTH,
    MAX_NOTES_LENGTH,
    MIN_IMPORTANCE,
    Category,
    Direction,
    Flow,
    MapMeta,
    ModelError,
    Note,
    Organisation,
    Stakeholder,
    ValueKind,
    ValueMap,
    is_colour,
    new_id,
)
from svx_desktop.model.categories import new_category_slot
from svx_desktop.model.guess import resolve_category
from svx_desktop.model.health import MAX_DEPENDENCE, MIN_DEPENDENCE, Health
from svx_desktop.model.placement import free_positions
from svx_desktop.model.ratings import rating_changes

#: First characters a spreadsheet reads as a formula; our exports put a ``'`` before them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
#: At most this many problems are listed (the count says how many there were).
MAX_PROBLEMS = 50


class TableImportError(SvxLoadError):
    """A table had bad rows; nothing was imported. ``problems`` lists ``(place, message)``."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        shown = "; ".join(f"{where}: {msg}" if where else msg for where, msg in problems)
        more = "" if len(problems) <= MAX_PROBLEMS else f" (first {MAX_PROBLEMS} shown)"
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(source, f"nothing imported, {count}{more}: {shown}")


def formula_safe(text: str) -> str:
    """``text`` made safe for a spreadsheet cell: a ``'`` before a formula start."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def formula_unsafe(text: str) -> str:
    """Undo ``formula_safe`` (a lone ``'`` before anything else is the user's own)."""
    if len(text) >= 2 and text[0] == "'" and text[1] in "=+-@\t\r'":
        return text[1:]
    return text


# The cells ``stakeholder_row`` and ``flow_row`` read, in the order ``row_cells`` takes them.
STAKEHOLDER_CELLS = (
    "name", "category", "category_name", "category_colour", "category_icon", "notes", "colour",
    "x", "y", "id",
)  # fmt: skip
FLOW_CELLS = ("direction", "label", "value_kind", "importance", "notes", "id", "rating")


def row_cells(row: Mapping[str, str], fields: tuple[str, ...], columns: str) -> dict[str, str]:
    """The builder's ``fields`` read from a table ``row``.

    ``columns`` names the row's column for each field, comma-separated in ``fields`` order;
    ``a|b`` reads column ``a``, or ``b`` when ``a`` is empty. A missing column reads as "".
    """
    names = [name.strip().split("|") for name in columns.split(",")]
    return {
        field: next((text for c in alternatives if (text := row.get(c, ""))), "")
        for field, alternatives in zip(fields, names, strict=True)
    }


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


_DIRECTIONS = {
    "provides": Direction.PROVIDES,
    "provide": Direction.PROVIDES,
    "expects": Direction.EXPECTS,
    "expect": Direction.EXPECTS,
}
_KINDS: dict[str, ValueKind] = {}
for _k in ValueKind:
    _KINDS[_k.value] = _KINDS[_fold(_k.label)] = _KINDS[_k.value.replace("_", " ")] = _k
_KINDS["goods and services"] = ValueKind.GOODS_SERVICES
del _k


class _RowError(Exception):
    """One bad cell of a row (collected by the builder, never escapes it)."""


def _text(value: str, what: str, limit: int = MAX_LABEL_LENGTH) -> str:
    if len(value) > limit:
        raise _RowError(f"{what} is {len(value):,} characters long; the limit is {limit:,}")
    return value


def _number(value: str, what: str) -> float:
    try:
        number = float(value.replace(",", ".")) if value.count(",") == 1 else float(value)
    except ValueError:
        raise _RowError(f"{what} {value!r} is not a number") from None
    if not math.isfinite(number) or abs(number) > MAX_COORDINATE:
        raise _RowError(f"{what} {value!r} is outside ±{MAX_COORDINATE:g}")
    return number


def parse_position(x: str, y: str) -> tuple[float, float] | None:
    """A position from two cells, None when both are blank."""
    x, y = x.strip(), y.strip()
    if not x and not y:
        return None
    if not x or not y:
        raise _RowError("give both x and y, or neither")
    return (_number(x, "x"), _number(y, "y"))


def parse_rating(text: str) -> int | None:
    """A flow's rating cell: empty for unrated, else a whole number 1–5 (for an
    ``expects`` flow how well it is met today, dead = 1 … alive = 5; for ``provides`` how
    much the organisation depends on it) or, for ``expects``, a step's name."""
    text = text.strip()
    if not text:
        return None
    by_name = {h.key: int(h) for h in Health}
    if text.casefold() in by_name:
        return by_name[text.casefold()]
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not value.is_integer() or not MIN_DEPENDENCE <= value <= MAX_DEPENDENCE:
        raise _RowError(f"rating {text!r} is not a whole number from 1 to 5 (or dead … alive)")
    return int(value)


def parse_importance(text: str) -> int:
    text = text.strip()
    if not text:
        return DEFAULT_IMPORTANCE
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not value.is_integer() or not MIN_IMPORTANCE <= value <= MAX_IMPORTANCE:
        raise _RowError(
            f"importance {text!r} is not a whole number from {MIN_IMPORTANCE} to {MAX_IMPORTANCE}"
        )
    return int(value)


def parse_direction(text: str) -> Direction:
    try:
        return _DIRECTIONS[_fold(text)]
    except KeyError:
        raise _RowError(f"direction {text!r} is not 'provides' or 'expects'") from None


def parse_value_kind(text: str) -> ValueKind:
    if not text.strip():
        return ValueKind.GOODS_SERVICES
    try:
        return _KINDS[_fold(text)]
    except KeyError:
        names = ", ".join(k.value for k in ValueKind)
        raise _RowError(f"value kind {text!r} is not one of {names}") from None


def _colour(text: str, what: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    if not is_colour(text):
        raise _RowError(f"{what} {text!r} is not a #rrggbb colour")
    return text


def _id(text: str) -> str | None:
    """An id cell: None when empty (a new id is made); anything else is the id itself."""
    if not text:
        return None
    if len(text) > 200:
        raise _RowError("an id is longer than 200 characters")
    return text


@dataclass
class _Pending:
    stakeholder: Stakeholder
    position: tuple[float, float] | None
    where: str


@dataclass
class MapBuilder:
    """Collects rows and problems; ``build`` makes the map or raises (module docstring)."""

    source: str
    #: Whether cells carry ``formula_safe`` guards to take off (CSV: yes; XLSX cells are
    #: typed as text, so a ``'`` there is the user's own).
    guarded: bool = True
    organisation: Organisation = field(default_factory=Organisation)
    meta: MapMeta = field(default_factory=MapMeta)
    problems: list[tuple[str, str]] = field(default_factory=list)
    _categories: dict[str, Category] = field(default_factory=dict)
    _stakeholders: dict[str, _Pending] = field(default_factory=dict)
    _by_name: dict[str, str] = field(default_factory=dict)
    _flows: list[Flow] = field(default_factory=list)
    _notes: list[Note] = field(default_factory=list)
    _ids: set[str] = field(default_factory=set)

    # ----------------------------------------------------------------- rows
    def _plain(self, text: str) -> str:
        return formula_unsafe(text) if self.guarded else text

    def _id(self, text: str) -> str | None:
        return _id(self._plain(text))

    def problem(self, where: str, message: str) -> None:
        self.problems.append((where, message))

    def organisation_row(
        self, where: str, name: str, description: str = "", x: str = "", y: str = "", id: str = ""
    ) -> None:
        try:
            pos = parse_position(x, y)
            org_id = self._id(id)
            # Kept exactly when the row carries an id (our exports); a blank name otherwise
            # gets the default.
            name = self._plain(name) if (name.strip() or org_id) else "Organisation"
            org = replace(
                self.organisation,
                name=_text(name, "the name"),
                description=_text(self._plain(description), "the description", MAX_NOTES_LENGTH),
            )
            if org_id:
                org = replace(org, id=self._claim(org_id))
            self.organisation = replace(org, position=pos) if pos else org
        except _RowError as e:
            self.problem(where, str(e))

    def _claim(self, element_id: str) -> str:
        if element_id in self._ids:
            raise _RowError(f"id {element_id!r} is used twice")
        self._ids.add(element_id)
        return element_id

    def category(self, text: str, name: str = "", colour: str = "", icon: str = "") -> str:
        """The id of the category ``text`` names; an unknown one is created.

        ``text`` is an id, a name or a telling word. With ``name`` and ``colour`` too (as
        our exports write a map's own category), an unknown ``text`` is kept as the id.
        """
        known = (*BUILTIN_CATEGORIES, *self._categories.values())
        exact = self._plain(text)
        if any(c.id == exact for c in known):
            return exact
        wanted = _colour(colour, "category colour")
        if exact and name.strip() and wanted:
            # A map's own category as our exports write it: every cell kept exactly (an
            # id may be any text, even one that is only white space).
            category_id = _text(exact, "the category id", 200)
            label = _text(self._plain(name), "the category name")
            icon = _text(self._plain(icon), "the category icon", 100)
            self._categories[category_id] = Category(category_id, label, wanted, icon)
            return category_id
        text = self._plain(text.strip())
        name = self._plain(name.strip())
        if not text and not name:
            return "other"
        if any(c.id == text for c in known):
            return text
        found = resolve_category(text or name, known)
        if found is not None:
            return found
        category_id, free_colour = new_category_slot(known, len(self._categories))
        wanted = wanted if wanted is not None else free_colour
        label = _text(name or text, "the category name")
        icon = _text(self._plain(icon.strip()), "the category icon", 100) or "person"
        self._categories[category_id] = Category(category_id, label, wanted, icon)
        return category_id

    def stakeholder_row(
        self,
        where: str,
        name: str,
        *,
        category: str = "",
        category_name: str = "",
        category_colour: str = "",
        category_icon: str = "",
        notes: str = "",
        colour: str = "",
        x: str = "",
        y: str = "",
        id: str = "",
    ) -> str | None:
        """Read a stakeholder's cells; returns its key (None after a problem)."""
        try:
            sid = self._id(id)
            # Kept exactly when the row carries an id (our exports), else trimmed.
            name = _text(self._plain(name if sid else name.strip()), "the stakeholder name")
            if not name.strip() and sid is None:
                raise _RowError("the stakeholder name is empty")
            key = sid or self._by_name.get(_fold(name)) or _fold(name)
            pending = self._stakeholders.get(key)
            if pending is not None:
                self._check_same(pending, name, category, category_name)
                return key
            if sid is not None:
                self._claim(sid)
            cat = self.category(category, category_name, category_colour, category_icon)
            s = Stakeholder(
                name,
                id=sid or new_id(),
                category=cat,
                notes=_text(self._plain(notes), "the stakeholder notes", MAX_NOTES_LENGTH),
                colour=_colour(colour, "colour"),
            )
            self._stakeholders[key] = _Pending(s, parse_position(x, y), where)
            self._by_name.setdefault(_fold(name), key)
            return key
        except _RowError as e:
            self.problem(where, str(e))
            return None

    def stakeholder_cells(self, where: str, row: Mapping[str, str], columns: str) -> str | None:
        """``stakeholder_row`` with ``STAKEHOLDER_CELLS`` read from ``row`` (see ``row_cells``)."""
        return self.stakeholder_row(where, **row_cells(row, STAKEHOLDER_CELLS, columns))

    def flow_cells(
        self, where: str, stakeholder_key: str, row: Mapping[str, str], columns: str, **known: str
    ) -> None:
        """``flow_row`` with the ``FLOW_CELLS`` not ``known`` read from ``row`` (``row_cells``)."""
        fields = tuple(f for f in FLOW_CELLS if f not in known)
        self.flow_row(where, stakeholder_key, **known, **row_cells(row, fields, columns))

    def _check_same(self, pending: _Pending, name: str, category: str, category_name: str) -> None:
        s = pending.stakeholder
        if _fold(name) != _fold(s.name):
            raise _RowError(f"id {s.id!r} is {s.name!r} on {pending.where}, not {name!r}")
        text = self._plain(category)
        if text.strip() and text != s.category and self.category(text, category_name) != s.category:
            raise _RowError(
                f"{name!r} has category {s.category!r} on {pending.where}, not {text.strip()!r}"
            )

    def flow_row(
        self,
        where: str,
        stakeholder_key: str,
        *,
        direction: str,
        label: str,
        value_kind: str = "",
        importance: str = "",
        notes: str = "",
        id: str = "",
        rating: str = "",
    ) -> None:
        try:
            fid = self._id(id)
            flow = Flow(
                self._stakeholders[stakeholder_key].stakeholder.id,
                parse_direction(direction),
                _text(self._plain(label), "the label"),
                id=fid or new_id(),
                value_kind=parse_value_kind(value_kind),
                importance=parse_importance(importance),
                notes=_text(self._plain(notes), "the flow notes", MAX_NOTES_LENGTH),
            )
            step = parse_rating(rating)
            if step is not None:
                flow = replace(flow, **rating_changes(flow, step))
            if fid is not None:
                self._claim(fid)
            self._flows.append(flow)
        except _RowError as e:
            self.problem(where, str(e))

    def note_row(self, where: str, text: str, x: str = "", y: str = "", id: str = "") -> None:
        try:
            nid = self._id(id)
            note = Note(_text(self._plain(text), "the note", MAX_NOTES_LENGTH), id=nid or new_id())
            pos = parse_position(x, y)
            if nid is not None:
                self._claim(nid)
            self._notes.append(replace(note, position=pos) if pos else note)
        except _RowError as e:
            self.problem(where, str(e))

    # ---------------------------------------------------------------- build
    def build(self) -> ValueMap:
        """The map, or ``TableImportError`` listing every problem found."""
        if self.problems:
            raise TableImportError(self.source, self.problems[:MAX_PROBLEMS] + (
                [("", f"... and {len(self.problems) - MAX_PROBLEMS} more")]
                if len(self.problems) > MAX_PROBLEMS else []
            ))  # fmt: skip
        org = self.organisation
        if org.id in {p.stakeholder.id for p in self._stakeholders.values()}:
            raise TableImportError(self.source, [("", f"id {org.id!r} is used twice")])
        try:
            vmap = ValueMap(org, self.meta)
            placed = ValueMap(org)
            placed.add_elements(
                stakeholders=[
                    replace(p.stakeholder, position=p.position)
                    for p in self._stakeholders.values()
                    if p.position is not None
                ],
                notes=self._notes,
            )
            unplaced = [p for p in self._stakeholders.values() if p.position is None]
            spots = iter(free_positions(placed, len(unplaced)) if unplaced else [])
            stakeholders = [
                replace(p.stakeholder, position=p.position or next(spots))
                for p in self._stakeholders.values()
            ]
            vmap.add_elements(
                categories=self._categories.values(),
                stakeholders=stakeholders,
                flows=self._flows,
                notes=self._notes,
            )
        except ModelError as e:
            raise TableImportError(self.source, [("", str(e))]) from None
        return vmap


__all__ = [
    "FORMULA_STARTS",
    "MapBuilder",
    "TableImportError",
    "formula_safe",
    "formula_unsafe",
    "parse_direction",
    "parse_importance",
    "parse_position",
    "parse_rating",
    "parse_value_kind",
]
