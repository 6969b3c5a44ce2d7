"""Share ▸ Host Live Session…, Join Live Session… and Leave: a window's map, live.

``attach(window)`` adds the Share menu (a window extension, attached with the export
actions). Hosting needs the map saved to a file: the session host (``live.host``) runs for
that file in a background thread (``live.background``), the window joins it on loopback,
and a dialog shows the editor and view-and-contribute links with QR codes and who is
connected. Joining opens the session's map in a new window (an untitled copy that stays
when the session is left). Starting and joining connect in the session's thread while the
window stays usable ("Connecting to …" with Cancel: ``live_connect``). Either way the
window's map is bound to a document of its own (``LiveBinding``) that exchanges Yjs updates
with the session thread: remote changes arrive through a queued signal on the GUI thread
and change the map through its methods, so the canvas and the panels follow them as any
change; local edits stay commands on the window's own undo stack, so Undo undoes only this
person's edits. The hosting window saves its file (atomic, verified) a moment after remote
edits arrive. The status bar says "Live: …", and "offline — n changes to sync" while the
link is down.
Who is in the session, and what each person has selected, is ``live_people``'s part.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pycrdt import Doc, Map, TransactionEvent
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from svx_desktop.editing import Document
from svx_desktop.fileformat import SvxSaveError
from svx_desktop.live.background import CONNECT_TIMEOUT, BackgroundSession
from svx_desktop.live.binding import LiveBinding, build_map, roots
from svx_desktop.live.contribute import Contributions
from svx_desktop.live.host import SessionHost
from svx_desktop.live.layout import SESSION_ROOT
from svx_desktop.live.relay import ServerHost
from svx_desktop.live.session import SessionLinks, store_path_for
from svx_desktop.ui import dialogs
from svx_desktop.ui.labels import plain_label
from svx_desktop.ui.live_connect import Connecting, HostChoice
from svx_desktop.ui.live_people import LivePresence, PeoplePanel, ask_join, people_dialog
from svx_desktop.ui.live_picture import WindowRenderer
from svx_desktop.ui.protocols import MapWindow, as_widget
from svx_desktop.ui.shortcuts import make_action

#: How long after a remote edit the hosting window saves its file.
SAVE_DELAY_MS = 1500


def qr_pixmap(text: str, scale: int = 4) -> QPixmap:
    """A QR code of ``text`` (segno, pure Python) as a pixmap."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


class LiveLink(QObject):
    """One window's map bound to a running session (see the module docstring)."""

    remote = Signal(bytes)

    def __init__(self, window: MapWindow, session: BackgroundSession, hosting: bool) -> None:
        super().__init__(as_widget(window))
        self.window = window
        self.session = session
        self.hosting = hosting
        self.doc: Doc[Any] = Doc()
        roots(self.doc)
        self.binding: LiveBinding | None = None
        self.remote.connect(self._apply_remote)
        self.status = plain_label()
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.timeout.connect(self._save)
        self._status_timer = QTimer(self)
        self._status_timer.timeout.connect(self.show_status)

    def start(self, state: bytes, vmap: Any) -> None:
        self.doc.apply_update(state)
        self.binding = LiveBinding(vmap, self.doc)
        self.binding.resync()
        self._subscription = self.doc.observe(self._local)
        stack = self.window.document.undo_stack
        self._stack_count = stack.count()
        stack.indexChanged.connect(self._undo_checked)
        self.window.statusBar().addPermanentWidget(self.status)
        self.presence = LivePresence(self.window, self.session, self.status)
        self._status_timer.start(1000)
        self.show_status()

    def _settings(self) -> Any:
        return self.doc.get(SESSION_ROOT, type=Map)

    def contributions_open(self) -> bool:
        return bool(self._settings().get("contributions") != "closed")

    def set_contributions_open(self, is_open: bool) -> None:
        """Open or close the room's ideas (a session setting every peer shares)."""
        self._settings()["contributions"] = "open" if is_open else "closed"

    def _undo_checked(self, _index: int) -> None:
        """Say so when an undo was skipped (its command left the stack: see MapCommand)."""
        count = self.window.document.undo_stack.count()
        if count < self._stack_count:
            self.window.statusBar().showMessage(
                "Undo skipped: someone in the session changed that part of the map.", 8000
            )
        self._stack_count = count

    def _local(self, event: TransactionEvent) -> None:
        self.session.push(event.update)

    def _apply_remote(self, update: bytes) -> None:
        self.doc.apply_update(update)
        if self.hosting:
            self._save_timer.start(SAVE_DELAY_MS)

    def _save(self) -> None:
        document = self.window.document
        if document.path is None or document.read_only:
            return
        try:
            document.save()
        except SvxSaveError as e:
            self.window.statusBar().showMessage(f"Live: not saved: {e}", 10000)

    def show_status(self) -> None:
        s = self.session
        if s.connected:
            who = f" — {s.participants} connected" if self.hosting else ""
            text = f"Live: {'hosting' if self.hosting else 'connected'}{who}"
        else:
            n = s.pending
            text = f"Live: offline — {n} change{'' if n == 1 else 's'} to sync"
        self.status.setText(text)

    def leave(self) -> None:
        """Stop syncing; the window keeps the map as it is."""
        self._status_timer.stop()
        self.presence.close()
        self.window.document.undo_stack.indexChanged.disconnect(self._undo_checked)
        if self.binding is not None:
            self.binding.close()
            self.doc.unobserve(self._subscription)
        if self._save_timer.isActive():
            self._save_timer.stop()
            self._save()
        self.session.stop()
        self.window.statusBar().removeWidget(self.status)


class HostDialog(QDialog):
    """The links of a hosted session, with QR codes, and how many are connected."""

    def __init__(self, parent: QWidget, links: SessionLinks, link: LiveLink) -> None:
        super().__init__(parent)
        self.setWindowTitle("Live Session")
        self.link = link
        grid = QGridLayout(self)
        rows = [
            ("Editor link (SVX: Share ▸ Join…)", links.editor),
            ("View-and-contribute link (any browser)", links.view),
        ]
        self.fields: list[QLineEdit] = []
        for column, (title, url) in enumerate(rows):
            grid.addWidget(QLabel(title), 0, column)
            code = QLabel()
            code.setPixmap(qr_pixmap(url))
            grid.addWidget(code, 1, column)
            field = QLineEdit(url)
            field.setReadOnly(True)
            field.setCursorPosition(0)
            # Room for the address and most of the token (the whole link is copied).
            field.setMinimumWidth(field.fontMetrics().horizontalAdvance("x" * 48))
            grid.addWidget(field, 2, column)
            self.fields.append(field)
        # Selectable and as wide as the dialog, however long the server's address.
        room = QLineEdit(links.ws)
        room.setReadOnly(True)
        room.setCursorPosition(0)
        self.room_field = room
        ws_row = QHBoxLayout()
        ws_label = QLabel("&Room for y-websocket clients:")
        ws_label.setBuddy(room)
        ws_row.addWidget(ws_label)
        ws_row.addWidget(room, 1)
        grid.addLayout(ws_row, 3, 0, 1, 2)
        self.people = plain_label()
        self.panel = PeoplePanel(link.presence)
        self.panel.add_above(self.people)
        grid.addWidget(self.panel, 4, 0, 1, 2)
        self.ideas = QCheckBox("&Accept ideas from the view-and-contribute page")
        self.ideas.setChecked(link.contributions_open())
        self.ideas.toggled.connect(link.set_contributions_open)
        grid.addWidget(self.ideas, 5, 0, 1, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        grid.addWidget(buttons, 6, 0, 1, 2)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(1000)
        self.refresh()

    def refresh(self) -> None:
        n = self.link.session.participants
        self.people.setText(f"Connected now: {n} (this window included)")


class LiveSharing:
    """The Share menu of one window (``window.live``)."""

    def __init__(self, window: MapWindow) -> None:
        self.window = window
        self.link: LiveLink | None = None
        self.dialog: HostDialog | None = None
        #: A joiner's dialog of who is in the session (Session Details…).
        self.people: QDialog | None = None
        #: A session being started or joined (``live_connect``), None otherwise.
        self.pending: Connecting | None = None
        #: Draws the page's picture while this window hosts (``live_picture``).
        self.renderer: WindowRenderer | None = None
        #: The server room last hosted in (offered again by Host Live Session…).
        self.server = ""
        #: How long starting or joining a session may take.
        self.timeout = CONNECT_TIMEOUT
        w = as_widget(window)
        self.actions: dict[str, QAction] = {
            "host": make_action(w, "&Host Live Session…", self.ask_host, [],
                                "Share this map live: co-editors and the room's ideas"),
            "join": make_action(w, "&Join Live Session…", self.join, [],
                                "Open a live session's map in a new window"),
            "details": make_action(w, "Session &Details…", self.show_details, [],
                                   "The session's links and QR codes, and who is in it"),
            "leave": make_action(w, "&Leave Live Session", self.leave, [],
                                 "Stop syncing; keep the map as it is"),
        }  # fmt: skip
        menu = w.menuBar().addMenu("&Share")
        menu.addActions(list(self.actions.values()))
        self._update_actions()

    def _update_actions(self) -> None:
        live = self.link is not None
        self.actions["host"].setEnabled(not live and self.pending is None)
        self.actions["details"].setEnabled(live)
        self.actions["leave"].setEnabled(live)

    def show_details(self) -> None:
        """Show the session again: the host's links, QR codes and people (for a late
        arrival, after the dialog was closed), or, having joined, who is in it."""
        link = self.link
        if link is None:
            return
        shown: QDialog | None = self.dialog
        if shown is None:
            if self.people is None:
                self.people = people_dialog(as_widget(self.window), link.presence)
            shown = self.people
        shown.show()
        shown.raise_()
        shown.activateWindow()

    def ask_host(self) -> bool:
        """Share ▸ Host Live Session…: ask where (``HostChoice``), then host there."""
        choice = HostChoice(as_widget(self.window), self.server)
        if dialogs.run_modal(choice) != QDialog.DialogCode.Accepted.value:
            return False
        self.server = choice.server() or ""
        return self.host(choice.server())

    def host(self, server: str | None = None) -> bool:
        """Host the window's map (saved first) on this computer, or in the room at
        ``server`` (``ws://…/room``, any y-websocket server: ``live.relay``); True once the
        session is being started (``pending`` says how that goes; the Host dialog opens
        when it runs)."""
        from svx_desktop.storage.recovery import user_data_dir

        window = self.window
        if self.link is not None or self.pending is not None:
            return False
        document = window.document
        if document.path is None or document.is_dirty:
            # A session is hosted for the map's file: File ▸ Save first (Save As for a map
            # without a file); cancelling it, or a failed save (which says why), stops here.
            window.save_action.trigger()
            document = window.document
            if document.path is None or document.is_dirty:
                return False
        path = document.path
        store = store_path_for(path, user_data_dir())
        host: SessionHost
        render = self.renderer = WindowRenderer(window)
        if server is None:
            host = SessionHost(path, store, save_file=False, render_svg=render)
        else:
            host = ServerHost(path, store, server, save_file=False, render_svg=render)
        host.contributions = Contributions(host)
        session = BackgroundSession(lambda u: None, host=host, timeout=self.timeout)
        target = server or "this computer's session host"
        self._connect(session, target, "Cannot start the live session.", self._hosted)
        return True

    def _hosted(self, session: BackgroundSession) -> LiveLink:
        link = self._bind(session, self.window, True, session.state())
        assert session.links is not None
        self.dialog = HostDialog(as_widget(self.window), session.links, link)
        self.dialog.show()
        return link

    def join(self, url: str | None = None) -> Connecting | None:
        """Join the session at ``url`` (asked for when None): its map opens in a new window
        once connected (``Connecting.result``); the window stays usable meanwhile."""
        if url is None:
            url = ask_join(as_widget(self.window))
            if url is None:
                return None
        session = BackgroundSession(lambda u: None, url=url.strip(), timeout=self.timeout)
        return self._connect(session, url.strip(), "Cannot join the live session.", self._joined)

    def _joined(self, session: BackgroundSession) -> MapWindow:
        state = session.state()
        doc: Doc[Any] = Doc()
        doc.apply_update(state)
        window = type(self.window)(Document(build_map(doc)))  # type: ignore[call-arg]
        as_widget(window).show()
        attach(window)._bind(session, window, False, state)
        return window

    def _connect(
        self,
        session: BackgroundSession,
        target: str,
        failed_text: str,
        on_ready: Callable[[BackgroundSession], Any],
    ) -> Connecting:
        def ended() -> None:
            self.pending = None
            self._update_actions()

        self.pending = Connecting(
            as_widget(self.window), session, target, failed_text, on_ready, ended
        )
        self._update_actions()
        return self.pending

    def _bind(
        self, session: BackgroundSession, window: MapWindow, hosting: bool, state: bytes
    ) -> LiveLink:
        link = LiveLink(window, session, hosting)
        session.on_update = link.remote.emit
        link.start(state, window.document.map)
        # Whatever changed between the first state and the line above: applying a state
        # twice changes nothing.
        link.remote.emit(session.state())
        self.link = link
        as_widget(window).destroyed.connect(lambda *_: session.stop())
        self._update_actions()
        return link

    def leave(self) -> None:
        if self.renderer is not None:
            self.renderer.close()
            self.renderer = None
        if self.pending is not None:
            self.pending.cancel()
        if self.link is not None:
            self.link.leave()
            self.link = None
        for dialog in (self.dialog, self.people):
            if dialog is not None:
                dialog.close()
        self.dialog = self.people = None
        self._update_actions()


def attach(window: MapWindow) -> LiveSharing:
    """Give ``window`` its Share menu (a window extension; once per window)."""
    existing = getattr(window, "live", None)
    if isinstance(existing, LiveSharing):
        return existing
    sharing = LiveSharing(window)
    setattr(window, "live", sharing)  # noqa: B010 - not part of the MapWindow protocol
    return sharing
