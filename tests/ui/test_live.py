"""Share ▸ Host Live Session… and Join… on real windows, with a real session on 127.0.0.1.

A hosted map shows its links with QR codes; a remote peer's edit appears in the window's
map and canvas and is saved to the file; the window's own edit reaches the peer, and Undo
undoes only it. Join opens the session's map in a new window. Each test stops what it
started.
"""

from __future__ import annotations

import json
import queue
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pycrdt import Doc
from PySide6.QtWidgets import QLabel
from websockets.sync.client import connect

from svx_desktop.editing.commands import EditElements
from svx_desktop.fileformat import load
from svx_desktop.live.background import BackgroundSession
from svx_desktop.live.binding import LiveBinding, build_map
from svx_desktop.model import Stakeholder
from svx_desktop.ui import share
from tests.ui.conftest import DialogAnswers
from tests.ui.live_helpers import WAIT, hosting_window, joined_window


class RemotePeer:
    """Another person's SVX, reduced to a map bound to a session in this thread."""

    def __init__(self, url: str) -> None:
        self.inbox: queue.Queue[bytes] = queue.Queue()
        self.session = BackgroundSession(self.inbox.put, url=url)
        self.doc: Doc[Any] = Doc()
        self.doc.apply_update(self.session.start())
        self.vmap = build_map(self.doc)
        LiveBinding(self.vmap, self.doc)
        self.doc.observe(lambda e: self.session.push(e.update))

    def pump(self) -> None:
        while not self.inbox.empty():
            self.doc.apply_update(self.inbox.get())

    def sees(self, check: Callable[[], bool]) -> bool:
        self.pump()
        return check()


def _page_open(view_link: str) -> bool:
    """Whether the view-and-contribute page is told that ideas are welcome."""
    url = view_link.replace("http://", "ws://").replace("/view?", "/contribute?")
    with connect(url, open_timeout=20) as page:
        return bool(json.loads(page.recv(timeout=20))["open"])


def test_host_shows_links_and_follows_a_remote_peer(
    make_window: Callable[..., Any], bank_path: Path, answers: DialogAnswers, qtbot: Any
) -> None:
    window = hosting_window(make_window, bank_path, qtbot)
    live = window.live
    try:
        editor, view = (f.text() for f in live.dialog.fields)
        assert editor.startswith("http://127.0.0.1:") and "/view?token=" in view
        codes = [lb for lb in live.dialog.findChildren(QLabel) if not lb.pixmap().isNull()]
        assert len(codes) == 2
        room = live.dialog.room_field  # the ws:// room, to copy into any y-websocket client
        assert room.isReadOnly() and room.text() == editor.replace("http://", "ws://", 1)
        # The dialog fits a 1280 px wide screen, however long the links.
        assert live.dialog.sizeHint().width() <= 1200
        peer = RemotePeer(editor)
        try:
            peer.vmap.add_stakeholder(Stakeholder("Remote person's idea", "s-remote"))
            qtbot.waitUntil(lambda: window.document.map.has_stakeholder("s-remote"), timeout=WAIT)
            assert window.scene.item_for("s-remote") is not None
            qtbot.waitUntil(lambda: load(bank_path).map.has_stakeholder("s-remote"), timeout=WAIT)
            assert "Live: hosting" in live.link.status.text()

            org = window.document.map.organisation
            window.document.push(
                EditElements(window.document.map, "organisation", {"": {"name": "Renamed here"}})
            )
            qtbot.waitUntil(
                lambda: peer.sees(lambda: peer.vmap.organisation.name == "Renamed here"),
                timeout=WAIT,
            )
            window.document.undo_stack.undo()  # undoes this window's edit only
            assert window.document.map.organisation.name == org.name
            assert window.document.map.has_stakeholder("s-remote")
            qtbot.waitUntil(
                lambda: peer.sees(lambda: peer.vmap.organisation.name == org.name), timeout=WAIT
            )

            # An undo that no longer applies is skipped with a word in the status bar.
            window.document.push(
                EditElements(window.document.map, "stakeholder", {"s-remote": {"name": "Mine"}})
            )
            qtbot.waitUntil(
                lambda: peer.sees(lambda: peer.vmap.stakeholder("s-remote").name == "Mine"),
                timeout=WAIT,
            )
            peer.vmap.remove_stakeholder("s-remote")
            qtbot.waitUntil(
                lambda: not window.document.map.has_stakeholder("s-remote"), timeout=WAIT
            )
            window.document.undo_stack.undo()
            assert "Undo skipped" in window.statusBar().currentMessage()
            assert not window.document.map.has_stakeholder("s-remote")

            # The facilitator closes the room's ideas: the page is told so from then on.
            assert live.dialog.ideas.isChecked() and _page_open(view)
            live.dialog.ideas.setChecked(False)
            qtbot.waitUntil(lambda: not _page_open(view), timeout=WAIT)
        finally:
            peer.session.stop()
    finally:
        live.leave()


def test_join_opens_the_session_in_a_new_window(
    make_window: Callable[..., Any], bank_path: Path, answers: DialogAnswers, qtbot: Any
) -> None:
    host_window = hosting_window(make_window, bank_path, qtbot)
    try:
        editor = host_window.live.dialog.fields[0].text()
        joined = joined_window(host_window.live, editor, qtbot)
        assert joined is not None and joined is not host_window
        try:
            assert joined.document.map == host_window.document.map
            assert joined.document.path is None  # an untitled copy
            joined.document.map.add_stakeholder(Stakeholder("From the joiner", "s-joiner"))
            qtbot.waitUntil(
                lambda: host_window.document.map.has_stakeholder("s-joiner"), timeout=WAIT
            )
            host_window.live.leave()  # the host goes away: the joiner goes on offline
            link = joined.live.link
            qtbot.waitUntil(lambda: not link.session.connected, timeout=WAIT)
            joined.document.map.add_stakeholder(Stakeholder("Said offline", "s-offline"))

            def offline_counted() -> bool:
                link.show_status()
                return link.status.text() == "Live: offline — 1 change to sync"

            qtbot.waitUntil(offline_counted, timeout=WAIT)
        finally:
            joined.live.leave()
        assert joined.document.map.has_stakeholder("s-joiner")  # the copy stays
    finally:
        host_window.live.leave()


def test_hosting_an_untitled_map_saves_it_first(
    make_window: Callable[..., Any], tmp_path: Path, answers: DialogAnswers, qtbot: Any
) -> None:
    window = make_window()
    share.attach(window)
    window.document.map.add_stakeholder(Stakeholder("Customers", "s-c"))
    answers.answer(None)  # Save As… cancelled: nothing is hosted
    assert not window.live.host()
    assert window.live.link is None
    target = tmp_path / "workshop.svx"
    answers.answer(str(target))  # Save As… to a file: then the session starts
    assert window.live.host()
    qtbot.waitUntil(lambda: window.live.link is not None, timeout=WAIT)
    try:
        assert load(target).map.has_stakeholder("s-c")
        assert window.live.dialog.fields[0].text().startswith("http://127.0.0.1:")
    finally:
        window.live.leave()
