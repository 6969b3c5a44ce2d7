"""The journey as a picture: a ``canvas.drawing.Drawing`` the export machinery draws.

``journey_drawing(scene)`` reads the journey scene's geometry (stage headers, cards) and
the faces its cards show, and returns the same plain-data ``Drawing`` the map's pictures
are made of, so PNG, SVG, PDF and print of a journey go through ``pictures`` unchanged:
a title ("Journey of Customers"), each stage header as a card, each touch point as a card
with a thin bar in its health colour, its health in words, a moment-of-truth mark, its
name, channels and the expectations it serves, and a legend of the health colours. Text is
measured in the same fonts the export uses, so the picture never overflows a card.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainterPath

from svx_desktop.canvas import style
from svx_desktop.canvas.badge import HEALTH_COLOURS
from svx_desktop.canvas.drawing import (
    EXPORT_THEME,
    MARGIN,
    Card,
    Drawing,
    Mark,
    Text,
    _fonts,
    path_data,
)
from svx_desktop.journey.items import StageHeader, TouchPointCard, wrap
from svx_desktop.journey.scene import JourneyScene
from svx_desktop.model.health import Health

Rect = tuple[float, float, float, float]
UNRATED = "#C9CED6"
#: The moment-of-truth mark in a picture (a text star: pictures draw text and cards).
MOMENT = "★ Moment of truth"


def _fit(text: str, role: str, width: float) -> str:
    return style.metrics(role).elidedText(text, Qt.TextElideMode.ElideRight, width)


def _lines(text: str, role: str, width: float, count: int) -> list[str]:
    """``text`` in at most ``count`` lines of the export font for ``role``."""
    return wrap(text, style.metrics(role), width, count)


def _header(item: StageHeader) -> Card:
    t = EXPORT_THEME
    r = item.sceneBoundingRect()
    rect: Rect = (r.left(), r.top(), r.width(), r.height())
    count = str(item.count)
    cw = style.metrics("name").horizontalAdvance(count) + 4
    title = _fit(item.title, "name", r.width() - 36 - cw)
    ink = t["TEXT_COLOUR"] if item.stage_id else t["MUTED_TEXT"]
    texts = (
        Text((r.left() + 12, r.top(), r.width() - 36 - cw, r.height()), title, "name", ink),
        Text((r.right() - 12 - cw, r.top(), cw, r.height()), count, "name", t["MUTED_TEXT"]),
    )
    fill = t["CARD_FILL"] if item.stage_id else t["BACKGROUND"]
    return Card("stage", item.stage_id or "", rect, fill, t["CARD_BORDER"], 1.2, texts, radius=6)


def _touch_point(item: TouchPointCard) -> list[Card]:
    t = EXPORT_THEME
    face = item.face
    r = item.sceneBoundingRect()
    x, w = r.left() + 10, r.width() - 20
    ink, muted = t["TEXT_COLOUR"], t["MUTED_TEXT"]
    name_h = style.metrics("name").height()
    small_h = style.metrics("label").height()
    texts: list[Text] = []
    health = face.health.label if face.health else "Not rated"
    texts.append(Text((x, r.top() + 4, w / 2, 20), health, "label", ink))
    if face.moment_of_truth:
        texts.append(Text((x + w / 2, r.top() + 4, w / 2, 20), MOMENT, "label", ink))
    y = r.top() + 32
    for line in _lines(face.name, "name", w, 2):
        texts.append(Text((x, y, w, name_h), line, "name", ink))
        y += name_h
    y = r.top() + 32 + 2 * name_h + 6
    channels = " · ".join(face.channels) if face.channels else "No channel yet"
    for line in _lines(channels, "label", w, 2):
        texts.append(Text((x, y, w, small_h), line, "label", ink if face.channels else muted))
        y += small_h
    serves = "Serves: " + ", ".join(face.serves) if face.serves else "Serves no expectation yet"
    y = r.bottom() - 10 - 2 * small_h
    for line in _lines(serves, "label", w, 2):
        texts.append(Text((x, y, w, small_h), line, "label", ink if face.serves else muted))
        y += small_h
    border = ink if face.moment_of_truth else t["CARD_BORDER"]
    width = 2.2 if face.moment_of_truth else 1.2
    rect: Rect = (r.left(), r.top(), r.width(), r.height())
    card = Card(
        "touch_point", item.element_id, rect, t["CARD_FILL"], border, width, tuple(texts), radius=8
    )
    colour = HEALTH_COLOURS[face.health] if face.health else UNRATED
    bar = Card(
        "health", item.element_id, (x, r.top() + 25, w, 3), colour, colour, 0.5, (), radius=1.5
    )
    return [card, bar]


def _legend(left: float, top: float) -> Card:
    """The health colours as the picture's legend card: a swatch and a word per step."""
    t = EXPORT_THEME
    fm = style.metrics("legend")
    row_h = fm.height() + 8
    x = left + 10
    marks: list[Mark] = []
    texts: list[Text] = []
    for step in Health:
        text = step.label
        tw = fm.horizontalAdvance(text) + 2
        swatch = QPainterPath()
        swatch.addRoundedRect(QRectF(x, top + 6 + (row_h - 12) / 2, 16.0, 12.0), 3, 3)
        marks.append(Mark(path_data(swatch), HEALTH_COLOURS[step]))
        texts.append(Text((x + 24, top + 6, tw, row_h), text, "legend", t["TEXT_COLOUR"]))
        x += 24 + tw + 18
    box = (left, top, x - left, row_h + 12)
    return Card(
        "legend",
        "",
        box,
        t["CARD_FILL"],
        t["CARD_BORDER"],
        1.0,
        tuple(texts),
        radius=6.0,
        marks=tuple(marks),
    )


def journey_drawing(scene: JourneyScene) -> Drawing:
    """The export drawing of a journey scene (see the module docstring)."""
    t = EXPORT_THEME
    cards: list[Card] = [_header(h) for h in scene.headers()]
    for item in scene.cards():
        cards.extend(_touch_point(item))
    x, y, w, h = scene.layout.bounds
    title_h = style.metrics("organisation").height() * 1.4
    name = scene.title or "Stakeholder"
    map_name = scene.map.meta.title or scene.map.organisation.name
    title = (
        Text(
            (x, y - title_h - 30, max(w, 400), title_h),
            f"Journey of {name}",
            "title",
            t["TEXT_COLOUR"],
        ),
        Text((x, y - 26, max(w, 400), 18), map_name, "subtitle", t["MUTED_TEXT"]),
    )
    legend = _legend(x, y + h + 20)
    box = legend.rect
    right = max(x + w, box[0] + box[2], x + 400)
    bottom = box[1] + box[3]
    top = y - title_h - 30
    bounds = (x - MARGIN, top - MARGIN, right - x + 2 * MARGIN, bottom - top + 2 * MARGIN)
    return Drawing(
        bounds=bounds,
        background=t["BACKGROUND"],
        fonts=_fonts(),
        title=title,
        cards=tuple(cards),
        arrows=(),
        labels=(),
        notes=(),
        legend=legend,
    )


__all__ = ["journey_drawing"]
