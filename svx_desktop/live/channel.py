"""One WebSocket as a pycrdt ``Channel``: what the session host and a joining peer share.

pycrdt's websocket server and its ``Provider`` read a channel as an async iterator of
binary frames, with ``recv``, ``send`` and a ``path``. ``SocketChannel`` reads frames off a
``websockets`` connection until it closes and hands each to ``admit``: the host's channel
checks frames there and refuses the bad ones, a peer's routes awareness to its people
list. A send to a closed connection is dropped; ``closed`` is set once the connection is
gone either way.
"""

from __future__ import annotations

from typing import TypeGuard

import anyio
from websockets.asyncio.connection import Connection
from websockets.exceptions import ConnectionClosed


class SocketChannel:
    """The frames of ``conn`` for the room at ``path`` (see the module docstring)."""

    def __init__(self, conn: Connection, path: str) -> None:
        self._conn = conn
        self._path = path
        self.closed = anyio.Event()

    @property
    def path(self) -> str:
        return self._path

    def admit(self, frame: str | bytes) -> TypeGuard[bytes]:
        """Whether ``frame`` goes on to the document; this one takes every binary frame."""
        return isinstance(frame, bytes)

    def __aiter__(self) -> SocketChannel:
        return self

    async def __anext__(self) -> bytes:
        while True:
            try:
                frame = await self._conn.recv()
            except ConnectionClosed:
                self.closed.set()
                raise StopAsyncIteration from None
            if self.admit(frame):
                return frame

    async def recv(self) -> bytes:
        return await self.__anext__()

    async def send(self, message: bytes) -> None:
        try:
            await self._conn.send(message)
        except ConnectionClosed:
            self.closed.set()


__all__ = ["SocketChannel"]
