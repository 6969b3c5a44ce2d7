"""A third-party y-websocket server for tests: pycrdt-websocket's own ``WebsocketServer``.

pycrdt-websocket 0.16.5 ships the rooms (``WebsocketServer``) and an ASGI app
(``ASGIServer``) but no network server of its own, and no ASGI server is installed here,
so the rooms are served by the ``websockets`` library through a minimal ``Channel``
adapter: the room is the request's path (with its leading ``/``), as y-websocket servers
name rooms. Rooms are dropped when their last client leaves (the server's default), as an
organisation's server might do. ``y_server()`` runs it in the test's event loop on
127.0.0.1; ``threaded_y_server()`` runs it in a thread of its own (for Qt tests).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from urllib.parse import urlsplit

import anyio
from anyio.abc import TaskStatus
from anyio.from_thread import start_blocking_portal
from pycrdt.websocket import WebsocketServer
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed


class _Channel:
    def __init__(self, conn: ServerConnection) -> None:
        self._conn = conn
        assert conn.request is not None
        self._path = urlsplit(conn.request.path).path

    @property
    def path(self) -> str:
        return self._path

    def __aiter__(self) -> _Channel:
        return self

    async def __anext__(self) -> bytes:
        try:
            message = await self._conn.recv()
        except ConnectionClosed:
            raise StopAsyncIteration from None
        return message if isinstance(message, bytes) else message.encode()

    async def recv(self) -> bytes:
        return await self.__anext__()

    async def send(self, message: bytes) -> None:
        with suppress(ConnectionClosed):
            await self._conn.send(message)


@asynccontextmanager
async def y_server() -> AsyncIterator[tuple[str, WebsocketServer]]:
    """(``ws://127.0.0.1:port``, the rooms) while the block runs."""
    rooms = WebsocketServer()

    async def handle(conn: ServerConnection) -> None:
        await rooms.serve(_Channel(conn))

    async with rooms, serve(handle, "127.0.0.1", 0, max_size=None) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        yield f"ws://127.0.0.1:{port}", rooms
        server.close()


@contextmanager
def threaded_y_server() -> Iterator[str]:
    """The same server in a thread of its own; yields its ``ws://`` base URL."""
    with start_blocking_portal() as portal:
        stop = portal.call(anyio.Event)

        async def run(*, task_status: TaskStatus[str] = anyio.TASK_STATUS_IGNORED) -> None:
            async with y_server() as (url, _rooms):
                task_status.started(url)
                await stop.wait()

        future, url = portal.start_task(run)
        try:
            yield url
        finally:
            portal.call(stop.set)
            future.result(timeout=20)
