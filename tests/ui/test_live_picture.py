"""The view-and-contribute page shows the export renderer's SVG, drawn by the window.

A hosted window's page first gets the plain picture, then the one ``svx export`` would
write (its ``data-stakeholder-id`` groups), drawn on the GUI thread while the test keeps
the event loop turning. A hostile stakeholder name arrives only as escaped text: no
script, nothing outside the picture, the name read back exactly as typed.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

from websockets.sync.client import connect

from svx_desktop.editing.commands import EditElements
from svx_desktop.live.picture import safe_svg
from svx_desktop.ui import share
from tests.ui.conftest import DialogAnswers
from tests.ui.test_live import WAIT

HOSTILE = "</text><script>alert(1)</script>&amp;"


def test_the_page_gets_the_export_picture_with_every_label_escaped(
    make_window: Callable[..., Any], bank_path: Path, answers: DialogAnswers, qtbot: Any
) -> None:
    window = make_window()
    assert window.open_path(bank_path)
    sid = window.document.map.stakeholders[0].id
    fid = window.document.map.flows[0].id
    window.document.push(EditElements(window.document.map, "stakeholder", {sid: {"name": HOSTILE}}))
    window.document.push(EditElements(window.document.map, "flow", {fid: {"label": HOSTILE}}))
    share.attach(window)
    assert window.live.host()  # saves the map first
    qtbot.waitUntil(lambda: window.live.link is not None, timeout=WAIT)
    try:
        view = window.live.dialog.fields[1].text()
        url = view.replace("http://", "ws://").replace("/view?", "/contribute?")
        pictures: list[str] = []
        with connect(url, open_timeout=20) as page:

            def exported() -> bool:
                try:
                    message = json.loads(page.recv(timeout=0.05))
                except TimeoutError:
                    return False
                if message["type"] == "map":
                    pictures.append(message["svg"])
                return bool(pictures) and "data-stakeholder-id" in pictures[-1]

            qtbot.waitUntil(exported, timeout=WAIT)
        first, svg = pictures[0], pictures[-1]
        assert "data-stakeholder-id" not in first  # the plain picture came at once
        assert safe_svg(svg) and "<script" not in svg.lower()
        # The flow label's title holds the whole label: escaped, and read back as typed.
        assert "&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;" in svg
        root = ET.fromstring(svg)
        card = next(
            g
            for g in root.iter("{http://www.w3.org/2000/svg}g")
            if g.get("data-stakeholder-id") == sid
        )
        texts = ["".join(t.itertext()) for t in card.iter("{http://www.w3.org/2000/svg}text")]
        assert any(t.startswith(HOSTILE[:20]) for t in texts), texts  # elided as drawn
        label = next(
            g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("data-flow-id") == fid
        )
        assert label.findtext("{http://www.w3.org/2000/svg}title") == HOSTILE
    finally:
        window.live.leave()


def test_leaving_while_a_drawing_is_asked_for_leaves_no_thread_waiting(
    make_window: Callable[..., Any], bank_path: Path, answers: DialogAnswers, qtbot: Any
) -> None:
    import threading
    import time

    window = make_window()
    assert window.open_path(bank_path)
    share.attach(window)
    assert window.live.host()
    qtbot.waitUntil(lambda: window.live.link is not None, timeout=WAIT)
    session = window.live.link.session
    view = window.live.dialog.fields[1].text()
    url = view.replace("http://", "ws://").replace("/view?", "/contribute?")
    with connect(url, open_timeout=20) as page:
        assert json.loads(page.recv(timeout=20))["type"] == "map"  # the plain picture
        renderer = window.live.renderer
        # The host now asks the window to draw; this thread does not turn the event loop,
        # so the request stays unanswered.
        for _ in range(2000):
            if renderer._jobs:
                break
            time.sleep(0.01)
        assert renderer._jobs
        window.live.leave()
    assert not session.alive and renderer.closed and not renderer._jobs
    qtbot.waitUntil(
        lambda: not any(t.name.startswith("AnyIO worker") for t in threading.enumerate()),
        timeout=WAIT,
    )
