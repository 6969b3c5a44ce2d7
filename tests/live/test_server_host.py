"""Hosting a map in a room of a third-party y-websocket server (pycrdt-websocket's own).

The app joins the room as a peer and seeds it from the map once, stamping its session id;
a second peer joins through the server's URL and edits converge; the page this app serves
relays ideas into the room; another map hosted into the same room is refused and changes
nothing; a host that reconnects or starts again resumes from the room and never seeds a
second copy; the file is saved from the room's map. Every server runs on 127.0.0.1 in the
test's own event loop.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import pytest
from pycrdt import Doc, Map
from websockets.asyncio.client import connect

from svx_desktop.fileformat import load
from svx_desktop.live.binding import build_map
from svx_desktop.live.relay import RoomRefusedError, ServerHost, check_room, room_owner
from svx_desktop.model import Stakeholder
from tests.live.harness import hosting, joined, until
from tests.live.yserver import y_server

EXAMPLES = Path(__file__).parents[2] / "resources" / "examples"


def _copy(folder: Path, name: str) -> Path:
    path = folder / name
    shutil.copyfile(EXAMPLES / name, path)
    return path


@asynccontextmanager
async def server_host(path: Path, store: Path, room: str) -> AsyncIterator[ServerHost]:
    async with hosting(ServerHost(path, store, room, save_delay=0.05)) as host:
        assert isinstance(host, ServerHost)
        yield host


def _counts(vmap: Any) -> tuple[int, int, int]:
    return (len(list(vmap.stakeholders)), len(list(vmap.flows)), len(list(vmap.notes)))


def test_a_map_hosted_on_a_server_room_is_shared_through_it(tmp_path: Path) -> None:
    bank = _copy(tmp_path, "bank.svx")
    original = load(bank).map

    async def main() -> None:
        async with y_server() as (base, rooms), anyio.create_task_group() as tg:
            room = f"{base}/workshop"
            async with server_host(bank, tmp_path / "bank.db", room) as host:
                assert host.seeded and host.links is not None
                assert host.links.editor == room and host.links.ws == room
                assert host.links.view.startswith("http://127.0.0.1:")
                assert "/workshop" in rooms.rooms  # the room name keeps its leading "/"
                async with joined(host.links.editor, tg) as peer:
                    assert peer.vmap == original
                    assert room_owner(peer.peer.doc) == host.session.session_id
                    # Edits converge both ways through the server.
                    peer.vmap.add_stakeholder(Stakeholder("From the other room", "s-far"))
                    await until(
                        lambda: host.vmap is not None and host.vmap.has_stakeholder("s-far")
                    )
                    # The page this app serves relays an idea into the room.
                    page = host.links.view.replace("http://", "ws://").replace(
                        "/view?", "/contribute?"
                    )
                    async with connect(page) as browser:
                        await browser.send(
                            json.dumps({"type": "idea", "name": "Ana", "text": "Cafe"})
                        )
                        while json.loads(await browser.recv())["type"] != "thanks":
                            pass
                    await until(lambda: any("Ana" in n.text for n in peer.vmap.notes))
                    assert host.vmap == peer.vmap
                    # The host's connection to the server drops and comes back: no re-seed.
                    assert host.peer is not None
                    await host.peer.disconnect()
                    await until(lambda: host.peer is not None and not host.peer.connected)
                    await until(lambda: host.peer is not None and host.peer.connected)
                    peer.vmap.add_stakeholder(Stakeholder("After the drop", "s-after"))
                    await until(
                        lambda: host.vmap is not None and host.vmap.has_stakeholder("s-after")
                    )
                    assert _counts(peer.vmap) == _counts(host.vmap)
                    before = _counts(peer.vmap)
                    final = peer.vmap.copy()
            # The file is saved from the room's map.
            saved = load(bank).map
            assert saved == final
            assert (
                _counts(saved)
                == before
                == (
                    len(list(original.stakeholders)) + 2,
                    len(list(original.flows)),
                    len(list(original.notes)) + 1,
                )
            )

    anyio.run(main)


def test_a_second_host_is_refused_and_a_restart_resumes_without_seeding(tmp_path: Path) -> None:
    bank = _copy(tmp_path, "bank.svx")
    other = tmp_path / "other.svx"
    shutil.copyfile(bank, other)

    async def main() -> None:
        async with y_server() as (base, _rooms), anyio.create_task_group() as tg:
            room = f"{base}/workshop"
            async with (
                server_host(bank, tmp_path / "bank.db", room) as host,
                joined(room, tg) as peer,  # keeps the room alive on the server
            ):
                state = peer.peer.doc.get_state()
                counts = _counts(peer.vmap)
                # Another map (another session) into the same room: refused, untouched.
                intruder = ServerHost(other, tmp_path / "other.db", room)
                with pytest.raises(RoomRefusedError, match="another SVX session"):
                    await intruder.run()
                assert peer.peer.doc.get_state() == state
                host.stop()
                await until(lambda: host.peer is not None and not host.peer.connected)
                # While no host is there, the room changes (the file does not know).
                peer.vmap.update_organisation(name="Renamed in the room")
                # The same map hosted again (the app restarted): resumed, not re-seeded
                # (seeding from the file again would undo the rename).
                async with server_host(bank, tmp_path / "bank.db", room) as again:
                    assert not again.seeded
                    assert again.session.session_id == host.session.session_id
                    assert again.vmap is not None
                    assert again.vmap.organisation.name == "Renamed in the room"
                    assert peer.vmap.organisation.name == "Renamed in the room"
                    peer.vmap.add_stakeholder(Stakeholder("Still one copy", "s-one"))
                    await until(
                        lambda: again.vmap is not None and again.vmap.has_stakeholder("s-one")
                    )
                    assert _counts(again.vmap) == _counts(peer.vmap)
                    assert _counts(peer.vmap)[0] == counts[0] + 1

    anyio.run(main)


def test_a_room_holding_other_content_is_refused() -> None:
    doc: Doc[Any] = Doc()
    doc.get("stakeholders", type=Map)["s-1"] = Map({"id": "s-1"})
    with pytest.raises(RoomRefusedError, match="not an SVX session"):
        check_room(doc, "my-session")
    assert not check_room(Doc(), "my-session")  # an empty room is free
    assert build_map(Doc()) is not None


def test_a_server_that_is_not_there_is_named(tmp_path: Path) -> None:
    bank = _copy(tmp_path, "bank.svx")

    async def main() -> None:
        async with y_server() as (base, _rooms):
            pass  # stopped: nothing listens on its port any more
        host = ServerHost(bank, tmp_path / "bank.db", f"{base}/workshop")
        with pytest.raises(RoomRefusedError, match="refused") as caught:
            await host.run()
        assert base in str(caught.value)

    anyio.run(main)
