"""Connecting to a live session without blocking the window: "Connecting to …" with Cancel.

``Connecting`` starts a ``BackgroundSession`` (its thread does the connecting) and shows a
small non-modal dialog naming the link, with a Cancel button; the window stays usable the
whole time. The session reports back through a queued signal on the GUI thread: on success
``on_ready(session)`` runs (it binds the map or opens the joined window; whatever it
returns is kept as ``result``); on failure the dialog closes and an error message names the
link and the problem (refused, unknown host, a 404 for a wrong token, no answer in time),
and nothing else changes. Cancel (or closing the window) stops the session's thread and
leaves nothing behind; a late answer after Cancel is ignored.

``HostChoice`` asks where to host: on this computer (the app's own session host) or in a
room of a y-websocket server the organisation runs (``ws://server/room``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from svx_desktop.live.background import BackgroundSession
from svx_desktop.live.reach import shown_url
from svx_desktop.ui import dialogs
from svx_desktop.ui.labels import plain_label


class Connecting(QDialog):
    """One session being started or joined (see the module docstring)."""

    answered = Signal(object)  # str | None, emitted in the session's thread

    def __init__(
        self,
        parent: QWidget,
        session: BackgroundSession,
        target: str,
        failed_text: str,
        on_ready: Callable[[BackgroundSession], Any],
        on_end: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Live Session")
        self.setModal(False)
        self.session = session
        self.failed_text = failed_text
        self.on_ready = on_ready
        self.on_end = on_end
        #: None while connecting; then "ready", "failed" or "cancelled".
        self.outcome: str | None = None
        self.error: str | None = None
        self.result: Any = None
        target = shown_url(target)
        self.label = plain_label(text=f"Connecting to {target}…")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(buttons)
        self.answered.connect(self._answered, Qt.ConnectionType.QueuedConnection)
        session.on_done = self.answered.emit
        parent.destroyed.connect(lambda *_: session.cancel())
        self._status = getattr(parent, "statusBar", None)
        self._message = f"Live: connecting to {target}…"
        if self._status is not None:
            self._status().showMessage(self._message, 5000)
        session.begin()
        self.show()

    def reject(self) -> None:  # Esc and the title bar's close button
        self.cancel()

    def cancel(self) -> None:
        """Give up: the session's thread stops; nothing is bound or opened."""
        if self.outcome is not None:
            return
        self.outcome = "cancelled"
        self.session.cancel()
        self._end()

    def _end(self) -> None:
        # The "connecting" message goes with the dialog (it would read as still connecting).
        if self._status is not None and self._status().currentMessage() == self._message:
            self._status().clearMessage()
        self.hide()
        self.deleteLater()
        if self.on_end is not None:
            self.on_end()

    def _answered(self, error: str | None) -> None:
        if self.outcome is not None:  # cancelled meanwhile
            return
        parent = self.parentWidget()
        if error is None:
            self.outcome = "ready"
            self._end()
            self.result = self.on_ready(self.session)
            return
        self.outcome = "failed"
        self.error = error
        self.session.cancel()
        self._end()
        dialogs.show_error(parent, self.failed_text, error)


class HostChoice(QDialog):
    """Where to host a live session: this computer, or a room on a y-websocket server."""

    def __init__(self, parent: QWidget, server: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Host Live Session")
        layout = QVBoxLayout(self)
        self.local = QRadioButton("On &this computer (co-editors join this app)")
        self.remote = QRadioButton("On a &server (a y-websocket room your organisation runs):")
        self.url = QLineEdit(server)
        self.url.setPlaceholderText("ws://server.example/room")
        self.local.setChecked(not server)
        self.remote.setChecked(bool(server))
        self.url.textEdited.connect(lambda _text: self.remote.setChecked(True))
        note = QLabel(
            "Either way the map's file is saved here, and the view-and-contribute page is "
            "served by this app."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for widget in (self.local, self.remote, self.url, note, buttons):
            layout.addWidget(widget)

    def server(self) -> str | None:
        """The server room's URL, or None for this computer."""
        url = self.url.text().strip()
        return url if self.remote.isChecked() and url else None
