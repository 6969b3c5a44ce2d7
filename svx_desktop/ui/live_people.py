"""Who is in a live session, in a window: names, colours and each person's selection.

``LivePresence`` ties a live window to its session's awareness (``live.awareness``): the
window's canvas selection is published as it changes, the other people arrive through a
queued signal (the session runs in its own thread) and their selections are drawn on the
canvas by ``canvas.remoteselection``; the status bar's "Live: …" tooltip names everyone.
The person's name is kept in the settings (``live/name``; the operating system's user
name until one is set) and can be changed in the Host dialog's ``PeoplePanel`` and in
the Join dialog (``ask_join``). ``PeoplePanel`` lists the people with their colours and,
for a hosted session, how many view-and-contribute pages are open, updating live.
Everything shown is plain text.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from svx_desktop.canvas.remoteselection import RemoteSelections
from svx_desktop.canvas.scene import MapScene
from svx_desktop.canvas.selection import Selection
from svx_desktop.live.awareness import MAX_NAME, Presence, clean_name, default_name
from svx_desktop.live.background import BackgroundSession
from svx_desktop.ui.labels import plain_label
from svx_desktop.ui.propertyfields import swatch
from svx_desktop.ui.protocols import MapWindow, as_widget
from svx_desktop.ui.settings import settings

NAME_KEY = "live/name"


def user_name() -> str:
    """The name this person goes by in live sessions."""
    return clean_name(settings().value(NAME_KEY, "")) or default_name()


def save_user_name(name: str) -> str:
    """Keep ``name`` (cleaned) for the next sessions; returns what was kept."""
    cleaned = clean_name(name)
    if cleaned:
        settings().setValue(NAME_KEY, cleaned)
    return cleaned or user_name()


class LivePresence(QObject):
    """A window's side of who is in the session (see the module docstring)."""

    #: The people or this person's name changed.
    changed = Signal()
    _arrived = Signal(object)

    def __init__(self, window: MapWindow, session: BackgroundSession, status: QLabel) -> None:
        super().__init__(as_widget(window))
        self.window = window
        self.session = session
        self.status = status
        self.people: list[Presence] = []
        self.name = user_name()
        self.scene: MapScene | None = None
        self.overlay: RemoteSelections | None = None
        self._arrived.connect(self._show)
        session.on_people = self._arrived.emit
        session.set_name(self.name)
        self.overlay = self._follow_scene()
        window.documentChanged.connect(self._document_changed)
        self._tooltip()

    @property
    def colour(self) -> str:
        peer = self.session.peer
        return peer.presence.colour if peer is not None else "#808080"

    def _follow_scene(self) -> RemoteSelections:
        """Publish the selection of the window's scene and mark the others' on it."""
        scene = self.window.scene
        self.scene = scene
        overlay = RemoteSelections(scene)
        scene.selectionUpdated.connect(self._selected)
        self._selected(scene.selection())
        return overlay

    def _unfollow_scene(self) -> None:
        if self.overlay is not None:
            self.overlay.close()
        if self.scene is not None:
            self.scene.selectionUpdated.disconnect(self._selected)

    def _document_changed(self, _document: object) -> None:
        """The window opened another map: follow its scene instead."""
        self._unfollow_scene()
        self.overlay = self._follow_scene()
        self.overlay.show(self.people)

    def _selected(self, selection: Selection) -> None:
        ids = [*selection.stakeholders, *selection.flows, *selection.notes]
        if selection.organisation and self.scene is not None:
            ids.append(self.scene.organisation_item.element_id)
        self.session.set_selection(ids)

    def _show(self, people: list[Presence]) -> None:
        self.people = people
        if self.overlay is not None:
            self.overlay.show(people)
        self._tooltip()
        self.changed.emit()

    def _tooltip(self) -> None:
        names = [f"{self.name} (you)", *(p.name for p in self.people)]
        self.status.setToolTip("In this session: " + ", ".join(names))

    def set_name(self, name: str) -> None:
        """Go by ``name`` in this session and the next ones."""
        self.name = save_user_name(name)
        self.session.set_name(self.name)
        self._tooltip()
        self.changed.emit()

    def close(self) -> None:
        """Stop publishing and remove the marks (the window leaves the session)."""
        self.session.on_people = None
        if self.scene is not None:  # not closed already
            self.window.documentChanged.disconnect(self._document_changed)
        self._unfollow_scene()
        self.overlay = None
        self.scene = None
        self.people = []


class PeoplePanel(QWidget):
    """This person's name, the people connected (in their colours) and, when hosting,
    the open view-and-contribute pages."""

    def __init__(self, presence: LivePresence, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presence = presence
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.name = QLineEdit(presence.name)
        self.name.setMaxLength(MAX_NAME)
        self.name.editingFinished.connect(lambda: presence.set_name(self.name.text()))
        form.addRow("Your &name:", self.name)
        layout.addLayout(form)
        layout.addWidget(QLabel("People in the session:"))
        self.list = QListWidget()
        self.list.setMaximumHeight(110)
        layout.addWidget(self.list)
        self.viewers = plain_label()
        layout.addWidget(self.viewers)
        presence.changed.connect(self.refresh)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh_viewers)
        self._timer.start(1000)
        self.refresh()

    def add_above(self, widget: QWidget) -> None:
        """Show ``widget`` above the panel's own rows."""
        self._layout.insertWidget(0, widget)

    def names(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def refresh(self) -> None:
        if not self.name.hasFocus():
            self.name.setText(self.presence.name)
        self.list.clear()
        rows = [(f"{self.presence.name} (you)", self.presence.colour)]
        rows += [(p.name, p.colour) for p in self.presence.people]
        for text, colour in rows:
            self.list.addItem(QListWidgetItem(swatch(colour, 12), text))
        self.refresh_viewers()

    def refresh_viewers(self) -> None:
        n = self.presence.session.viewers
        self.viewers.setText(
            f"View-and-contribute pages open: {n}" if self.presence.session.host else ""
        )


def ask_join(parent: QWidget) -> str | None:
    """Ask for a session's editor link and this person's name (kept); the link or None."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Join Live Session")
    form = QFormLayout(dialog)
    link = QLineEdit()
    link.setPlaceholderText("http://…?token=…  or a ws://… room")
    # Links run to ~90 characters: room for most of one, not a speck of it.
    link.setMinimumWidth(link.fontMetrics().horizontalAdvance("x" * 60))
    name = QLineEdit(user_name())
    name.setMaxLength(MAX_NAME)
    form.addRow("The session's editor &link:", link)
    form.addRow("Your &name:", name)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted or not link.text().strip():
        return None
    save_user_name(name.text())
    return link.text().strip()


def people_dialog(parent: QWidget, presence: LivePresence) -> QDialog:
    """Who is in the session, and this person's name (a joiner's Session Details…)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Live Session")
    layout = QVBoxLayout(dialog)
    panel = PeoplePanel(presence, dialog)
    layout.addWidget(panel)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.close)
    layout.addWidget(buttons)
    dialog.setMinimumWidth(dialog.fontMetrics().horizontalAdvance("x" * 40))
    return dialog
