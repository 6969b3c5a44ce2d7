"""Tool buttons made in one call: the small text buttons beside a form field, under a list
or in the journey view's bar.

``tool_button(parent, text, tip, slot)`` makes a ``QToolButton`` showing ``text`` with the
tooltip ``tip`` that calls ``slot()`` (no arguments) when clicked, so a panel says what
its buttons are and do instead of four lines of setup for each.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QToolButton, QWidget


def tool_button(parent: QWidget, text: str, tip: str, slot: Callable[[], object]) -> QToolButton:
    """A tool button showing ``text``, with tooltip ``tip``, calling ``slot()`` on a click."""
    button = QToolButton(parent)
    button.setText(text)
    button.setToolTip(tip)
    button.clicked.connect(lambda _checked=False: slot())
    return button


__all__ = ["tool_button"]
