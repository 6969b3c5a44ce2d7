"""The session host: one map, one y-websocket room, its SQLite update log and its file.

``SessionHost.run`` opens the store (pycrdt-store's ``SQLiteYStore``): if it already holds
the room's updates the document is rebuilt from them and the file is *not* read again
(re-seeding a live session from the file would duplicate its content after reconnects);
only a new store is seeded from the file. Every document update is written to the store
before any message leaves the host, so an edit another peer has seen survives a host
killed with SIGKILL. The room (pycrdt-websocket) is created up front and kept when its
last client leaves. Connections are served by ``websockets`` on 127.0.0.1 unless another
interface is asked for: a WebSocket on ``/<session>?token=…`` joins the room (the view
token's frames that would change the document are dropped), every frame is checked
(``frames.check_frame``) and a bad one is dropped and logged; plain HTTP serves the
view-and-contribute page (``contribute``; ``viewers`` counts its open pages). Awareness
frames (who is here, what each has selected) pass the ``awareness.AwarenessRelay`` rules
too, view-only links may not send them, a new peer is told who is already here and the
others are told when a peer's link closes. The map is saved to its file through the
atomic save, debounced while edits arrive and once more on shutdown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus
from pathlib import Path
from typing import Any, TypeGuard
from urllib.parse import parse_qs, urlsplit

import anyio
from pycrdt import Doc, TransactionEvent
from pycrdt.store import SQLiteYStore, YDocNotFound
from pycrdt.websocket import WebsocketServer, YRoom
from websockets.asyncio.server import ServerConnection, serve
from websockets.datastructures import Headers
from websockets.http11 import Request, Response

from svx_desktop.fileformat import SvxSaveError, load, write_bytes_atomic
from svx_desktop.fileformat.serialize import document_bytes, to_document
from svx_desktop.live.awareness import AwarenessError, AwarenessRelay, Presence
from svx_desktop.live.binding import LiveBinding, build_map, roots
from svx_desktop.live.channel import SocketChannel
from svx_desktop.live.frames import AWARENESS, FrameError, check_frame, is_write
from svx_desktop.live.picture import RenderSvg
from svx_desktop.live.session import Session, SessionLinks, open_session
from svx_desktop.model import ValueMap

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
#: Largest frame a peer may send (a 5,000-stakeholder map's whole state fits well).
MAX_FRAME_BYTES = 16 * 1024 * 1024


def _log_exception(exception: Exception, logger: logging.Logger) -> bool:
    logger.warning("live session: %s: %s", type(exception).__name__, exception)
    return True


class _Store(SQLiteYStore):
    """The room's update log in one SQLite file (the path is set per host).

    A checkpoint (the whole document, rebuilt from the updates since the last one) every
    1,000 updates rather than 100: building one stalls writing for a large map. The
    connection commits without an fsync per update (``synchronous=NORMAL`` on the
    write-ahead log that ``open_session`` turned on): an update survives the host being
    killed, though not the machine losing power in the same instant. This reaches into
    pycrdt-store's ``_init_db``/``_db``, which is why its version is pinned exactly.
    """

    checkpoint_interval = 1000

    async def _init_db(self) -> None:
        await super()._init_db()  # type: ignore[no-untyped-call]
        db = getattr(self, "_db", None)
        if db is not None:
            cursor = await db.cursor()
            await cursor.execute("PRAGMA synchronous=NORMAL")


class _RoomChannel(SocketChannel):
    """One peer's WebSocket as a pycrdt ``Channel``: frames checked, view-only enforced,
    and nothing sent before the host's store holds every update made so far."""

    def __init__(self, host: SessionHost, conn: ServerConnection, read_only: bool) -> None:
        super().__init__(conn, host.session.room)
        self._host = host
        self._read_only = read_only

    def admit(self, frame: str | bytes) -> TypeGuard[bytes]:
        if isinstance(frame, str):
            self._host.refuse("a text frame")
            return False
        try:
            kind, sub = check_frame(frame)
        except FrameError as e:
            self._host.refuse(str(e))
            return False
        if self._read_only and is_write(kind, sub):
            self._host.refuse("an edit from a view-only link")
            return False
        if self._read_only and kind == AWARENESS:
            self._host.refuse("awareness from a view-only link")
            return False
        return kind != AWARENESS or self._host.admit_awareness(self, frame)

    async def send(self, message: bytes) -> None:
        await self._host.stored()
        await super().send(message)


class SessionHost:
    """Hosts the map at ``map_path`` as a live session. See the module docstring."""

    def __init__(
        self,
        map_path: str | Path,
        store_path: str | Path,
        *,
        host: str = LOOPBACK,
        port: int = 0,
        fresh: bool = False,
        save_delay: float = 1.0,
        save_file: bool = True,
        render_svg: RenderSvg | None = None,
    ) -> None:
        self.map_path = Path(map_path)
        #: Draws the view-and-contribute page's picture (``live.picture``); None: plain.
        self.render_svg = render_svg
        self.store_path = Path(store_path)
        self.host = host
        self.port = port
        self.save_delay = save_delay
        #: False when the app that runs the host saves the map itself (the desktop app).
        self.save_file = save_file
        self.session: Session = open_session(self.store_path, fresh=fresh)
        self._fresh_store = fresh
        self.doc: Doc[Any] = Doc()
        roots(self.doc)  # root types exist before any transaction
        self.vmap: ValueMap | None = None
        self.binding: LiveBinding | None = None
        self.links: SessionLinks | None = None
        self.refused = 0
        self.seeded = False
        self._issued = 0
        self._written = 0
        self._progress = anyio.Event()
        self._send, self._receive = anyio.create_memory_object_stream[bytes](1 << 20)
        self._save_pending = False
        self._save_lock = anyio.Lock()
        self._stop = anyio.Event()
        self.contributions: Any = None
        #: View-and-contribute pages open now.
        self.viewers = 0
        self.awareness = AwarenessRelay()

    # ---------------------------------------------------------------- store
    def _on_update(self, event: TransactionEvent) -> None:
        self._issued += 1
        self._send.send_nowait(event.update)

    async def _write_updates(self, store: SQLiteYStore) -> None:
        async with self._receive:
            async for update in self._receive:
                await store.write(update)
                self._written += 1
                self._progress.set()
                self._progress = anyio.Event()

    async def stored(self) -> None:
        """Wait until every update made so far is in the store."""
        target = self._issued
        while self._written < target:
            await self._progress.wait()

    def refuse(self, reason: str) -> None:
        self.refused += 1
        log.warning("live session: frame dropped: %s", reason)

    # ----------------------------------------------------------------- save
    def _changed(self, _event: object) -> None:
        if self._save_pending or not self.save_file:
            return
        self._save_pending = True
        self._tg.start_soon(self._save_later)

    async def _save_later(self) -> None:
        await anyio.sleep(self.save_delay)
        self._save_pending = False
        await self.save()

    async def save(self) -> bool:
        """Save the map to its file now (atomic); False and a log line if that fails.

        The map's document (``fileformat.serialize.to_document``: plain dicts) is taken
        here, on the event loop that changes the map, then encoded and written (and synced
        to disk) in a worker thread, so the peers are not kept waiting by a large map's
        save.
        """
        if self.vmap is None:
            return False
        document = to_document(self.vmap)
        async with self._save_lock:
            try:
                await anyio.to_thread.run_sync(_write, document, self.map_path)
            except SvxSaveError as e:
                log.error("%s: not saved: %s", self.map_path, e)
                return False
        return True

    # ------------------------------------------------------------------ http
    def _access(self, request: Request) -> tuple[str, str | None]:
        """(what, access): ``what`` is ``room``, ``view``, ``contribute`` or ``""``."""
        parts = urlsplit(request.path)
        token = (parse_qs(parts.query).get("token") or [""])[0]
        access = self.session.access(token)
        base = self.session.room
        what = {base: "room", f"{base}/view": "view", f"{base}/contribute": "contribute"}.get(
            parts.path, ""
        )
        return what, access

    def _process_request(self, conn: ServerConnection, request: Request) -> Response | None:
        what, access = self._access(request)
        upgrade = "websocket" in request.headers.get("Upgrade", "").lower()
        if not what or access is None:
            return conn.respond(HTTPStatus.NOT_FOUND, "No such session, or the link is wrong.\n")
        if upgrade:
            if what == "view":
                return conn.respond(HTTPStatus.NOT_FOUND, "Not a WebSocket endpoint.\n")
            return None
        if self.contributions is not None:
            page = self.contributions.page(what, access)
            if page is not None:
                return _html(page)
        return conn.respond(
            HTTPStatus.OK,
            "This is an SVX live session. Open this link in SVX: Share > Join...\n",
        )

    async def _handle(self, conn: ServerConnection) -> None:
        what, access = self._access(conn.request)  # type: ignore[arg-type]
        if what == "room" and access is not None:
            channel = _RoomChannel(self, conn, read_only=access != "edit")
            await self._greet(channel)
            try:
                await self._ws_server.serve(channel)
            finally:
                await self._farewell(channel)
        elif what == "contribute" and self.contributions is not None:
            self.viewers += 1
            try:
                await self.contributions.serve(conn)
            finally:
                self.viewers -= 1

    # ------------------------------------------------------------- awareness
    def admit_awareness(self, channel: _RoomChannel, frame: bytes) -> bool:
        """Whether an awareness frame from ``channel`` may reach the room."""
        try:
            self.awareness.admit(channel, frame)
        except AwarenessError as e:
            self.refuse(str(e))
            return False
        return True

    def _room(self) -> YRoom | None:
        """The session's room here (None before it runs, or for a room on another server)."""
        server: WebsocketServer | None = getattr(self, "_ws_server", None)
        return None if server is None else server.rooms.get(self.session.room)

    @property
    def clients(self) -> int | None:
        """How many connections the room here has (None: no room here)."""
        room = self._room()
        return None if room is None else len(room.clients)

    def people(self) -> list[Presence]:
        """The desktop peers in the room, by name."""
        room = self._room()
        return [] if room is None else self.awareness.people(room.awareness)

    async def _greet(self, channel: _RoomChannel) -> None:
        room = self._room()
        message = None if room is None else self.awareness.welcome(room.awareness)
        if message is not None:
            await channel.send(message)

    async def _farewell(self, channel: _RoomChannel) -> None:
        room = self._room()
        message = None if room is None else self.awareness.farewell(channel, room.awareness)
        if message is not None and room is not None:
            async with anyio.create_task_group() as tg:
                for client in list(room.clients):
                    tg.start_soon(client.send, message)

    # ------------------------------------------------------------------- run
    def listening(self) -> Any:
        """The HTTP and WebSocket server on ``host:port`` (an async context manager)."""
        return serve(
            self._handle,
            self.host,
            self.port,
            process_request=self._process_request,
            max_size=MAX_FRAME_BYTES,
            compression=None,
            logger=log,
        )

    def stop(self) -> None:
        """Ask ``run`` to save and return."""
        self._stop.set()

    async def run(self, started: Callable[[SessionLinks], None] | None = None) -> None:
        """Serve the session until ``stop``; the map is saved on the way out."""
        store = _Store(self.session.room)
        store.db_path = str(self.store_path)
        async with anyio.create_task_group() as tg:
            self._tg = tg
            await tg.start(store.start)
            try:
                await store.apply_updates(self.doc)
                self.vmap = build_map(self.doc)
            except YDocNotFound:
                self.vmap = load(self.map_path).map
                self.seeded = True
            self.binding = LiveBinding(self.vmap, self.doc)
            subscription = self.doc.observe(self._on_update)
            tg.start_soon(self._write_updates, store)
            if self.seeded:
                self.binding.seed()
            self.vmap.subscribe(self._changed)
            self._ws_server = WebsocketServer(
                auto_clean_rooms=False, exception_handler=_log_exception, log=log
            )
            async with self._ws_server:
                room = YRoom(ready=True, ydoc=self.doc, exception_handler=_log_exception, log=log)
                self._ws_server.rooms[self.session.room] = room
                await self._ws_server.start_room(room)
                async with self.listening() as server:
                    self.port = next(iter(server.sockets)).getsockname()[1]
                    self.links = SessionLinks.of(self.session, self.host, self.port)
                    if started is not None:
                        started(self.links)
                    await self._stop.wait()
                    server.close()
            self.vmap.unsubscribe(self._changed)
            if self.save_file:
                await self.save()
            await self.stored()
            self.doc.unobserve(subscription)
            self._send.close()
            await store.stop()
            tg.cancel_scope.cancel()


def _write(document: dict[str, Any], path: Path) -> None:
    write_bytes_atomic(document_bytes(document), path)


def _html(page: str) -> Response:
    body = page.encode("utf-8")
    headers = Headers(
        [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(body))),
            (
                "Content-Security-Policy",
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                "img-src data:; connect-src 'self'",
            ),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("Cache-Control", "no-store"),
        ]
    )
    return Response(HTTPStatus.OK.value, "OK", headers, body)
