"""One-line bars laid over the top or bottom edge of a main window's canvas.

``OverlayBar`` is a non-modal strip (the command bar, the find bar) that floats over the
canvas instead of taking a layout slot: opening it never moves the map. It is a child of
the main window, follows the central widget's geometry (the view is replaced when another
map is opened) and stays above it. Esc closes it and gives the focus back to the canvas.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from svx_desktop.ui.labels import plain_label
from svx_desktop.ui.protocols import MapWindow, as_widget


class OverlayBar(QFrame):
    """A strip over the canvas's top (``edge="top"``) or bottom edge. Hidden at first."""

    def __init__(self, window: MapWindow, edge: str = "bottom") -> None:
        self.main_window = as_widget(window)
        super().__init__(self.main_window)
        self.window_ = window
        self.edge = edge
        self.setObjectName("svxOverlayBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        #: The bar's rows: ``row`` (prompt, input…) and, for a bar that wants it, a hint
        #: below it (``hint_below``) that never takes width from the input.
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(8, 5, 8, 5)
        self.column.setSpacing(3)
        self.row = QHBoxLayout()
        self.row.setSpacing(8)
        self.column.addLayout(self.row)
        self.hint = plain_label(self, name="svxBarHint")
        self.hint.hide()
        self._input: QLineEdit | None = None
        self.main_window.installEventFilter(self)
        self.hide()

    def add_line(self, prompt: str, name: str, placeholder: str, tip: str = "") -> QLineEdit:
        """The bar's input: a line edit (object name ``name``, a clear button) after a
        ``prompt`` label on the row, taking the row's free width."""
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        if tip:
            edit.setToolTip(tip)
        edit.setClearButtonEnabled(True)
        self.row.addWidget(QLabel(prompt, self))
        self.row.addWidget(edit, 1)
        self._input = edit
        return edit

    def hint_below(self) -> None:
        """Show the hint on a line of its own under the input (wrapped, never squeezing it)."""
        self.hint.setWordWrap(True)
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.column.addWidget(self.hint)

    # ---------------------------------------------------------------- placing
    def place(self) -> None:
        """Lay the bar over the central widget's edge (and above it)."""
        central = self.main_window.centralWidget()
        if central is None:
            return
        area = central.geometry()
        width = min(area.width() - 16, 900)
        # A wrapped hint under the input is as tall as it needs at this width, no taller.
        height = self.heightForWidth(width) if self.hasHeightForWidth() else -1
        if height <= 0:
            height = self.sizeHint().height()
        x = area.left() + (area.width() - width) // 2
        y = area.top() + 8 if self.edge == "top" else area.bottom() - height - 8
        self.setGeometry(x, y, width, height)
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.main_window
            and event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest)
            and self.isVisible()
        ):
            self.place()
        return False

    # ------------------------------------------------------------ open/close
    def open(self) -> None:
        """Show the bar with its input (if it has one) focused and selected."""
        self.show()
        self.place()
        if self._input is not None:
            self._input.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self._input.selectAll()

    def close_bar(self) -> None:
        """Hide the bar; the view it serves gets the keyboard back."""
        self.hide()
        view = self.served_view()
        if view is not None:
            view.setFocus(Qt.FocusReason.OtherFocusReason)

    def served_view(self) -> QWidget | None:
        """The view the bar works on (the window's canvas)."""
        view: QWidget | None = getattr(self.window_, "view", None)
        return view

    def show_hint(self, text: str, error: bool = False) -> None:
        """A short note beside or under the input (red for a line that could not be read)."""
        self.hint.setText(text)
        colour = "#B00020" if error else "palette(text)"
        self.hint.setStyleSheet(f"QLabel#svxBarHint {{ color: {colour}; }}")
        self.hint.setVisible(bool(text))
        if self.isVisible():
            self.place()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)


def escape_closes(widget: QWidget, bar: OverlayBar) -> None:
    """Esc typed in ``widget`` (an input inside ``bar``) closes the bar."""

    class _Esc(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape
            ):
                bar.close_bar()
                return True
            if (
                event.type() == QEvent.Type.ShortcutOverride
                and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape
            ):
                event.accept()  # Esc is the bar's, not a window shortcut's
                return True
            return False

    widget.installEventFilter(_Esc(widget))
