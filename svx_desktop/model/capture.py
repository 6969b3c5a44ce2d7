"""Quick capture: one typed line → a plan of map changes, and a map → the same plain text.

The syntax is made for typing while the room talks; keywords are case-insensitive::

    Customers                                   the stakeholder alone (created or selected)
    Customers: provides deposits, fees; expects interest, capital growth
    Customers (customer): provides deposits     an explicit category (id or name)
    Customers > deposits, fees < interest       short forms: ">" provides, "<" expects
    Customers: + deposits; - interest           "+" and "-" also work after the colon

After the name comes a colon (or straight away a ``>``/``<``), then clauses separated by
``;``. A clause starts with a direction: ``provides`` (also ``provide``, ``gives``,
``offers``, ``+``, ``>``) or ``expects`` (also ``expect``, ``wants``, ``needs``,
``receives``, ``-``, ``<``), optionally followed by a colon, then labels separated by
commas. ``>`` and ``<`` start a new clause anywhere, without a ``;``. Put a name or label
in double quotes (``"returns > 5%, after tax"``; ``""`` inside quotes is one ``"``) to use
``, ; : < > ( )`` in it. Whitespace is tidied, empty items are ignored and a label given
twice in one line counts once.

Without an explicit category, one is guessed from the name where obvious ("Business
customers" → customer, "Local council" → regulator, the last telling word wins), else
"other" (``model.guess``). Donors, funders and trustees are guessed as owner: like
investors they put money or oversight in and expect a return (a social one); a map's own
categories are tried first, so a charity map with a "funder" category gets "Grant
funders" right.

``parse_capture`` never raises for bad input: it returns a ``ParseError`` whose ``hint``
is short enough to show inline under the command bar. ``format_capture`` writes
stakeholders back in the same syntax, one line each (for the clipboard), and parsing
that text gives the same stakeholders, categories and flows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from svx_desktop.model.categories import BUILTIN_CATEGORIES, OTHER_CATEGORY_ID, Category
from svx_desktop.model.elements import MAX_LABEL_LENGTH, Direction
from svx_desktop.model.guess import fold, guess_category, resolve_category, tidy
from svx_desktop.model.valuemap import ValueMap

#: What the command bar shows as its placeholder and tooltip.
SYNTAX_EXAMPLE = "Customers: provides deposits, fees; expects interest"
SYNTAX_HELP = (
    "Name: provides a, b; expects c, d — or Name > a, b < c. "
    "Name (category) sets the category; a name alone creates or selects the stakeholder; "
    "quote text that holds , ; : < > ( )."
)

_PROVIDES_WORDS = frozenset({"provides", "provide", "gives", "give", "offers", "offer"})
_EXPECTS_WORDS = frozenset(
    {"expects", "expect", "wants", "want", "needs", "need", "receives", "receive"}
)
_SYMBOLS = {
    "+": Direction.PROVIDES,
    ">": Direction.PROVIDES,
    "-": Direction.EXPECTS,
    "<": Direction.EXPECTS,
}
_QUOTES = {'"': '"', "\u201c": "\u201d"}  # "..." and “...”


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class CapturePlan:
    """What one line asks for. ``category`` is an id; ``category_given`` says whether the
    line named it (then it also applies to an existing stakeholder) or it was guessed."""

    name: str
    category: str = OTHER_CATEGORY_ID
    category_given: bool = False
    provides: tuple[str, ...] = ()
    expects: tuple[str, ...] = ()

    def labels(self, direction: Direction) -> tuple[str, ...]:
        return self.provides if direction is Direction.PROVIDES else self.expects


@dataclass(frozen=True)
class ParseError:
    """A line that could not be read: a short ``hint`` for the user and the ``column``
    (0-based index into the line) where the problem starts."""

    hint: str
    column: int = 0

    def __str__(self) -> str:
        return self.hint


# -------------------------------------------------------------------------- tokens
@dataclass
class _Piece:
    """A stretch of the line: text (quoted or not) or one separator character."""

    kind: str  # "text", "quoted" or the separator character itself
    text: str
    start: int


_SEPARATORS = frozenset(",;:<>()")


class _UnclosedQuoteError(Exception):
    def __init__(self, column: int) -> None:
        self.column = column


def _pieces(line: str) -> list[_Piece]:
    out: list[_Piece] = []
    i, n = 0, len(line)
    buf_start = 0
    buf: list[str] = []

    def flush(end: int) -> None:
        if buf:
            out.append(_Piece("text", "".join(buf), buf_start))
            buf.clear()

    while i < n:
        ch = line[i]
        if ch in _QUOTES:
            flush(i)
            close = _QUOTES[ch]
            j = i + 1
            text: list[str] = []
            while True:
                if j >= n:
                    raise _UnclosedQuoteError(i)
                if line[j] == close:
                    if close == '"' and j + 1 < n and line[j + 1] == '"':
                        text.append('"')
                        j += 2
                        continue
                    break
                text.append(line[j])
                j += 1
            out.append(_Piece("quoted", "".join(text), i))
            i = j + 1
            buf_start = i
            continue
        if ch in _SEPARATORS:
            flush(i)
            out.append(_Piece(ch, ch, i))
            i += 1
            buf_start = i
            continue
        if not buf:
            buf_start = i
        buf.append(ch)
        i += 1
    flush(n)
    return out


# ---------------------------------------------------------------------------- parse
def _too_long(what: str, text: str, column: int) -> ParseError | None:
    if len(text) > MAX_LABEL_LENGTH:
        return ParseError(
            f"{what} is {len(text):,} characters long; the limit is {MAX_LABEL_LENGTH:,}", column
        )
    return None


def _category_list(categories: Sequence[Category], limit: int = 70) -> str:
    """Category ids for a hint, cut short (with "…") so the hint stays one line."""
    out = ""
    for c in categories:
        more = c.id if not out else f"{out}, {c.id}"
        if len(more) > limit:
            return out + ", …"
        out = more
    return out


def _leading_keyword(text: str) -> tuple[Direction | None, str, int, int]:
    """Split a direction word off the start of ``text``.

    Returns (direction, rest, offset of the rest, offset of the word) — direction None
    when ``text`` does not start with one.
    """
    stripped = text.lstrip()
    lead = len(text) - len(stripped)
    m = re.match(r"([^\W\d_]+)(?=\s|$)", stripped)
    if m:
        word = m.group(1).casefold()
        if word in _PROVIDES_WORDS or word in _EXPECTS_WORDS:
            d = Direction.PROVIDES if word in _PROVIDES_WORDS else Direction.EXPECTS
            return d, stripped[m.end() :], lead + m.end(), lead
    if stripped[:1] in ("+", "-"):
        return _SYMBOLS[stripped[0]], stripped[1:], lead + 1, lead
    return None, text, 0, 0


_DIRECTION_WORD = re.compile(r"(?<=\s)([^\W\d_]+)(?=\s|$)")


def _forgotten_colon(pieces: list[_Piece]) -> int | None:
    """Where a colon was left out in a line like ``Customers provides deposits``.

    The first stretch of plain text (before any separator) holds a direction word after
    at least one word of the name and before something to list: the column of that word,
    else None. A name that really holds such a word can be quoted.
    """
    if not pieces or pieces[0].kind != "text":
        return None
    after = next((p.kind for p in pieces if p.kind not in ("text", "quoted")), None)
    if after in (":", ">", "<", "("):
        return None  # the name is ended properly: a direction word in it is part of it
    first = pieces[0]
    column = _direction_word_at(first.text)
    return None if column is None else first.start + column


def _direction_word_at(text: str) -> int | None:
    """The column of a direction word after the first word of ``text``, or None."""
    for m in _DIRECTION_WORD.finditer(text):
        word = m.group(1).casefold()
        if (word in _PROVIDES_WORDS or word in _EXPECTS_WORDS) and text[: m.start()].strip():
            return m.start()
    return None


def parse_capture(
    line: str, categories: Sequence[Category] = BUILTIN_CATEGORIES
) -> CapturePlan | ParseError:
    """Read one quick-capture line (see the module docstring for the syntax).

    ``categories`` are those an explicit ``(category)`` may name and the guess may pick
    (pass ``vmap.categories`` to include a map's own).
    """
    if not line.strip():
        return ParseError(f"Type a stakeholder, e.g. “{SYNTAX_EXAMPLE}”")
    try:
        pieces = _pieces(line)
    except _UnclosedQuoteError as e:
        return ParseError("A quote is not closed", e.column)

    colon = _forgotten_colon(pieces)
    if colon is not None:  # "Customers provides deposits": read as "Customers: provides …"
        return parse_capture(f"{line[:colon]}:{line[colon:]}", categories)

    # ---- the name, and an optional "(category)" after it
    name_parts: list[str] = []
    category_text: str | None = None
    category_col = 0
    i = 0
    while i < len(pieces) and pieces[i].kind not in (":", ">", "<"):
        p = pieces[i]
        if p.kind == "(":
            # "(category)" must be closed and be the last thing before the body.
            j = i + 1
            inner: list[str] = []
            while j < len(pieces) and pieces[j].kind in ("text", "quoted"):
                inner.append(pieces[j].text)
                j += 1
            if j >= len(pieces) or pieces[j].kind != ")":
                return ParseError("Close the bracket: Name (category): …", p.start)
            k = j + 1
            while k < len(pieces) and pieces[k].kind == "text" and not pieces[k].text.strip():
                k += 1
            if k < len(pieces) and pieces[k].kind not in (":", ">", "<"):
                return ParseError(
                    "Put (category) right after the name; quote a name with brackets", p.start
                )
            category_text = "".join(inner)
            category_col = p.start
            i = k
            break
        if p.kind in ("text", "quoted"):
            name_parts.append(p.text)
        elif p.kind == ")":
            return ParseError("A “)” without its “(”; quote a name with brackets", p.start)
        else:  # "," or ";"
            return ParseError(
                f"Put a colon after the name before listing items, e.g. “{SYNTAX_EXAMPLE}”",
                p.start,
            )
        i += 1
    name = tidy("".join(name_parts))
    if not name:
        return ParseError(f"Start with the stakeholder's name, e.g. “{SYNTAX_EXAMPLE}”", 0)
    err = _too_long("The name", name, 0)
    if err:
        return err

    if category_text is not None:
        category = resolve_category(category_text, categories)
        if category is None:
            shown = tidy(category_text)
            if not shown:
                return ParseError(
                    f"Name a category in the brackets: {_category_list(categories)}",
                    category_col,
                )
            return ParseError(
                f"Unknown category “{shown[:40]}”; try {_category_list(categories)}",
                category_col,
            )
        category_given = True
    else:
        category = guess_category(name, categories)
        category_given = False

    # ---- the body: clauses of labels
    provides: dict[str, str] = {}
    expects: dict[str, str] = {}
    if i < len(pieces):
        err = _parse_body(pieces[i:], provides, expects)
        if err:
            return err
    return CapturePlan(
        name=name,
        category=category,
        category_given=category_given,
        provides=tuple(provides.values()),
        expects=tuple(expects.values()),
    )


def _parse_body(
    pieces: list[_Piece], provides: dict[str, str], expects: dict[str, str]
) -> ParseError | None:
    """Read clauses after the name; ``pieces[0]`` is ":", ">" or "<"."""
    direction: Direction | None = None
    clause_start = True  # at the start of a clause: a keyword may come
    clause_col = pieces[0].start
    clause_items = 0
    item: list[str] = []
    item_quoted = False
    item_col = pieces[0].start

    def end_item() -> ParseError | None:
        nonlocal item, item_quoted, clause_items
        text = tidy("".join(item))
        if text:
            if direction is None:
                return ParseError(
                    f"Say “provides” or “expects” before the items, e.g. “{SYNTAX_EXAMPLE}”",
                    item_col,
                )
            err = _too_long("A label", text, item_col)
            if err:
                return err
            target = provides if direction is Direction.PROVIDES else expects
            target.setdefault(text.casefold(), text)
            clause_items += 1
        item = []
        item_quoted = False
        return None

    def end_clause() -> ParseError | None:
        nonlocal clause_items
        if direction is not None and clause_items == 0:
            word = "provides" if direction is Direction.PROVIDES else "expects"
            return ParseError(f"Nothing listed after “{word}”", clause_col)
        clause_items = 0
        return None

    first = pieces[0]
    direction = None if first.kind == ":" else _SYMBOLS[first.kind]
    pos = 1
    while pos < len(pieces):
        p = pieces[pos]
        pos += 1
        if p.kind in (">", "<", ";"):
            err = end_item() or end_clause()
            if err:
                return err
            direction = _SYMBOLS[p.kind] if p.kind != ";" else None
            clause_start = True
            clause_col = p.start
            item_col = p.start + 1
            continue
        if p.kind == ",":
            err = end_item()
            if err:
                return err
            item_col = p.start + 1
            continue
        if p.kind == ":":
            # "provides: a, b" — a colon right after a direction word is fine.
            if clause_start and direction is not None and not "".join(item).strip():
                continue
            return ParseError("Only one colon, after the name; quote labels with colons", p.start)
        if p.kind in ("(", ")"):
            return ParseError(f"Quote a label that holds “{p.kind}”", p.start)
        text = p.text
        if clause_start and p.kind == "text" and direction is None:
            d, rest, offset, word_at = _leading_keyword(text)
            if d is not None:
                direction = d
                text = rest
                clause_col = p.start + word_at
                item_col = p.start + offset
            if text.strip() or d is None:
                clause_start = False
        elif (clause_start and p.kind == "text" and text.strip()) or p.kind == "quoted":
            clause_start = False
        if p.kind == "quoted":
            if "".join(item).strip():
                return ParseError("Put a comma between a quoted label and the next", p.start)
            item_quoted = True
            item = [p.text]
            continue
        if item_quoted and text.strip():
            return ParseError("Put a comma between a quoted label and the next", p.start)
        if not item:
            item_col = p.start + (len(text) - len(text.lstrip()) if p.kind == "text" else 0)
        item.append(text if not item_quoted else "")
    err = end_item() or end_clause()
    return err


# ------------------------------------------------------------------- helpers for UI
def parse_capture_text(
    text: str, categories: Sequence[Category] = BUILTIN_CATEGORIES
) -> list[CapturePlan | ParseError]:
    """Parse several lines (a paste); blank lines are skipped."""
    return [parse_capture(line, categories) for line in text.splitlines() if line.strip()]


def stakeholder_names(vmap: ValueMap) -> list[str]:
    """The map's stakeholder names for autocompletion: unique, sorted case-insensitively."""
    seen: dict[str, str] = {}
    for s in vmap.stakeholders:
        name = tidy(s.name)
        if name:
            seen.setdefault(name.casefold(), name)
    return sorted(seen.values(), key=lambda n: (n.casefold(), n))


def name_prefix(line: str) -> str | None:
    """The stakeholder name being typed, for autocompletion — None once the line has
    moved past the name (a ``:``, ``(``, ``>`` or ``<`` was typed)."""
    if any(ch in line for ch in ":(<>") or line.lstrip().startswith(tuple(_QUOTES)):
        return None
    return line.lstrip()


def find_stakeholder(vmap: ValueMap, name: str) -> str | None:
    """The id of the first stakeholder whose name matches ``name`` ignoring case and
    extra whitespace, or None."""
    key = fold(name)
    for s in vmap.stakeholders:
        if fold(s.name) == key:
            return s.id
    return None


def same_label(a: str, b: str) -> bool:
    """Whether two flow labels are the same for quick capture (case and spacing ignored)."""
    return fold(a) == fold(b)


# --------------------------------------------------------------------------- format
_NEEDS_QUOTES = re.compile(r"[,;:<>()\"“”]")


def _quote(text: str, name: bool = False) -> str:
    """``text`` as the syntax reads it back: quoted when it holds a separator (or, for a
    ``name``, a direction word that would read as a forgotten colon)."""
    text = tidy(text)  # one line: newlines and tabs become spaces
    plain = text and not _NEEDS_QUOTES.search(text)
    if plain and not (name and _direction_word_at(text) is not None):
        return text
    return '"' + text.replace('"', '""') + '"'


def format_capture(vmap: ValueMap, stakeholder_ids: Iterable[str] | None = None) -> str:
    """The stakeholders (all when ``stakeholder_ids`` is None) as quick-capture lines.

    The category is written only when guessing from the name would not give it back.
    Newlines inside names and labels become spaces (a line is one stakeholder).
    """
    ids = [s.id for s in vmap.stakeholders] if stakeholder_ids is None else list(stakeholder_ids)
    categories = vmap.categories
    lines: list[str] = []
    for sid in ids:
        s = vmap.stakeholder(sid)
        head = _quote(s.name, name=True)
        if guess_category(tidy(s.name), categories) != s.category:
            cat = vmap.category(s.category)
            shown = cat.name if resolve_category(cat.name, categories) == cat.id else cat.id
            head += f" ({_quote(shown)})"
        clauses = []
        for direction, word in ((Direction.PROVIDES, "provides"), (Direction.EXPECTS, "expects")):
            labels = [f.label for f in vmap.flows_of(sid, direction) if f.label.strip()]
            if labels:
                clauses.append(f"{word} " + ", ".join(_quote(lb) for lb in labels))
        lines.append(head + (": " + "; ".join(clauses) if clauses else ""))
    return "\n".join(lines)


__all__ = [
    "SYNTAX_EXAMPLE",
    "SYNTAX_HELP",
    "CapturePlan",
    "ParseError",
    "find_stakeholder",
    "format_capture",
    "name_prefix",
    "parse_capture",
    "parse_capture_text",
    "same_label",
    "stakeholder_names",
]
