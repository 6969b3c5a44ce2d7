"""The plain-data records of an export drawing (``canvas.drawing``): text, marks, cards,
arrows, labels and the ``Drawing`` that holds them, in scene coordinates.

Paths are tuples of ``(command, coordinates)`` with commands ``M``, ``L``, ``C`` and ``Z``
(``path_data`` reads a ``QPainterPath``). A stakeholder card's glyph is its category's icon
moved onto the card; the card keeps the icon's path and where it goes (``glyph_base``,
``glyph_at``) and makes the moved path only when ``glyph`` is first read (``MOVED_GLYPH``),
so a writer that can place the icon's path itself (the SVG) never needs the moved copies.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QPainterPath

Rect = tuple[float, float, float, float]  # left, top, width, height
Point = tuple[float, float]
PathData = tuple[tuple[str, tuple[float, ...]], ...]

#: A leader line's width at the normal type size (as ``canvas.flows.LEADER_WIDTH``, which
#: this light module does not import: it scales it with the type).
LEADER_WIDTH = 2.0


@dataclass(frozen=True, slots=True)
class Font:
    family: str
    pixel_size: float
    bold: bool
    ascent: float
    descent: float


@dataclass(frozen=True, slots=True)
class Text:
    """One line of text centred vertically in ``rect``; ``align`` is left or center."""

    rect: Rect
    text: str
    role: str
    colour: str
    align: str = "left"


@dataclass(frozen=True, slots=True)
class Mark:
    """A path filled in ``colour``, or stroked ``stroke`` wide (round caps) when > 0."""

    path: PathData
    colour: str
    stroke: float = 0.0


@dataclass(frozen=True, slots=True)
class Badge:
    """A stakeholder card's net badge (``canvas.badge``): its box, figure and glyphs."""

    rect: Rect
    text: Text
    marks: tuple[Mark, ...]


class _MovedGlyph:
    """``glyph=MOVED_GLYPH``: the card's glyph is ``glyph_base`` moved by ``glyph_at``."""

    def __reduce__(self) -> str:
        return "MOVED_GLYPH"

    def __repr__(self) -> str:
        return "MOVED_GLYPH"


MOVED_GLYPH: PathData = _MovedGlyph()  # type: ignore[assignment]


class _Glyph:
    """``Card.glyph``: the path as given, or for ``MOVED_GLYPH`` made when first read. A
    map's SVG writes each card's glyph from its icon's path (``Card.moved_glyph``) and never
    needs the ~50,000 moved commands of a big map's glyphs."""

    def __get__(self, card: Card | None, owner: type | None = None) -> PathData:
        if card is None:
            return ()  # the field's default
        path: PathData = card.__dict__["glyph"]
        if path is MOVED_GLYPH:
            assert card.glyph_at is not None
            path = card.__dict__["glyph"] = _moved(card.glyph_base, *card.glyph_at)
        return path

    def __set__(self, card: Card, path: PathData) -> None:
        card.__dict__["glyph"] = path
        card.__dict__["_glyph_moved"] = path is MOVED_GLYPH


@dataclass(frozen=True)
class Card:
    """A stakeholder card, the organisation (``kind="organisation"``), a note, or the
    legend (``kind="legend"``: its box, sample ``marks`` and rows)."""

    kind: str
    element_id: str
    rect: Rect
    fill: str
    border: str
    border_width: float
    texts: tuple[Text, ...]
    category: str = ""
    band: Rect | None = None
    band_colour: str = ""
    glyph: PathData = _Glyph()  # type: ignore[assignment]
    glyph_colour: str = ""
    outline: PathData = ()  # a note's folded corner; empty for rounded rectangles
    radius: float = 7.0
    badge: Badge | None = None
    marks: tuple[Mark, ...] = ()
    #: ``glyph`` before it was moved to the card, and by how much it was moved: the same
    #: few paths for a whole map (a writer can prepare each once). Empty/None if not known.
    glyph_base: PathData = ()
    glyph_at: Point | None = None

    def moved_glyph(self) -> tuple[PathData, Point] | None:
        """(glyph_base, glyph_at) when the glyph is made of them (``glyph=MOVED_GLYPH``),
        without making the glyph; else None."""
        if self.__dict__.get("_glyph_moved") and self.glyph_base and self.glyph_at is not None:
            return self.glyph_base, self.glyph_at
        return None


@dataclass(frozen=True, slots=True)
class Arrow:
    stakeholder_id: str
    direction: str
    path: PathData
    head: tuple[Point, ...]
    width: float
    colour: str
    leader: tuple[Point, Point] | None = None
    #: The leader line's colour: the darker shade the labels' text uses (readable).
    leader_colour: str = ""
    leader_width: float = LEADER_WIDTH


@dataclass(frozen=True, slots=True)
class Label:
    flow_id: str
    stakeholder_id: str
    direction: str
    rect: Rect
    border: str
    text: Text  # as drawn: elided when long, like on the canvas
    label: str = ""  # the whole label


@dataclass(frozen=True)
class Drawing:
    bounds: Rect
    background: str
    fonts: dict[str, Font]
    title: tuple[Text, ...]
    cards: tuple[Card, ...]  # the organisation first, then stakeholders
    arrows: tuple[Arrow, ...]
    labels: tuple[Label, ...]
    notes: tuple[Card, ...]
    legend: Card | None = None

    def all_texts(self) -> list[Text]:
        out = list(self.title)
        for card in (*self.cards, *self.notes):
            out.extend(card.texts)
            if card.badge is not None:
                out.append(card.badge.text)
        out.extend(label.text for label in self.labels)
        if self.legend is not None:
            out.extend(self.legend.texts)
        return out


def path_data(path: QPainterPath) -> PathData:
    """A ``QPainterPath`` as ``(command, coordinates)`` pairs (cubic curves kept)."""
    out: list[tuple[str, tuple[float, ...]]] = []
    i, n = 0, path.elementCount()
    while i < n:
        e = path.elementAt(i)
        if e.isMoveTo():
            if out:
                out.append(("Z", ()))
            out.append(("M", (e.x, e.y)))
            i += 1
        elif e.isLineTo():
            out.append(("L", (e.x, e.y)))
            i += 1
        else:  # CurveTo followed by two CurveToData elements
            c2, end = path.elementAt(i + 1), path.elementAt(i + 2)
            out.append(("C", (e.x, e.y, c2.x, c2.y, end.x, end.y)))
            i += 3
    return tuple(out)


def _moved(path: PathData, x: float, y: float) -> PathData:
    """``path`` moved by (x, y) (written out: a map moves ~30,000 of its commands)."""
    return tuple(
        [
            (cmd, (c[0] + x, c[1] + y))
            if len(c) == 2
            else (cmd, (c[0] + x, c[1] + y, c[2] + x, c[3] + y, c[4] + x, c[5] + y))
            if len(c) == 6
            else (cmd, c)
            for cmd, c in path
        ]
    )
