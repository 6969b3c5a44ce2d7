"""SVG text from a ``Drawing``: semantic groups, text as ``<text>``, every string escaped.

Each stakeholder card is ``<g class="stakeholder" data-stakeholder-id="…">`` with its net
badge as ``<g class="badge">`` inside (the organisation ``class="organisation"``, notes
``class="note"``), the legend ``<g class="legend">``, each arrow ``<path
class="arrow" data-stakeholder-id="…" data-direction="provides|expects">`` and each label
``<g class="label" data-flow-id="…">`` holding its ``<text>`` as drawn (elided like on the
canvas when long) and the whole label as its ``<title>``. Everything is in the scene's
one coordinate system (the ``viewBox`` frames it; no group has a transform), so a script can
match labels to arrows by their ids. Fonts are named by family with generic fallbacks.
Numbers have at most two decimals and no needless zeros ("1.5", "2", never "-0"). A big
map has ~150,000 of them, many repeated (a glyph's circle reuses its few x and y values),
so the document is written first with a slot for each number, and the distinct numbers
are then written all at once and put into their slots (``_filled``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import chain, repeat
from operator import add, itemgetter
from xml.sax.saxutils import quoteattr

from svx_desktop.canvas.drawing import (
    FALLBACK_FAMILIES,
    Card,
    Drawing,
    Mark,
    PathData,
    Point,
    Text,
)

#: Characters XML 1.0 does not allow (they would make the file unreadable).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: An attribute value that needs neither escaping nor cleaning (most are ids).
_PLAIN_ATTR = re.compile('[^"&<>\x00-\x1f\ufffe\uffff]*').fullmatch
#: Where a number goes while the document is written: the document is a ``%`` format, so
#: every string from the drawing goes in with its "%" doubled (``_escape``, ``_attr``, ``_c``).
_SLOT = "%s"
#: A path command's coordinates, by how many it has.
_SLOTS = {n: " ".join([_SLOT] * n) for n in range(7)}
#: Per role: the font's ascent and descent, and its attributes.
_Fonts = dict[str, tuple[float, float, str]]


def _n(v: float) -> str:
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


#: ``_n`` of a number that recurs (a radius, a line's width, a label's height).
_num = lru_cache(maxsize=4096)(_n)


def _clean(text: str) -> str:
    """``text`` without the characters XML forbids (a printable string has none)."""
    return text if text.isprintable() else _INVALID_XML.sub("", text)


def _escape(text: str) -> str:
    text = _clean(text).replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    return text.replace("%", "%%")


@lru_cache(maxsize=1024)
def _c(value: str) -> str:
    """A colour (or another name the drawing's code chose) as it goes into the document."""
    return value.replace("%", "%%")


@lru_cache(maxsize=16384)
def _attr(value: str) -> str:
    """``value`` as a quoted, escaped attribute (ids repeat: each card's arrows, labels)."""
    if _PLAIN_ATTR(value) is not None:
        return f'"{value}"'.replace("%", "%%")
    return quoteattr(_INVALID_XML.sub("", value)).replace("%", "%%")


@lru_cache(maxsize=64)
def _font_attrs(family: str, pixel_size: float, bold: bool) -> str:
    """A font's attributes, written once per font rather than once per text."""
    weight = ' font-weight="bold"' if bold else ""
    families = _attr(f"'{family}', {FALLBACK_FAMILIES}")
    return f'font-family={families} font-size="{_n(pixel_size)}"{weight}'


def _written(values: Sequence[float]) -> list[bytes]:
    """``values`` as ``_n`` writes each of them: formatted at once, then trimmed."""
    text = (("%.2f " * len(values)) % tuple(values)).encode("ascii")
    written = list(map(bytes.rstrip, map(bytes.rstrip, text.split(), repeat(b"0")), repeat(b".")))
    if b"-0.00" in text:
        written = [b"0" if s == b"-0" else s for s in written]
    return written


def _filled(out: list[str], nums: list[float], glyphs: _Glyphs, errors: str) -> bytes:
    """The document of the lines ``out`` with ``nums`` written into its slots, in order,
    in UTF-8 (formatting bytes takes a fraction of the time of formatting text); the slots
    of ``glyphs`` get their paths."""
    out.append("")  # the document ends with a newline
    written = _written(nums)
    if glyphs.slots:
        numbers = _written(glyphs.numbers)
        for slot, start, (_, xs, ys, d, pick) in glyphs.slots:
            written[slot] = d % pick(numbers[start : start + len(xs) + len(ys)])
    return "\n".join(out).encode("utf-8", errors) % tuple(written)


def _d(path: PathData, nums: list[float]) -> str:
    """A path's ``d`` with slots for its coordinates (added to ``nums``)."""
    if not path:
        return ""
    commands, coords = zip(*path, strict=True)
    nums.extend(chain.from_iterable(coords))
    return " ".join(map(add, commands, map(_SLOTS.__getitem__, map(len, coords))))


#: Per path moved about (a card's glyph before it was moved): the path, its distinct x and
#: y coordinates, its ``d`` with a slot per coordinate and which distinct one goes there.
_Plan = tuple[
    PathData,
    tuple[float, ...],
    tuple[float, ...],
    bytes,
    Callable[[list[bytes]], tuple[bytes, ...]],
]


@lru_cache(maxsize=256)
def _plan(base: PathData) -> _Plan:
    coords = [c for _, c in base]
    xs = tuple(dict.fromkeys(v for c in coords for v in c[0::2]))
    ys = tuple(dict.fromkeys(v for c in coords for v in c[1::2]))
    x_at = {v: i for i, v in enumerate(xs)}
    y_at = {v: i + len(xs) for i, v in enumerate(ys)}
    order = [x_at[v] if i % 2 == 0 else y_at[v] for c in coords for i, v in enumerate(c)]
    d = " ".join(cmd + _SLOTS[len(c)] for cmd, c in base).encode("ascii")
    # A tuple for one coordinate too (``itemgetter`` of one index gives the item).
    pick = itemgetter(*order) if len(order) > 1 else lambda w, i=order[0]: (w[i],)
    return (base, xs, ys, d, pick)


class _Glyphs:
    """The cards' glyphs moved from their icons' paths (``Card.moved_glyph``): each one's
    slot in the document's numbers, where its distinct coordinates start in ``numbers``,
    and its ``_plan``; all written at once with the rest (``_filled``)."""

    def __init__(self) -> None:
        self.slots: list[tuple[int, int, _Plan]] = []
        self.numbers: list[float] = []

    def add(self, nums: list[float], base: PathData, at: Point) -> str:
        """The glyph's ``d``: a slot, for ``base`` moved by ``at``."""
        plan = _plan(base)
        self.slots.append((len(nums), len(self.numbers), plan))
        nums.append(0.0)  # the slot's place (its number is written, then replaced)
        x, y = at
        self.numbers.extend(map(add, plan[1], repeat(x)))
        self.numbers.extend(map(add, plan[2], repeat(y)))
        return _SLOT


def _points(points: tuple[Point, ...], nums: list[float]) -> str:
    nums.extend(chain.from_iterable(points))
    return " ".join([f"{_SLOT},{_SLOT}"] * len(points))


_RECT = f'x="{_SLOT}" y="{_SLOT}" width="{_SLOT}" height="{_SLOT}"'


@lru_cache(maxsize=64)
def _band(r: str) -> str:
    """A card's colour band with radius ``r`` (written), slots for the rest."""
    arc = f"A{r} {r} 0 0 1 {{0}} {{0}}"
    return f"M{{0}} {{0}}H{{0}}V{{0}}H{{0}}{arc}V{{0}}{arc}Z".format(_SLOT)


def _text(out: list[str], nums: list[float], fonts: _Fonts, t: Text) -> None:
    ascent, descent, attrs = fonts[t.role]
    x, y, w, h = t.rect
    anchor = ""
    if t.align == "center":
        x += w / 2
        anchor = ' text-anchor="middle"'
    nums += (x, y + (h + ascent - descent) / 2)
    out.append(
        f'<text x="{_SLOT}" y="{_SLOT}" {attrs} fill="{_c(t.colour)}"{anchor} '
        f'xml:space="preserve">{_escape(t.text)}</text>'
    )


def _mark(out: list[str], nums: list[float], mark: Mark) -> None:
    d = _d(mark.path, nums)
    if mark.stroke > 0:
        out.append(
            f'<path d="{d}" fill="none" stroke="{_c(mark.colour)}" '
            f'stroke-width="{_num(mark.stroke)}" stroke-linecap="round"/>'
        )
    else:
        out.append(f'<path d="{d}" fill="{_c(mark.colour)}"/>')


def _head(card: Card) -> str:
    kind = card.kind
    if kind == "stakeholder":
        return (
            f'<g class="stakeholder" data-stakeholder-id={_attr(card.element_id)} '
            f"data-category={_attr(card.category)}>"
        )
    if kind == "legend":
        return '<g class="legend">'
    if kind == "organisation":
        return f'<g class="organisation" data-organisation-id={_attr(card.element_id)}>'
    if kind == "note":
        return f'<g class="note" data-note-id={_attr(card.element_id)}>'
    # a journey's stage, touch point or health bar
    return f'<g class="{_c(kind)}" data-id={_attr(card.element_id)}>'


def _card(out: list[str], nums: list[float], fonts: _Fonts, card: Card, glyphs: _Glyphs) -> None:
    out.append(_head(card))
    r = card.radius
    width = _num(card.border_width)
    paint = f'fill="{_c(card.fill)}" stroke="{_c(card.border)}" stroke-width="{width}"'
    if card.outline:
        out.append(f'<path d="{_d(card.outline, nums)}" {paint}/>')
    else:
        nums += card.rect
        rr = _num(r)
        out.append(f'<rect {_RECT} rx="{rr}" ry="{rr}" {paint}/>')
    if card.band is not None:
        x, y, w, h = card.band
        nums += (x + r, y, x + w, y + h, x + r, x, y + h - r, y + r, x + r, y)
        out.append(f'<path class="band" d="{_band(_num(r))}" fill="{_c(card.band_colour)}"/>')
    moved = card.moved_glyph()
    if moved is not None or card.glyph:
        d = _d(card.glyph, nums) if moved is None else glyphs.add(nums, *moved)
        out.append(
            f'<path class="glyph" d="{d}" fill="{_c(card.glyph_colour)}" fill-rule="evenodd"/>'
        )
    for m in card.marks:
        _mark(out, nums, m)
    for t in card.texts:
        _text(out, nums, fonts, t)
    if card.badge is not None:
        out.append('<g class="badge">')
        for m in card.badge.marks:
            _mark(out, nums, m)
        _text(out, nums, fonts, card.badge.text)
        out.append("</g>")
    out.append("</g>")


def _arrows(out: list[str], nums: list[float], drawing: Drawing) -> None:
    for a in drawing.arrows:
        ids = f'data-stakeholder-id={_attr(a.stakeholder_id)} data-direction="{_c(a.direction)}"'
        out.append(
            f'<path class="arrow" {ids} d="{_d(a.path, nums)}" fill="none" '
            f'stroke="{_c(a.colour)}" stroke-width="{_num(a.width)}" stroke-linecap="round"/>'
        )
        out.append(
            f'<polygon class="arrow-head" {ids} points="{_points(a.head, nums)}" '
            f'fill="{_c(a.colour)}"/>'
        )
        if a.leader is not None:  # solid, in the labels' darker shade, as on screen
            (x0, y0), (x1, y1) = a.leader
            leader = _c(a.leader_colour or a.colour)
            nums += (x0, y0, x1, y1, x0, y0)
            out.append(
                f'<line class="leader" {ids} x1="{_SLOT}" y1="{_SLOT}" x2="{_SLOT}" '
                f'y2="{_SLOT}" stroke="{leader}" stroke-width="{_num(a.leader_width)}" '
                'stroke-linecap="round"/>'
            )
            out.append(
                f'<circle class="leader-dot" cx="{_SLOT}" cy="{_SLOT}" r="3" fill="{leader}"/>'
            )


def _labels(out: list[str], nums: list[float], fonts: _Fonts, drawing: Drawing) -> None:
    for lb in drawing.labels:
        x, y, w, h = lb.rect
        out.append(
            f'<g class="label" data-flow-id={_attr(lb.flow_id)} '
            f'data-stakeholder-id={_attr(lb.stakeholder_id)} data-direction="{_c(lb.direction)}">'
        )
        out.append(f"<title>{_escape(lb.label)}</title>")
        nums += (x + 1, y + 1, w - 2)
        out.append(
            f'<rect x="{_SLOT}" y="{_SLOT}" width="{_SLOT}" height="{_num(h - 2)}" rx="5" ry="5" '
            f'fill="#FFFFFF" fill-opacity="0.94" '
            f'stroke="{_c(lb.border)}" stroke-width="1.2"/>'
        )
        _text(out, nums, fonts, lb.text)
        out.append("</g>")


def drawing_svg(drawing: Drawing, transparent: bool = False) -> str:
    """The SVG document for ``drawing`` (a white background unless ``transparent``)."""
    return drawing_svg_bytes(drawing, transparent, "surrogatepass").decode("utf-8", "surrogatepass")


def drawing_svg_bytes(drawing: Drawing, transparent: bool = False, errors: str = "strict") -> bytes:
    """``drawing_svg`` in UTF-8, as a file holds it (text that UTF-8 cannot hold is an
    error unless ``errors`` says otherwise)."""
    x, y, w, h = drawing.bounds
    fonts = {
        role: (f.ascent, f.descent, _font_attrs(f.family, f.pixel_size, f.bold))
        for role, f in drawing.fonts.items()
    }
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(w)}" height="{_n(h)}" '
        f'viewBox="{_n(x)} {_n(y)} {_n(w)} {_n(h)}">',
    ]
    nums: list[float] = []
    glyphs = _Glyphs()
    if not transparent:
        nums += drawing.bounds
        out.append(f'<rect class="background" {_RECT} fill="{_c(drawing.background)}"/>')
    out.append('<g class="title">')
    for t in drawing.title:
        _text(out, nums, fonts, t)
    out.append("</g>")
    out.append('<g class="arrows">')
    _arrows(out, nums, drawing)
    out.append("</g>")
    for card in drawing.cards:
        _card(out, nums, fonts, card, glyphs)
    _labels(out, nums, fonts, drawing)
    for note in drawing.notes:
        _card(out, nums, fonts, note, glyphs)
    if drawing.legend is not None:
        _card(out, nums, fonts, drawing.legend, glyphs)
    out.append("</svg>")
    return _filled(out, nums, glyphs, errors)
