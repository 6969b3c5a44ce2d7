"""The map as GraphML that networkx reads and yEd draws with the map's layout (no Qt).

Plain GraphML keys carry the data (node ``label``, ``kind``, ``category``; edge ``label``,
``direction``, ``value_kind``, ``importance``, ``notes``), so ``networkx.read_graphml``
gives back the same nodes, edges and labels. yEd's own keys (``yfiles.type="nodegraphics"``
and ``"edgegraphics"``) add what it needs to draw the map as SVX does: a ``y:ShapeNode``
per card with its ``y:Geometry`` (top-left corner and size, see ``export.common``),
``y:Fill`` in the category colour and a ``y:NodeLabel``; a ``y:PolyLineEdge`` per flow with
its arrow and ``y:EdgeLabel``. Written with ``xml.etree`` (networkx's writer cannot write
yEd's graphics); every text is escaped by the writer. Nodes are the organisation, the
stakeholders and (unless left out) parking-lot notes; edges are the flows, keyed by their ids.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from svx_desktop.export.common import (
    ORGANISATION_BORDER,
    ExportOptions,
    cards,
    flow_colour,
    flow_ends,
    text_colour,
    xml_safe,
)
from svx_desktop.model import ValueMap

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
YED_NS = "http://www.yworks.com/xml/graphml"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = "http://graphml.graphdrawing.org/xmlns http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd"

NODE_KEYS = (("n_label", "label"), ("n_kind", "kind"), ("n_category", "category"))
EDGE_KEYS = (
    ("e_label", "label", "string"),
    ("e_direction", "direction", "string"),
    ("e_value_kind", "value_kind", "string"),
    ("e_importance", "importance", "int"),
    ("e_notes", "notes", "string"),
)


def _g(tag: str) -> str:
    return f"{{{GRAPHML_NS}}}{tag}"


def _y(tag: str) -> str:
    return f"{{{YED_NS}}}{tag}"


def _num(value: float) -> str:
    return f"{value:.1f}"


def _data(parent: ET.Element, key: str, text: str) -> ET.Element:
    el = ET.SubElement(parent, _g("data"), key=key)
    el.text = xml_safe(text)
    return el


def write_graphml(vmap: ValueMap, options: ExportOptions | None = None) -> bytes:
    """The map as GraphML bytes (UTF-8) with yEd graphics."""
    options = options or ExportOptions()
    ET.register_namespace("", GRAPHML_NS)
    ET.register_namespace("y", YED_NS)
    ET.register_namespace("xsi", XSI_NS)
    root = ET.Element(_g("graphml"), {f"{{{XSI_NS}}}schemaLocation": SCHEMA})
    for key, name in NODE_KEYS:
        ET.SubElement(root, _g("key"), {
            "id": key, "for": "node", "attr.name": name, "attr.type": "string",
        })  # fmt: skip
    ET.SubElement(
        root, _g("key"), {"id": "n_graphics", "for": "node", "yfiles.type": "nodegraphics"}
    )
    for key, name, kind in EDGE_KEYS:
        ET.SubElement(root, _g("key"), {
            "id": key, "for": "edge", "attr.name": name, "attr.type": kind,
        })  # fmt: skip
    ET.SubElement(
        root, _g("key"), {"id": "e_graphics", "for": "edge", "yfiles.type": "edgegraphics"}
    )
    graph = ET.SubElement(root, _g("graph"), id="G", edgedefault="directed")
    for card in cards(vmap, options):
        node = ET.SubElement(graph, _g("node"), id=xml_safe(card.id))
        _data(node, "n_label", card.text)
        _data(node, "n_kind", card.kind)
        _data(node, "n_category", card.category)
        graphics = ET.SubElement(node, _g("data"), key="n_graphics")
        shape = ET.SubElement(graphics, _y("ShapeNode"))
        left, top, width, height = card.rect
        ET.SubElement(shape, _y("Geometry"), {
            "x": _num(left), "y": _num(top), "width": _num(width), "height": _num(height),
        })  # fmt: skip
        ET.SubElement(shape, _y("Fill"), color=card.fill, transparent="false")
        ET.SubElement(shape, _y("BorderStyle"), {
            "color": ORGANISATION_BORDER, "type": "line",
            "width": "2.0" if card.kind == "organisation" else "1.0",
        })  # fmt: skip
        label = ET.SubElement(shape, _y("NodeLabel"), {
            "alignment": "center", "autoSizePolicy": "content", "fontFamily": "Dialog",
            "fontSize": "13" if card.kind == "organisation" else "12",
            "fontStyle": "bold" if card.kind == "organisation" else "plain",
            "modelName": "internal", "modelPosition": "c",
            "textColor": text_colour(card.fill), "visible": "true",
        })  # fmt: skip
        label.text = xml_safe(card.text)
        ET.SubElement(shape, _y("Shape"), type="roundrectangle")
    for f in vmap.flows:
        source, target = flow_ends(vmap, f)
        edge = ET.SubElement(
            graph, _g("edge"), id=xml_safe(f.id), source=xml_safe(source), target=xml_safe(target)
        )
        _data(edge, "e_label", f.label)
        _data(edge, "e_direction", f.direction.value)
        _data(edge, "e_value_kind", f.value_kind.value)
        _data(edge, "e_importance", str(f.importance))
        _data(edge, "e_notes", f.notes)
        graphics = ET.SubElement(edge, _g("data"), key="e_graphics")
        line = ET.SubElement(graphics, _y("PolyLineEdge"))
        ET.SubElement(line, _y("LineStyle"), color=flow_colour(f), type="line", width="1.0")
        ET.SubElement(line, _y("Arrows"), source="none", target="standard")
        label = ET.SubElement(line, _y("EdgeLabel"), {
            "alignment": "center", "fontFamily": "Dialog", "fontSize": "11",
            "modelName": "centered", "modelPosition": "center", "textColor": "#000000",
            "visible": "true",
        })  # fmt: skip
        label.text = xml_safe(f.label)
        ET.SubElement(line, _y("BendStyle"), smoothed="false")
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


__all__ = ["write_graphml"]
