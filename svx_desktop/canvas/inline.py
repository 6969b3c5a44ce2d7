"""Inline text editors laid over the view's viewport for names, labels and notes.

An ``InlineEditor`` opens a plain Qt text widget on top of the thing being named: a
``QLineEdit`` for names and labels, a ``QPlainTextEdit`` for notes (Shift+Enter starts a
new line there). It watches its widget through an event filter, so both kinds share one
behaviour and neither needs a subclass: the widget keeps every key it can use (it accepts
``ShortcutOverride`` for any key typed without Ctrl, Alt or Meta, so single-letter canvas
keys and Escape cannot steal them); Enter (or Tab, or clicking elsewhere) commits, Escape
cancels, each session ends once. Text is plain text and capped at ``MAX_LABEL_LENGTH``.
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
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_TAB = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
_STYLE = "{kind}#{name} {{ background: {fill}; color: #1B1F24; border: 2px solid #D81B60;{more} }}"


class InlineEditor(QObject):
    """One inline editor over ``parent`` (see the module docstring)."""

    committed = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget, multiline: bool) -> None:
        super().__init__(parent)
        self.multiline = multiline
        self.widget: QLineEdit | QPlainTextEdit
        if multiline:
            note = QPlainTextEdit(parent)
            note.setObjectName("svxInlineNoteEditor")
            note.setTabChangesFocus(True)
            note.setStyleSheet(
                _STYLE.format(
                    kind="QPlainTextEdit", name=note.objectName(), fill="#FFF2A8", more=""
                )
            )
            self.widget = note
        else:
            line = QLineEdit(parent)
            line.setMaxLength(MAX_LABEL_LENGTH)
            line.setObjectName("svxInlineEditor")
            line.setFrame(True)
            more = " border-radius: 4px; padding: 1px 4px;"
            line.setStyleSheet(
                _STYLE.format(kind="QLineEdit", name=line.objectName(), fill="#FFFFFF", more=more)
            )
            self.widget = line
        self.is_open = False
        self.widget.hide()
        self.widget.installEventFilter(self)

    def text(self) -> str:
        w = self.widget
        return w.text() if isinstance(w, QLineEdit) else w.toPlainText()[:MAX_LABEL_LENGTH]

    def begin(self, text: str) -> None:
        w = self.widget
        if isinstance(w, QLineEdit):
            w.setText(text)
        else:
            w.setPlainText(text)
        w.selectAll()
        self.is_open = True
        w.show()
        w.raise_()
        w.setFocus(Qt.FocusReason.OtherFocusReason)

    def finish(self, commit: bool) -> None:
        if not self.is_open:
            return
        self.is_open = False
        text = self.text()
        self.widget.hide()
        if commit:
            self.committed.emit(text)
        else:
            self.cancelled.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.FocusOut and isinstance(event, QFocusEvent):
            if event.reason() not in (
                Qt.FocusReason.PopupFocusReason,
                Qt.FocusReason.ActiveWindowFocusReason,
            ):
                self.finish(commit=True)
            return False
        if not isinstance(event, QKeyEvent):
            return False
        if kind == QEvent.Type.ShortcutOverride and not (event.modifiers() & _MODIFIERS):
            event.accept()  # the editor keeps plain keys
            return True
        if kind == QEvent.Type.KeyPress:
            return self._key(event)
        return False

    def _key(self, event: QKeyEvent) -> bool:
        """True if the key press is handled here, not by the widget."""
        key = event.key()
        if key in _TAB and not self.multiline:
            self.finish(commit=True)  # a note's Tab moves the focus, which commits it too
            return True
        if key in _ENTER and not (
            self.multiline and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.finish(commit=True)
            return True
        if key == Qt.Key.Key_Escape:
            self.finish(commit=False)
            return True
        # A note at the cap: typing adds nothing (a line edit caps itself).
        return (
            self.multiline
            and len(self.text()) >= MAX_LABEL_LENGTH
            and bool(event.text())
            and event.text().isprintable()
        )
