"""Every modal question and message the main window asks or shows, in one place.

All of them run through ``run_modal``. In normal use that is ``dialog.exec()``. Tests may
install a *responder* with ``set_responder``: it receives the fully built dialog (a
``QMessageBox`` or a ``QFileDialog``) instead of the dialog being shown, and returns what
the user would have answered (a ``QMessageBox.StandardButton`` or a ``QDialog.DialogCode``;
for a file dialog it first calls ``selectFile``). That keeps tests deterministic without
patching Qt itself. All message text is plain text (file names may contain markup).
"""

from __future__ import annotations

import enum
import os
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from PySide6 import QtWidgets
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from svx_desktop.ui.settings import DISPLAY_NAME

# The dialog classes are reached through ``QtWidgets`` when a dialog is built: PySide6
# creates a class (and its enums) on first use, and the first paint needs none of them.

FILE_FILTER = "SVX maps (*.svx)"
ALL_FILES_FILTER = "All files (*)"

_A = TypeVar("_A")

Responder = Callable[["QtWidgets.QDialog"], int]
_responder: Responder | None = None


def set_responder(responder: Responder | None) -> None:
    """Answer dialogs with ``responder`` instead of showing them (tests); ``None`` resets."""
    global _responder
    _responder = responder


def run_modal(dialog: QtWidgets.QDialog) -> int:
    """Show ``dialog`` modally and return its result (or the test responder's answer)."""
    if _responder is not None:
        return int(_responder(dialog))
    result = dialog.exec()
    return int(result)


def _box(
    parent: QWidget | None,
    icon: QtWidgets.QMessageBox.Icon,
    title: str,
    text: str,
    informative: str = "",
    details: str = "",
) -> QtWidgets.QMessageBox:
    box = QtWidgets.QMessageBox(
        icon, title, text, QtWidgets.QMessageBox.StandardButton.NoButton, parent
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    if informative:
        box.setInformativeText(informative)
    if details:
        box.setDetailedText(details)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    # Long file names and loader messages read better on wider lines than Qt's default.
    box.setStyleSheet(
        "QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 380px; }"
    )
    return box


def choose(
    parent: QWidget | None,
    title: str,
    text: str,
    informative: str,
    choices: Sequence[tuple[QtWidgets.QMessageBox.StandardButton, str, _A]],
    *,
    icon: QtWidgets.QMessageBox.Icon = QtWidgets.QMessageBox.Icon.Warning,
    default: int = 0,
) -> _A:
    """A question with one button per ``(standard button, label, answer)``; ``choices``
    [``default``] is the default button, the last the escape. Returns the chosen answer
    (the last one if none)."""
    box = _box(parent, icon, title, text, informative)
    for standard, label, _ in choices:
        box.addButton(standard).setText(label)
    box.setDefaultButton(choices[default][0])
    box.setEscapeButton(choices[-1][0])
    answer = run_modal(box)
    box.deleteLater()
    return next((a for b, _, a in choices if answer == b), choices[-1][2])


class SaveChoice(enum.Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_save_changes(parent: QWidget | None, name: str) -> SaveChoice:
    """Save / Discard / Cancel for unsaved changes in the map called ``name``."""
    box = _box(
        parent,
        QtWidgets.QMessageBox.Icon.Warning,
        DISPLAY_NAME,
        f"Save the changes to “{name}”?",
        "Your changes will be lost if you don't save them.",
    )
    buttons = QtWidgets.QMessageBox.StandardButton
    box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
    box.setDefaultButton(buttons.Save)
    box.setEscapeButton(buttons.Cancel)
    answer = run_modal(box)
    if answer == buttons.Save:
        return SaveChoice.SAVE
    if answer == buttons.Discard:
        return SaveChoice.DISCARD
    return SaveChoice.CANCEL


def show_error(parent: QWidget | None, text: str, informative: str = "", details: str = "") -> None:
    box = _box(
        parent, QtWidgets.QMessageBox.Icon.Critical, DISPLAY_NAME, text, informative, details
    )
    box.setStandardButtons(QtWidgets.QMessageBox.StandardButton.Ok)
    run_modal(box)


def show_info(parent: QWidget | None, text: str, informative: str = "") -> None:
    box = _box(parent, QtWidgets.QMessageBox.Icon.Information, DISPLAY_NAME, text, informative)
    box.setStandardButtons(QtWidgets.QMessageBox.StandardButton.Ok)
    run_modal(box)


def show_load_warnings(parent: QWidget | None, name: str, warnings: Sequence[str]) -> None:
    """Notes from opening a map (repairs by the loader, where a recovered map came from)."""
    count = len(warnings)
    shown = list(warnings[:8])
    more = f"\n… and {count - len(shown)} more (see Details)." if count > len(shown) else ""
    box = _box(
        parent,
        QtWidgets.QMessageBox.Icon.Information,
        DISPLAY_NAME,
        f"Opened “{name}”. Please note:",
        "\n".join(f"• {w}" for w in shown) + more,
        "\n".join(warnings) if count > len(shown) else "",
    )
    box.setStandardButtons(QtWidgets.QMessageBox.StandardButton.Ok)
    run_modal(box)


def ask_save_as_after_failure(parent: QWidget | None, message: str) -> bool:
    """A save failed: show why; True if the user wants to save under another name."""
    buttons = QtWidgets.QMessageBox.StandardButton
    return choose(
        parent,
        DISPLAY_NAME,
        "The map could not be saved.",
        f"{message}\n\nThe map is still open and nothing on disk was changed. "
        "Save it somewhere else?",
        [(buttons.Save, "Save As…", True), (buttons.Cancel, "Cancel", False)],
        icon=QtWidgets.QMessageBox.Icon.Critical,
    )


def _file_dialog(parent: QWidget | None, caption: str, directory: str) -> QtWidgets.QFileDialog:
    dialog = QtWidgets.QFileDialog(parent, caption, directory)
    dialog.setNameFilters([FILE_FILTER, ALL_FILES_FILTER])
    dialog.selectNameFilter(FILE_FILTER)
    return dialog


def ask_open_path(parent: QWidget | None, directory: str = "") -> str | None:
    dialog = _file_dialog(parent, "Open Map", directory)
    dialog.setAcceptMode(QtWidgets.QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QtWidgets.QFileDialog.FileMode.ExistingFile)
    if run_modal(dialog) != QtWidgets.QDialog.DialogCode.Accepted:
        return None
    files = dialog.selectedFiles()
    return files[0] if files else None


def ask_save_path(parent: QWidget | None, suggested: str) -> str | None:
    """Ask where to save; ``.svx`` is added when the name has no suffix."""
    directory = os.path.dirname(suggested)
    dialog = _file_dialog(parent, "Save Map As", directory)
    dialog.setAcceptMode(QtWidgets.QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QtWidgets.QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix("svx")
    dialog.selectFile(os.path.basename(suggested))
    if run_modal(dialog) != QtWidgets.QDialog.DialogCode.Accepted:
        return None
    files = dialog.selectedFiles()
    if not files:
        return None
    path = files[0]
    if not os.path.splitext(path)[1]:
        path += ".svx"
    return path


def show_shortcuts(
    parent: QWidget | None, rows: Iterable[tuple[str, str, str]], modal: bool = False
) -> QtWidgets.QDialog:
    """The keyboard shortcuts sheet from (section, what, keys) rows, read-only.

    A row with a section starts a new group under a bold heading.
    """
    dialog = QtWidgets.QDialog(parent)
    dialog.setWindowTitle(f"Keyboard Shortcuts — {DISPLAY_NAME}")
    table = QtWidgets.QTableWidget(0, 2, dialog)
    table.setHorizontalHeaderLabels(["Keys", "Action"])
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QtWidgets.QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QtWidgets.QTableWidget.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.setShowGrid(False)
    table.setWordWrap(False)
    for section, what, keys in rows:
        if section:
            r = table.rowCount()
            table.insertRow(r)
            heading = QtWidgets.QTableWidgetItem(section)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            table.setItem(r, 0, heading)
            table.setSpan(r, 0, 1, 2)
        r = table.rowCount()
        table.insertRow(r)
        table.setItem(r, 0, QtWidgets.QTableWidgetItem(keys))
        table.setItem(r, 1, QtWidgets.QTableWidgetItem(what))
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QtWidgets.QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
    buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QtWidgets.QVBoxLayout(dialog)
    layout.addWidget(table)
    layout.addWidget(buttons)
    dialog.resize(640, 640)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if modal:
        run_modal(dialog)
    else:
        dialog.show()
    return dialog


_PLAIN_KEYS = re.compile(r"(.|F[1-9]|F1[0-2]|Del|Ins|Backspace|Esc|Return|Enter|Tab|Space)")


def _readable(text: str) -> bool:
    """A key a person can press on a laptop: not a media key such as "Undo" or "F14"."""
    if not text:
        return False
    last = text if len(text) == 1 else text.rsplit("+", 1)[-1] or "+"
    return bool(_PLAIN_KEYS.fullmatch(last))


def key_text(sequences: Iterable[QKeySequence]) -> str:
    """Shortcuts as the user reads them, e.g. "N, Ins" (media keys and legacy Alt+ left out)."""
    texts: list[str] = []
    for s in sequences:
        text = s.toString(QKeySequence.SequenceFormat.NativeText)
        if _readable(text) and text not in texts:
            texts.append(text)
    plain = [t for t in texts if "Alt+" not in t]
    return ", ".join((plain or texts)[:3])


def show_about(parent: QWidget | None, version: str = "") -> None:
    """Help ▸ About (``ui.about``: version, licence, format version, data folders)."""
    from svx_desktop.ui.about import show_about as show

    show(parent)
