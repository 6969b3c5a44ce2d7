"""SVG text from a ``Drawing``: semantic groups, text as ``<text>``, every string escaped.

Each stakeholder card is ``<g class="stakeholder" data-stakeholder-id="…">`` with its net
badge as ``<g class="badge">`` inside (the organisation ``class="organisation"``, notes
``class="note"``), the legend ``<g class="legend">``, each arrow ``<path
class="arrow" data-stakeholder-id="…" data-direction="provides|expects">`` and each label
``<g class="label" data-flow-id="…">`` holding its ``<text>`` as drawn (elided like on the
canvas when long) and the whole label as its ``<title>``. Everything is in the scene's
one coordinate system (the ``viewBox`` frames it; no group has a transform), so a script can
match labels to arrows by their ids. Fonts are named by family with generic fallbacks.
"""

from __future__ import annotations

import re
from functools import lru_cache
from xml.sax.saxutils import escape, quoteattr

from svx_desktop.canvas.drawing import (
    FALLBACK_FAMILIES,
    Card,
    Drawing,
    Mark,
    PathData,
    Point,
    Rect,
    Text,
)

#: Characters XML 1.0 does not allow (they would make the file unreadable).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _n(v: float) -> str:
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


@lru_cache(maxsize=16384)
def _attr(value: str) -> str:
    """``value`` as a quoted, escaped attribute (ids repeat: each card's arrows, labels)."""
    return quoteattr(_INVALID_XML.sub("", value))


#: A number's needless zeros once written with two decimals ("1.50" → "1.5", "2.00" → "2"),
#: and a zero written as "-0": what ``_n`` leaves out, for many numbers at once.
_ZEROS = re.compile(r"\.00(?![0-9])|(?<=\.[0-9])0(?![0-9])")
_MINUS_ZERO = re.compile(r"(?<![0-9.])-0(?![0-9.])")
_FORMATS = {n: " ".join(["{:.2f}"] * n) for n in range(7)}


def _trimmed(numbers: str) -> str:
    """``numbers`` (written with two decimals) as ``_n`` writes each of them."""
    numbers = _ZEROS.sub("", numbers)
    return _MINUS_ZERO.sub("0", numbers) if "-0" in numbers else numbers


def _d(path: PathData) -> str:
    # One format and one trim per path rather than per number (a map has ~100,000 of them).
    return _trimmed(" ".join([cmd + _FORMATS[len(c)].format(*c) for cmd, c in path]))


def _points(points: tuple[Point, ...]) -> str:
    return _trimmed(" ".join([f"{x:.2f},{y:.2f}" for x, y in points]))


def _rect_attrs(r: Rect) -> str:
    return _trimmed(f'x="{r[0]:.2f}" y="{r[1]:.2f}" width="{r[2]:.2f}" height="{r[3]:.2f}"')


@lru_cache(maxsize=64)
def _font_attrs(family: str, pixel_size: float, bold: bool) -> str:
    """A font's attributes, written once per font rather than once per text."""
    weight = ' font-weight="bold"' if bold else ""
    families = _attr(f"'{family}', {FALLBACK_FAMILIES}")
    return f'font-family={families} font-size="{_n(pixel_size)}"{weight}'


def _text(drawing: Drawing, t: Text) -> str:
    font = drawing.fonts[t.role]
    x, y, w, h = t.rect
    baseline = y + (h + font.ascent - font.descent) / 2
    anchor = ""
    if t.align == "center":
        x += w / 2
        anchor = ' text-anchor="middle"'
    body = escape(_INVALID_XML.sub("", t.text))
    return (
        _trimmed(f'<text x="{x:.2f}" y="{baseline:.2f}" ')
        + f'{_font_attrs(font.family, font.pixel_size, font.bold)} fill="{t.colour}"{anchor} '
        f'xml:space="preserve">{body}</text>'
    )


def _band(r: Rect, radius: float) -> str:
    x, y, w, h = r
    return (
        f"M{_n(x + radius)} {_n(y)}H{_n(x + w)}V{_n(y + h)}H{_n(x + radius)}"
        f"A{_n(radius)} {_n(radius)} 0 0 1 {_n(x)} {_n(y + h - radius)}V{_n(y + radius)}"
        f"A{_n(radius)} {_n(radius)} 0 0 1 {_n(x + radius)} {_n(y)}Z"
    )


def _mark(mark: Mark) -> str:
    if mark.stroke > 0:
        paint = (
            f'fill="none" stroke="{mark.colour}" stroke-width="{_n(mark.stroke)}" '
            'stroke-linecap="round"'
        )
    else:
        paint = f'fill="{mark.colour}"'
    return f'<path d="{_d(mark.path)}" {paint}/>'


def _card(drawing: Drawing, card: Card) -> list[str]:
    if card.kind == "stakeholder":
        head = (
            f'<g class="stakeholder" data-stakeholder-id={_attr(card.element_id)} '
            f"data-category={_attr(card.category)}>"
        )
    elif card.kind == "legend":
        head = '<g class="legend">'
    elif card.kind == "organisation":
        head = f'<g class="organisation" data-organisation-id={_attr(card.element_id)}>'
    elif card.kind == "note":
        head = f'<g class="note" data-note-id={_attr(card.element_id)}>'
    else:  # a journey's stage, touch point or health bar
        head = f'<g class="{card.kind}" data-id={_attr(card.element_id)}>'
    out = [head]
    stroke = f'fill="{card.fill}" stroke="{card.border}" stroke-width="{_n(card.border_width)}"'
    if card.outline:
        out.append(f'<path d="{_d(card.outline)}" {stroke}/>')
    else:
        rr = _n(card.radius)
        out.append(f'<rect {_rect_attrs(card.rect)} rx="{rr}" ry="{rr}" {stroke}/>')
    if card.band is not None:
        out.append(
            f'<path class="band" d="{_band(card.band, card.radius)}" fill="{card.band_colour}"/>'
        )
    if card.glyph:
        out.append(
            f'<path class="glyph" d="{_d(card.glyph)}" fill="{card.glyph_colour}" '
            'fill-rule="evenodd"/>'
        )
    out.extend(_mark(m) for m in card.marks)
    out.extend(_text(drawing, t) for t in card.texts)
    if card.badge is not None:
        out.append('<g class="badge">')
        out.extend(_mark(m) for m in card.badge.marks)
        out.append(_text(drawing, card.badge.text))
        out.append("</g>")
    out.append("</g>")
    return out


def drawing_svg(drawing: Drawing, transparent: bool = False) -> str:
    """The SVG document for ``drawing`` (a white background unless ``transparent``)."""
    x, y, w, h = drawing.bounds
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(w)}" height="{_n(h)}" '
        f'viewBox="{_n(x)} {_n(y)} {_n(w)} {_n(h)}">',
    ]
    if not transparent:
        out.append(
            f'<rect class="background" {_rect_attrs(drawing.bounds)} fill="{drawing.background}"/>'
        )
    out.append('<g class="title">')
    out.extend(_text(drawing, t) for t in drawing.title)
    out.append("</g>")
    out.append('<g class="arrows">')
    for a in drawing.arrows:
        ids = f'data-stakeholder-id={_attr(a.stakeholder_id)} data-direction="{a.direction}"'
        out.append(
            f'<path class="arrow" {ids} d="{_d(a.path)}" fill="none" stroke="{a.colour}" '
            f'stroke-width="{_n(a.width)}" stroke-linecap="round"/>'
        )
        out.append(
            f'<polygon class="arrow-head" {ids} points="{_points(a.head)}" fill="{a.colour}"/>'
        )
        if a.leader is not None:  # solid, in the labels' darker shade, as on screen
            (x0, y0), (x1, y1) = a.leader
            leader = a.leader_colour or a.colour
            ends = _trimmed(f'x1="{x0:.2f}" y1="{y0:.2f}" x2="{x1:.2f}" y2="{y1:.2f}"')
            out.append(
                f'<line class="leader" {ids} {ends} stroke="{leader}" '
                f'stroke-width="{_n(a.leader_width)}" stroke-linecap="round"/>'
            )
            dot = _trimmed(f'cx="{x0:.2f}" cy="{y0:.2f}"')
            out.append(f'<circle class="leader-dot" {dot} r="3" fill="{leader}"/>')
    out.append("</g>")
    for card in drawing.cards:
        out.extend(_card(drawing, card))
    for lb in drawing.labels:
        x0, y0, w0, h0 = lb.rect
        out.append(
            f'<g class="label" data-flow-id={_attr(lb.flow_id)} '
            f'data-stakeholder-id={_attr(lb.stakeholder_id)} data-direction="{lb.direction}">'
        )
        out.append(f"<title>{escape(_INVALID_XML.sub('', lb.label))}</title>")
        out.append(
            f'<rect {_rect_attrs((x0 + 1, y0 + 1, w0 - 2, h0 - 2))} rx="5" ry="5" '
            f'fill="#FFFFFF" fill-opacity="0.94" stroke="{lb.border}" stroke-width="1.2"/>'
        )
        out.append(_text(drawing, lb.text))
        out.append("</g>")
    for note in drawing.notes:
        out.extend(_card(drawing, note))
    if drawing.legend is not None:
        out.extend(_card(drawing, drawing.legend))
    out.append("</svg>")
    return "\n".join(out) + "\n"
