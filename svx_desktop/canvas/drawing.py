"""A narrow, plain-data drawing of a live ``MapScene``: what every picture export draws.

``scene_drawing(scene, selection_only=False, notes=True)`` reads the scene's geometry in
this one function (cards, the organisation, arrows with their path points, labels, notes)
and returns a ``Drawing`` of frozen dataclasses in scene coordinates, coloured with the
fixed light ``EXPORT_THEME`` whatever the screen theme, with a title block above the map
and the view's legend (``canvas.legend``) where it covers nothing; stakeholder cards carry
their net badges as the canvas draws them. The SVG writer and the QPainter exports (PNG,
PDF, print) read only this, so they cannot disagree with each other or with the screen
about where anything sits. The records are ``canvas.drawingdata``'s (importable from here).
Paths are tuples of ``(command, coordinates)`` with commands ``M``, ``L``, ``C`` and ``Z``.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from itertools import chain
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontInfo, QFontMetricsF, QGuiApplication

from svx_desktop.canvas import marks, style
from svx_desktop.canvas.badge import (
    badge_box,
    badge_font,
    badge_layout,
    balance_role,
)
from svx_desktop.canvas.drawingdata import (
    LEADER_WIDTH,
    MOVED_GLYPH,
    Arrow,
    Badge,
    Card,
    Drawing,
    Font,
    Label,
    Mark,
    PathData,
    Point,
    Rect,
    Text,
    _moved,
    path_data,
)
from svx_desktop.canvas.flows import FlowArrow, FlowItem
from svx_desktop.canvas.gcpause import gc_paused
from svx_desktop.canvas.glyphs import glyph
from svx_desktop.canvas.journeymarks import mark_parts
from svx_desktop.canvas.legend import (
    legend_corner,
    legend_layout,
    legend_marks,
    legend_size,
    row_ink,
)
from svx_desktop.canvas.nodes import (
    NodeItem,
    NoteItem,
    OrganisationItem,
    StakeholderItem,
    note_outline,
)
from svx_desktop.model import Direction
from svx_desktop.model.netvalue import NetFigures

if TYPE_CHECKING:
    from svx_desktop.canvas.maplayout import (
        LaidCard,
        LaidLabel,
        LaidNote,
        LaidOrganisation,
        MapLayout,
    )
    from svx_desktop.canvas.scene import MapScene

    #: An item of a ``MapScene``, or its stand-in in a ``MapLayout`` (the same geometry).
    CardLike = StakeholderItem | LaidCard
    NodeLike = NodeItem | LaidCard | LaidOrganisation | LaidNote


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
_ROLES = ("name", "label", "organisation", "note", "legend", "title", "subtitle", "badge")


@cache
def _glyph_data(icon: str) -> PathData:
    return path_data(glyph(icon))


def _rect(r: QRectF) -> Rect:
    return cast(Rect, r.getRect())


def _role_font(role: str) -> QFont:
    """The font ``role`` is drawn in: the canvas's, the title 1.4 times the organisation's,
    the subtitle the legend's and a badge's figure the badge's."""
    if role == "badge":
        return badge_font()
    if role == "title":
        f = QFont(style.font("organisation"))
        f.setPointSizeF(f.pointSizeF() * 1.4)
        return f
    return style.font("legend" if role == "subtitle" else role)


def _fonts() -> dict[str, Font]:
    screen = QGuiApplication.primaryScreen()
    dpi = screen.logicalDotsPerInchY() if screen is not None else 96.0
    fonts: dict[str, Font] = {}
    for role in _ROLES:
        f = _role_font(role)
        fm = _metrics(role)
        size = f.pointSizeF() * dpi / 72.0
        fonts[role] = Font(QFontInfo(f).family(), size, f.bold(), fm.ascent(), fm.descent())
    return fonts


def _metrics(role: str) -> QFontMetricsF:
    if role in ("badge", "title"):
        return QFontMetricsF(_role_font(role))
    return style.metrics("legend" if role == "subtitle" else role)


def _mark(mark: marks.Mark, at: QPointF | None = None) -> Mark:
    """``mark`` as plain data, moved by ``at``."""
    path = mark.path if at is None else mark.path.translated(at)
    return Mark(path_data(path), mark.colour, mark.stroke)


#: A badge drawn with its box's top-left corner at (0, 0), by what it shows: a map's
#: badges differ only in their figure and health pip, and where they sit.
_BADGES: dict[tuple[int, object], Badge] = {}


def _badge_at_origin(figures: NetFigures) -> Badge:
    key = (figures.balance, figures.worst)
    badge = _BADGES.get(key)
    if badge is None:
        # The badge of any card big enough, moved so that its box's corner is the origin.
        layout = badge_layout(QRectF(0, 0, 2000, 200), figures)
        assert layout is not None
        to_origin = -layout.rect.topLeft()
        shapes = tuple(_mark(m, to_origin) for m in marks.badge_marks(layout, EXPORT_THEME))
        colour = EXPORT_THEME[balance_role(figures.balance)]
        text = Text(_rect(layout.text_rect.translated(to_origin)), layout.text, "badge", colour)
        box = layout.rect.translated(to_origin)
        badge = _BADGES[key] = Badge(_rect(box), text, shapes)
    return badge


def _badge(item: CardLike) -> Badge | None:
    """The card's badge where the canvas draws it, in the export theme's colours (the
    parts of ``canvas.badge.badge_layout``, moved to where ``badge_rect`` puts the box)."""
    figures = item.figures
    handle = item.handle.pos()
    box = badge_box(_rect(item.body_rect()), figures, (handle.x(), handle.y()))
    if box is None or figures is None:
        return None
    at = item.pos()
    x, y = box[0] + at.x(), box[1] + at.y()
    base = _badge_at_origin(figures)
    t = base.text
    text = Text((t.rect[0] + x, t.rect[1] + y, t.rect[2], t.rect[3]), t.text, t.role, t.colour)
    shapes = tuple([Mark(_moved(m.path, x, y), m.colour, m.stroke) for m in base.marks])
    return Badge((x, y, box[2], box[3]), text, shapes)


def _journey_mark(item: CardLike) -> tuple[tuple[Mark, ...], tuple[Text, ...]]:
    """The card's journey mark (touch-point count, worst health) as the canvas draws it."""
    ink = QColor(EXPORT_THEME["CARD_BORDER"]).darker(140).name()
    parts = mark_parts(item.body_rect(), item.journey_mark, ink)
    if parts is None:
        return (), ()
    shapes, text_rect, text = parts
    at = item.pos()
    count = Text(_rect(text_rect.translated(at)), text, "badge", EXPORT_THEME["TEXT_COLOUR"])
    return tuple(_mark(m, at) for m in shapes), (count,)


def _line(x: float, y: float, text: str, role: str, colour: str, width: float = 0.0) -> Text:
    fm = _metrics(role)
    w = width or fm.horizontalAdvance(text) + 2
    return Text((x, y, w, fm.height()), text, role, colour)


def _node_card(
    item: NodeLike, colours: tuple[str, str, float], texts: tuple[Text, ...], radius: float
) -> Card:
    """A card of ``item`` in the export theme: (fill, border) theme names and border width."""
    fill, border, width = colours
    return Card(
        kind=item.kind,
        element_id=item.element_id,
        rect=_rect(item.scene_rect()),
        fill=EXPORT_THEME[fill],
        border=EXPORT_THEME[border],
        border_width=width,
        texts=texts,
        radius=radius,
    )


@cache
def _band_colours(colour: str) -> tuple[str, str]:
    """A category colour's band and glyph colours (a map has a handful of colours)."""
    return QColor(colour).name(), style.contrast_ink(QColor(colour)).name()


def _card(item: CardLike) -> Card:
    left, top, width, height = _rect(item.scene_rect())
    band_colour, glyph_colour = _band_colours(item.colour.name(QColor.NameFormat.HexArgb))
    # As ``r.adjusted(CARD_BAND + 10, 0, -8, 0)``, without the rectangle object.
    text_rect = (left + style.CARD_BAND + 10, top, width + -8 - (style.CARD_BAND + 10), height)
    name = Text(text_rect, item.shown_name, "name", EXPORT_THEME["TEXT_COLOUR"])
    mark_shapes, mark_texts = _journey_mark(item) if item.journey_mark is not None else ((), ())
    glyph_base = _glyph_data(item.icon)
    glyph_at = (left + style.CARD_BAND / 2, top + height / 2)
    return Card(
        kind=item.kind,
        element_id=item.element_id,
        rect=(left, top, width, height),
        fill=EXPORT_THEME["CARD_FILL"],
        border=EXPORT_THEME["CARD_BORDER"],
        border_width=1.2,
        texts=(name, *mark_texts),
        radius=7.0,
        category=item.category_name,
        band=(left, top, style.CARD_BAND, height),
        band_colour=band_colour,
        glyph=MOVED_GLYPH,
        glyph_colour=glyph_colour,
        glyph_base=glyph_base,
        glyph_at=glyph_at,
        badge=_badge(item) if item.figures is not None else None,
        marks=mark_shapes,
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


def _organisation(item: OrganisationItem | LaidOrganisation) -> Card:
    r = item.scene_rect()
    lines: list[str] = item.lines or [item.name or "Organisation"]
    top = r.center().y() - len(lines) * style.metrics("organisation").lineSpacing() / 2
    box = (r.left(), top, r.width())
    texts = _stacked(lines, box, "organisation", EXPORT_THEME["ORGANISATION_TEXT"], "center")
    return _node_card(item, ("ORGANISATION_FILL", "ORGANISATION_BORDER", 2.0), texts, 8.0)


def _note(item: NoteItem | LaidNote) -> Card:
    r = item.scene_rect()
    box = (r.left() + 10, r.top() + 11, r.width() - 20)
    texts = _stacked(item.lines, box, "note", EXPORT_THEME["TEXT_COLOUR"])
    card = _node_card(item, ("NOTE_FILL", "NOTE_BORDER", 1.0), texts, 0.0)
    return replace(card, outline=path_data(note_outline(r)))


#: Per direction (or its name): its name, the arrow's colour, and its labels' darker text
#: colour (leaders too).
_DIRECTIONS: dict[str, tuple[str, str, str]] = {
    Direction.PROVIDES: (
        Direction.PROVIDES.value,
        EXPORT_THEME["PROVIDES_COLOUR"],
        EXPORT_THEME["PROVIDES_TEXT"],
    ),
    Direction.EXPECTS: (
        Direction.EXPECTS.value,
        EXPORT_THEME["EXPECTS_COLOUR"],
        EXPORT_THEME["EXPECTS_TEXT"],
    ),
}
#: ``_DIRECTIONS`` by the identity of each ``Direction`` (hashing an enum member runs Python).
_BY_ID = {id(d): entry for d, entry in _DIRECTIONS.items()}


def _direction(direction: str) -> tuple[str, str, str]:
    """``_DIRECTIONS`` of a ``Direction`` or its name."""
    return _BY_ID.get(id(direction)) or _DIRECTIONS[Direction(direction)]


def _arrow(arrow: FlowArrow, leader_width: float) -> Arrow | None:
    """The arrow as plain data, a leader line (if any) ``leader_width`` wide."""
    outline = arrow.outline()
    if arrow.curve is None or arrow.count == 0 or outline is None:
        return None
    direction, colour, text_colour = _direction(arrow.direction)
    leader = arrow.leader_ends
    return Arrow(
        arrow.stakeholder_id,
        direction,
        outline[0],
        outline[1],
        arrow.pen_width(),
        colour,
        ((leader[0], leader[1]), (leader[2], leader[3])) if leader else None,
        text_colour,
        leader_width,
    )


def _label(item: FlowItem | LaidLabel) -> Label:
    direction, border, text_colour = _direction(item.direction)
    if not item.label:
        text_colour = "#777777"
    rect = _rect(item.sceneBoundingRect())
    return Label(
        item.element_id,
        item.stakeholder_id,
        direction,
        rect,
        border,
        Text(rect, item.shown_label, "label", text_colour, "center"),
        item.label,
    )


def _title_block(scene: MapScene | MapLayout, left: float, bottom: float) -> tuple[Text, ...]:
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


def _legend(scene: MapScene | MapLayout, content: QRectF) -> Card:
    """The view's legend in the export theme: in the first corner of the map's area where
    it covers nothing (the rule the view follows), else below the map."""
    box = legend_corner(content, scene.occupied)
    if box is None:
        box = QRectF(content.left(), content.bottom() + 20, *legend_size())
    layout = legend_layout(box.left(), box.top())
    t = EXPORT_THEME
    shapes = tuple(_mark(m) for m in legend_marks(layout, t))
    texts = tuple(
        Text(_rect(row.text_rect), row.text, "legend", row_ink(row.kind, t)) for row in layout.rows
    )
    fill, border = t["CARD_FILL"], t["CARD_BORDER"]
    return Card("legend", "", _rect(layout.box), fill, border, 1.0, texts, radius=6.0, marks=shapes)


def _content(
    cards: list[Card], notes: list[Card], labels: list[Label], arrows: list[Arrow]
) -> QRectF | None:
    """What the map covers: its cards, notes and labels, and its arrows (their points,
    control points and heads, widened by their line's width, and their leader lines)."""
    boxes = [c.rect for c in (*cards, *notes)] + [lb.rect for lb in labels]
    lefts = [r[0] for r in boxes]
    tops = [r[1] for r in boxes]
    rights = [r[0] + r[2] for r in boxes]
    bottoms = [r[1] + r[3] for r in boxes]
    for a in arrows:
        # Every command's coordinates are (x, y) pairs, as are the head's and leader's points.
        points = list(chain.from_iterable([c for _, c in a.path]))
        points.extend(chain.from_iterable(a.head))
        if a.leader:
            points.extend(chain.from_iterable(a.leader))
        if points:
            xs, ys = points[0::2], points[1::2]
            lefts.append(min(xs) - a.width)
            tops.append(min(ys) - a.width)
            rights.append(max(xs) + a.width)
            bottoms.append(max(ys) + a.width)
    if not lefts:
        return None
    left, top = min(lefts), min(tops)
    return QRectF(left, top, max(rights) - left, max(bottoms) - top)


def scene_drawing(
    scene: MapScene | MapLayout, selection_only: bool = False, notes: bool = True
) -> Drawing:
    """The export drawing of ``scene`` (see the module docstring), or of a ``MapLayout``
    of the map (the same geometry without graphics items; the whole map only)."""
    # Thousands of records and no cycles among them: no collector's pass while they are
    # made.
    with gc_paused():
        return _drawing(scene, selection_only, notes)


def _drawing(scene: MapScene | MapLayout, selection_only: bool, notes: bool) -> Drawing:
    scene.ensure_labels()
    sel = scene.selection() if selection_only else None  # type: ignore[union-attr]
    chosen = set(sel.stakeholders) if sel is not None else None
    flows_chosen = set(sel.flows) if sel is not None else None

    cards: list[Card] = []
    org = scene.organisation_item
    if sel is None or sel.organisation:
        cards.append(_organisation(org))
    for item in scene.stakeholder_items():
        if item.isVisible() and (chosen is None or item.element_id in chosen):
            cards.append(_card(item))
    labels: list[Label] = []
    owners: set[str] = set()
    for flow in scene.flow_items():
        keep = chosen is None or flow.stakeholder_id in chosen
        keep = keep or (flows_chosen is not None and flow.element_id in flows_chosen)
        if flow.isVisible() and keep:
            labels.append(_label(flow))
            owners.add(flow.stakeholder_id)
    arrows: list[Arrow] = []
    shown_cards = {c.element_id for c in cards}
    leader_width = LEADER_WIDTH * style.type_scale("label")  # as ``FlowArrow.leader_pen``
    for arrow_item in scene.arrow_items():
        if arrow_item.stakeholder_id in shown_cards or arrow_item.stakeholder_id in owners:
            a = _arrow(arrow_item, leader_width)
            if a is not None:
                arrows.append(a)
    note_cards: list[Card] = []
    if notes:
        for note in scene.note_items():
            if note.isVisible() and (sel is None or note.element_id in sel.notes):
                note_cards.append(_note(note))
    content = _content(cards, note_cards, labels, arrows)
    if content is None:
        content = org.scene_rect()
    title = _title_block(scene, content.left(), content.top())
    legend = _legend(scene, content)
    everything = content.united(QRectF(*legend.rect))
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
        legend=legend,
    )


__all__ = [
    "EXPORT_THEME",
    "FALLBACK_FAMILIES",
    "LEADER_WIDTH",
    "MARGIN",
    "MOVED_GLYPH",
    "Arrow",
    "Badge",
    "Card",
    "Drawing",
    "Font",
    "Label",
    "Mark",
    "PathData",
    "Point",
    "Rect",
    "Text",
    "path_data",
    "scene_drawing",
]
