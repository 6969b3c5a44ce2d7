"""Journeys as data: a CSV table with one row per touch point, and CJML XML (no Qt).

``journey_rows`` is the table both the CSV and the XLSX *Touch points* sheet write:
stakeholder by stakeholder in map order, each journey left to right, with the stage, the
order in the journey (1, 2, …), the channels and served expectations by name, the health
as its label and the mechanism's three fields. Text cells go through ``formula_safe``
like the map's CSV, so a spreadsheet never runs a name as a formula.

``write_cjml`` writes the Customer Journey Modeling Language of SINTEF (CJML 2.0 data
format): one ``plannedJourney`` per stakeholder with touch points, its two actors (the
stakeholder as ``endUser``, the organisation as ``serviceProvider``) and one
``plannedCommunicationPoint`` per touch point with its initiator, receiver and channels.
What CJML has no place for (stages, health, moments of truth, expectations, pains, ideas,
mechanisms, charters) is listed in ``docs/exports.md``.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from svx_desktop.export.build import formula_safe
from svx_desktop.export.common import ExportOptions, xml_safe
from svx_desktop.model import ValueMap
from svx_desktop.model.journey_elements import Initiator, TouchPoint

#: The journeys CSV's columns (and the XLSX *Touch points* sheet's), in order.
JOURNEY_COLUMNS = (
    "stakeholder",
    "stage",
    "order",
    "name",
    "channels",
    "initiator",
    "expectations",
    "experience",
    "health",
    "moment_of_truth",
    "pains",
    "ideas",
    "mechanism",
    "sourcing",
    "owner",
)
#: Several channels or expectations in one cell are joined by this.
LIST_SEPARATOR = "; "


def _cells(vmap: ValueMap, tp: TouchPoint, order: int) -> dict[str, str]:
    j = vmap.journeys
    m = tp.mechanism
    return {
        "stakeholder": vmap.stakeholder(tp.stakeholder_id).name,
        "stage": j.stage(tp.stage_id).name if tp.stage_id else "",
        "order": str(order),
        "name": tp.name,
        "channels": LIST_SEPARATOR.join(j.channel(c).name for c in tp.channels),
        "initiator": tp.initiator.value,
        "expectations": LIST_SEPARATOR.join(vmap.flow(f).label for f in tp.serves),
        "experience": tp.experience,
        "health": tp.health.label if tp.health is not None else "",
        "moment_of_truth": "yes" if tp.moment_of_truth else "no",
        "pains": tp.pains,
        "ideas": tp.ideas,
        "mechanism": m.name if m else "",
        "sourcing": m.sourcing.value if m else "",
        "owner": m.owner if m else "",
    }


def journey_rows(vmap: ValueMap) -> Iterator[dict[str, str]]:
    """One row per touch point (see the module docstring)."""
    j = vmap.journeys
    for sid in j.stakeholders_with_journeys():
        for order, tp in enumerate(j.journey(sid), start=1):
            yield _cells(vmap, tp, order)


def write_journeys_csv(vmap: ValueMap, options: ExportOptions | None = None) -> bytes:
    """The touch points as CSV bytes (UTF-8 with a byte-order mark, as the map's CSV)."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(JOURNEY_COLUMNS)
    for row in journey_rows(vmap):
        writer.writerow(row[c] if c == "order" else formula_safe(row[c]) for c in JOURNEY_COLUMNS)
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def _text(parent: ET.Element, tag: str, text: str, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_safe(v) for k, v in attrib.items()})
    element.text = xml_safe(text)
    return element


def _party(parent: ET.Element, tag: str, actor_id: str, label_tag: str, label: str) -> None:
    party = ET.SubElement(parent, tag)
    ET.SubElement(party, "refersTo", actorIDref=xml_safe(actor_id))
    _text(party, label_tag, label)


def write_cjml(vmap: ValueMap, options: ExportOptions | None = None) -> bytes:
    """The journeys as CJML 2.0 XML (UTF-8); see the module docstring."""
    root = ET.Element("CJML", version="2.0")
    org = vmap.organisation
    j = vmap.journeys
    for sid in j.stakeholders_with_journeys():
        points = j.journey(sid)
        if not points:
            continue
        s = vmap.stakeholder(sid)
        journey = ET.SubElement(root, "plannedJourney")
        _text(journey, "journeyID", sid)
        actors = ET.SubElement(journey, "actors")
        user = ET.SubElement(actors, "endUser", actorID=xml_safe(sid))
        _text(user, "actorName", s.name)
        provider = ET.SubElement(actors, "serviceProvider", actorID=xml_safe(org.id))
        _text(provider, "companyName", org.name)
        touchpoints = ET.SubElement(journey, "touchpoints")
        for tp in points:
            point = ET.SubElement(touchpoints, "plannedCommunicationPoint")
            _text(point, "touchpointID", tp.id)
            ours = tp.initiator is Initiator.ORGANISATION
            starter, other = (org.id, sid) if ours else (sid, org.id)
            _party(point, "initiator", starter, "initiatorLabel", tp.name)
            _party(point, "receiver", other, "receiverLabel", tp.experience or tp.name)
            for cid in tp.channels:
                channel = ET.SubElement(point, "channel")
                _text(channel, "channelName", j.channel(cid).name)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


__all__ = [
    "JOURNEY_COLUMNS",
    "journey_rows",
    "write_cjml",
    "write_journeys_csv",
]
