"""Hosting a map in a room of a y-websocket server that someone else runs.

``ServerHost`` is a ``SessionHost`` whose document lives in a room of any
y-websocket-compatible server (given as ``ws://server/room``) instead of in a room of its
own: it joins the room as a peer (``LivePeer``), claims it (``claim``) and then serves only
the view-and-contribute page, on loopback unless another interface is asked for, relaying
ideas into the room's document. Its links: the editor link and the ``ws`` room are the
server's URL; the view link is this app's page, with the session's view token.

Claiming a room is what keeps content from being duplicated: the first host of an empty
room stamps the session's id into the document (``session`` root, key ``id``) in the same
transaction that seeds the map, and every later host of the same map (the same session id,
kept in its store file like a local session's) finds its stamp and does not seed again — a
reconnect or a restart of the app resumes from the room. A room stamped by another session,
or holding content without a stamp, is refused (``RoomRefusedError``) before anything is
written to it. Two hosts seeding one empty room in the same instant would both seed; the
server has no lock to prevent that, so one facilitator hosts a room once.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from http import HTTPStatus
from pathlib import Path
from typing import Any

import anyio
from pycrdt import Doc, Map
from websockets.asyncio.server import ServerConnection
from websockets.http11 import Request, Response

from svx_desktop.fileformat import load
from svx_desktop.live import layout as lay
from svx_desktop.live.binding import LiveBinding, build_map
from svx_desktop.live.host import LOOPBACK, SessionHost
from svx_desktop.live.peer import LivePeer
from svx_desktop.live.picture import RenderSvg
from svx_desktop.live.reach import describe, is_final, shown_url
from svx_desktop.live.session import SessionLinks, url_host, websocket_url

log = logging.getLogger(__name__)

#: The key of the ``session`` root map that holds the id of the session owning the room.
SESSION_ID_KEY = "id"


class RoomRefusedError(RuntimeError):
    """The room cannot be hosted (the message says why)."""


def room_owner(doc: Doc[Any]) -> str | None:
    """The session id stamped in a document's ``session`` map, if any."""
    value = doc.get(lay.SESSION_ROOT, type=Map).get(SESSION_ID_KEY)
    return value if isinstance(value, str) else None


def _holds_content(doc: Doc[Any]) -> bool:
    return any(len(doc.get(name, type=Map)) for name in lay.ROOTS)


def check_room(doc: Doc[Any], session_id: str) -> bool:
    """True when the room is already ``session_id``'s, False when it is empty;
    ``RoomRefusedError`` when it holds another session or unstamped content."""
    owner = room_owner(doc)
    if owner == session_id:
        return True
    if owner is not None:
        raise RoomRefusedError(
            f"the room already holds another SVX session ({owner}): "
            "join it (Share ▸ Join…) or pick another room"
        )
    if _holds_content(doc):
        raise RoomRefusedError("the room already holds content that is not an SVX session")
    return False


def claim(doc: Doc[Any], session_id: str, seed: Callable[[], None], origin: object) -> bool:
    """Make the room's document ``session_id``'s: True when it was empty and ``seed`` ran
    (in one transaction with the stamp), False when it was already this session's
    (``check_room`` refuses the rest)."""
    if check_room(doc, session_id):
        return False
    with doc.transaction(origin=origin):
        doc.get(lay.SESSION_ROOT, type=Map)[SESSION_ID_KEY] = session_id
        seed()
    return True


class ServerHost(SessionHost):
    """Hosts the map at ``map_path`` in the room at ``server_url``. See the module docstring."""

    def __init__(
        self,
        map_path: str | Path,
        store_path: str | Path,
        server_url: str,
        *,
        host: str = LOOPBACK,
        port: int = 0,
        save_file: bool = True,
        save_delay: float = 1.0,
        render_svg: RenderSvg | None = None,
    ) -> None:
        super().__init__(
            map_path,
            store_path,
            host=host,
            port=port,
            save_file=save_file,
            save_delay=save_delay,
            render_svg=render_svg,
        )
        self.server_url = websocket_url(server_url.strip())
        self.peer: LivePeer | None = None

    async def _synced(self, peer: LivePeer) -> bool:
        """Wait for the first sync with the room; False if stopped first."""
        while not peer.synced.is_set():
            if self._stop.is_set():
                return False
            if peer.error is not None and is_final(peer.error):
                raise RoomRefusedError(describe(self.server_url, peer.error))
            await anyio.sleep(0.01)
        return True

    def _process_request(self, conn: ServerConnection, request: Request) -> Response | None:
        what, access = self._access(request)
        if what == "room" and access is not None:
            return conn.respond(
                HTTPStatus.NOT_FOUND,
                f"This session's room is on {shown_url(self.server_url)}: join it there.\n",
            )
        return super()._process_request(conn, request)

    async def _handle(self, conn: ServerConnection) -> None:
        what, access = self._access(conn.request)  # type: ignore[arg-type]
        if what == "contribute" and access is not None and self.contributions is not None:
            await self.contributions.serve(conn)

    async def run(self, started: Callable[[SessionLinks], None] | None = None) -> None:
        """Join and claim the room, serve the page until ``stop``, then save and leave.
        ``RoomRefusedError`` (not a group of errors) when the room cannot be hosted."""
        try:
            await self._run(started)
        except BaseExceptionGroup as group:
            refused: BaseException | None = group.split(RoomRefusedError)[0]
            while isinstance(refused, BaseExceptionGroup):
                refused = refused.exceptions[0]
            if refused is not None:
                raise refused from None
            raise

    async def _run(self, started: Callable[[SessionLinks], None] | None) -> None:
        # The relay is no person: it stays out of everyone's list of people.
        peer = self.peer = LivePeer(self.server_url, doc=self.doc, person=False)
        async with anyio.create_task_group() as tg:
            self._tg = tg
            tg.start_soon(peer.run)
            try:
                if not await self._synced(peer):
                    return
                await self._claim()
                assert self.vmap is not None
                self.vmap.subscribe(self._changed)
                await self._serve_page(started)
                self.vmap.unsubscribe(self._changed)
                if self.save_file:
                    await self.save()
            finally:
                peer.stop()

    async def _claim(self) -> None:
        sid = self.session.session_id
        ours = check_room(self.doc, sid)  # refuses before anything is read or written
        self.vmap = build_map(self.doc) if ours else load(self.map_path).map
        self.binding = LiveBinding(self.vmap, self.doc)
        self.seeded = claim(self.doc, sid, self.binding.seed, self.binding.origin)
        log.info(
            "live session %s %s the room %s",
            self.session.session_id,
            "seeded" if self.seeded else "resumed",
            shown_url(self.server_url),
        )

    async def _serve_page(self, started: Callable[[SessionLinks], None] | None) -> None:
        async with self.listening() as server:
            self.port = next(iter(server.sockets)).getsockname()[1]
            session = self.session
            self.links = server_links(
                self.server_url, session.session_id, session.view_token, self.host, self.port
            )
            if started is not None:
                started(self.links)
            await self._stop.wait()
            server.close()
            with contextlib.suppress(Exception):
                await server.wait_closed()


def server_links(
    server_url: str, session_id: str, view_token: str, host: str, port: int
) -> SessionLinks:
    """The links of a session in a server's room: the room for editors, this app's page
    for viewers (a server's room has no view-only access, so ``view_ws`` is empty)."""
    from urllib.parse import quote

    view = f"http://{url_host(host)}:{port}/{session_id}/view?token={quote(view_token)}"
    return SessionLinks(editor=server_url, view=view, ws=server_url, view_ws="")
