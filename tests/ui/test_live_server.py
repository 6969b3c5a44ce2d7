"""Share ▸ Host Live Session… in a room of a y-websocket server the organisation runs.

The server is pycrdt-websocket's own ``WebsocketServer`` in a thread of its own
(``tests.live.yserver``). The window hosts its map there: the editor link is the server's
room, a peer joining through it edits the window's map (which is saved to its file), and
another map hosted into the same room is refused with a message saying so.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from svx_desktop.fileformat import load
from svx_desktop.model import Stakeholder
from svx_desktop.ui import share
from svx_desktop.ui.live_connect import HostChoice
from tests.live.yserver import threaded_y_server
from tests.ui.conftest import DialogAnswers
from tests.ui.test_live import WAIT, RemotePeer


@pytest.fixture
def server() -> Iterator[str]:
    with threaded_y_server() as base:
        yield base


def test_host_choice_offers_this_computer_or_a_server_room(qtbot: Any) -> None:
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    choice = HostChoice(parent)
    assert choice.local.isChecked() and choice.server() is None
    choice.url.setText("ws://server.example/room")
    choice.url.textEdited.emit("ws://server.example/room")  # as typing does
    assert choice.remote.isChecked() and choice.server() == "ws://server.example/room"
    assert HostChoice(parent, "ws://s/r").server() == "ws://s/r"


def test_a_window_hosts_its_map_in_a_server_room(
    make_window: Callable[..., Any],
    bank_path: Path,
    tmp_path: Path,
    answers: DialogAnswers,
    server: str,
    qtbot: Any,
) -> None:
    room = f"{server}/workshop"
    window = make_window()
    assert window.open_path(bank_path)
    share.attach(window)
    assert window.live.host(server=room)
    qtbot.waitUntil(lambda: window.live.link is not None, timeout=WAIT)
    try:
        editor, view = (f.text() for f in window.live.dialog.fields)
        assert editor == room and view.startswith("http://127.0.0.1:")
        peer = RemotePeer(editor)
        try:
            assert peer.vmap == window.document.map
            peer.vmap.add_stakeholder(Stakeholder("From the server room", "s-room"))
            qtbot.waitUntil(lambda: window.document.map.has_stakeholder("s-room"), timeout=WAIT)
            qtbot.waitUntil(lambda: load(bank_path).map.has_stakeholder("s-room"), timeout=WAIT)
            # Who is there: this window and the peer; the app's relay into the room is
            # no person, so it is neither listed nor counted.
            dialog = window.live.dialog
            peer.session.set_name("Remote co-facilitator")
            qtbot.waitUntil(lambda: "Remote co-facilitator" in dialog.panel.names(), timeout=WAIT)
            qtbot.wait(1500)  # a relay's state would have arrived by now
            names = dialog.panel.names()
            assert names == [f"{window.live.link.presence.name} (you)", "Remote co-facilitator"]
            # ... and the peer, arriving after the window, learns of it well before the
            # window's next renewal (every 5 s): the window answers a newcomer at once.
            others = peer.session.peer.presence.people
            qtbot.waitUntil(lambda: len(others()) == 1, timeout=2500)
            dialog.refresh()
            assert dialog.people.text().startswith("Connected now: 2")

            # Another map hosted into the same room is refused; nothing else happens.
            other_path = tmp_path / "other.svx"
            shutil.copyfile(bank_path, other_path)
            other = make_window()
            assert other.open_path(other_path)
            share.attach(other)
            assert other.live.host(server=room)
            qtbot.waitUntil(lambda: other.live.pending is None, timeout=WAIT)
            assert other.live.link is None
            shown = answers.texts()[-1]
            assert "Cannot start the live session." in shown and "another SVX session" in shown
            assert peer.sees(
                lambda: len(peer.vmap.stakeholders) == len(window.document.map.stakeholders)
            )
        finally:
            peer.session.stop()
    finally:
        window.live.leave()
