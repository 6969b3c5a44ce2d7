"""A plain SVG of a map for the view-and-contribute page, drawn without Qt: the fallback.

The page shows the export renderer's SVG (``pictures/svg.py``) when the host was given one
(``live.picture``); that needs Qt, which the session host does not import, so this simpler
picture is what the first viewer sees at once, and what the page shows when no renderer
was given or it failed: the organisation box, each stakeholder's card with its
name, a line to the organisation per direction labelled with how many flows go each way
(and the first labels), and the parking-lot notes. Every text is escaped; names and
labels are shortened to keep the picture small.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from svx_desktop.model import Direction, ValueMap
from svx_desktop.model.placement import CARD_SIZE, NOTE_SIZE, ORGANISATION_SIZE

_MAX_TEXT = 40


def _t(text: str, limit: int = _MAX_TEXT) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return escape(text, {'"': "&quot;"})


def _box(x: float, y: float, size: tuple[float, float], cls: str, fill: str) -> str:
    w, h = size
    return (
        f'<rect class="{cls}" x="{x - w / 2:.1f}" y="{y - h / 2:.1f}" width="{w:.1f}" '
        f'height="{h:.1f}" rx="8" fill="{fill}" stroke="#555"/>'
    )


def map_svg(vmap: ValueMap) -> str:
    """The SVG text of ``vmap`` (see the module docstring)."""
    org = vmap.organisation
    ox, oy = org.position
    xs, ys = [ox], [oy]
    parts: list[str] = []
    for s in vmap.stakeholders:
        sx, sy = s.position
        xs.append(sx)
        ys.append(sy)
        provides = [f for f in vmap.flows_of(s.id, Direction.PROVIDES)]
        expects = [f for f in vmap.flows_of(s.id, Direction.EXPECTS)]
        parts.append(
            f'<line x1="{sx:.1f}" y1="{sy:.1f}" x2="{ox:.1f}" y2="{oy:.1f}" stroke="#999"/>'
        )
        mx, my = (sx + ox) / 2, (sy + oy) / 2
        words = []
        if provides:
            words.append(f"gives {len(provides)}: {provides[0].label}")
        if expects:
            words.append(f"gets {len(expects)}: {expects[0].label}")
        for i, w in enumerate(words):
            parts.append(
                f'<text x="{mx:.1f}" y="{my + 14 * i:.1f}" font-size="11" fill="#333" '
                f'text-anchor="middle">{_t(w)}</text>'
            )
    for s in vmap.stakeholders:
        sx, sy = s.position
        parts.append(
            f'<g class="stakeholder">{_box(sx, sy, CARD_SIZE, "card", "#e8f0fb")}'
            f'<text x="{sx:.1f}" y="{sy + 5:.1f}" font-size="14" text-anchor="middle">'
            f"{_t(s.name, 24)}</text></g>"
        )
    for n in vmap.notes:
        nx, ny = n.position
        xs.append(nx)
        ys.append(ny)
        lines = n.text.splitlines()[:3] or [""]
        texts = "".join(
            f'<text x="{nx:.1f}" y="{ny - 14 + 16 * i:.1f}" font-size="12" '
            f'text-anchor="middle">{_t(line, 26)}</text>'
            for i, line in enumerate(lines)
        )
        parts.append(f'<g class="note">{_box(nx, ny, NOTE_SIZE, "note", "#fff4a8")}{texts}</g>')
    parts.append(
        f'<g class="organisation">{_box(ox, oy, ORGANISATION_SIZE, "organisation", "#2d4f7c")}'
        f'<text x="{ox:.1f}" y="{oy + 6:.1f}" font-size="18" fill="#fff" text-anchor="middle">'
        f"{_t(org.name, 24)}</text></g>"
    )
    pad = 160.0
    x0, y0 = min(xs) - pad, min(ys) - pad
    width, height = max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad
    title = _t(vmap.meta.title or org.name, 80)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{x0:.1f} {y0:.1f} {width:.1f} {height:.1f}" '
        f'font-family="sans-serif"><title>{title}</title>'
        f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{width:.1f}" height="{height:.1f}" fill="#fff"/>'
        + "".join(parts)
        + "</svg>"
    )
