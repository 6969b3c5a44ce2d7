"""Charters as documents: Markdown, or a self-contained HTML page (Jinja2, no Qt).

A charter is the promises the organisation makes to one stakeholder (PRODUCT.md, step 5).
``build_charters`` collects, per stakeholder with a charter (all, or those named in
``ExportOptions.stakeholder_ids``), each promise with the expectation it answers, the
channels it is kept through and its measurable standard, and the stakeholder's moments of
truth with their health today. The HTML page follows the report's rules
(``export/report.py``): autoescape, no scripts, a Content-Security-Policy that loads
nothing; the Markdown escapes every character Markdown could read as markup. The PDF is
printed from the same HTML by ``svx_desktop.pictures.charters`` (Qt).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from svx_desktop.export.common import ExportOptions, markdown_line, stakeholder_colour
from svx_desktop.export.report import render_html
from svx_desktop.model import ValueMap
from svx_desktop.model.journey_elements import Promise


@dataclass(frozen=True)
class PromiseRow:
    text: str
    expectation: str
    channels: str
    standard: str


@dataclass(frozen=True)
class CharterSection:
    """One stakeholder's charter, as the templates show it (plain text)."""

    name: str
    category: str
    colour: str
    promises: list[PromiseRow]
    moments: list[tuple[str, str]]  # (touch point name, health label or "unrated")


@dataclass(frozen=True)
class Charters:
    title: str
    organisation: str
    charters: list[CharterSection] = field(default_factory=list)


def _row(vmap: ValueMap, p: Promise) -> PromiseRow:
    j = vmap.journeys
    return PromiseRow(
        p.text,
        vmap.flow(p.serves).label if p.serves else "",
        ", ".join(j.channel(c).name for c in p.channels),
        p.standard,
    )


def build_charters(vmap: ValueMap, options: ExportOptions | None = None) -> Charters:
    """The charters' content (see the module docstring)."""
    options = options or ExportOptions()
    wanted = set(options.stakeholder_ids)
    org = vmap.organisation
    sections = []
    for charter in vmap.journeys.charters:
        sid = charter.stakeholder_id
        if wanted and sid not in wanted:
            continue
        s = vmap.stakeholder(sid)
        moments = [
            (tp.name, tp.health.label if tp.health is not None else "unrated")
            for tp in vmap.journeys.journey(sid)
            if tp.moment_of_truth
        ]
        sections.append(
            CharterSection(
                s.name or "(no name)",
                vmap.category(s.category).name,
                stakeholder_colour(vmap, s),
                [_row(vmap, p) for p in charter.promises],
                moments,
            )
        )
    return Charters(f"{org.name}: charters", org.name, sections)


def write_charters_html(vmap: ValueMap, options: ExportOptions | None = None) -> bytes:
    """The charters as a self-contained HTML page (UTF-8)."""
    return render_html("charters.html.j2", doc=build_charters(vmap, options))


def write_charters_markdown(vmap: ValueMap, options: ExportOptions | None = None) -> bytes:
    """The charters as Markdown (UTF-8)."""
    doc = build_charters(vmap, options)
    out = [f"# {markdown_line(doc.title)}", ""]
    for c in doc.charters:
        out += [f"## {markdown_line(c.name)}", "", f"*{markdown_line(c.category)}*", ""]
        if c.moments:
            moments = ", ".join(f"{markdown_line(name)} ({health})" for name, health in c.moments)
            out += [f"**Moments of truth:** {moments}", ""]
        for i, p in enumerate(c.promises, start=1):
            out.append(f"{i}. **{markdown_line(p.text) or '(no text)'}**")
            if p.expectation:
                out.append(f"   - Answers: {markdown_line(p.expectation)}")
            if p.channels:
                out.append(f"   - Channels: {markdown_line(p.channels)}")
            out.append(f"   - Standard: {markdown_line(p.standard) or '*to be set*'}")
        out.append("" if c.promises else "*No promises yet.*\n")
    if not doc.charters:
        out += ["*This map has no charters yet.*", ""]
    return "\n".join(out).encode("utf-8")


__all__ = ["Charters", "build_charters", "write_charters_html", "write_charters_markdown"]
