"""Helpers every export shares: options, card sizes, colours and text escaping (no Qt).

Positions in the model are card *centres*; other tools want a top-left corner and a size.
The sizes here are a Qt-free estimate of the canvas's cards (no font metrics): a
stakeholder card is 130–270 units wide, 46 high, growing with its name at about
7.5 units a character; the organisation is 260 × 96 and a note 180 × 80 (the defaults
``model.placement`` works with). Exports that draw boxes use them so the layout a user
sees in yEd, draw.io or Obsidian matches the map's, with the organisation centred at
the map's organisation position.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from svx_desktop.model import Direction, Flow, Note, Stakeholder, ValueMap
from svx_desktop.model.geometry import Rect, Size
from svx_desktop.model.placement import NOTE_SIZE, ORGANISATION_SIZE

#: Width of one character of a card's name, and the card's padding and limits.
CHAR_WIDTH = 7.5
CARD_PADDING = 40.0
CARD_MIN_WIDTH = 130.0
CARD_MAX_WIDTH = 270.0
CARD_HEIGHT = 46.0
#: Colours of the organisation box and of arrows (the light export theme).
ORGANISATION_COLOUR = "#FFFFFF"
ORGANISATION_BORDER = "#333333"
NOTE_COLOUR = "#FFF4B3"
PROVIDES_COLOUR = "#0072B2"
EXPECTS_COLOUR = "#D55E00"


@dataclass(frozen=True)
class ExportOptions:
    """What every exporter is told: whether parking-lot notes go along, an optional
    picture of the map (SVG text) for the HTML report, and how pictures are drawn."""

    include_notes: bool = True
    map_svg: str | None = None
    #: Pictures (svg, png, pdf; see ``svx_desktop.pictures``): PNG scale and background,
    #: PDF page size and orientation.
    scale: float = 2.0
    transparent: bool = False
    page: str = "a4"
    orientation: str = "landscape"
    #: Charters: the stakeholders whose charters to export (empty: every charter).
    stakeholder_ids: tuple[str, ...] = ()


def card_size(stakeholder: Stakeholder) -> Size:
    """The estimated size of a stakeholder's card (see the module docstring)."""
    longest = max((len(line) for line in stakeholder.name.splitlines()), default=0)
    width = min(CARD_MAX_WIDTH, max(CARD_MIN_WIDTH, CARD_PADDING + CHAR_WIDTH * longest))
    return (width, CARD_HEIGHT)


def box(centre: tuple[float, float], size: Size) -> Rect:
    """``(left, top, width, height)`` of a box of ``size`` centred on ``centre``."""
    return (centre[0] - size[0] / 2, centre[1] - size[1] / 2, size[0], size[1])


@dataclass(frozen=True)
class Card:
    """One box an export draws: the organisation, a stakeholder or a note."""

    id: str
    kind: str  # "organisation" | "stakeholder" | "note"
    text: str
    rect: Rect  # left, top, width, height
    fill: str
    category: str = ""


def cards(vmap: ValueMap, options: ExportOptions) -> Iterator[Card]:
    """Every box of the map, the organisation first, then stakeholders, then notes."""
    org = vmap.organisation
    yield Card(
        org.id,
        "organisation",
        org.name,
        box(org.position, ORGANISATION_SIZE),
        ORGANISATION_COLOUR,
    )
    for s in vmap.stakeholders:
        yield Card(
            s.id,
            "stakeholder",
            s.name,
            box(s.position, card_size(s)),
            stakeholder_colour(vmap, s),
            s.category,
        )
    if options.include_notes:
        for n in vmap.notes:
            yield note_card(n)


def note_card(n: Note) -> Card:
    return Card(n.id, "note", n.text, box(n.position, NOTE_SIZE), NOTE_COLOUR)


def stakeholder_colour(vmap: ValueMap, s: Stakeholder) -> str:
    """The fill of a stakeholder's card: its own colour, else its category's."""
    return (s.colour or vmap.category(s.category).colour).upper()


def flow_ends(vmap: ValueMap, f: Flow) -> tuple[str, str]:
    """``(source id, target id)``: stakeholder → organisation for provides, else back."""
    org = vmap.organisation.id
    return (f.stakeholder_id, org) if f.direction is Direction.PROVIDES else (org, f.stakeholder_id)


def flow_colour(f: Flow) -> str:
    return PROVIDES_COLOUR if f.direction is Direction.PROVIDES else EXPECTS_COLOUR


_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold (most control characters and lone
    surrogates) replaced by U+FFFD; escaping ``<&>"`` is left to the XML writer."""
    text = _XML_ILLEGAL.sub("\ufffd", text)
    if not text.isascii():
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def text_colour(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (a ``#rrggbb`` colour)."""
    r, g, b = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#FFFFFF"


_MD_SPECIAL = re.compile(r"[\\`*_\[\]<>#|~=$&%]")
_MD_LIST_START = re.compile(r"^(\s*)([-+])")
_MD_NUMBER_START = re.compile(r"^(\s*\d+)([.)])")


def markdown_line(text: str) -> str:
    """``text`` on one line (each run of white space one space), escaped for Markdown."""
    return markdown_escape(" ".join(text.split()))


def markdown_escape(text: str) -> str:
    """``text`` with what Markdown (or Obsidian) could read as markup escaped by a
    backslash, so that it renders literally: ``\\ ` * _ [ ] < > # | ~ = $ & %`` anywhere, a
    list marker at the start of a line. Newlines become Markdown hard line breaks."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = []
    for line in lines:
        line = _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), line)
        line = _MD_LIST_START.sub(r"\1\\\2", line)
        out.append(_MD_NUMBER_START.sub(r"\1\\\2", line))
    return "\\\n".join(out)


def markdown_unescape(text: str) -> str:
    """Undo ``markdown_escape`` (for tests and for readers of our Markdown)."""
    return re.sub(r"\\(.)", r"\1", text.replace("\\\n", "\n"), flags=re.DOTALL)


__all__ = [
    "Card",
    "ExportOptions",
    "box",
    "card_size",
    "cards",
    "flow_colour",
    "flow_ends",
    "markdown_escape",
    "markdown_unescape",
    "stakeholder_colour",
    "text_colour",
    "xml_safe",
]
