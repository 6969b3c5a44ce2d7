"""The command bar: one typed line of quick-capture syntax becomes one undo step.

Ctrl+K (or ``/`` on the canvas) opens a one-line bar over the bottom of the canvas. Enter
runs the line through ``editing.capture.apply_capture``: the stakeholder is found or
created, its flows are added, and the stakeholder is selected and scrolled into view; the
bar stays open, empty, for the next line. A line that cannot be read leaves the map alone
and shows the parser's hint beside the input (the cursor jumps to the problem) — never a
dialog. The placeholder and the tooltip show the syntax; stakeholder names complete while
the name is being typed. Ctrl+Z in the bar, while its text is as the last line left it,
undoes that line on the map and puts it back in the input; once the text is edited, Ctrl+Z
is the input's own. The hint sits under the input, so it never narrows it. Esc closes the
bar.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QCompleter

from svx_desktop.editing.capture import CaptureResult, apply_capture
from svx_desktop.model.capture import (
    SYNTAX_EXAMPLE,
    SYNTAX_HELP,
    ParseError,
    name_prefix,
    stakeholder_names,
)
from svx_desktop.ui.bars import OverlayBar, escape_closes
from svx_desktop.ui.protocols import MapWindow
from svx_desktop.ui.sizes import element_sizes


class CommandBar(OverlayBar):
    """The quick-capture bar of one main window. See the module docstring."""

    def __init__(self, window: MapWindow) -> None:
        super().__init__(window, edge="bottom")
        self.setObjectName("svxCommandBar")
        self.edit = self.add_line(
            "Capture:", "svxCommandLine", f"e.g. {SYNTAX_EXAMPLE}", SYNTAX_HELP
        )
        self.names = QStringListModel(self)
        self.completer = QCompleter(self.names, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.edit.setCompleter(self.completer)
        self.hint_below()
        self.edit.returnPressed.connect(self.run)
        self.edit.textEdited.connect(self._edited)
        escape_closes(self.edit, self)
        self.edit.installEventFilter(self)
        #: (undo-stack index after the line, the line) of each applied line, newest last.
        self._applied: list[tuple[int, str]] = []
        #: The input's text after the last apply or undo: while it is unchanged, Ctrl+Z
        #: undoes lines on the map; once typed in, Ctrl+Z is the input's own.
        self._resting = ""
        #: What the last line did (a ``CaptureResult`` or a ``ParseError``), for tests.
        self.last_result: CaptureResult | ParseError | None = None

    def open(self) -> None:
        """Show the bar with the focus in it (names refreshed for completion)."""
        self.names.setStringList(stakeholder_names(self.window_.document.map))
        super().open()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and isinstance(event, QKeyEvent):
            undo = event.matches(QKeySequence.StandardKey.Undo)
            if undo and self.edit.text() == self._resting:
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()  # the bar's, not the window's Undo
                    return True
                if event.type() == QEvent.Type.KeyPress:
                    self.undo_line()
                    return True
        return super().eventFilter(watched, event)

    def undo_line(self) -> bool:
        """Ctrl+Z in an unchanged input: undo the last step on the map; if that was a line
        typed here, the line comes back into the input to be fixed."""
        stack = self.window_.document.undo_stack
        if not stack.canUndo() or self.window_.document.read_only:
            self.show_hint("Nothing to undo")
            return False
        text = stack.undoText()
        index = stack.index()
        stack.undo()
        line = ""
        if self._applied and self._applied[-1][0] == index:
            line = self._applied.pop()[1]
        self._applied = [(i, t) for i, t in self._applied if i < stack.index() + 1]
        self.edit.setText(line)
        self._resting = line
        self.names.setStringList(stakeholder_names(self.window_.document.map))
        self.show_hint(f"Undid {text}" if text else "Undone")
        return True

    def _edited(self, text: str) -> None:
        if self.hint.isVisible():
            self.show_hint("")
        if name_prefix(text) is None:
            popup = self.completer.popup()
            if popup is not None:
                popup.hide()  # past the name: nothing to complete

    def run(self) -> CaptureResult | ParseError | None:
        """Carry out the line in the input (what Enter does)."""
        line = self.edit.text()
        if not line.strip():
            return None
        return self.run_line(line)

    def run_line(self, line: str) -> CaptureResult | ParseError:
        """Apply one line; on success the input is cleared and the stakeholder shown."""
        window = self.window_
        result = apply_capture(window.document, line, sizes=element_sizes(window.scene))
        self.last_result = result
        if isinstance(result, ParseError):
            self.show_hint(result.hint, error=True)
            self.edit.setCursorPosition(min(result.column, len(line)))
            return result
        self.edit.clear()
        self._resting = ""
        if result.pushed:
            self._applied.append((window.document.undo_stack.index(), line))
        self.names.setStringList(stakeholder_names(window.document.map))
        name = window.document.map.stakeholder(result.stakeholder_id).name
        if result.created:
            done = f"Added “{name}”"
        elif result.pushed:
            done = f"Updated “{name}”"
        else:
            done = f"“{name}” already has that"
        if result.flow_ids:
            n = len(result.flow_ids)
            done += f" · {n} flow{'s' if n != 1 else ''}"
        self.show_hint(done)
        window.scene.select_ids([result.stakeholder_id])
        item = window.scene.item_for(result.stakeholder_id)
        if item is not None:  # the whole map stays in view: the view eases out if need be
            window.view.reveal(item.sceneBoundingRect(), 60)
        return result


__all__ = ["CommandBar"]
