"""The picture of the map on the view-and-contribute page: drawn off the hot path, shared.

One ``PagePicture`` per host draws the map for every page viewer at once: only while a page
is open, only after the map changed, and at most once per ``interval`` seconds (longer when
a drawing is slow: never sooner than three times the last drawing's cost after it). The
host's ``render_svg`` (the export renderer, which needs Qt: injected by the desktop app and
by ``svx serve``, since ``live`` stays Qt-free) is called in a worker thread with the map's
document (``fileformat.serialize.to_document``, plain dicts taken on the host's loop), so
edits go on while it draws; without one, or when it fails or its SVG is not safe to show
(``safe_svg``), the page gets the plain picture of ``svgmap`` (which is also what the
first viewer sees at once while the first real drawing is made). The message each viewer is
sent is built once per drawing and shared (``payload``).
"""

from __future__ import annotations

import json
import logging
import math
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import anyio

from svx_desktop.fileformat.serialize import to_document
from svx_desktop.live.svgmap import map_svg
from svx_desktop.model import ValueMap

log = logging.getLogger(__name__)

#: A renderer of a map's document (``to_document``) to SVG text; may block (worker thread).
#: A renderer that draws a map of its own (the desktop window's) sets an attribute
#: ``wants_document = False`` and is given ``{}``: the host then does not serialise its map
#: on the session's loop for a drawing that would not read it.
RenderSvg = Callable[[dict[str, Any]], str]

#: Shortest time between two drawings of the page's picture, in seconds.
RENDER_INTERVAL = 0.75
#: Largest SVG the page is sent (a bigger one gets the plain picture).
MAX_SVG_CHARS = 32 * 1024 * 1024

_FORBIDDEN_TAGS = {"script", "foreignobject", "iframe", "object", "embed", "audio", "video"}
_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _safe_reference(value: str) -> bool:
    value = value.strip().lower()
    return value.startswith("#") or value.startswith("data:image/png") or value == ""


def safe_svg(text: str) -> bool:
    """Whether ``text`` is one SVG document with no script, no event handler, no foreign
    content and no reference outside itself (what the page's strict CSP also enforces)."""
    if len(text) > MAX_SVG_CHARS or "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
        return False
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return False
    if _local(root.tag) != "svg":
        return False
    for element in root.iter():
        tag = _local(element.tag)
        if tag in _FORBIDDEN_TAGS:
            return False
        if tag == "style" and ("@import" in (element.text or "").lower()):
            return False
        styles = [element.text or ""] if tag == "style" else []
        for name, value in element.attrib.items():
            attr = _local(name)
            if attr.startswith("on"):
                return False
            if attr == "href" and not _safe_reference(value):
                return False
            if attr == "style" or "url(" in value.lower():
                styles.append(value)
        for style in styles:
            if any(not _safe_reference(ref) for ref in _URL.findall(style)):
                return False
    return True


class PagePicture:
    """The page's current picture of one map (see the module docstring)."""

    def __init__(self, render: RenderSvg | None = None, interval: float = RENDER_INTERVAL) -> None:
        self.render = render
        self.interval = interval
        #: Bumped with every new drawing (0: nothing drawn yet).
        self.version = 0
        self.svg = ""
        #: Whether the last drawing came from ``render`` (False: the plain picture).
        self.rendered = False
        self._changes = 0
        self._drawn = -1
        self._last = -math.inf
        self._cost = 0.0
        self._busy = False
        self._watched: ValueMap | None = None
        self._payloads: dict[bool, bytes] = {}

    def watch(self, vmap: ValueMap) -> None:
        """Follow ``vmap``'s changes (once; the host's map does not change identity)."""
        if self._watched is None:
            self._watched = vmap
            vmap.subscribe(self._changed)

    def close(self) -> None:
        if self._watched is not None:
            self._watched.unsubscribe(self._changed)
            self._watched = None

    def _changed(self, _event: object) -> None:
        self._changes += 1

    def first(self, vmap: ValueMap) -> None:
        """A plain picture at once for the first viewer, while the real one is drawn."""
        if self.version == 0:
            self.svg = map_svg(vmap)
            self.version = 1
            self._payloads.clear()

    def due(self) -> bool:
        if self._busy or self._drawn == self._changes:
            return False
        return time.monotonic() - self._last >= max(self.interval, 3 * self._cost)

    async def refresh(self, vmap: ValueMap) -> None:
        """Draw the map anew if it is due (one drawing at a time, shared by all viewers)."""
        if not self.due():
            return
        self._busy = True
        changes = self._changes
        started = time.monotonic()
        try:
            svg = await self._draw(vmap)
        finally:
            self._busy = False
        self._cost = time.monotonic() - started
        self._last = time.monotonic()
        self._drawn = changes
        self.svg = svg
        self.version += 1
        self._payloads.clear()

    async def _draw(self, vmap: ValueMap) -> str:
        self.rendered = False
        if self.render is not None:
            wanted = getattr(self.render, "wants_document", True)
            document = to_document(vmap) if wanted else {}
            try:
                svg = await anyio.to_thread.run_sync(_checked, self.render, document,
                                                     abandon_on_cancel=True)  # fmt: skip
            except Exception as e:
                log.warning("live session: the map's picture is not shown: %s", e)
            else:
                self.rendered = True
                return svg
        return map_svg(vmap)

    def payload(self, is_open: bool) -> bytes:
        """The page's ``map`` message for the current drawing (UTF-8 JSON, built once)."""
        message = self._payloads.get(is_open)
        if message is None:
            text = json.dumps({"type": "map", "svg": self.svg, "open": is_open})
            message = self._payloads[is_open] = text.encode("utf-8")
        return message


def _checked(render: RenderSvg, document: dict[str, Any]) -> str:
    """``render(document)`` if its SVG is safe to show (in the worker thread)."""
    svg = render(document)
    if not isinstance(svg, str) or not safe_svg(svg):
        raise ValueError("the drawing is not a safe SVG (script, handler or outside reference)")
    return svg
