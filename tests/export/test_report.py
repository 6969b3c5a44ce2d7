"""The report: Markdown and a self-contained HTML page that shows every label as text."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser

import pytest

from svx_desktop.export import ExportOptions
from svx_desktop.export.common import markdown_unescape
from svx_desktop.export.report import write_report_html, write_report_markdown
from tests.export.maps import HOSTILE_LABELS, SCRIPT, SYNTAX, all_maps, hostile_map

MAPS = all_maps()


class _Page(HTMLParser):
    """Collects tags, attributes and text the way a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: bytes) -> _Page:
    page = _Page()
    page.feed(html.decode("utf-8"))
    page.close()
    return page


@pytest.mark.parametrize("name", sorted(MAPS))
def test_html_report_is_self_contained_and_shows_every_flow(name: str) -> None:
    vmap = MAPS[name]
    page = _parse(write_report_html(vmap))
    assert "script" not in page.tags and "link" not in page.tags and "iframe" not in page.tags
    for attr, value in page.attrs:
        if attr in ("src", "href"):
            assert value is not None and value.startswith("data:")
    text = "".join(page.text)
    assert vmap.organisation.name in text
    for s in vmap.stakeholders:
        assert s.name in text
    for f in vmap.flows:
        assert f.label in text
    assert "Content-Security-Policy" in {v for _, v in page.attrs}


def test_hostile_text_is_literal_and_harmless_in_html() -> None:
    vmap = hostile_map()
    html = write_report_html(
        vmap,
        ExportOptions(
            map_svg='<svg xmlns="http://www.w3.org/2000/svg"><script>alert(2)</script></svg>'
        ),
    )
    page = _parse(html)
    assert page.tags.count("script") == 0
    text = "".join(page.text)
    for label in (*HOSTILE_LABELS, SYNTAX):
        assert label in text
    assert text.count(SCRIPT) >= 4  # title, organisation, flow label, flow notes, note
    # The map picture is an image (data: URL), so markup inside it never runs.
    (src,) = [v for a, v in page.attrs if a == "src"]
    assert src is not None and src.startswith("data:image/svg+xml;base64,")
    assert b"alert(2)" in base64.b64decode(src.split(",", 1)[1])


def test_html_report_leaves_out_notes_on_request() -> None:
    vmap = hostile_map()
    assert "Parking lot" in "".join(_parse(write_report_html(vmap)).text)
    without = write_report_html(vmap, ExportOptions(include_notes=False))
    assert "Parking lot" not in "".join(_parse(without).text)


@pytest.mark.parametrize("name", sorted(MAPS))
def test_markdown_report_lists_every_flow_literally(name: str) -> None:
    vmap = MAPS[name]
    md = write_report_markdown(vmap).decode("utf-8")
    assert md.startswith("# ")
    plain = markdown_unescape(md)
    for f in vmap.flows:
        assert f.label in plain
    for s in vmap.stakeholders:
        assert f"## {' '.join(s.name.split())}" in plain


def test_markdown_report_escapes_markup() -> None:
    md = write_report_markdown(hostile_map()).decode("utf-8")
    # No markup character stands unescaped.
    assert not re.search(r"(?<!\\)[<>\[\]|`]", md)
    assert SCRIPT in markdown_unescape(md)


def test_both_reports_carry_the_net_figures_and_ratings_svx_info_gives() -> None:
    """Issue 11: the net value figures in every report export, as the app and svx info."""
    from svx_desktop.fileformat import load
    from svx_desktop.model import rating_text
    from svx_desktop.model.netvalue import net_figures

    vmap = load("resources/examples/bank.svx").map
    html = " ".join(" ".join(_parse(write_report_html(vmap)).text).split())
    markdown = markdown_unescape(write_report_markdown(vmap).decode("utf-8"))
    rated = [f for f in vmap.flows if rating_text(f) != "unrated"]
    assert rated, "the bundled example has rated flows"
    for figures in net_figures(vmap):
        sentence = figures.describe()
        assert sentence in html
        assert sentence in " ".join(markdown.split())
    for f in rated:
        assert rating_text(f) in html
        assert rating_text(f) in markdown
