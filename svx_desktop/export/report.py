"""The map as a written report: Markdown, or a self-contained HTML page (Jinja2, no Qt).

Both start with the title block (title, organisation, facilitator, workshop date), then —
for HTML, when the caller has one — a picture of the map, then per stakeholder what it
provides to the organisation and what it expects from it, each with its value kind,
importance and notes, and its journey if it has one (each touch point with its stage,
channels, health, moment of truth and mechanism), and the parking-lot notes unless left
out.

The HTML page needs nothing from the network: inline styles, no scripts, and a
Content-Security-Policy that forbids loading anything but ``data:`` images. Jinja2
escapes every value (autoescape), so a label is always shown as text. The map picture is
taken as SVG text and embedded as a ``data:`` image, so even markup inside it cannot run.
The Markdown report escapes every character Markdown could read as markup. The
templates are package data (``svx_desktop/export/templates``).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from svx_desktop.export.common import (
    ExportOptions,
    markdown_escape,
    markdown_line,
    stakeholder_colour,
)
from svx_desktop.model import Flow, ValueMap, rating_text
from svx_desktop.model.journey_elements import Sourcing
from svx_desktop.model.netvalue import net_figures

if TYPE_CHECKING:
    import jinja2


@dataclass(frozen=True)
class _FlowRow:
    label: str
    kind: str
    importance: int
    notes: str
    rating: str


@dataclass(frozen=True)
class _TouchPointRow:
    order: int
    stage: str
    name: str
    channels: str
    health: str
    moment_of_truth: bool
    mechanism: str


@dataclass(frozen=True)
class _StakeholderSection:
    name: str
    category: str
    colour: str
    notes: str
    provides: list[_FlowRow]
    expects: list[_FlowRow]
    provides_importance: int
    expects_importance: int
    #: The net value figures in words (``NetFigures.describe``, as the card's tooltip).
    net: str
    #: Its journey, left to right (empty for a stakeholder without one).
    journey: list[_TouchPointRow] = field(default_factory=list)

    @property
    def has_notes(self) -> bool:
        return any(f.notes for f in (*self.provides, *self.expects))


@dataclass(frozen=True)
class Report:
    """What the report templates show (all plain text; the templates escape it)."""

    title: str
    organisation: str
    description: str
    facilitator: str
    date: str
    stakeholders: list[_StakeholderSection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    map_svg_data: str = ""


def _row(f: Flow) -> _FlowRow:
    rating = rating_text(f)
    return _FlowRow(
        f.label or "(no label)",
        f.value_kind.label,
        f.importance,
        f.notes,
        "" if rating == "unrated" else rating,
    )


def _journey(vmap: ValueMap, sid: str) -> list[_TouchPointRow]:
    j = vmap.journeys
    out = []
    for order, tp in enumerate(j.journey(sid), start=1):
        m = tp.mechanism
        mechanism = ""
        if m is not None:
            mechanism = f"{m.name} ({m.owner})" if m.name and m.owner else m.name or m.owner
            if m.sourcing is Sourcing.OUTSOURCED:
                mechanism = f"{mechanism}, outsourced" if mechanism else "outsourced"
        out.append(
            _TouchPointRow(
                order,
                j.stage(tp.stage_id).name if tp.stage_id else "",
                tp.name or "(no name)",
                ", ".join(j.channel(c).name for c in tp.channels),
                tp.health.label if tp.health is not None else "",
                tp.moment_of_truth,
                mechanism,
            )
        )
    return out


def build_report(vmap: ValueMap, options: ExportOptions | None = None) -> Report:
    """The report's content (see the module docstring)."""
    options = options or ExportOptions()
    meta, org = vmap.meta, vmap.organisation
    sections = []
    figures = {n.stakeholder_id: n for n in net_figures(vmap)}
    for s in vmap.stakeholders:
        net = vmap.net_view(s.id)
        sections.append(
            _StakeholderSection(
                name=s.name or "(no name)",
                category=vmap.category(s.category).name,
                colour=stakeholder_colour(vmap, s),
                notes=s.notes,
                provides=[_row(f) for f in net.provides],
                expects=[_row(f) for f in net.expects],
                provides_importance=net.provides_importance,
                expects_importance=net.expects_importance,
                net=figures[s.id].describe(),
                journey=_journey(vmap, s.id),
            )
        )
    svg = options.map_svg
    return Report(
        title=meta.title or f"{org.name}: stakeholder net value exchange",
        organisation=org.name,
        description=org.description,
        facilitator=meta.facilitator,
        date=meta.workshop_date,
        stakeholders=sections,
        notes=[n.text for n in vmap.notes] if options.include_notes else [],
        map_svg_data=base64.b64encode(svg.encode("utf-8")).decode("ascii") if svg else "",
    )


@cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment of every HTML export (autoescape, package templates)."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("svx_desktop.export", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(template_name: str, **context: Any) -> bytes:
    """The HTML export template ``template_name`` rendered with ``context`` (UTF-8)."""
    return environment().get_template(template_name).render(context).encode("utf-8")


def write_report_html(vmap: ValueMap, options: ExportOptions | None = None) -> bytes:
    """The report as a self-contained HTML page (UTF-8)."""
    return render_html("report.html.j2", report=build_report(vmap, options))


def _md_flows(heading: str, flows: list[_FlowRow]) -> list[str]:
    out = [f"### {heading}", ""]
    for f in flows:
        notes = f": {markdown_escape(f.notes)}" if f.notes else ""
        rating = f", {f.rating}" if f.rating else ""
        out.append(
            f"- {markdown_escape(f.label)} ({markdown_escape(f.kind)}, "
            f"importance {f.importance} of 5{rating}){notes}"
        )
    out.append("" if flows else "*Nothing yet.*\n")
    return out


def write_report_markdown(vmap: ValueMap, options: ExportOptions | None = None) -> bytes:
    """The report as Markdown (UTF-8)."""
    r = build_report(vmap, options)
    org = markdown_line(r.organisation)
    out = [f"# {markdown_line(r.title)}", "", f"- **Organisation:** {org}"]
    if r.facilitator:
        out.append(f"- **Facilitator:** {markdown_line(r.facilitator)}")
    if r.date:
        out.append(f"- **Date:** {markdown_line(r.date)}")
    out.append("")
    if r.description:
        out += [markdown_escape(r.description), ""]
    for s in r.stakeholders:
        out += [
            f"## {markdown_line(s.name)}",
            "",
            f"*{markdown_line(s.category)}* · provides {s.provides_importance}, "
            f"expects {s.expects_importance} (importance)",
            "",
            markdown_escape(s.net),
            "",
        ]
        if s.notes:
            out += [markdown_escape(s.notes), ""]
        out += _md_flows(f"Provides to {org}", s.provides)
        out += _md_flows(f"Expects from {org}", s.expects)
        if s.journey:
            out += ["### Journey", ""]
            for tp in s.journey:
                facts = [x for x in (tp.stage, tp.channels, tp.health) if x]
                if tp.moment_of_truth:
                    facts.append("moment of truth")
                if tp.mechanism:
                    facts.append(f"delivered by {tp.mechanism}")
                detail = f" ({markdown_escape('; '.join(facts))})" if facts else ""
                out.append(f"{tp.order}. {markdown_line(tp.name)}{detail}")
            out.append("")
    if not r.stakeholders:
        out += ["*This map has no stakeholders yet.*", ""]
    if r.notes:
        out += ["## Parking lot", ""]
        out += [f"- {markdown_escape(n)}" for n in r.notes]
        out.append("")
    return "\n".join(out).encode("utf-8")


__all__ = ["Report", "build_report", "write_report_html", "write_report_markdown"]
