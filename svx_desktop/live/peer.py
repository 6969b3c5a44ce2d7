"""A peer of a live session: a document kept in sync with a room over a WebSocket.

``LivePeer(url).run()`` connects to the room (any y-websocket server: the SVX host or
another), syncs with pycrdt's ``Provider`` and, when the connection drops, goes on
reconnecting with a growing pause until ``stop``. Edits made while offline stay in the
document and merge on reconnect (the sync handshake sends what the room lacks).
``pending()`` counts the local transactions not yet sent on a live connection (the status
bar's "offline — n changes to sync"). ``bind`` attaches a ``ValueMap`` once the first sync
is done (``build_map`` gives the map a joining peer starts from). ``presence`` is the
peer's side of the awareness protocol (``awareness``): its state is sent on every connect
and change, awareness frames from the room go to it, and leaving says goodbye.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any, TypeGuard

import anyio
from pycrdt import Doc, Provider, TransactionEvent
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidHandshake, InvalidURI

from svx_desktop.live.awareness import AWARENESS_MESSAGE, PeerAwareness
from svx_desktop.live.binding import roots
from svx_desktop.live.channel import SocketChannel
from svx_desktop.live.session import websocket_url

log = logging.getLogger(__name__)


class _ClientChannel(SocketChannel):
    """The room's WebSocket as a pycrdt ``Channel``; awareness goes to the people list."""

    def __init__(self, conn: ClientConnection, path: str, presence: PeerAwareness) -> None:
        super().__init__(conn, path)
        self._presence = presence

    def admit(self, frame: str | bytes) -> TypeGuard[bytes]:
        if isinstance(frame, bytes) and frame[:1] == AWARENESS_MESSAGE:
            self._presence.receive(frame)
            return False
        return isinstance(frame, bytes)


class LivePeer:
    """Keeps ``doc`` in sync with the room at ``url``. See the module docstring."""

    def __init__(
        self, url: str, doc: Doc[Any] | None = None, name: str | None = None, person: bool = True
    ) -> None:
        self.url = websocket_url(url)
        self.doc: Doc[Any] = doc if doc is not None else Doc()
        roots(self.doc)
        self.synced = anyio.Event()
        self.connected = False
        self._stop = anyio.Event()
        self._unsent = 0
        self._conn: ClientConnection | None = None
        #: What the last failed connection attempt raised (None once connected).
        self.error: BaseException | None = None
        self.doc.observe(self._on_update)
        self.presence = PeerAwareness(self.doc, name, person=person)

    def _on_update(self, _event: TransactionEvent) -> None:
        if not self.connected:
            self._unsent += 1

    def pending(self) -> int:
        """Local changes made while offline, not yet sent."""
        return self._unsent

    def stop(self) -> None:
        self._stop.set()

    async def disconnect(self) -> None:
        """Drop the current connection (the peer reconnects); for tests and "go offline"."""
        if self._conn is not None:
            await self._conn.close()

    async def run(self, retry: float = 0.2, max_retry: float = 5.0) -> None:
        """Stay connected until ``stop``, reconnecting after a pause when the link drops."""
        pause = retry
        async with anyio.create_task_group() as tg:
            tg.start_soon(self._watch_stop, tg)
            tg.start_soon(self.presence.run)
            while not self._stop.is_set():
                try:
                    await self._session()
                    pause = retry
                except (OSError, InvalidHandshake, InvalidURI, TimeoutError) as e:
                    self.error = e
                    log.info("live session: cannot reach %s: %s", self.url, e)
                self.connected = False
                with anyio.move_on_after(pause):
                    await self._stop.wait()
                pause = min(pause * 2, max_retry)
            tg.cancel_scope.cancel()

    async def _watch_stop(self, tg: Any) -> None:
        await self._stop.wait()
        if self._conn is not None:
            with contextlib.suppress(Exception):
                await self._conn.send(self.presence.goodbye())
            with contextlib.suppress(Exception):
                await self._conn.close()

    async def _session(self) -> None:
        async with connect(self.url, max_size=None, compression=None) as conn:
            self._conn = conn
            channel = _ClientChannel(conn, self.url, self.presence)
            async with Provider(self.doc, channel) as provider, anyio.create_task_group() as tg:
                tg.start_soon(self.presence.pump, channel.send)
                self.connected = True
                self.error = None
                with anyio.move_on_after(30):
                    await provider.synced.wait()
                self._unsent = 0
                self.synced.set()
                await channel.closed.wait()
                tg.cancel_scope.cancel()
            self._conn = None
