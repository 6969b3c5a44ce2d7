"""Running session hosts and peers inside a test's event loop (all on 127.0.0.1).

``running_host`` starts a ``SessionHost`` on a free loopback port and stops it (saving
its file) when the block ends; ``joined`` connects a ``LivePeer``, waits for its first
sync and binds a map built from its document; ``until`` waits for a condition, failing
the test after a generous timeout instead of hanging.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio

from svx_desktop.live.binding import LiveBinding, build_map
from svx_desktop.live.contribute import Contributions
from svx_desktop.live.host import SessionHost
from svx_desktop.live.peer import LivePeer
from svx_desktop.model import ValueMap

TIMEOUT = 20.0


async def until(condition: Callable[[], bool], what: str = "condition") -> None:
    with anyio.fail_after(TIMEOUT):
        while not condition():
            await anyio.sleep(0.005)


@asynccontextmanager
async def running_host(
    map_path: Path, store_path: Path, **options: Any
) -> AsyncIterator[SessionHost]:
    async with hosting(SessionHost(map_path, store_path, port=0, **options)) as host:
        yield host


@asynccontextmanager
async def hosting(host: SessionHost) -> AsyncIterator[SessionHost]:
    """Run ``host`` (any kind of session host) with its page until the block ends."""
    host.contributions = Contributions(host)
    async with anyio.create_task_group() as tg:
        tg.start_soon(host.run)
        await until(lambda: host.links is not None)
        try:
            yield host
        finally:
            host.stop()


@dataclass
class Peer:
    peer: LivePeer
    vmap: ValueMap
    binding: LiveBinding


@asynccontextmanager
async def joined(url: str, tg: Any, peer: LivePeer | None = None) -> AsyncIterator[Peer]:
    p = peer or LivePeer(url)
    tg.start_soon(p.run)
    with anyio.fail_after(TIMEOUT):
        await p.synced.wait()
    vmap = build_map(p.doc)
    binding = LiveBinding(vmap, p.doc)
    try:
        yield Peer(p, vmap, binding)
    finally:
        p.stop()


def same_state(*docs: Any) -> bool:
    states = {d.get_state() for d in docs}
    return len(states) == 1


def contribute_url(view: str) -> str:
    """The view-and-contribute page's WebSocket, from its view link."""
    return view.replace("http://", "ws://").replace("/view?", "/contribute?")


async def recv_json(
    conn: Any, kind: str, check: Callable[[dict[str, Any]], bool] = lambda _m: True
) -> dict[str, Any]:
    """The next message of type ``kind`` (that passes ``check``) the page is sent."""
    with anyio.fail_after(TIMEOUT):
        while True:
            message = json.loads(await conn.recv())
            if message["type"] == kind and check(message):
                return message  # type: ignore[no-any-return]
