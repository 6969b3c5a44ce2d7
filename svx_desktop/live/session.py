"""A session's identity: its id, its two tokens and its links.

The session id names the room (``/<id>``, with the leading slash pycrdt-websocket keeps in
room names). The *editor* token lets a peer change the map; the *view* token only lets a
browser watch it and send ideas. Each is 128 random bits (``secrets``), URL-safe. They live
in the session's store (a small table beside pycrdt-store's update log in the same SQLite
file), so a host that restarts from its store keeps its links. ``SessionLinks`` are the
URLs the host prints and shows as QR codes.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

TOKEN_BYTES = 16  # 128 bits


@dataclass(frozen=True)
class Session:
    session_id: str
    editor_token: str
    view_token: str

    @property
    def room(self) -> str:
        """The room name: the URL path of the session's y-websocket endpoint."""
        return f"/{self.session_id}"

    def access(self, token: str) -> str | None:
        """``"edit"``, ``"view"`` or None for a token (compared in constant time)."""
        if hmac.compare_digest(token.encode(), self.editor_token.encode()):
            return "edit"
        if hmac.compare_digest(token.encode(), self.view_token.encode()):
            return "view"
        return None


def new_session() -> Session:
    return Session(
        secrets.token_hex(8), secrets.token_urlsafe(TOKEN_BYTES), secrets.token_urlsafe(TOKEN_BYTES)
    )


def open_session(store_path: Path, fresh: bool = False) -> Session:
    """The session recorded in the store at ``store_path`` (made and recorded if none)."""
    store_path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.closing(sqlite3.connect(store_path)) as db, db:
        # Write-ahead logging (kept in the file): a commit is one append, which survives
        # the host being killed; the store's connection then skips the fsync per update.
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE IF NOT EXISTS svx_session (key TEXT PRIMARY KEY, value TEXT)")
        rows = dict(db.execute("SELECT key, value FROM svx_session").fetchall())
        if not fresh and {"session_id", "editor_token", "view_token"} <= rows.keys():
            return Session(rows["session_id"], rows["editor_token"], rows["view_token"])
        session = new_session()
        db.executemany(
            "INSERT OR REPLACE INTO svx_session VALUES (?, ?)",
            [
                ("session_id", session.session_id),
                ("editor_token", session.editor_token),
                ("view_token", session.view_token),
            ],
        )
    return session


def store_path_for(map_path: Path, data_dir: Path) -> Path:
    """Where the session of the map at ``map_path`` keeps its update log, under the user
    data folder ``data_dir`` (one file per map, named by a hash of its absolute path)."""
    absolute = os.path.abspath(map_path).encode("utf-8", "surrogatepass")
    return data_dir / "sessions" / f"{hashlib.sha256(absolute).hexdigest()[:32]}.db"


def url_host(host: str) -> str:
    """``host`` as it goes into a URL (an IPv6 address in brackets)."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


@dataclass(frozen=True)
class SessionLinks:
    """The links of a running session."""

    editor: str  # open in SVX (Share ▸ Join…): edits the map
    view: str  # open in any browser: watch the map and send ideas
    ws: str  # the room for any y-websocket client, editor token included
    view_ws: str  # the same room, view-only

    @classmethod
    def of(cls, session: Session, host: str, port: int) -> SessionLinks:
        base = f"{url_host(host)}:{port}/{session.session_id}"
        edit, view = quote(session.editor_token), quote(session.view_token)
        return cls(
            editor=f"http://{base}?token={edit}",
            view=f"http://{base}/view?token={view}",
            ws=f"ws://{base}?token={edit}",
            view_ws=f"ws://{base}?token={view}",
        )


def websocket_url(link: str) -> str:
    """The ``ws://`` room URL of an editor link (``http://…``) or of a ``ws://`` URL."""
    if link.startswith("http://"):
        return "ws://" + link[len("http://") :]
    if link.startswith("https://"):
        return "wss://" + link[len("https://") :]
    return link
