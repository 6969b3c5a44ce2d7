"""Inline text editors laid over the view's viewport for names, labels and notes.

An editor opens on top of the thing being named, takes keyboard focus and keeps every
key it can use: it accepts ``ShortcutOverride`` for any key typed without Ctrl, Alt or
Meta, so single-letter window shortcuts (N, P, E, …) and Escape cannot steal them. Enter
(or Tab, or clicking elsewhere) commits, Escape cancels. Text is plain text and capped at
``MAX_LABEL_LENGTH``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from svx_desktop.model import MAX_LABEL_LENGTH

_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def _keeps_key(event: QEvent) -> bool:
    """True for a ShortcutOverride an editor must keep (plain typing and editing keys)."""
    return isinstance(event, QKeyEvent) and not (event.modifiers() & _MODIFIERS)


class _Finisher(QObject):
    """Signals shared by both editor kinds; ``finished`` fires once per session."""

    committed = Signal(str)
    cancelled = Signal()


class LineEditor(QLineEdit):
    """One-line editor for names and labels."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.signals = _Finisher(self)
        self.setMaxLength(MAX_LABEL_LENGTH)
        self.setObjectName("svxInlineEditor")
        self.setFrame(True)
        self.setStyleSheet(
            "QLineEdit#svxInlineEditor { background: #FFFFFF; color: #1B1F24;"
            " border: 2px solid #D81B60; border-radius: 4px; padding: 1px 4px; }"
        )
        self._open = False
        self.hide()

    def begin(self, text: str) -> None:
        self._open = True
        self.setText(text)
        self.selectAll()
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def is_open(self) -> bool:
        return self._open

    def current_text(self) -> str:
        return self.text()

    def finish(self, commit: bool) -> None:
        if not self._open:
            return
        self._open = False
        text = self.current_text()
        self.hide()
        if commit:
            self.signals.committed.emit(text)
        else:
            self.signals.cancelled.emit()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and _keeps_key(event):
            event.accept()
            return True
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        ):
            self.finish(commit=True)
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish(commit=True)
        elif event.key() == Qt.Key.Key_Escape:
            self.finish(commit=False)
        else:
            super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() not in (
            Qt.FocusReason.PopupFocusReason,
            Qt.FocusReason.ActiveWindowFocusReason,
        ):
            self.finish(commit=True)


class TextEditor(QPlainTextEdit):
    """Multi-line editor for notes: Enter commits, Shift+Enter starts a new line."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.signals = _Finisher(self)
        self.setObjectName("svxInlineNoteEditor")
        self.setTabChangesFocus(True)
        self.setStyleSheet(
            "QPlainTextEdit#svxInlineNoteEditor { background: #FFF2A8; color: #1B1F24;"
            " border: 2px solid #D81B60; }"
        )
        self._open = False
        self.hide()

    def begin(self, text: str) -> None:
        self._open = True
        self.setPlainText(text)
        self.selectAll()
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def is_open(self) -> bool:
        return self._open

    def current_text(self) -> str:
        return self.toPlainText()[:MAX_LABEL_LENGTH]

    def finish(self, commit: bool) -> None:
        if not self._open:
            return
        self._open = False
        text = self.current_text()
        self.hide()
        if commit:
            self.signals.committed.emit(text)
        else:
            self.signals.cancelled.emit()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and _keeps_key(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.finish(commit=True)
        elif key == Qt.Key.Key_Escape:
            self.finish(commit=False)
        elif (
            len(self.toPlainText()) >= MAX_LABEL_LENGTH
            and event.text()
            and event.text().isprintable()
        ):
            return
        else:
            super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() not in (
            Qt.FocusReason.PopupFocusReason,
            Qt.FocusReason.ActiveWindowFocusReason,
        ):
            self.finish(commit=True)
