"""GraphML, JSON Canvas, draw.io and Mermaid: each read back by a parser we did not write."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter

import networkx as nx
import pytest

from svx_desktop.export import ExportOptions
from svx_desktop.export.common import markdown_unescape
from svx_desktop.export.diagrams import mermaid_text, write_canvas, write_drawio, write_mermaid
from svx_desktop.export.graphml import YED_NS, write_graphml
from svx_desktop.model import ValueMap
from tests.export.maps import HOSTILE_LABELS, SCRIPT, SYNTAX, all_maps

MAPS = all_maps()
NAMES = sorted(MAPS)


def _node_labels(vmap: ValueMap, notes: bool = True) -> dict[str, str]:
    labels = {vmap.organisation.id: vmap.organisation.name}
    labels.update({s.id: s.name for s in vmap.stakeholders})
    if notes:
        labels.update({n.id: n.text for n in vmap.notes})
    return labels


def _edges(vmap: ValueMap) -> Counter[tuple[str, str, str]]:
    org = vmap.organisation.id
    return Counter(
        (f.stakeholder_id, org, f.label) if f.direction == "provides" else
        (org, f.stakeholder_id, f.label)
        for f in vmap.flows
    )  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_graphml_reads_back_as_the_same_graph(name: str) -> None:
    vmap = MAPS[name]
    graph = nx.read_graphml(io.BytesIO(write_graphml(vmap)))
    assert graph.is_directed()
    assert {n: d["label"] for n, d in graph.nodes(data=True)} == _node_labels(vmap)
    assert Counter((u, v, d["label"]) for u, v, d in graph.edges(data=True)) == _edges(vmap)
    kinds = Counter(d["kind"] for _, d in graph.nodes(data=True))
    assert kinds["stakeholder"] == len(vmap.stakeholders) and kinds["organisation"] == 1


@pytest.mark.parametrize("name", NAMES)
def test_graphml_carries_yed_graphics_with_the_layout(name: str) -> None:
    vmap = MAPS[name]
    root = ET.fromstring(write_graphml(vmap))
    y = f"{{{YED_NS}}}"
    shapes = root.findall(f".//{y}ShapeNode")
    assert len(shapes) == 1 + len(vmap.stakeholders) + len(vmap.notes)
    assert len(root.findall(f".//{y}PolyLineEdge")) == len(vmap.flows)
    edge_labels = Counter(e.text for e in root.iter(f"{y}EdgeLabel"))
    assert edge_labels == Counter(f.label for f in vmap.flows)
    # The organisation's box is centred on its position.
    g = shapes[0].find(f"{y}Geometry")
    assert g is not None
    x, yy, w, h = (float(g.get(k, "nan")) for k in ("x", "y", "width", "height"))
    assert (x + w / 2, yy + h / 2) == pytest.approx(vmap.organisation.position)
    for shape in shapes:
        assert shape.find(f"{y}Fill") is not None and shape.find(f"{y}NodeLabel") is not None


SIDES = {"top", "right", "bottom", "left"}


@pytest.mark.parametrize("name", NAMES)
def test_json_canvas_follows_the_spec(name: str) -> None:
    vmap = MAPS[name]
    doc = json.loads(write_canvas(vmap))
    assert set(doc) <= {"nodes", "edges"}
    ids = [n["id"] for n in doc["nodes"]] + [e["id"] for e in doc["edges"]]
    assert len(ids) == len(set(ids))
    node_ids = {n["id"] for n in doc["nodes"]}
    for node in doc["nodes"]:
        for key in ("id", "type", "x", "y", "width", "height"):
            assert key in node
        assert node["type"] == "text" and isinstance(node["text"], str)
        for key in ("x", "y", "width", "height"):
            assert type(node[key]) is int
        assert re.fullmatch(r"#[0-9A-F]{6}|[1-6]", node["color"])
    for edge in doc["edges"]:
        assert isinstance(edge["id"], str)
        assert edge["fromNode"] in node_ids and edge["toNode"] in node_ids
        assert edge.get("fromSide", "top") in SIDES and edge.get("toEnd", "arrow") in {
            "none",
            "arrow",
        }
        assert re.fullmatch(r"#[0-9A-F]{6}|[1-6]", edge["color"])
    texts = {n["id"]: markdown_unescape(n["text"]).strip("*") for n in doc["nodes"]}
    assert texts == {k: v for k, v in _node_labels(vmap).items()}
    assert Counter(e["label"] for e in doc["edges"]) == Counter(f.label for f in vmap.flows)


@pytest.mark.parametrize("name", NAMES)
def test_drawio_has_one_vertex_per_card_and_one_edge_per_flow(name: str) -> None:
    vmap = MAPS[name]
    root = ET.fromstring(write_drawio(vmap, ExportOptions(include_notes=False)))
    assert root.tag == "mxfile"
    model = root.find("diagram/mxGraphModel/root")
    assert model is not None
    cells = model.findall("mxCell")
    vertices = {c.get("id"): c.get("value") for c in cells if c.get("vertex") == "1"}
    edges = [c for c in cells if c.get("edge") == "1"]
    assert vertices == _node_labels(vmap, notes=False)
    assert len(edges) == len(vmap.flows)
    assert Counter((e.get("source"), e.get("target"), e.get("value")) for e in edges) == _edges(
        vmap
    )
    for c in cells:
        style = c.get("style")
        assert style is None or "html=0;" in style
        geometry = c.find("mxGeometry")
        assert (geometry is not None) == (c.get("id") not in {"0", "1"})


def _mermaid_decode(text: str) -> str:
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), text.replace("<br>", "\n"))


@pytest.mark.parametrize("name", NAMES)
def test_mermaid_flowchart_quotes_every_label(name: str) -> None:
    vmap = MAPS[name]
    lines = write_mermaid(vmap).decode("utf-8").splitlines()
    assert lines[0] == "flowchart TB"
    node = re.compile(r'    (org|s\d+|n\d+)(\(\["|\("|\[")([^"]*)("\]\)|"\)|"\])')
    edge = re.compile(r'    (org|s\d+) -->\|"([^"]*)"\| (org|s\d+)')
    style = re.compile(
        r"    style (org|s\d+|n\d+) fill:#[0-9A-F]{6},color:#[0-9A-F]{6},stroke:#\w+"
    )
    nodes, edges = [], []
    for line in lines[1:]:
        if m := node.fullmatch(line):
            nodes.append(_mermaid_decode(m.group(3)))
        elif m := edge.fullmatch(line):
            edges.append(_mermaid_decode(m.group(2)))
        else:
            assert style.fullmatch(line), line
    assert sorted(nodes) == sorted(_node_labels(vmap).values())
    assert Counter(edges) == Counter(f.label for f in vmap.flows)
    for text in nodes + edges:
        # Only letters, digits, a few harmless marks, entity codes and line breaks.
        assert re.fullmatch(r"([A-Za-z0-9 ,.:!?'/]|#\d+;|<br>)*", mermaid_text(text))


def test_hostile_labels_survive_literally_in_every_diagram() -> None:
    vmap = MAPS["hostile"]
    graphml = nx.read_graphml(io.BytesIO(write_graphml(vmap)))
    assert {d["label"] for _, _, d in graphml.edges(data=True)} == set(HOSTILE_LABELS)
    assert graphml.nodes[vmap.organisation.id]["label"] == SCRIPT
    drawio = ET.fromstring(write_drawio(vmap))
    assert SYNTAX in {c.get("value") for c in drawio.iter("mxCell")}
    mermaid = write_mermaid(vmap).decode()
    assert (
        "<script" not in mermaid and "-->|" in mermaid and "-->" not in mermaid.replace('-->|"', "")
    )
