"""The fields of the Properties panel: text bound to one field of the selection, choices.

A ``TextField`` binds a line edit or a plain-text editor to one field of the selected
elements: it shows their common value (blank with a "different" placeholder when they
differ), leaves a field the user is typing in alone, and gives the value to commit
(whitespace folded on one-line fields, capped at the model's limit). ``show_choice`` does
the same for a combo box. ``common`` tells one shared value from ``MIXED`` ones.
``show_rating`` fills and sets the rating combo of the selected flows.
``FieldPages`` is the panel's stack of pages: it makes the fields and asks for commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QWidget,
)

from svx_desktop.model import MAX_LABEL_LENGTH, Direction, Flow
from svx_desktop.model.health import Health
from svx_desktop.model.ratings import rating_of

TextWidget = QLineEdit | QPlainTextEdit

#: What ``common`` answers when the values differ (or there are none).
MIXED: Any = object()


def common(values: list[Any]) -> Any:
    """The one value all of ``values`` share, or ``MIXED``."""
    if not values:
        return MIXED
    first = values[0]
    return first if all(v == first for v in values[1:]) else MIXED


def show_choice(combo: QComboBox, values: list[Any]) -> None:
    """Select the entry whose data all ``values`` share; none when they differ."""
    shared = common(values)
    combo.setCurrentIndex(-1 if shared is MIXED else combo.findData(shared))


_RATING_ROWS = {
    frozenset({Direction.EXPECTS}): ("Met today", "How well the organisation meets it today"),
    frozenset({Direction.PROVIDES}): ("Dependence", "How much the organisation depends on it"),
}


def show_rating(combo: QComboBox, flows: list[Flow]) -> None:
    """Fill the rating combo for ``flows`` ("unrated" first, then dead … alive for
    expectations, 1–5 for dependence), name its row and select their common rating."""
    directions = frozenset(f.direction for f in flows)
    title, tip = _RATING_ROWS.get(directions, ("Rating", "Met today or dependence, 1 to 5"))
    texts = ["unrated"]
    for step in Health:
        if directions == {Direction.EXPECTS}:
            texts.append(step.label)
        elif directions == {Direction.PROVIDES}:
            texts.append(f"{int(step)} of 5")
        else:
            texts.append(f"{int(step)} ({step.key} / dependence {int(step)})")
    if [combo.itemText(i) for i in range(combo.count())] != texts:
        combo.clear()
        for value, text in enumerate(texts):
            combo.addItem(text, value)
            if value and directions == {Direction.EXPECTS}:
                meaning = Health(value).meaning
                combo.setItemData(value, meaning, Qt.ItemDataRole.ToolTipRole)
    combo.setToolTip(tip)
    page = combo.parentWidget()
    form = page.layout() if page is not None else None
    if isinstance(form, QFormLayout):
        label = form.labelForField(combo)
        if label is not None and hasattr(label, "setText"):
            label.setText(title)
    show_choice(combo, [rating_of(f) or 0 for f in flows])


def swatch(colour: str, size: int = 14) -> QIcon:
    """A plain square of ``colour`` (the stakeholder colour button's icon, a person's
    colour in the live session's people list)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def cap_text(edit: QPlainTextEdit, limit: int) -> None:
    """Cut what was typed or pasted past ``limit`` characters (a line edit has maxLength)."""
    if edit.document().characterCount() - 1 > limit:
        cursor = edit.textCursor()
        cursor.setPosition(limit)
        cursor.movePosition(cursor.MoveOperation.End, cursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()


@dataclass
class TextField:
    """A text widget bound to one field (``kind``, ``field``) of the selected elements."""

    kind: str
    field: str
    widget: TextWidget
    limit: int
    single_line: bool
    placeholder: str = ""

    def text(self) -> str:
        if isinstance(self.widget, QLineEdit):
            return self.widget.text()
        return self.widget.toPlainText()

    def set_text(self, text: str) -> None:
        if self.text() != text:
            if isinstance(self.widget, QLineEdit):
                self.widget.setText(text)
                self.widget.setCursorPosition(0)
            else:
                self.widget.setPlainText(text)
        self.set_modified(False)

    def is_modified(self) -> bool:
        if isinstance(self.widget, QLineEdit):
            return self.widget.isModified()
        return self.widget.document().isModified()

    def set_modified(self, modified: bool) -> None:
        if isinstance(self.widget, QLineEdit):
            self.widget.setModified(modified)
        else:
            self.widget.document().setModified(modified)

    def value(self) -> str:
        """The text to commit: whitespace folded on one-line fields, capped at the limit."""
        text = self.text()
        if self.single_line:
            text = " ".join(text.split())
        return text[: self.limit]

    def show(self, values: list[str], multi_placeholder: str = "") -> None:
        """Show the values' common text (blank, with ``multi_placeholder``, when they
        differ), unless the user is typing here."""
        if self.widget.hasFocus() and self.is_modified():
            return
        shared = common(values)
        self.set_text("" if shared is MIXED else shared)
        self.widget.setPlaceholderText(multi_placeholder if shared is MIXED else self.placeholder)

    def show_one(self, values: list[str], noun: str, writable: bool) -> None:
        """Names and labels are edited one at a time; several show a count instead."""
        single = len(values) == 1
        self.widget.setEnabled(single and writable)
        if single:
            self.show(values)
        else:
            self.set_text("")
            self.widget.setPlaceholderText(f"{len(values)} {noun}s selected")


class FieldPages(QStackedWidget):
    """The panel's pages and the fields on them, made and bound in one place.

    ``commitRequested(field)`` asks for a ``TextField`` to be committed: a line edit when
    its editing finishes (Enter, leaving it), a plain-text editor when it loses the focus.
    """

    commitRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields: list[TextField] = []
        self.pages: dict[str, QWidget] = {}

    def add_page(self, name: str, page: QWidget) -> None:
        page.setObjectName(f"{name}Page")
        self.addWidget(page)
        self.pages[name] = page

    def form(self, name: str, rows: Iterable[tuple[str, QWidget | QLayout]]) -> None:
        """A new page called ``name``: a form of (label, field) rows."""
        page = QWidget(self)
        form = QFormLayout(page)
        form.setContentsMargins(0, 4, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, field in rows:
            form.addRow(label, field)
        self.add_page(name, page)

    def line(self, kind: str, field: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(f"{kind}_{field}")
        edit.setMaxLength(MAX_LABEL_LENGTH)
        edit.setPlaceholderText(placeholder)
        bound = TextField(kind, field, edit, MAX_LABEL_LENGTH, True, placeholder)
        self.fields.append(bound)
        edit.editingFinished.connect(lambda b=bound: self.commitRequested.emit(b))
        return edit

    def text(self, kind: str, field: str, limit: int, placeholder: str = "") -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setObjectName(f"{kind}_{field}")
        edit.setTabChangesFocus(True)
        edit.setPlaceholderText(placeholder)
        edit.setMinimumHeight(60)
        self.fields.append(TextField(kind, field, edit, limit, False, placeholder))
        edit.installEventFilter(self)
        edit.textChanged.connect(lambda e=edit, n=limit: cap_text(e, n))
        return edit

    def combo(self, name: str, on_pick: Callable[[Any], object]) -> QComboBox:
        """A combo box calling ``on_pick(data)`` when the user picks an entry."""
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.activated.connect(lambda i, c=combo: on_pick(c.itemData(i)) if i >= 0 else None)
        return combo

    def field(self, widget: TextWidget) -> TextField:
        return next(f for f in self.fields if f.widget is widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and isinstance(watched, QPlainTextEdit):
            self.commitRequested.emit(self.field(watched))
        return super().eventFilter(watched, event)


__all__ = [
    "MIXED",
    "FieldPages",
    "TextField",
    "TextWidget",
    "cap_text",
    "common",
    "show_choice",
    "show_rating",
    "swatch",
]
