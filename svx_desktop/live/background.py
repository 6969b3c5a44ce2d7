"""A live session run for an app that has its own event loop (the desktop app's Qt loop).

``BackgroundSession`` runs an asyncio loop in a daemon thread holding a network document
kept in sync by a ``LivePeer`` (and, when hosting, the host itself, the peer joining it).
The app keeps a document of its own in its own thread and the two exchange Yjs updates
only: ``push(update)`` hands a local update to the network side (thread-safe) and
``on_update(update)`` is called, in the session's thread, with every change of the network
document (the app re-posts it to its own thread). Applying an update a document already
holds changes nothing and notifies nobody, so the echo of each update ends there.
``connected``, ``pending``, ``participants`` and ``viewers`` can be read from any thread.
Awareness: ``name`` (set before ``begin``) is the person's name, ``set_name`` and
``set_selection`` change what this peer publishes (from any thread) and ``on_people`` is
called, in the session's thread, with the other people whenever they change.

Connecting never blocks the app: ``begin()`` returns at once and ``on_done(error)`` is
called once, in the session's thread, with ``None`` when the first sync is done or with a
message naming the link and the problem (``live.reach``): refused, unknown host, a status
such as 404, no answer within ``timeout`` seconds, or a host that could not start.
``cancel()`` gives up without waiting; the thread then ends on its own. ``start()`` is the
blocking form (tests and scripts).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Any

import anyio
from pycrdt import Doc, TransactionEvent

from svx_desktop.live.awareness import Presence
from svx_desktop.live.host import SessionHost
from svx_desktop.live.peer import LivePeer
from svx_desktop.live.reach import describe, is_final
from svx_desktop.live.session import SessionLinks

#: How long a join or a host may take to reach its first sync.
CONNECT_TIMEOUT = 15.0
CANCELLED = "cancelled"

log = logging.getLogger(__name__)


class SessionError(RuntimeError):
    """The session could not be started or joined (the message says why)."""


class BackgroundSession:
    """See the module docstring. ``url`` to join a room, or ``host`` to host one."""

    def __init__(
        self,
        on_update: Callable[[bytes], None],
        url: str | None = None,
        host: SessionHost | None = None,
        *,
        timeout: float = CONNECT_TIMEOUT,
        on_done: Callable[[str | None], None] | None = None,
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
        self._thread: threading.Thread | None = None
        self._stop: anyio.Event | None = None
        self.name: str | None = None
        self.on_people: Callable[[list[Presence]], None] | None = None
        #: How many other people the session thread last reported (read from any thread).
        self._others = 0
        self.timeout = timeout
        self.on_done = on_done
        #: Why connecting failed (None while connecting and once connected).
        self.error: str | None = None
        self._cancelled = False
        self._host_error: BaseException | None = None

    # ------------------------------------------------------------- app thread
    def begin(self) -> None:
        """Start connecting in the session's thread; ``on_done`` tells how it went."""
        self._thread = threading.Thread(target=self._run_thread, name="svx-live", daemon=True)
        self._thread.start()

    def start(self) -> bytes:
        """Connect, wait for the first sync, and return the whole document as an update."""
        self.begin()
        self._ready.wait(self.timeout + 30)
        if not self._ready.is_set() or self.error is not None:
            self.stop()
            raise SessionError(self.error or "the session did not answer in time")
        return self.state()

    def cancel(self) -> None:
        """Give up (connecting or connected) without waiting for the thread to end."""
        self._cancelled = True
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(stop.set)

    @property
    def alive(self) -> bool:
        """Whether the session's thread still runs."""
        return self._thread is not None and self._thread.is_alive()

    def state(self) -> bytes:
        """The whole network document as one update (from any thread)."""
        return bytes(self._call(lambda: self._doc().get_update()))

    def push(self, update: bytes) -> None:
        """Hand a local update to the network document (from any thread)."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._apply, update)

    def stop(self, timeout: float = 10.0) -> None:
        """Leave (and stop hosting, saving); the app keeps its own document."""
        self.cancel()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    @property
    def connected(self) -> bool:
        return self.peer is not None and self.peer.connected

    @property
    def pending(self) -> int:
        return self.peer.pending() if self.peer is not None else 0

    @property
    def participants(self) -> int:
        """Peers connected to the room this app hosts, this one included (0 when only
        joining). A room on someone else's server is counted by its people (awareness)."""
        if self.host is None:
            return 0
        clients = self.host.clients
        if clients is not None:
            return clients
        if self.peer is None or not self.alive:
            return 0
        return 1 + self._others  # as last reported: no wait on the session thread

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
        self._others = len(people)
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

    def _finish(self, error: str | None) -> None:
        if self._ready.is_set():
            return
        self.error = error
        self._ready.set()
        if self.on_done is not None:
            try:
                self.on_done(error)
            except Exception:  # the app's side went away (a closed window): keep going
                log.warning("live session: nobody took the outcome of connecting")

    def _run_thread(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as e:  # reported through on_done; the thread ends quietly
            self._finish(f"The live session stopped: {_leaf(e)}")

    async def _run_host(self) -> None:
        assert self.host is not None
        try:
            await self.host.run()
        except Exception as e:
            self._host_error = _leaf(e)

    async def _connect(self, tg: Any) -> str | None:
        """Start the host (if any) and the peer; None once synced, else why not."""
        url = self.url
        if self.host is not None:
            tg.start_soon(self._run_host)
            while self.host.links is None:
                if self._host_error is not None:
                    return f"Cannot start the session: {_reason(self._host_error)}"
                if self._stop is not None and self._stop.is_set():
                    return CANCELLED
                await anyio.sleep(0.01)
            self.links = self.host.links
            url = self.links.ws
        assert url is not None
        self.peer = LivePeer(url, name=self.name)
        self.peer.presence.on_change = self._people_changed
        tg.start_soon(self.peer.run)
        while not self.peer.synced.is_set():
            if self._stop is not None and self._stop.is_set():
                return CANCELLED
            if self._host_error is not None:
                return f"The session stopped: {_reason(self._host_error)}"
            error = self.peer.error
            if error is not None and is_final(error):
                return describe(url, error)
            await anyio.sleep(0.01)
        return None

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = anyio.Event()
        if self._cancelled:
            self._finish(CANCELLED)
            return
        async with anyio.create_task_group() as tg:
            failure: str | None = CANCELLED
            with anyio.move_on_after(self.timeout) as deadline:
                failure = await self._connect(tg)
            if deadline.cancelled_caught:
                target = self.peer.url if self.peer is not None else (self.url or "the host")
                error = self.peer.error if self.peer is not None else None
                failure = describe(target, error, self.timeout)
            if failure is None and self.peer is not None:
                self.peer.doc.observe(self._notify)
            self._finish(failure)
            if failure is not None:
                self._stop.set()
            await self._stop.wait()
            if self.peer is not None:
                self.peer.stop()
            if self.host is not None:
                self.host.stop()


def _leaf(error: BaseException) -> BaseException:
    """The first real error inside (possibly nested) exception groups."""
    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[0]
    return error


def _reason(error: BaseException) -> str:
    if isinstance(error, SessionError):
        return str(error)
    return str(error) or type(error).__name__
