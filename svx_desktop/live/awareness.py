"""Who is in a live session and what each person has selected: the Yjs awareness protocol.

Each desktop peer publishes one awareness state (y-protocols awareness, message type 1 of
the y-websocket protocol) shaped ``{"user": {"name": …, "color": "#rrggbb"}, "selection":
[ids…]}``: its person's name, a colour from ``PALETTE`` (from the Yjs client id; when two
people meet with one colour, the one with the higher client id takes a free one) and the
ids of the stakeholders, flows and notes it has selected. Awareness is ephemeral: it
never enters the document, the store or the file. ``PeerAwareness`` is a peer's side
(pycrdt's ``Awareness`` with a shorter timeout, so a silent peer vanishes within
``TIMEOUT_MS``; a leaving peer says goodbye with a null state); ``presence_of`` reads a
state defensively into a ``Presence`` (anything else, such as the host's own empty state,
is nobody). ``AwarenessRelay`` is the host's side: every awareness frame is decoded with
limits (``decode_update``), a link may speak only for the few client ids it introduced
and never for another link's, and when a link closes the host tells the others its
people have gone, so nobody waits for a timeout. A frame that breaks a rule raises
``AwarenessError`` and the host drops it.
"""

from __future__ import annotations

import getpass
import json
import logging
import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

import anyio
from pycrdt import Awareness, Doc, create_awareness_message, read_message, write_var_uint

from svx_desktop.live.frames import FrameError, Reader

log = logging.getLogger(__name__)

#: Person colours: each has a contrast of at least 3:1 against both the light (#F7F8FA)
#: and the dark (#1B2026) canvas and at least 4.2:1 with the white text of a name tag;
#: none is near the selection pink or a flow colour.
PALETTE = (
    "#8A5CF0",
    "#00806A",
    "#C04A00",
    "#0B7A96",
    "#8A6212",
    "#4F74E0",
    "#5F7F1F",
)
#: A peer that has not been heard from for this long is gone (it renews every half of it).
TIMEOUT_MS = 10_000
MAX_NAME = 40
MAX_ID = 200
#: Ids of one person's selection that are published (a larger selection is cut).
MAX_SELECTION = 500
#: Client states in one awareness frame, bytes of one state, client ids per link.
MAX_ENTRIES = 16
MAX_STATE_BYTES = 32 * 1024
MAX_IDS_PER_LINK = 4
_MAX_CLIENT_ID = 2**53
#: The first byte of an awareness frame (y-websocket message type 1).
AWARENESS_MESSAGE = b"\x01"
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


class AwarenessError(FrameError):
    """Why an awareness frame was refused."""


@dataclass(frozen=True)
class Presence:
    """One other person in the session: their name, colour and selected element ids."""

    client_id: int
    name: str
    colour: str
    selection: frozenset[str] = frozenset()


def colour_for(client_id: int) -> str:
    """The palette colour of a Yjs client id (the same on every peer)."""
    return PALETTE[client_id % len(PALETTE)]


def clean_name(value: Any) -> str:
    """A person's name as plain one-line text: control characters dropped, cut to
    ``MAX_NAME`` characters ("" when it is not text)."""
    if not isinstance(value, str):
        return ""
    text = "".join(ch if ch.isprintable() else " " for ch in value)
    return " ".join(text.split())[:MAX_NAME]


def default_name() -> str:
    """The operating system's user name, or "Someone"."""
    try:
        return clean_name(getpass.getuser()) or "Someone"
    except (KeyError, OSError, ImportError):
        return "Someone"


def state_of(name: str, colour: str, selection: Iterable[str]) -> dict[str, Any]:
    """The awareness state a peer publishes."""
    ids = [i for i in selection if isinstance(i, str) and len(i) <= MAX_ID][:MAX_SELECTION]
    return {"user": {"name": clean_name(name) or "Someone", "color": colour}, "selection": ids}


def presence_of(client_id: int, state: Any) -> Presence | None:
    """The person a state describes, or None when it is not an SVX person's state."""
    if not isinstance(state, dict):
        return None
    user = state.get("user")
    if not isinstance(user, dict):
        return None
    name = clean_name(user.get("name"))
    if not name:
        return None
    colour = user.get("color")
    if not isinstance(colour, str) or not _COLOUR.fullmatch(colour):
        colour = colour_for(client_id)
    raw = state.get("selection")
    ids = raw[:MAX_SELECTION] if isinstance(raw, list) else []
    selection = frozenset(i for i in ids if isinstance(i, str) and 0 < len(i) <= MAX_ID)
    return Presence(client_id, name, colour.upper(), selection)


def people_in(awareness: Awareness, counted: Callable[[int], bool]) -> list[Presence]:
    """The people among ``awareness``'s states whose client ids are ``counted``, by name."""
    found = (presence_of(cid, s) for cid, s in awareness.states.items() if counted(cid))
    return sorted((p for p in found if p is not None), key=lambda p: (p.name, p.client_id))


# ----------------------------------------------------------------- wire format
Entry = tuple[int, int, dict[str, Any] | None]


def decode_update(payload: bytes) -> list[Entry]:
    """The (client id, clock, state or None) entries of an awareness update, checked
    against the limits above; ``AwarenessError`` for anything else."""
    try:
        return _entries(Reader(payload))
    except FrameError as e:
        raise AwarenessError(str(e)) from None


def _entries(r: Reader) -> list[Entry]:
    count = r.varuint()
    if count > MAX_ENTRIES:
        raise AwarenessError(f"more than {MAX_ENTRIES} awareness states in one frame")
    entries: list[Entry] = []
    for _ in range(count):
        client_id, clock = r.varuint(), r.varuint()
        if client_id >= _MAX_CLIENT_ID or clock >= _MAX_CLIENT_ID:
            raise AwarenessError("client id or clock out of range")
        raw = r.bytes()
        if len(raw) > MAX_STATE_BYTES:
            raise AwarenessError("awareness state too large")
        try:
            state = json.loads(raw.decode("utf-8"))
        except ValueError:  # UnicodeDecodeError is one
            raise AwarenessError("awareness state is not JSON") from None
        if state is not None and not isinstance(state, dict):
            raise AwarenessError("awareness state is not an object")
        entries.append((client_id, clock, state))
    r.end()
    return entries


def encode_update(entries: Iterable[Entry]) -> bytes:
    """An awareness update of ``entries`` (the inverse of ``decode_update``)."""
    items = list(entries)
    out = bytearray(write_var_uint(len(items)))
    for client_id, clock, state in items:
        text = json.dumps(state, separators=(",", ":")).encode("utf-8")
        out += write_var_uint(client_id) + write_var_uint(clock) + write_var_uint(len(text)) + text
    return bytes(out)


# ------------------------------------------------------------------------ peer
class PeerAwareness:
    """A peer's awareness: its own state, the others' and their timeouts.

    Lives in the session's event loop: ``run`` keeps the states fresh (renewing this
    peer's, dropping the silent), ``pump(send)`` sends this peer's state on a connection
    whenever it changes, ``receive`` takes an awareness frame from the room, ``goodbye``
    is the frame that says this peer has left. ``on_change`` is called with the other
    people whenever they change. A peer that is no person (``person=False``: the app's
    relay into a server's room) publishes no state, so nobody lists it.
    """

    def __init__(
        self,
        doc: Doc[Any],
        name: str | None = None,
        timeout_ms: int | None = None,
        person: bool = True,
    ):
        self.awareness = Awareness(doc, outdated_timeout=timeout_ms or TIMEOUT_MS)
        self.client_id = self.awareness.client_id
        self.name = clean_name(name) or default_name()
        self.colour = colour_for(self.client_id)
        self.selection: tuple[str, ...] = ()
        self.person = person
        self.on_change: Callable[[list[Presence]], None] | None = None
        self._dirty = anyio.Event()
        self.awareness.observe(self._observed)
        self._publish()

    def _publish(self) -> None:
        state = state_of(self.name, self.colour, self.selection) if self.person else None
        self.awareness.set_local_state(state)

    def _observed(self, topic: str, changes: tuple[dict[str, Any], Any]) -> None:
        if changes[1] == "local":
            if topic == "update":
                self._dirty.set()
        elif topic == "change":
            if changes[0].get("added") and self.person:
                # Someone new: tell them who this is now rather than at the next renewal
                # (not every y-websocket server hands a newcomer the states it knows).
                self._dirty.set()
            self._keep_colours_apart()
            if self.on_change is not None:
                self.on_change(self.people())

    def _keep_colours_apart(self) -> None:
        others = self.people()
        if any(p.colour == self.colour and p.client_id < self.client_id for p in others):
            used = {p.colour for p in others}
            start = PALETTE.index(self.colour) if self.colour in PALETTE else 0
            ring = PALETTE[start:] + PALETTE[:start]
            self.colour = next((c for c in ring if c not in used), self.colour)
            self._publish()

    def set_name(self, name: str) -> None:
        self.name = clean_name(name) or self.name
        self._publish()

    def set_selection(self, ids: Iterable[str]) -> None:
        self.selection = tuple(ids)
        self._publish()

    def people(self) -> list[Presence]:
        """The other people in the session, by name."""
        return people_in(self.awareness, lambda cid: cid != self.client_id)

    def receive(self, message: bytes) -> None:
        """Apply an awareness frame from the room (a bad one is logged and ignored)."""
        try:
            payload = read_message(message[1:])
            decode_update(payload)
            self.awareness.apply_awareness_update(payload, "remote")
        except Exception as e:  # a hostile or foreign server's frame must not end the peer
            log.info("live session: awareness frame ignored: %s", e)

    def hello(self) -> bytes:
        """This peer's state as a frame, with a fresh clock (sent on every connect)."""
        self._publish()
        return create_awareness_message(self.awareness.encode_awareness_update([self.client_id]))

    def goodbye(self) -> bytes:
        """The frame that tells the room this peer has left."""
        clock = self.awareness.meta.get(self.client_id, {}).get("clock", 0) + 1
        return create_awareness_message(encode_update([(self.client_id, clock, None)]))

    async def pump(self, send: Callable[[bytes], Awaitable[None]]) -> None:
        """Send this peer's state now and then whenever it changes (until cancelled)."""
        message = self.hello()
        while True:
            self._dirty = anyio.Event()
            await send(message)
            await self._dirty.wait()
            message = create_awareness_message(
                self.awareness.encode_awareness_update([self.client_id])
            )

    async def run(self) -> None:
        """Renew this peer's state and drop silent peers, until cancelled."""
        await self.awareness.start()


# ------------------------------------------------------------------------ host
class AwarenessRelay:
    """The host's rules for awareness frames (see the module docstring).

    ``link`` is any hashable that stands for one connection.
    """

    def __init__(self) -> None:
        self._owner: dict[int, object] = {}
        self._ids: dict[object, set[int]] = {}

    def admit(self, link: object, message: bytes) -> None:
        """Check an awareness frame from ``link``; ``AwarenessError`` when it may not pass."""
        entries = decode_update(read_message(message[1:]))
        mine = self._ids.get(link, set())
        ids = {client_id for client_id, _clock, _state in entries}
        if any(self._owner.get(i, link) is not link for i in ids):
            raise AwarenessError("an awareness state for another link's client")
        if len(mine | ids) > MAX_IDS_PER_LINK:
            raise AwarenessError(f"more than {MAX_IDS_PER_LINK} clients on one link")
        for client_id in ids:
            self._owner[client_id] = link
        self._ids[link] = mine | ids

    def welcome(self, awareness: Awareness) -> bytes | None:
        """The frame that tells a new link who is already here (None: nobody)."""
        ids = [cid for cid in awareness.states if cid in self._owner]
        if not ids:
            return None
        return create_awareness_message(awareness.encode_awareness_update(ids))

    def farewell(self, link: object, awareness: Awareness) -> bytes | None:
        """The frame that tells everyone else ``link``'s clients have gone (None: it had
        none); the room's own awareness forgets them too."""
        ids = self._ids.pop(link, set())
        gone = []
        for client_id in ids:
            self._owner.pop(client_id, None)
            if client_id in awareness.states:
                clock = awareness.meta.get(client_id, {}).get("clock", 0)
                gone.append((client_id, clock, None))
        if not gone:
            return None
        payload = encode_update(gone)
        awareness.apply_awareness_update(payload, "gone")
        return create_awareness_message(payload)

    def people(self, awareness: Awareness) -> list[Presence]:
        """The people the room knows of, by name."""
        return people_in(awareness, self._owner.__contains__)
