"""How the SVG writer writes: numbers without needless zeros, UTF-8 straight away, glyphs
from their icons' paths the same as from the paths themselves; and the drawing's cards
that make their glyph only when it is read."""

from __future__ import annotations

import re
from dataclasses import replace

from svx_desktop.canvas.drawing import MOVED_GLYPH, Card, Drawing, scene_drawing
from svx_desktop.canvas.maplayout import MapLayout
from svx_desktop.pictures.svg import drawing_svg, drawing_svg_bytes
from tests.export.maps import hostile_map
from tests.export.test_pictures import bank_map

#: A number in an attribute or a path: what the writer leaves of "%.2f".
NUMBER = re.compile(r'(?<=[" ,A-Z])-?[0-9]+(?:\.[0-9]+)?(?=[" ,A-Z]|$)')


def drawing_of(vmap: object) -> Drawing:
    return scene_drawing(MapLayout(vmap))  # type: ignore[arg-type]


def test_numbers_have_at_most_two_decimals_and_no_needless_zeros(qapp: object) -> None:
    svg = drawing_svg(drawing_of(bank_map()))
    numbers = [
        n
        for attr in re.findall(
            r'(?:x|y|width|height|d|points|r[xy]?|c[xy]|[xy][12])="([^"]*)"', svg
        )
        for n in NUMBER.findall(attr)
    ]
    assert len(numbers) > 1000
    for n in numbers:
        assert n != "-0"
        if "." in n:
            decimals = n.split(".")[1]
            assert 1 <= len(decimals) <= 2 and not decimals.endswith("0"), n


def test_the_bytes_are_the_text_in_utf8(qapp: object) -> None:
    for vmap in (bank_map(), hostile_map()):
        drawing = drawing_of(vmap)
        for transparent in (False, True):
            text = drawing_svg(drawing, transparent)
            assert drawing_svg_bytes(drawing, transparent) == text.encode("utf-8")
    assert "%%h%%" in text  # the hostile map's "%" signs are kept as they are


def test_a_glyph_made_from_its_icon_is_written_like_the_path_itself(qapp: object) -> None:
    drawing = drawing_of(bank_map())
    moved = [c for c in drawing.cards if c.moved_glyph() is not None]
    assert len(moved) == len(drawing.cards) - 1  # every stakeholder, not the organisation
    # The same cards with their glyphs given as paths: written the general way.
    given = tuple(
        replace(c, glyph=c.glyph) if c.kind == "stakeholder" else c for c in drawing.cards
    )
    assert all(c.moved_glyph() is None for c in given)
    assert drawing_svg(replace(drawing, cards=given)) == drawing_svg(drawing)


def test_a_moved_glyph_is_its_icons_path_moved(qapp: object) -> None:
    card = next(c for c in drawing_of(bank_map()).cards if c.kind == "stakeholder")
    found = card.moved_glyph()
    assert found is not None
    base, (x, y) = found
    expected = tuple(
        (cmd, tuple(v + (x if i % 2 == 0 else y) for i, v in enumerate(c))) for cmd, c in base
    )
    assert card.glyph == expected
    assert card.moved_glyph() is not None  # still known once read
    plain = Card("stakeholder", "s", (0, 0, 10, 10), "#fff", "#000", 1.0, (), glyph=expected)
    assert plain.glyph == expected and plain.moved_glyph() is None
    assert Card("note", "n", (0, 0, 1, 1), "#fff", "#000", 1.0, ()).glyph == ()
    lazy = Card(
        "stakeholder", "s", (0, 0, 1, 1), "#fff", "#000", 1.0, (),
        glyph=MOVED_GLYPH, glyph_base=base, glyph_at=(x, y),
    )  # fmt: skip
    assert lazy == replace(lazy, glyph=expected)  # read when compared
    assert lazy.glyph == expected
