"""A live session run for an app that has its own event loop (the desktop app's Qt loop).

``BackgroundSession`` runs an asyncio loop in a daemon thread holding a network document
kept in sync by a ``LivePeer`` (and, when hosting, the ``SessionHost`` itself, the peer
joining it on loopback). The app keeps a document of its own in its own thread and the
two exchange Yjs updates only: ``push(update)`` hands a local update to the network side
(thread-safe) and ``on_update(update)`` is called, in the session's thread, with every
change of the network document (the app re-posts it to its own thread). Applying an update
a document already holds changes nothing and notifies nobody, so the echo of each update
ends there. ``connected``, ``pending``, ``participants`` and ``viewers`` can be read from
any thread. Awareness: ``name`` (set before ``start``) is the person's name, ``set_name``
and ``set_selection`` change what this peer publishes (from any thread) and ``on_people``
is called, in the session's thread, with the other people whenever they change.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import anyio
from pycrdt import Doc, TransactionEvent

from svx_desktop.live.awareness import Presence
from svx_desktop.live.host import SessionHost
from svx_desktop.live.peer import LivePeer
from svx_desktop.live.session import SessionLinks


class SessionError(RuntimeError):
    """The session could not be started or joined (the message says why)."""


class BackgroundSession:
    """See the module docstring. ``url`` to join a room, or ``host`` to host one."""

    def __init__(
        self,
        on_update: Callable[[bytes], None],
        url: str | None = None,
        host: SessionHost | None = None,
    ) -> None:
        if (url is None) == (host is None):
            raise ValueError("give a url to join or a host to start")
        self.on_update = on_update
        self.url = url
        self.host = host
        self.peer: LivePeer | None = None
        self.links: SessionLinks | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._failed: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._stop: anyio.Event | None = None
        self.name: str | None = None
        self.on_people: Callable[[list[Presence]], None] | None = None

    # ------------------------------------------------------------- app thread
    def start(self, timeout: float = 15.0) -> bytes:
        """Start, wait for the first sync, and return the whole document as an update."""
        self._thread = threading.Thread(target=self._run_thread, name="svx-live", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            self.stop()
            raise SessionError("the session did not answer in time")
        if self._failed is not None:
            self.stop()
            raise SessionError(str(self._failed) or type(self._failed).__name__)
        return self.state()

    def state(self) -> bytes:
        """The whole network document as one update (from any thread)."""
        return bytes(self._call(lambda: self._doc().get_update()))

    def push(self, update: bytes) -> None:
        """Hand a local update to the network document (from any thread)."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._apply, update)

    def stop(self, timeout: float = 10.0) -> None:
        """Leave (and stop hosting); the app keeps its own document."""
        loop = self._loop
        if loop is not None and not loop.is_closed() and self._stop is not None:
            loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def connected(self) -> bool:
        return self.peer is not None and self.peer.connected

    @property
    def pending(self) -> int:
        return self.peer.pending() if self.peer is not None else 0

    @property
    def participants(self) -> int:
        """Peers connected to the room this app hosts (0 when only joining)."""
        if self.host is None:
            return 0
        rooms = getattr(self.host, "_ws_server", None)
        room = rooms.rooms.get(self.host.session.room) if rooms is not None else None
        return len(room.clients) if room is not None else 0

    @property
    def viewers(self) -> int:
        """View-and-contribute pages open on the session this app hosts."""
        return self.host.viewers if self.host is not None else 0

    def set_selection(self, ids: list[str]) -> None:
        """Publish the ids this person has selected (from any thread)."""
        self._in_session(lambda p: p.presence.set_selection(ids))

    def set_name(self, name: str) -> None:
        """Publish this person's name (from any thread)."""
        self.name = name
        self._in_session(lambda p: p.presence.set_name(name))

    def _in_session(self, fn: Callable[[LivePeer], None]) -> None:
        loop = self._loop

        def call() -> None:
            if self.peer is not None:
                fn(self.peer)

        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(call)

    def _people_changed(self, people: list[Presence]) -> None:
        if self.on_people is not None:
            self.on_people(people)

    def _call(self, fn: Callable[[], Any]) -> Any:
        loop = self._loop
        assert loop is not None

        async def call() -> Any:
            return fn()

        return asyncio.run_coroutine_threadsafe(call(), loop).result(10)

    # --------------------------------------------------------- session thread
    def _doc(self) -> Doc[Any]:
        assert self.peer is not None
        return self.peer.doc

    def _apply(self, update: bytes) -> None:
        if self.peer is not None:
            self.peer.doc.apply_update(update)

    def _notify(self, event: TransactionEvent) -> None:
        self.on_update(event.update)

    def _run_thread(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as e:  # reported to start(); the thread ends quietly
            self._failed = self._failed or e
            self._ready.set()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = anyio.Event()
        async with anyio.create_task_group() as tg:
            url = self.url
            if self.host is not None:
                tg.start_soon(self.host.run)
                with anyio.fail_after(15):
                    while self.host.links is None:
                        await anyio.sleep(0.01)
                self.links = self.host.links
                url = self.links.ws
            assert url is not None
            self.peer = LivePeer(url, name=self.name)
            self.peer.presence.on_change = self._people_changed
            tg.start_soon(self.peer.run)
            try:
                with anyio.fail_after(15):
                    await self.peer.synced.wait()
            except TimeoutError:
                self._failed = SessionError(f"cannot reach the session at {url}")
                self._ready.set()
                self._stop.set()
            else:
                self.peer.doc.observe(self._notify)
                self._ready.set()
            await self._stop.wait()
            self.peer.stop()
            if self.host is not None:
                self.host.stop()
