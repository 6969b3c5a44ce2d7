"""The map for other diagram tools: JSON Canvas, draw.io and Mermaid (no Qt).

- **JSON Canvas 1.0** (``.canvas``, Obsidian's open format): one ``text`` node per card
  (``id, type, x, y, width, height, text, color``; integer positions, top-left corners)
  and one edge per flow (``id, fromNode, toNode, toEnd, label, color``). Node text is
  Markdown in the spec, so it is escaped to show literally; edge labels are plain.
- **draw.io** (``.drawio``, an uncompressed ``<mxfile><diagram><mxGraphModel>``): one vertex
  per card with its position, size and category colour, one edge per flow with its label.
  Every style says ``html=0`` so a label is shown as plain text, never as HTML.
- **Mermaid** (``.mmd``, a ``flowchart``): node ids are made here (``org``, ``s1``…,
  ``n1``…) so no label can break the syntax; every label is quoted and every character
  outside a small safe set is written as a Mermaid entity code (``#60;`` for ``<``), so the
  text shows literally and is never read as markup or syntax. Mermaid lays the chart out
  itself; the map's positions are not carried.

Ids in JSON Canvas and draw.io are the map's element ids (unique across the map).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from svx_desktop.export.common import (
    ORGANISATION_BORDER,
    ExportOptions,
    cards,
    flow_colour,
    flow_ends,
    markdown_escape,
    text_colour,
    xml_safe,
)
from svx_desktop.model import ValueMap


# ------------------------------------------------------------- JSON Canvas
def canvas_document(vmap: ValueMap, options: ExportOptions | None = None) -> dict[str, object]:
    """The JSON Canvas 1.0 document of the map, as a dict."""
    options = options or ExportOptions()
    nodes: list[dict[str, object]] = []
    for card in cards(vmap, options):
        left, top, width, height = card.rect
        text = markdown_escape(card.text)
        nodes.append({
            "id": card.id, "type": "text",
            "x": round(left), "y": round(top), "width": round(width), "height": round(height),
            "text": f"**{text}**" if card.kind == "organisation" and text else text,
            "color": card.fill,
        })  # fmt: skip
    edges: list[dict[str, object]] = []
    for f in vmap.flows:
        source, target = flow_ends(vmap, f)
        edges.append({
            "id": f.id, "fromNode": source, "toNode": target, "toEnd": "arrow",
            "label": f.label, "color": flow_colour(f),
        })  # fmt: skip
    return {"nodes": nodes, "edges": edges}


def write_canvas(vmap: ValueMap, options: ExportOptions | None = None) -> bytes:
    """The map as a ``.canvas`` file (UTF-8 JSON)."""
    doc = canvas_document(vmap, options)
    return (json.dumps(doc, indent="\t", ensure_ascii=False) + "\n").encode("utf-8")


# ------------------------------------------------------------------ draw.io
def _style(**items: str) -> str:
    return "".join(f"{k}={v};" for k, v in items.items())


def write_drawio(vmap: ValueMap, options: ExportOptions | None = None) -> bytes:
    """The map as an uncompressed draw.io diagram (UTF-8 XML)."""
    options = options or ExportOptions()
    mxfile = ET.Element("mxfile", host="SVX", type="device")
    title = vmap.meta.title or vmap.organisation.name or "Map"
    diagram = ET.SubElement(mxfile, "diagram", id="svx-map", name=xml_safe(title))
    model = ET.SubElement(diagram, "mxGraphModel", {
        "grid": "1", "gridSize": "10", "guides": "1", "tooltips": "1", "connect": "1",
        "arrows": "1", "fold": "1", "page": "0", "pageScale": "1", "math": "0", "shadow": "0",
    })  # fmt: skip
    root = ET.SubElement(model, "root")
    ET.SubElement(root, "mxCell", id="0")
    ET.SubElement(root, "mxCell", {"id": "1", "parent": "0"})
    for card in cards(vmap, options):
        left, top, width, height = card.rect
        style = _style(
            rounded="1", whiteSpace="wrap", html="0", fillColor=card.fill,
            fontColor=text_colour(card.fill), strokeColor=ORGANISATION_BORDER,
            strokeWidth="2" if card.kind == "organisation" else "1",
            fontStyle="1" if card.kind == "organisation" else "0",
        )  # fmt: skip
        cell = ET.SubElement(root, "mxCell", {
            "id": xml_safe(card.id), "value": xml_safe(card.text), "style": style,
            "vertex": "1", "parent": "1",
        })  # fmt: skip
        ET.SubElement(cell, "mxGeometry", {
            "x": f"{left:g}", "y": f"{top:g}", "width": f"{width:g}", "height": f"{height:g}",
            "as": "geometry",
        })  # fmt: skip
    for f in vmap.flows:
        source, target = flow_ends(vmap, f)
        style = _style(
            endArrow="classic",
            html="0",
            rounded="0",
            strokeColor=flow_colour(f),
            labelBackgroundColor="#FFFFFF",
        )
        cell = ET.SubElement(root, "mxCell", {
            "id": xml_safe(f.id), "value": xml_safe(f.label), "style": style, "edge": "1",
            "parent": "1", "source": xml_safe(source), "target": xml_safe(target),
        })  # fmt: skip
        ET.SubElement(cell, "mxGeometry", {"relative": "1", "as": "geometry"})
    ET.indent(mxfile)
    data: bytes = ET.tostring(mxfile, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


# ------------------------------------------------------------------ Mermaid
_MERMAID_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.:!?'/")


def mermaid_text(text: str) -> str:
    """``text`` for inside a quoted Mermaid label: unsafe characters as ``#NNN;`` codes,
    line breaks as ``<br>``."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br>".join(
        "".join(ch if ch in _MERMAID_SAFE else f"#{ord(ch)};" for ch in line) for line in lines
    )


def write_mermaid(vmap: ValueMap, options: ExportOptions | None = None) -> bytes:
    """The map as a Mermaid ``flowchart`` (UTF-8 text)."""
    options = options or ExportOptions()
    ids: dict[str, str] = {}
    lines = ["flowchart TB"]
    styles: list[str] = []
    counts = {"organisation": 0, "stakeholder": 0, "note": 0}
    for card in cards(vmap, options):
        counts[card.kind] += 1
        if card.kind == "organisation":
            node = "org"
            shape = '(["{}"])'
        elif card.kind == "stakeholder":
            node = f"s{counts['stakeholder']}"
            shape = '("{}")'
        else:
            node = f"n{counts['note']}"
            shape = '["{}"]'
        ids[card.id] = node
        lines.append(f"    {node}{shape.format(mermaid_text(card.text))}")
        styles.append(
            f"    style {node} fill:{card.fill},color:{text_colour(card.fill)},"
            f"stroke:{ORGANISATION_BORDER}"
        )
    for f in vmap.flows:
        source, target = flow_ends(vmap, f)
        lines.append(f'    {ids[source]} -->|"{mermaid_text(f.label)}"| {ids[target]}')
    return ("\n".join(lines + styles) + "\n").encode("utf-8")


__all__ = [
    "canvas_document",
    "mermaid_text",
    "write_canvas",
    "write_drawio",
    "write_mermaid",
]
