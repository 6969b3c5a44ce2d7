"""Who is in a session and what each has selected, over real WebSockets on 127.0.0.1.

Two peers joined through a host see each other's name, colour and selection; a peer that
leaves (or whose link just drops) is gone from the other at once, not after a timeout; a
late joiner is told who is already there; hostile or oversize awareness frames, frames
for another person's client and frames from a view-only link are refused with the host
still serving; awareness never reaches the document, the store or the file.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
import pytest
from pycrdt import create_awareness_message
from websockets.asyncio.client import connect

from svx_desktop.fileformat import load
from svx_desktop.live import awareness
from svx_desktop.live.awareness import (
    MAX_ENTRIES,
    MAX_STATE_BYTES,
    PALETTE,
    AwarenessError,
    clean_name,
    decode_update,
    encode_update,
    presence_of,
    state_of,
)
from svx_desktop.live.host import SessionHost
from svx_desktop.live.peer import LivePeer
from svx_desktop.model import Note
from tests.live.harness import Peer, joined, running_host, until

BANK = Path(__file__).parents[2] / "resources" / "examples" / "bank.svx"


def _map_file(folder: Path) -> Path:
    path = folder / "bank.svx"
    shutil.copyfile(BANK, path)
    return path


@asynccontextmanager
async def _host_with_ada(folder: Path) -> AsyncIterator[tuple[SessionHost, str, Peer]]:
    """A host of a copy of the bank map, and a peer named Ada joined to it."""
    async with running_host(_map_file(folder), folder / "store.db") as host:
        assert host.links is not None
        url = host.links.ws
        async with (
            anyio.create_task_group() as tg,
            joined(url, tg, LivePeer(url, name="Ada")) as ada,
        ):
            yield host, url, ada


def _names(peer: LivePeer) -> dict[str, frozenset[str]]:
    return {p.name: p.selection for p in peer.presence.people()}


def test_two_peers_see_each_others_name_colour_and_selection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No timeout can explain a person going: only a goodbye or the host's word can.
    monkeypatch.setattr(awareness, "TIMEOUT_MS", 600_000)
    path = _map_file(tmp_path)
    before = path.read_bytes()

    async def main() -> None:
        async with running_host(path, tmp_path / "store.db", save_delay=0.05) as host:
            assert host.links is not None
            url = host.links.ws
            async with anyio.create_task_group() as tg:
                ada_peer, bob_peer = LivePeer(url, name="Ada"), LivePeer(url, name="Bob")
                async with joined(url, tg, ada_peer) as ada, joined(url, tg, bob_peer) as bob:
                    sid = ada.vmap.stakeholders[0].id
                    ada.peer.presence.set_selection([sid])
                    await until(lambda: _names(bob.peer).get("Ada") == {sid})
                    (seen,) = bob.peer.presence.people()
                    assert seen.colour == ada.peer.presence.colour and seen.colour in PALETTE
                    assert _names(ada.peer) == {"Bob": frozenset()}
                    assert [p.name for p in host.people()] == ["Ada", "Bob"]
                    ada.peer.presence.set_selection([])
                    await until(lambda: _names(bob.peer).get("Ada") == frozenset())
                    # A late joiner is told at once who is there.
                    async with joined(url, tg, LivePeer(url, name="Cy")) as cy:
                        await until(lambda: set(_names(cy.peer)) == {"Ada", "Bob"})
                    await until(lambda: "Cy" not in _names(bob.peer))
                    # Its link dropping (no goodbye) takes a person away too.
                    await ada.peer.disconnect()
                    await until(lambda: "Ada" not in _names(bob.peer))
                    await until(lambda: "Ada" in _names(bob.peer))  # it reconnects
                    ada.peer.stop()
                    await until(lambda: _names(bob.peer) == {})
                    # Awareness changed nothing in the document: no edit, nothing saved.
                    assert host.vmap == load(path).map
                    bob.vmap.add_note(Note("after", "n-after"))
                    await until(lambda: host.vmap.has_note("n-after"))
            store_bytes = (tmp_path / "store.db").read_bytes()
            assert b"selection" not in store_bytes and b"Ada" not in store_bytes
        saved = path.read_bytes()
        assert saved != before and b"Ada" not in saved and b"selection" not in saved

    anyio.run(main)


def test_hostile_awareness_frames_are_refused_and_the_host_keeps_serving(
    tmp_path: Path,
) -> None:
    person = state_of("Mallory", PALETTE[0], ["s-1"])
    hostile = [
        create_awareness_message(b"\x05\x01"),  # truncated
        create_awareness_message(encode_update([(7, 1, person)]) + b"x"),  # trailing bytes
        create_awareness_message(b"\x01\x07\x01\x03[1]"),  # not an object
        create_awareness_message(b"\x01\x07\x01\x02\xff\xfe"),  # not UTF-8
        create_awareness_message(b"\x01\x07\x01\x03{x}"),  # not JSON
        create_awareness_message(  # oversize state
            encode_update([(7, 1, {"user": {"name": "x" * MAX_STATE_BYTES}})])
        ),
        create_awareness_message(  # too many states
            encode_update([(100 + i, 1, person) for i in range(MAX_ENTRIES + 1)])
        ),
        create_awareness_message(  # more clients than one link may speak for
            encode_update([(200 + i, 1, person) for i in range(5)])
        ),
    ]

    async def main() -> None:
        async with _host_with_ada(tmp_path) as (host, url, ada):
            assert host.links is not None
            await until(lambda: [p.name for p in host.people()] == ["Ada"])
            async with connect(url, max_size=None) as conn:
                for frame in hostile:
                    await conn.send(frame)
                # Speaking for Ada's client is refused too.
                theft = encode_update([(ada.peer.presence.client_id, 99, None)])
                await conn.send(create_awareness_message(theft))
                await until(lambda: host.refused >= len(hostile) + 1)
                # A well-formed state on the same link still passes.
                await conn.send(create_awareness_message(encode_update([(9, 1, person)])))
                await until(lambda: "Mallory" in _names(ada.peer))
            await until(lambda: "Mallory" not in _names(ada.peer))
            assert [p.name for p in host.people()] == ["Ada"]
            # A view-only link may not publish who it is.
            async with connect(host.links.view_ws, max_size=None) as viewer:
                refused = host.refused
                await viewer.send(create_awareness_message(encode_update([(11, 1, person)])))
                await until(lambda: host.refused == refused + 1)
            assert "Mallory" not in _names(ada.peer)
            ada.vmap.add_note(Note("still serving", "n-still"))
            await until(lambda: host.vmap.has_note("n-still"))

    anyio.run(main)


def test_people_who_meet_with_one_colour_end_with_different_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(awareness, "colour_for", lambda _client_id: PALETTE[3])
    path = _map_file(tmp_path)

    async def main() -> None:
        async with running_host(path, tmp_path / "store.db") as host:
            assert host.links is not None
            url = host.links.ws
            peers = [LivePeer(url, name=name) for name in ("Ada", "Bob", "Cy")]
            assert {p.presence.colour for p in peers} == {PALETTE[3]}

            def apart() -> bool:
                mine = [p.presence.colour for p in peers]
                seen = {q.client_id: q.colour for p in peers for q in p.presence.people()}
                told = all(seen.get(p.presence.client_id) == p.presence.colour for p in peers)
                return len(set(mine)) == 3 and told

            async with (
                anyio.create_task_group() as tg,
                joined(url, tg, peers[0]),
                joined(url, tg, peers[1]),
                joined(url, tg, peers[2]),
            ):
                await until(apart)
                first = min(peers, key=lambda p: p.presence.client_id)
                assert first.presence.colour == PALETTE[3]  # the first keeps its colour

    anyio.run(main)


def test_a_silent_person_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(awareness, "TIMEOUT_MS", 400)
    person = state_of("Quiet", PALETTE[1], [])

    async def main() -> None:
        async with (
            _host_with_ada(tmp_path) as (_host, url, ada),
            connect(url, max_size=None) as quiet,
        ):
            await quiet.send(create_awareness_message(encode_update([(5, 1, person)])))
            await until(lambda: "Quiet" in _names(ada.peer))
            # Still connected, never renewing: gone after the timeout.
            await until(lambda: "Quiet" not in _names(ada.peer))

    anyio.run(main)


def test_decoding_and_reading_states() -> None:
    person = state_of("  Ada\tLovelace\x00 ", "#123abc", ["s-1", "f-2", 3])
    assert person == {
        "user": {"name": "Ada Lovelace", "color": "#123abc"},
        "selection": ["s-1", "f-2"],
    }
    payload = encode_update([(5, 2, person), (6, 3, None)])
    assert decode_update(payload) == [(5, 2, person), (6, 3, None)]
    seen = presence_of(5, person)
    assert seen is not None and seen.colour == "#123ABC" and seen.selection == {"s-1", "f-2"}
    # Not a person: the host's own empty state, or a state a foreign client made.
    assert presence_of(1, {}) is None and presence_of(1, {"user": {"name": ""}}) is None
    odd = presence_of(9, {"user": {"name": "Eve", "color": "red"}, "selection": "s-1"})
    assert odd is not None and odd.colour == PALETTE[9 % len(PALETTE)] and not odd.selection
    assert clean_name("x" * 100) == "x" * 40 and clean_name(42) == ""
    with pytest.raises(AwarenessError):
        decode_update(payload[:-1])
