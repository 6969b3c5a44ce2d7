"""A live session over real WebSockets on 127.0.0.1: peers, the host, its file and store.

Each test starts its own host (and peers) in its own event loop and stops them. Three
peers that edit at once converge to one map, equal to the host's and to the file it
saved; a peer that went offline merges its edits when it comes back; a view-only link's
edits are dropped; a wrong token gets nothing; a thousand malformed frames are refused
with the host still serving.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import anyio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycrdt import Doc, Map, create_awareness_message, create_sync_message, create_update_message
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from svx_desktop.fileformat import load
from svx_desktop.live.awareness import encode_update
from svx_desktop.live.binding import build_map
from svx_desktop.live.peer import LivePeer
from svx_desktop.model import Note, Stakeholder
from tests.live.edits import random_edit
from tests.live.harness import joined, running_host, until

BANK = Path(__file__).parents[2] / "resources" / "examples" / "bank.svx"


def _map_file(folder: Path) -> Path:
    path = folder / "bank.svx"
    shutil.copyfile(BANK, path)
    return path


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1))
def test_three_peers_converge_under_concurrent_edits_and_the_file_agrees(
    tmp_path_factory: pytest.TempPathFactory, seed: int
) -> None:
    folder = tmp_path_factory.mktemp("session")
    path = _map_file(folder)
    rng = random.Random(seed)

    async def main() -> None:
        async with running_host(path, folder / "store.db", save_delay=0.05) as host:
            assert host.links is not None
            async with (
                anyio.create_task_group() as tg,
                joined(host.links.ws, tg) as a,
                joined(host.links.editor, tg) as b,
                joined(host.links.ws, tg) as c,
            ):
                peers = [a, b, c]
                for _ in range(rng.randint(1, 3)):
                    for _ in range(rng.randint(1, 8)):
                        i = rng.randrange(3)
                        random_edit(peers[i].vmap, rng, f"p{i}-")
                        if rng.random() < 0.3:
                            await anyio.sleep(0)
                    await until(lambda: all(p.vmap == host.vmap for p in peers))
                final = host.vmap.copy()
                for p in peers:
                    assert build_map(p.peer.doc) == final
        saved = load(path).map
        assert saved == final

    anyio.run(main)


def test_a_peer_that_went_offline_merges_its_edits_on_reconnect(tmp_path: Path) -> None:
    path = _map_file(tmp_path)

    async def main() -> None:
        async with running_host(path, tmp_path / "store.db") as host:
            assert host.links is not None
            async with (
                anyio.create_task_group() as tg,
                joined(host.links.ws, tg) as a,
                joined(host.links.ws, tg) as b,
            ):
                a.peer.stop()
                await until(lambda: not a.peer.connected)
                # Offline: A edits its local copy while B edits the live map.
                a.vmap.add_stakeholder(Stakeholder("Offline idea", "s-offline"))
                a.vmap.update_organisation(name="Renamed offline")
                b.vmap.add_note(Note("said in the room", "n-live"))
                await until(lambda: host.vmap.has_note("n-live"))
                assert not host.vmap.has_stakeholder("s-offline")
                back = LivePeer(host.links.ws, doc=a.peer.doc)
                tg.start_soon(back.run)
                await until(lambda: a.vmap == host.vmap == b.vmap)
                assert host.vmap.has_stakeholder("s-offline")
                assert a.vmap.has_note("n-live")
                assert host.vmap.organisation.name == "Renamed offline"
                back.stop()
        assert load(path).map.has_stakeholder("s-offline")

    anyio.run(main)


def test_the_view_link_cannot_change_the_map(tmp_path: Path) -> None:
    path = _map_file(tmp_path)

    async def main() -> None:
        async with running_host(path, tmp_path / "store.db") as host:
            assert host.links is not None
            before = host.vmap.copy()
            async with (
                anyio.create_task_group() as tg,
                joined(host.links.view_ws, tg) as viewer,
                joined(host.links.ws, tg) as editor,
            ):
                viewer.vmap.add_stakeholder(Stakeholder("Sneaky", "s-sneaky"))
                viewer.vmap.update_organisation(name="Taken over")
                await until(lambda: host.refused >= 2)
                # The viewer still follows the editors' changes.
                editor.vmap.add_note(Note("from an editor", "n-editor"))
                await until(lambda: viewer.vmap.has_note("n-editor"))
            assert not host.vmap.has_stakeholder("s-sneaky")
            assert host.vmap.organisation == before.organisation
        saved = load(path).map
        assert not saved.has_stakeholder("s-sneaky") and saved.has_note("n-editor")

    anyio.run(main)


def test_a_wrong_token_gets_nothing(tmp_path: Path) -> None:
    path = _map_file(tmp_path)

    async def main() -> None:
        async with running_host(path, tmp_path / "store.db") as host:
            assert host.links is not None
            base = host.links.ws.split("?")[0]
            for url in (base, base + "?token=guess", base.rsplit("/", 1)[0] + "/other?token=x"):
                with pytest.raises(InvalidStatus) as e:
                    async with connect(url):
                        pass
                assert e.value.response.status_code == 404
            assert list(host._ws_server.rooms) == [host.session.room]

    anyio.run(main)


def _hostile_frames(rng: random.Random, n: int) -> list[bytes | str]:
    doc = Doc()
    root = doc.get("stakeholders", type=Map)
    root["x"] = Map({"id": "x", "name": "valid"})
    update = create_update_message(doc.get_update())
    step1 = create_sync_message(doc)
    frames: list[bytes | str] = []
    person = encode_update([(7, 1, {"user": {"name": "Fuzz", "color": "#00806A"}})])
    for i in range(n):
        kind = i % 7
        if kind == 0:
            frames.append(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64))))
        elif kind == 1:
            b = bytearray(update)
            for _ in range(rng.randint(1, 4)):
                b[rng.randrange(len(b))] = rng.randrange(256)
            frames.append(bytes(b))
        elif kind == 2:
            frames.append(update[: rng.randrange(1, len(update))])
        elif kind == 3:
            frames.append(bytes([0, 2]) + b"\xff" * rng.randrange(1, 12))
        elif kind == 4:
            frames.append(step1 + bytes([rng.randrange(256)]))
        elif kind == 6:
            b = bytearray(create_awareness_message(person))
            b[rng.randrange(1, len(b))] = rng.choice([0x00, 0x7F, 0xFF, ord("{")])
            frames.append(bytes(b))
        else:
            frames.append(rng.choice(["hello", "{}", "\x00" * 10, "\u202e" * 5]))
    return frames


def test_a_thousand_malformed_frames_are_refused_and_the_host_keeps_serving(
    tmp_path: Path,
) -> None:
    path = _map_file(tmp_path)
    frames = _hostile_frames(random.Random(14), 1400)

    async def main() -> None:
        async with running_host(path, tmp_path / "store.db") as host:
            assert host.links is not None
            async with connect(host.links.ws, max_size=None) as conn:
                for frame in frames:
                    await conn.send(frame)
                # The connection is still served: a sync request gets its answer.
                await conn.send(create_sync_message(Doc()))
                with anyio.fail_after(20):
                    while True:
                        reply = await conn.recv()
                        if isinstance(reply, bytes) and reply[:2] == b"\x00\x01":
                            break
            assert host.refused >= 1000
            async with (
                anyio.create_task_group() as tg,
                joined(host.links.ws, tg) as a,
                joined(host.links.ws, tg) as b,
            ):
                a.vmap.add_note(Note("still here", "n-after"))
                await until(lambda: b.vmap.has_note("n-after") and host.vmap == b.vmap)
                assert build_map(host.doc) == host.vmap

    anyio.run(main)


def test_the_room_keeps_its_content_when_everyone_has_left(tmp_path: Path) -> None:
    path = _map_file(tmp_path)

    async def main() -> None:
        async with running_host(path, tmp_path / "store.db") as host:
            assert host.links is not None
            async with anyio.create_task_group() as tg, joined(host.links.ws, tg) as a:
                a.vmap.add_note(Note("before everyone left", "n-kept"))
                await until(lambda: host.vmap.has_note("n-kept"))
            await until(lambda: not host._ws_server.rooms[host.session.room].clients)
            async with anyio.create_task_group() as tg, joined(host.links.ws, tg) as b:
                assert b.vmap.has_note("n-kept")
                assert b.vmap == host.vmap

    anyio.run(main)
