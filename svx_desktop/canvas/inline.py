"""Inline text editors laid over the view's viewport for names, labels and notes.

An editor opens on top of the thing being named, takes keyboard focus and keeps every
key it can use: it accepts ``ShortcutOverride`` for any key typed without Ctrl, Alt or
Meta, so single-letter canvas keys (N, P, E, …) and Escape cannot steal them. Enter (or
Tab, or clicking elsewhere) commits, Escape cancels. Text is plain text and capped at
``MAX_LABEL_LENGTH``. ``InlineSession`` is the one behaviour (open, finish once, keys,
focus) shared by the two widgets: ``LineEditor`` (one line) and ``TextEditor`` (notes:
Shift+Enter starts a new line).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from svx_desktop.model import MAX_LABEL_LENGTH

_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_TAB = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


class _Finisher(QObject):
    """Signals shared by both editor kinds; each fires at most once per session."""

    committed = Signal(str)
    cancelled = Signal()


class InlineSession:
    """One editing session's state and its ending (see the module docstring).

    Not a widget: each editor widget owns one and routes its events through it.
    """

    def __init__(self, widget: QWidget, text: Callable[[], str], multiline: bool) -> None:
        # No parent: a child would reach the widget's ``event`` before it has its session.
        self.signals = _Finisher()
        self._widget = widget
        self._text = text
        self._multiline = multiline
        self.is_open = False

    def begin(self) -> None:
        self.is_open = True
        w = self._widget
        w.show()
        w.raise_()
        w.setFocus(Qt.FocusReason.OtherFocusReason)

    def finish(self, commit: bool) -> None:
        if not self.is_open:
            return
        self.is_open = False
        text = self._text()
        self._widget.hide()
        if commit:
            self.signals.committed.emit(text)
        else:
            self.signals.cancelled.emit()

    def event(self, event: QEvent) -> bool:
        """True if the editor's ``event`` is handled here (keep keys; Tab commits a line,
        and moves the focus away from a note, which commits it too)."""
        if not isinstance(event, QKeyEvent):
            return False
        if event.type() == QEvent.Type.ShortcutOverride and not (event.modifiers() & _MODIFIERS):
            event.accept()
            return True
        if event.type() == QEvent.Type.KeyPress and event.key() in _TAB and not self._multiline:
            self.finish(commit=True)
            return True
        return False

    def key(self, event: QKeyEvent) -> bool:
        """True if a key press ends the session (Enter commits, Escape cancels); in a
        multi-line editor, Shift+Enter is left to the editor."""
        if event.key() in _ENTER:
            if self._multiline and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                return False
            self.finish(commit=True)
            return True
        if event.key() == Qt.Key.Key_Escape:
            self.finish(commit=False)
            return True
        return False

    def focus_out(self, event: QFocusEvent) -> None:
        if event.reason() not in (
            Qt.FocusReason.PopupFocusReason,
            Qt.FocusReason.ActiveWindowFocusReason,
        ):
            self.finish(commit=True)


class LineEditor(QLineEdit):
    """One-line editor for names and labels."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = InlineSession(self, self.text, multiline=False)
        self.signals = self.session.signals
        self.hide()
        self.setMaxLength(MAX_LABEL_LENGTH)
        self.setObjectName("svxInlineEditor")
        self.setFrame(True)
        self.setStyleSheet(
            "QLineEdit#svxInlineEditor { background: #FFFFFF; color: #1B1F24;"
            " border: 2px solid #D81B60; border-radius: 4px; padding: 1px 4px; }"
        )

    @property
    def is_open(self) -> bool:
        return self.session.is_open

    def begin(self, text: str) -> None:
        self.setText(text)
        self.selectAll()
        self.session.begin()

    def finish(self, commit: bool) -> None:
        self.session.finish(commit)

    def event(self, event: QEvent) -> bool:
        return self.session.event(event) or super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.session.key(event):
            super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.session.focus_out(event)


class TextEditor(QPlainTextEdit):
    """Multi-line editor for notes: Enter commits, Shift+Enter starts a new line."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = InlineSession(
            self, lambda: self.toPlainText()[:MAX_LABEL_LENGTH], multiline=True
        )
        self.signals = self.session.signals
        self.hide()
        self.setObjectName("svxInlineNoteEditor")
        self.setTabChangesFocus(True)
        self.setStyleSheet(
            "QPlainTextEdit#svxInlineNoteEditor { background: #FFF2A8; color: #1B1F24;"
            " border: 2px solid #D81B60; }"
        )

    @property
    def is_open(self) -> bool:
        return self.session.is_open

    def begin(self, text: str) -> None:
        self.setPlainText(text)
        self.selectAll()
        self.session.begin()

    def finish(self, commit: bool) -> None:
        self.session.finish(commit)

    def event(self, event: QEvent) -> bool:
        return self.session.event(event) or super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.session.key(event):
            return
        full = len(self.toPlainText()) >= MAX_LABEL_LENGTH
        if full and event.text() and event.text().isprintable():
            return  # at the cap: typing adds nothing
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.session.focus_out(event)
