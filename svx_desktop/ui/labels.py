"""Plain-text labels: how the interface makes a label whose text is set as it runs.

Labels are plain text everywhere (house rule): a ``QLabel`` left at its default text format
guesses, and renders a stakeholder called "<b>Bank</b>" as bold markup. ``plain_label``
makes a label that never interprets its text, with the object name and word wrap most
callers set beside it, so each panel and dialog says what it shows and not how. (A fixed
prompt such as "Find:" may stay a bare ``QLabel``: its text holds no markup.)
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def plain_label(
    parent: QWidget | None = None, text: str = "", *, name: str = "", wrap: bool = False
) -> QLabel:
    """A label that shows ``text`` as plain text; ``name`` is its object name (for style
    sheets and tests), ``wrap`` breaks long text over lines."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    if wrap:
        label.setWordWrap(True)
    return label


__all__ = ["plain_label"]
