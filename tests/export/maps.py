"""Maps the export tests run on: every bundled template, the example, and a hostile map."""

from __future__ import annotations

from importlib import resources

from svx_desktop.fileformat import loads
from svx_desktop.fileformat.templates import load_template, template_names
from svx_desktop.model import (
    Category,
    Direction,
    Flow,
    MapMeta,
    Note,
    Organisation,
    Stakeholder,
    ValueKind,
    ValueMap,
)

#: A label that would run a script or break markup if any export let it through.
SCRIPT = "</text><script>alert(1)</script>&amp;"
#: Quotes, a newline, an XML comment end, Mermaid's edge and shape syntax.
SYNTAX = "say \"hi\" 'now'\nthen --> | [x] {y} (z) #35; `c` %%h%%"
#: A spreadsheet formula (must stay text).
FORMULA = '=HYPERLINK("http://example.invalid","click")'
HOSTILE_LABELS = (SCRIPT, SYNTAX, FORMULA, "-1+2", "@sum", "'quoted", "plain")


def hostile_map() -> ValueMap:
    """A map whose every text field holds markup, syntax or a formula."""
    vmap = ValueMap(
        Organisation(name=SCRIPT, description=SYNTAX, position=(10.0, -20.5)),
        MapMeta(title=SCRIPT, facilitator=SYNTAX, workshop_date="2026-11-20"),
    )
    vmap.add_category(Category("press", SYNTAX, "#332288", "newspaper"))
    positions = [(0.0, -430.0), (430.0, 0.0), (0.0, 430.0), (-430.0, 0.0), (300.5, 300.25)]
    for i, label in enumerate(HOSTILE_LABELS[:5]):
        s = Stakeholder(
            label,
            category="press" if i == 1 else "customer",
            position=positions[i],
            notes=SYNTAX if i == 0 else "",
            colour="#123456" if i == 2 else None,
        )
        vmap.add_stakeholder(s)
    ids = [s.id for s in vmap.stakeholders]
    for i, label in enumerate(HOSTILE_LABELS):
        vmap.add_flow(
            Flow(
                ids[i % 3],
                Direction.PROVIDES if i % 2 == 0 else Direction.EXPECTS,
                label,
                value_kind=list(ValueKind)[i % 4],
                importance=1 + i % 5,
                notes=SCRIPT if i == 0 else "",
            )
        )
    vmap.add_note(Note(SCRIPT, position=(600.0, -400.0)))
    return vmap


def bundled_maps() -> dict[str, ValueMap]:
    """Every bundled template (fresh copies) and the example, by name."""
    maps = {name: load_template(name) for name in template_names()}
    example = resources.files("svx_desktop.resources").joinpath("examples", "bank.svx")
    maps["example-bank"] = loads(example.read_bytes(), "bank.svx").map
    return maps


def all_maps() -> dict[str, ValueMap]:
    return {**bundled_maps(), "hostile": hostile_map()}
