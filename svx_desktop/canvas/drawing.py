"""A narrow, plain-data drawing of a live ``MapScene``: what every picture export draws.

``scene_drawing(scene, selection_only=False, notes=True)`` reads the scene's geometry in
this one function (cards, the organisation, arrows with their path points, labels, notes)
and returns a ``Drawing`` of frozen dataclasses in scene coordinates, coloured with the
fixed light ``EXPORT_THEME`` whatever the screen theme, with a title block above the map
and a legend below it. The SVG writer and the QPainter exports (PNG, PDF, print) read only
this, so they cannot disagree with each other or with the screen about where anything sits.
Paths are lists of ``(command, coordinates)`` with commands ``M``, ``L``, ``C`` and ``Z``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontInfo, QFontMetricsF, QGuiApplication, QPainterPath
from PySide6.QtWidgets import QGraphicsItem

from svx_desktop.canvas import style
from svx_desktop.canvas.flows import FlowArrow, FlowItem
from svx_desktop.canvas.glyphs import glyph
from svx_desktop.canvas.nodes import NoteItem, OrganisationItem, StakeholderItem
from svx_desktop.model import Direction

if TYPE_CHECKING:
    from svx_desktop.canvas.scene import MapScene

Rect = tuple[float, float, float, float]  # left, top, width, height
Point = tuple[float, float]
PathData = tuple[tuple[str, tuple[float, ...]], ...]

#: The light, colour-blind-safe palette every export is drawn in (the screen's light theme).
EXPORT_THEME: dict[str, str] = {
    "PROVIDES_COLOUR": "#0072B2",
    "EXPECTS_COLOUR": "#E69F00",
    "PROVIDES_TEXT": "#005A8C",
    "EXPECTS_TEXT": "#8F5A00",
    "CARD_FILL": "#FFFFFF",
    "CARD_BORDER": "#8A94A3",
    "TEXT_COLOUR": "#1B1F24",
    "MUTED_TEXT": "#5A6470",
    "ORGANISATION_FILL": "#1F2A36",
    "ORGANISATION_BORDER": "#0B1118",
    "ORGANISATION_TEXT": "#FFFFFF",
    "NOTE_FILL": "#FFF2A8",
    "NOTE_BORDER": "#D9C24A",
    "LABEL_FILL": "#FFFFFF",
    "BACKGROUND": "#FFFFFF",
}
#: Generic families appended after the real family name in SVG.
FALLBACK_FAMILIES = "'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif"
MARGIN = 24.0
_ROLES = ("name", "label", "organisation", "note", "legend", "title", "subtitle")


@dataclass(frozen=True)
class Font:
    family: str
    pixel_size: float
    bold: bool
    ascent: float
    descent: float


@dataclass(frozen=True)
class Text:
    """One line of text centred vertically in ``rect``; ``align`` is left or center."""

    rect: Rect
    text: str
    role: str
    colour: str
    align: str = "left"


@dataclass(frozen=True)
class Card:
    """A stakeholder card, the organisation (``kind="organisation"``) or a note."""

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
    glyph: PathData = ()
    glyph_colour: str = ""
    outline: PathData = ()  # a note's folded corner; empty for rounded rectangles
    radius: float = 7.0


@dataclass(frozen=True)
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
    leader_width: float = 2.0


@dataclass(frozen=True)
class Label:
    flow_id: str
    stakeholder_id: str
    direction: str
    rect: Rect
    border: str
    text: Text  # as drawn: elided when long, like on the canvas
    label: str = ""  # the whole label


@dataclass(frozen=True)
class LegendEntry:
    kind: str  # "provides", "expects" (an arrow) or "category" (a swatch)
    rect: Rect  # the symbol's box
    colour: str
    text: Text


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
    legend_box: Rect
    legend: tuple[LegendEntry, ...] = field(default=())

    def all_texts(self) -> list[Text]:
        out = list(self.title)
        for card in (*self.cards, *self.notes):
            out.extend(card.texts)
        out.extend(label.text for label in self.labels)
        out.extend(entry.text for entry in self.legend)
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


@cache
def _glyph_data(icon: str) -> PathData:
    return path_data(glyph(icon))


def _glyph_at(icon: str, x: float, y: float) -> PathData:
    """A category glyph's path moved to (x, y) (the untranslated path is built once)."""
    return tuple(
        (cmd, tuple(v + (x if i % 2 == 0 else y) for i, v in enumerate(coords)))
        for cmd, coords in _glyph_data(icon)
    )


def _rect(r: QRectF) -> Rect:
    return (r.left(), r.top(), r.width(), r.height())


def _fonts() -> dict[str, Font]:
    screen = QGuiApplication.primaryScreen()
    dpi = screen.logicalDotsPerInchY() if screen is not None else 96.0
    fonts: dict[str, Font] = {}
    for role in _ROLES:
        base = "organisation" if role == "title" else "legend" if role == "subtitle" else role
        f = style.font(base)
        size = f.pointSizeF() * dpi / 72.0 * (1.4 if role == "title" else 1.0)
        fm = style.metrics(base)
        scale = 1.4 if role == "title" else 1.0
        fonts[role] = Font(
            QFontInfo(f).family(), size, f.bold(), fm.ascent() * scale, fm.descent() * scale
        )
    return fonts


def _metrics(role: str) -> QFontMetricsF:
    if role == "title":
        f = QFont(style.font("organisation"))
        f.setPointSizeF(f.pointSizeF() * 1.4)
        return QFontMetricsF(f)
    return style.metrics("legend" if role == "subtitle" else role)


def _line(x: float, y: float, text: str, role: str, colour: str, width: float = 0.0) -> Text:
    fm = _metrics(role)
    w = width or fm.horizontalAdvance(text) + 2
    return Text((x, y, w, fm.height()), text, role, colour)


def _card(item: StakeholderItem, selected_border: bool) -> Card:
    t = EXPORT_THEME
    r = item.scene_rect()
    band = QRectF(r.left(), r.top(), style.CARD_BAND, r.height())
    text_rect = r.adjusted(style.CARD_BAND + 10, 0, -8, 0)
    colour = item.colour.name()
    return Card(
        kind="stakeholder",
        element_id=item.element_id,
        rect=_rect(r),
        fill=t["CARD_FILL"],
        border=t["CARD_BORDER"],
        border_width=1.2,
        texts=(Text(_rect(text_rect), item.shown_name, "name", t["TEXT_COLOUR"]),),
        category=item.category_name,
        band=_rect(band),
        band_colour=colour,
        glyph=_glyph_at(item.icon, band.center().x(), band.center().y()),
        glyph_colour=style.contrast_ink(item.colour).name(),
    )


def _stacked(
    lines: list[str], box: tuple[float, float, float], role: str, colour: str, align: str = "left"
) -> tuple[Text, ...]:
    """Lines of ``role``'s font one under the other from (left, top), ``width`` wide."""
    left, top, width = box
    step = style.metrics(role).lineSpacing()
    return tuple(
        Text((left, top + i * step, width, step), line, role, colour, align)
        for i, line in enumerate(lines)
    )


def _organisation(item: OrganisationItem) -> Card:
    t = EXPORT_THEME
    r = item.scene_rect()
    lines: list[str] = item.lines or [item.name or "Organisation"]
    top = r.center().y() - len(lines) * style.metrics("organisation").lineSpacing() / 2
    box = (r.left(), top, r.width())
    texts = _stacked(lines, box, "organisation", t["ORGANISATION_TEXT"], "center")
    return Card(
        kind="organisation",
        element_id=item.element_id,
        rect=_rect(r),
        fill=t["ORGANISATION_FILL"],
        border=t["ORGANISATION_BORDER"],
        border_width=2.0,
        texts=texts,
        radius=8.0,
    )


def _note(item: NoteItem) -> Card:
    t = EXPORT_THEME
    r = item.scene_rect()
    fold = QPainterPath()
    fold.moveTo(r.topLeft())
    fold.lineTo(r.topRight())
    fold.lineTo(r.right(), r.bottom() - 14)
    fold.lineTo(r.right() - 14, r.bottom())
    fold.lineTo(r.bottomLeft())
    fold.closeSubpath()
    box = (r.left() + 10, r.top() + 11, r.width() - 20)
    texts = _stacked(item.lines, box, "note", t["TEXT_COLOUR"])
    return Card(
        kind="note",
        element_id=item.element_id,
        rect=_rect(r),
        fill=t["NOTE_FILL"],
        border=t["NOTE_BORDER"],
        border_width=1.0,
        texts=texts,
        outline=path_data(fold),
        radius=0.0,
    )


def _arrow(arrow: FlowArrow) -> Arrow | None:
    if arrow.curve is None or arrow.count == 0:
        return None
    direction = Direction(arrow.direction)
    colour = EXPORT_THEME[
        "PROVIDES_COLOUR" if direction is Direction.PROVIDES else "EXPECTS_COLOUR"
    ]
    head = arrow.head
    leader = arrow.leader
    return Arrow(
        stakeholder_id=arrow.stakeholder_id,
        direction=direction.value,
        path=path_data(arrow.path),
        head=tuple((p.x(), p.y()) for p in head.toList()),
        width=arrow.pen_width(),
        colour=colour,
        leader=((leader[0].x(), leader[0].y()), (leader[1].x(), leader[1].y())) if leader else None,
        leader_colour=EXPORT_THEME[
            "PROVIDES_TEXT" if direction is Direction.PROVIDES else "EXPECTS_TEXT"
        ],
        leader_width=arrow.leader_pen().widthF(),
    )


def _label(item: FlowItem) -> Label:
    t = EXPORT_THEME
    provides = Direction(item.direction) is Direction.PROVIDES
    text_colour = t["PROVIDES_TEXT" if provides else "EXPECTS_TEXT"] if item.label else "#777777"
    r = item.sceneBoundingRect()
    return Label(
        flow_id=item.element_id,
        stakeholder_id=item.stakeholder_id,
        direction=Direction(item.direction).value,
        rect=_rect(r),
        border=t["PROVIDES_COLOUR" if provides else "EXPECTS_COLOUR"],
        text=Text(_rect(r), item.shown_label, "label", text_colour, "center"),
        label=item.label,
    )


def _title_block(scene: MapScene, left: float, bottom: float) -> tuple[Text, ...]:
    t = EXPORT_THEME
    meta = scene.map.meta
    title = style.elide(meta.title or scene.map.organisation.name or "Untitled map", "name", 2000)
    parts = [
        p
        for p in (
            meta.facilitator and f"Facilitator: {meta.facilitator}",
            meta.workshop_date and f"Workshop: {meta.workshop_date}",
        )
        if p
    ]
    lines = [_line(left, 0, title, "title", t["TEXT_COLOUR"])]
    if parts:
        sub = style.elide("  ·  ".join(parts), "legend", 2000)
        lines.append(_line(left, 0, sub, "subtitle", t["MUTED_TEXT"]))
    height = sum(x.rect[3] + 4 for x in lines)
    y = bottom - height - 12
    out = []
    for line in lines:
        out.append(Text((left, y, line.rect[2], line.rect[3]), line.text, line.role, line.colour))
        y += line.rect[3] + 4
    return tuple(out)


def _legend(
    categories: list[tuple[str, str]], left: float, top: float, width: float
) -> tuple[tuple[LegendEntry, ...], Rect]:
    t = EXPORT_THEME
    fm = _metrics("legend")
    row_h = fm.height() + 8
    items: list[tuple[str, str, str, str]] = [
        ("provides", t["PROVIDES_COLOUR"], t["PROVIDES_TEXT"], "provides → organisation"),
        ("expects", t["EXPECTS_COLOUR"], t["EXPECTS_TEXT"], "expects ← organisation"),
    ]
    items += [("category", colour, t["TEXT_COLOUR"], name) for name, colour in categories]
    x, y = left + 10, top + 6
    entries = []
    right = left
    for kind, colour, ink, text in items:
        symbol_w = 42.0 if kind != "category" else 16.0
        text_w = fm.horizontalAdvance(text) + 2
        need = symbol_w + 8 + text_w + 18
        if x > left + 10 and x + need > left + width:
            x, y = left + 10, y + row_h
        symbol = (x, y + (row_h - 12) / 2, symbol_w, 12.0)
        label = Text((x + symbol_w + 8, y, text_w, row_h), text, "legend", ink)
        entries.append(LegendEntry(kind, symbol, colour, label))
        right = max(right, x + need)
        x += need
    box = (left, top, right - left, y + row_h + 6 - top)
    return tuple(entries), box


def scene_drawing(scene: MapScene, selection_only: bool = False, notes: bool = True) -> Drawing:
    """The export drawing of ``scene`` (see the module docstring)."""
    scene.ensure_labels()
    sel = scene.selection() if selection_only else None
    chosen = set(sel.stakeholders) if sel is not None else None
    flows_chosen = set(sel.flows) if sel is not None else None

    def shows(item: QGraphicsItem) -> bool:
        return item.isVisible()

    cards: list[Card] = []
    org = scene.organisation_item
    if sel is None or sel.organisation:
        cards.append(_organisation(org))
    categories: dict[str, str] = {}
    for item in scene.stakeholder_items():
        if shows(item) and (chosen is None or item.element_id in chosen):
            card = _card(item, False)
            cards.append(card)
            categories.setdefault(card.category, card.band_colour)
    labels: list[Label] = []
    owners: set[str] = set()
    for flow in scene.flow_items():
        keep = chosen is None or flow.stakeholder_id in chosen
        keep = keep or (flows_chosen is not None and flow.element_id in flows_chosen)
        if shows(flow) and keep:
            labels.append(_label(flow))
            owners.add(flow.stakeholder_id)
    arrows: list[Arrow] = []
    shown_cards = {c.element_id for c in cards}
    for arrow_item in scene.arrow_items():
        if arrow_item.stakeholder_id in shown_cards or arrow_item.stakeholder_id in owners:
            a = _arrow(arrow_item)
            if a is not None:
                arrows.append(a)
    note_cards: list[Card] = []
    if notes:
        for note in scene.note_items():
            if shows(note) and (sel is None or note.element_id in sel.notes):
                note_cards.append(_note(note))
    content: QRectF | None = None
    rects = [c.rect for c in (*cards, *note_cards)] + [lb.rect for lb in labels]
    for r in rects:
        q = QRectF(*r)
        content = q if content is None else content.united(q)
    for a in arrows:
        xs = [p for _, coords in a.path for p in coords[0::2]] + [p[0] for p in a.head]
        ys = [p for _, coords in a.path for p in coords[1::2]] + [p[1] for p in a.head]
        if a.leader:
            xs += [a.leader[0][0], a.leader[1][0]]
            ys += [a.leader[0][1], a.leader[1][1]]
        if xs:
            q = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
            q = q.adjusted(-a.width, -a.width, a.width, a.width)
            content = q if content is None else content.united(q)
    if content is None:
        content = org.scene_rect()
    title = _title_block(scene, content.left(), content.top())
    legend, legend_box = _legend(
        sorted(categories.items()), content.left(), content.bottom() + 20, max(content.width(), 480)
    )
    everything = content.united(QRectF(*legend_box))
    for line in title:
        everything = everything.united(QRectF(*line.rect))
    bounds = everything.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    return Drawing(
        bounds=_rect(bounds),
        background=EXPORT_THEME["BACKGROUND"],
        fonts=_fonts(),
        title=title,
        cards=tuple(cards),
        arrows=tuple(arrows),
        labels=tuple(labels),
        notes=tuple(note_cards),
        legend_box=legend_box,
        legend=legend,
    )
