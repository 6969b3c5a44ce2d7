"""Every export of any valid map parses with a reader we did not write and hides nothing."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import networkx as nx
from hypothesis import HealthCheck, given, settings

from svx_desktop.export import EXPORT_FORMATS, export_bytes
from svx_desktop.model import ValueMap
from tests.strategies import value_maps


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value_maps(max_stakeholders=5, max_flows=8, max_notes=2))
def test_every_export_of_any_map_parses(vmap: ValueMap) -> None:
    out = {name: export_bytes(vmap, name) for name in EXPORT_FORMATS}
    graph = nx.read_graphml(io.BytesIO(out["graphml"]))
    assert graph.number_of_nodes() == 1 + len(vmap.stakeholders) + len(vmap.notes)
    assert graph.number_of_edges() == len(vmap.flows)
    drawio = ET.fromstring(out["drawio"])
    assert sum(1 for c in drawio.iter("mxCell") if c.get("edge") == "1") == len(vmap.flows)
    canvas = json.loads(out["canvas"])
    assert len(canvas["edges"]) == len(vmap.flows)
    page = _Tags()
    page.feed(out["html"].decode("utf-8"))
    assert "script" not in page.tags
    mermaid = out["mmd"].decode("utf-8").splitlines()
    assert len([line for line in mermaid if " -->|" in line]) == len(vmap.flows)
    out["md"].decode("utf-8")
