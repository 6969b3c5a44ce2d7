"""Checks on y-websocket frames before the session host lets them in.

A frame is a lib0-encoded message: a variable-length unsigned integer for its type
(0 sync, 1 awareness), then for sync a sub-type (0 step 1 with a state vector, 1 step 2 or
2 update, each with a length-prefixed Yjs update) and for awareness a length-prefixed
awareness update (client id, clock and a JSON state per client). ``check_frame`` accepts
exactly such frames, with the whole frame consumed, a decodable Yjs update and JSON
awareness states, and raises ``FrameError`` (a reason) for anything else: the host drops
the frame and logs the reason, so a malformed or hostile frame never reaches the room.
``is_write`` tells the frames that change the document (what a view-only link may not
send).
"""

from __future__ import annotations

import json

from pycrdt import Doc

SYNC, AWARENESS = 0, 1
STEP1, STEP2, UPDATE = 0, 1, 2
#: Largest awareness state accepted (a name, a colour and a selection fit easily).
MAX_AWARENESS_BYTES = 64 * 1024


class FrameError(ValueError):
    """Why a frame was refused."""


class Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def varuint(self) -> int:
        value, shift = 0, 0
        while True:
            if self.pos >= len(self.data):
                raise FrameError("truncated number")
            byte = self.data[self.pos]
            self.pos += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7
            if shift > 63:
                raise FrameError("number too long")

    def bytes(self) -> bytes:
        size = self.varuint()
        if size > len(self.data) - self.pos:
            raise FrameError("length past the end of the frame")
        out = self.data[self.pos : self.pos + size]
        self.pos += size
        return out

    def end(self) -> None:
        if self.pos != len(self.data):
            raise FrameError("bytes after the end of the message")


def _check_state_vector(data: bytes) -> None:
    r = Reader(data)
    for _ in range(r.varuint()):
        r.varuint()
        r.varuint()
    r.end()


def _check_update(data: bytes) -> None:
    try:
        Doc().apply_update(data)
    except BaseException as e:  # pyo3 panics are BaseExceptions
        if isinstance(e, KeyboardInterrupt | SystemExit):
            raise
        raise FrameError(f"not a Yjs update ({type(e).__name__})") from None


def _check_awareness(data: bytes) -> None:
    if len(data) > MAX_AWARENESS_BYTES:
        raise FrameError("awareness state too large")
    r = Reader(data)
    for _ in range(r.varuint()):
        r.varuint()
        r.varuint()
        try:
            state = json.loads(r.bytes().decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise FrameError("awareness state is not JSON") from None
        if state is not None and not isinstance(state, dict):
            raise FrameError("awareness state is not an object")
    r.end()


def check_frame(frame: bytes) -> tuple[int, int | None]:
    """The (type, sync sub-type) of a well-formed frame; ``FrameError`` otherwise."""
    r = Reader(frame)
    kind = r.varuint()
    if kind == SYNC:
        sub = r.varuint()
        payload = r.bytes()
        r.end()
        if sub == STEP1:
            _check_state_vector(payload)
        elif sub in (STEP2, UPDATE):
            _check_update(payload)
        else:
            raise FrameError(f"unknown sync message {sub}")
        return kind, sub
    if kind == AWARENESS:
        payload = r.bytes()
        r.end()
        _check_awareness(payload)
        return kind, None
    raise FrameError(f"unknown message type {kind}")


def is_write(kind: int, sub: int | None) -> bool:
    """Whether a checked frame would change the document."""
    return kind == SYNC and sub in (STEP2, UPDATE)
