"""The view-and-contribute page: the live map in any browser, and a box to send an idea.

The host serves ``/<session>/view?token=<view token>`` as one small HTML page with no
external resources. Its script opens ``/<session>/contribute`` (a WebSocket, same token):
the host sends the map as SVG (``picture``: the export renderer's drawing when the host
was given one, else ``svgmap``'s; again after it changes, one drawing shared by every
viewer) and whether contributions are open; the page sends ideas as small JSON messages,
``{"type": "idea", "name": …, "text": …}``. An accepted idea becomes a parking-lot note
(its text, then "— name") placed where a new card would go. Everything from a browser is
untrusted: a frame over ``MAX_FRAME_CHARS``, not JSON, of an unknown type, with a name or
an idea too long or empty, or beyond the rate limit (``BURST`` ideas, then one per
``INTERVAL`` seconds, per connection) is refused with a short reason and logged, and the
host goes on serving. Control characters are dropped; the page shows text only through
``textContent`` and the picture as an image, so nothing a participant types is ever
markup. The facilitator closes contributions through the document's ``session`` map
(``contributions`` = ``"closed"``).
"""

from __future__ import annotations

import json
import logging
import time
from typing import TYPE_CHECKING, Any

import anyio
from pycrdt import Map
from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from svx_desktop.live import layout as lay
from svx_desktop.live.picture import PagePicture
from svx_desktop.model import ModelError, Note
from svx_desktop.model.placement import NOTE_SIZE, next_free_position

if TYPE_CHECKING:
    from svx_desktop.live.host import SessionHost

log = logging.getLogger(__name__)

MAX_FRAME_CHARS = 4096
MAX_NAME = 60
MAX_IDEA = 500
BURST = 3
INTERVAL = 10.0
REFRESH = 0.5


def clean(value: Any, limit: int) -> str:
    """Plain text from a browser, control characters dropped (``ValueError`` if it is not
    text, is empty or is longer than ``limit``)."""
    if not isinstance(value, str):
        raise ValueError("not text")
    text = "".join(ch for ch in value if ch == "\n" or (ord(ch) >= 32 and ord(ch) != 127))
    text = text.strip()
    if not text:
        raise ValueError("empty")
    if len(text) > limit:
        raise ValueError(f"longer than {limit} characters")
    return text


class _Bucket:
    def __init__(self) -> None:
        self.tokens = float(BURST)
        self.at = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(BURST, self.tokens + (now - self.at) / INTERVAL)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class Contributions:
    """The page and the ideas of one session host."""

    def __init__(self, host: SessionHost) -> None:
        self.host = host
        self.accepted = 0
        self.refused = 0
        #: The map's picture, drawn with the host's ``render_svg`` (if any).
        self.picture = PagePicture(getattr(host, "render_svg", None))
        #: Pages connected now.
        self.viewers = 0

    # ------------------------------------------------------------------ state
    def _settings(self) -> Map[Any]:
        settings: Map[Any] = self.host.doc.get(lay.SESSION_ROOT, type=Map)
        return settings

    @property
    def open(self) -> bool:
        return self._settings().get("contributions") != "closed"

    def set_open(self, is_open: bool) -> None:
        self._settings()["contributions"] = "open" if is_open else "closed"

    def add_idea(self, name: Any, text: Any) -> Note:
        """The note made of an idea; ``ValueError`` says why one is refused."""
        if not self.open:
            raise ValueError("contributions are closed")
        who = " ".join(clean(name, MAX_NAME).split())
        idea = clean(text, MAX_IDEA)
        vmap = self.host.vmap
        if vmap is None:
            raise ValueError("the session is not ready")
        note = Note(f"{idea}\n— {who}", position=next_free_position(vmap, card_size=NOTE_SIZE))
        try:
            vmap.add_note(note)
        except ModelError as e:
            raise ValueError(str(e)) from None
        self.accepted += 1
        return note

    # ------------------------------------------------------------------- page
    def page(self, what: str, access: str) -> str | None:
        if what != "view":
            return None
        return _PAGE

    # -------------------------------------------------------------- websocket
    async def serve(self, conn: ServerConnection) -> None:
        bucket = _Bucket()
        async with anyio.create_task_group() as tg:
            tg.start_soon(self._push_map, conn)
            try:
                async for frame in conn:
                    reply = self._handle(frame, bucket)
                    await conn.send(json.dumps(reply))
            except ConnectionClosed:
                pass
            tg.cancel_scope.cancel()

    def _handle(self, frame: str | bytes, bucket: _Bucket) -> dict[str, Any]:
        try:
            if not isinstance(frame, str) or len(frame) > MAX_FRAME_CHARS:
                raise ValueError("not a small text message")
            try:
                message = json.loads(frame)
            except ValueError:
                raise ValueError("not JSON") from None
            if not isinstance(message, dict) or message.get("type") != "idea":
                raise ValueError("unknown message")
            if not bucket.take():
                raise ValueError("too many ideas at once: wait a few seconds")
            self.add_idea(message.get("name"), message.get("text"))
        except ValueError as e:
            self.refused += 1
            log.warning("live session: contribution refused: %s", e)
            return {"type": "error", "message": str(e)}
        return {"type": "thanks"}

    async def _push_map(self, conn: ServerConnection) -> None:
        vmap = self.host.vmap
        if vmap is None:
            return
        picture = self.picture
        picture.watch(vmap)
        picture.first(vmap)
        sent: tuple[int, bool] | None = None
        self.viewers += 1
        try:
            while True:
                state = (picture.version, self.open)
                if state != sent:
                    await conn.send(picture.payload(state[1]), text=True)
                    sent = state
                await picture.refresh(vmap)
                if (picture.version, self.open) == sent:
                    await anyio.sleep(REFRESH)
        except ConnectionClosed:
            pass
        finally:
            self.viewers -= 1


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SVX live map</title>
<style>
body{font-family:sans-serif;margin:0;padding:0.5em;background:#f6f6f6;color:#222}
#map{width:100%;max-height:65vh;object-fit:contain;background:#fff;border:1px solid #ccc}
form{display:flex;flex-direction:column;gap:0.4em;max-width:40em;margin-top:0.6em}
input,textarea,button{font-size:1rem;padding:0.4em}
#status{min-height:1.2em}
</style></head><body>
<h1 style="font-size:1.2em">Live map</h1>
<img id="map" alt="The live map">
<form id="idea">
<label>Your name <input id="name" maxlength="60" required></label>
<label>Your idea <textarea id="text" maxlength="500" rows="3" required></textarea></label>
<button id="send" type="submit">Send idea</button>
<div id="status" role="status"></div>
</form>
<script>
"use strict";
const status = document.getElementById("status");
const form = document.getElementById("idea");
const send = document.getElementById("send");
const nameBox = document.getElementById("name");
try { nameBox.value = localStorage.getItem("svx-name") || ""; } catch (e) {}
let ws = null;
function connect() {
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  const path = location.pathname.replace(/\\/view$/, "/contribute");
  ws = new WebSocket(scheme + location.host + path + location.search);
  ws.onmessage = (event) => {
    let msg;
    try { msg = JSON.parse(event.data); } catch (e) { return; }
    if (msg.type === "map") {
      document.getElementById("map").src =
        "data:image/svg+xml;charset=utf-8," + encodeURIComponent(msg.svg);
      send.disabled = !msg.open;
      if (!msg.open) status.textContent = "The facilitator has closed contributions.";
    } else if (msg.type === "thanks") {
      status.textContent = "Thank you: your idea is on the map.";
      document.getElementById("text").value = "";
    } else if (msg.type === "error") {
      status.textContent = "Not sent: " + String(msg.message);
    }
  };
  ws.onclose = () => { status.textContent = "Reconnecting…"; setTimeout(connect, 2000); };
}
form.addEventListener("submit", (event) => {
  event.preventDefault();
  try { localStorage.setItem("svx-name", nameBox.value); } catch (e) {}
  if (ws && ws.readyState === WebSocket.OPEN) {
    ws.send(JSON.stringify({type: "idea", name: nameBox.value,
                            text: document.getElementById("text").value}));
  }
});
connect();
</script></body></html>
"""
